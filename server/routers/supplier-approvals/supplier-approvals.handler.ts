import { approveSupplierApproval, listSupplierApprovals, rejectSupplierApproval } from "@/server/approvals/supplier-approvals";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { decideSupplierApprovalInput, rejectSupplierApprovalInput } from "./supplier-approvals.schema";

export const listSupplierApprovalsHandler = ({ ctx }: { ctx: MemberContext }) => listSupplierApprovals(ctx);
export const approveSupplierApprovalHandler = ({ ctx, input }: Handled<typeof decideSupplierApprovalInput>) => approveSupplierApproval(ctx, input);
export const rejectSupplierApprovalHandler = ({ ctx, input }: Handled<typeof rejectSupplierApprovalInput>) => rejectSupplierApproval(ctx, input);
