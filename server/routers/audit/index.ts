import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { exportRows, list, people } from "./audit.handler";
import { auditFilterInput, listAuditInput } from "./audit.schema";

/** The company's audit log: admins only, their own company's entries only. */
export const auditRouter = createTRPCRouter({
  list: adminProcedure.input(listAuditInput).query(list),
  people: adminProcedure.query(people),
  export: adminProcedure.input(auditFilterInput).query(exportRows),
});
