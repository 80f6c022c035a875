import { approverProcedure, createTRPCRouter } from "@/server/trpc/init";
import { approveSupplierApprovalHandler, listSupplierApprovalsHandler, rejectSupplierApprovalHandler } from "./supplier-approvals.handler";
import { decideSupplierApprovalInput, rejectSupplierApprovalInput } from "./supplier-approvals.schema";

/** Orders a supplier holds for its own approval, decided by the company's approvers from the portal. */
export const supplierApprovalsRouter = createTRPCRouter({
  list: approverProcedure.query(listSupplierApprovalsHandler),
  approve: approverProcedure.input(decideSupplierApprovalInput).mutation(approveSupplierApprovalHandler),
  reject: approverProcedure.input(rejectSupplierApprovalInput).mutation(rejectSupplierApprovalHandler),
});
