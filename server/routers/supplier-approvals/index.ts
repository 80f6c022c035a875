import { approverProcedure, createTRPCRouter } from "@/server/trpc/init";
import { decideSupplierApprovalInput, rejectSupplierApprovalInput } from "./supplier-approvals.schema";
import { approveSupplierApproval, listSupplierApprovals, rejectSupplierApproval } from "@/server/approvals/supplier-approvals";

/** Orders a supplier holds for its own approval, decided by the company's approvers from the portal. */
export const supplierApprovalsRouter = createTRPCRouter({
  list: approverProcedure.query(({ ctx }) => listSupplierApprovals(ctx)),
  approve: approverProcedure.input(decideSupplierApprovalInput).mutation(({ ctx, input }) => approveSupplierApproval(ctx, input)),
  reject: approverProcedure.input(rejectSupplierApprovalInput).mutation(({ ctx, input }) => rejectSupplierApproval(ctx, input)),
});
