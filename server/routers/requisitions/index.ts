import { buyerProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import {
  cancelSupplierOrderInput,
  listRequisitionsInput,
  purchaseOrderInput,
  requisitionIdInput,
  resubmitRequisitionInput,
  withdrawRequisitionInput,
} from "./requisitions.schema";
import { purchaseOrderPdfFor } from "@/server/requisitions/purchase-order-document";
import { cancelSupplierOrder } from "@/server/requisitions/cancel-supplier-order";
import { resubmitRequisition } from "@/server/requisitions/resubmit";
import { getRequisition, listRequisitions } from "@/server/requisitions/views";
import { withdrawRequisition } from "@/server/requisitions/withdraw";

export const requisitionsRouter = createTRPCRouter({
  list: memberProcedure.input(listRequisitionsInput).query(({ ctx, input }) => listRequisitions(ctx, input)),
  get: memberProcedure.input(requisitionIdInput).query(({ ctx, input }) => getRequisition(ctx, input)),
  withdraw: buyerProcedure.input(withdrawRequisitionInput).mutation(({ ctx, input }) => withdrawRequisition(ctx, input)),
  resubmit: buyerProcedure.input(resubmitRequisitionInput).mutation(({ ctx, input }) => resubmitRequisition(ctx, input)),
  /** The requester or an admin; checked in the handler against the requisition. */
  cancelSupplierOrder: memberProcedure.input(cancelSupplierOrderInput).mutation(({ ctx, input }) => cancelSupplierOrder(ctx, input)),
  /** The purchase order sent to a supplier whose API takes no orders, as a PDF (base64), for whoever may see the requisition. */
  purchaseOrderPdf: memberProcedure.input(purchaseOrderInput).query(({ ctx, input }) => purchaseOrderPdfFor(ctx, input)),
});
