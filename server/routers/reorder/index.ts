import { buyerProcedure, createTRPCRouter } from "@/server/trpc/init";
import { buyAgainHandler, lastRequisitionHandler, quickOrderHandler, reorderRequisitionHandler, suggestHandler } from "./reorder.handler";
import { buyAgainInput, quickOrderInput, reorderRequisitionInput, suggestInput } from "./reorder.schema";

// Reordering from a phone: reorder a past requisition, buy again, quick order. Everything here fills the caller's own cart.
export const reorderRouter = createTRPCRouter({
  /** The requester, or an approver/admin of the same company (who may see it); checked in the handler. */
  requisition: buyerProcedure.input(reorderRequisitionInput).mutation(reorderRequisitionHandler),
  last: buyerProcedure.query(lastRequisitionHandler),
  buyAgain: buyerProcedure.input(buyAgainInput).query(buyAgainHandler),
  suggest: buyerProcedure.input(suggestInput).query(suggestHandler),
  quickOrder: buyerProcedure.input(quickOrderInput).mutation(quickOrderHandler),
});
