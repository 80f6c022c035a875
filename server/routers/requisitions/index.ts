import { createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { getRequisitionHandler, listRequisitionsHandler } from "./requisitions.handler";
import { listRequisitionsInput, requisitionIdInput } from "./requisitions.schema";

export const requisitionsRouter = createTRPCRouter({
  list: memberProcedure.input(listRequisitionsInput).query(listRequisitionsHandler),
  get: memberProcedure.input(requisitionIdInput).query(getRequisitionHandler),
});
