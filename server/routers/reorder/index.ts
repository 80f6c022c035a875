import { buyerProcedure, createTRPCRouter } from "@/server/trpc/init";
import { buyAgainInput, quickOrderInput, reorderRequisitionInput, suggestInput } from "./reorder.schema";
import { buyAgain, lastRequisition, quickOrder, reorderRequisition, suggest } from "@/server/reorder/reorder";

// Reordering from a phone: reorder a past requisition, buy again, quick order. Everything here fills the caller's own cart.
export const reorderRouter = createTRPCRouter({
  /** The requester, or an approver/admin of the same company (who may see it); checked in the handler. */
  requisition: buyerProcedure.input(reorderRequisitionInput).mutation(({ ctx, input }) => reorderRequisition(ctx, input)),
  last: buyerProcedure.query(({ ctx }) => lastRequisition(ctx)),
  buyAgain: buyerProcedure.input(buyAgainInput).query(({ ctx, input }) => buyAgain(ctx, input)),
  suggest: buyerProcedure.input(suggestInput).query(({ ctx, input }) => suggest(ctx, input)),
  quickOrder: buyerProcedure.input(quickOrderInput).mutation(({ ctx, input }) => quickOrder(ctx, input)),
});
