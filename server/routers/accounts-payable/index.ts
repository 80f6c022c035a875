import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";
import { hypatosPushesByOrder, retryHypatosPush } from "@/server/accounts-payable/enrichment";
import { pushesInput, pushIdInput } from "./accounts-payable.schema";

/** What was sent to the company's Hypatos, per order, and a retry for what it refused: admins only. */
export const accountsPayableRouter = createTRPCRouter({
  pushes: adminProcedure.input(pushesInput).query(({ ctx, input }) => hypatosPushesByOrder(ctx, input)),
  retryPush: adminProcedure.input(pushIdInput).mutation(({ ctx, input }) => retryHypatosPush(ctx, input)),
});
