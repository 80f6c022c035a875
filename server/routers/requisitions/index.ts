import { buyerProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import {
  cancelSupplierOrderHandler,
  getRequisitionHandler,
  listRequisitionsHandler,
  resubmitRequisitionHandler,
  withdrawRequisitionHandler,
} from "./requisitions.handler";
import { cancelSupplierOrderInput, listRequisitionsInput, requisitionIdInput, resubmitRequisitionInput, withdrawRequisitionInput } from "./requisitions.schema";

export const requisitionsRouter = createTRPCRouter({
  list: memberProcedure.input(listRequisitionsInput).query(listRequisitionsHandler),
  get: memberProcedure.input(requisitionIdInput).query(getRequisitionHandler),
  withdraw: buyerProcedure.input(withdrawRequisitionInput).mutation(withdrawRequisitionHandler),
  resubmit: buyerProcedure.input(resubmitRequisitionInput).mutation(resubmitRequisitionHandler),
  /** The requester or an admin; checked in the handler against the requisition. */
  cancelSupplierOrder: memberProcedure.input(cancelSupplierOrderInput).mutation(cancelSupplierOrderHandler),
});
