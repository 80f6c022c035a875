import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { list, remove, save, setEnabled, test } from "./connections.handler";
import { connectionIdInput, saveConnectionInput, setEnabledInput } from "./connections.schema";

/** The company's supplier and accounts-payable connections: admins only; another company's connection is "not found". */
export const connectionsRouter = createTRPCRouter({
  list: adminProcedure.query(list),
  save: adminProcedure.input(saveConnectionInput).mutation(save),
  setEnabled: adminProcedure.input(setEnabledInput).mutation(setEnabled),
  delete: adminProcedure.input(connectionIdInput).mutation(remove),
  test: adminProcedure.input(connectionIdInput).mutation(test),
});
