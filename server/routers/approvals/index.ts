import { approverProcedure, createTRPCRouter, deciderProcedure } from "@/server/trpc/init";
import { approveInput, delegationIdInput, inboxInput, rejectInput, setDelegationInput } from "./approvals.schema";
import { decideRequisition } from "@/server/approvals/decide";
import { listDelegations, revokeDelegation, setDelegation } from "@/server/approvals/delegation";
import { approvalInbox, approvalInboxCount } from "@/server/approvals/inbox";

export const approvalsRouter = createTRPCRouter({
  inbox: deciderProcedure.input(inboxInput).query(({ ctx, input }) => approvalInbox(ctx, input)),
  count: deciderProcedure.query(({ ctx }) => approvalInboxCount(ctx)),
  approve: deciderProcedure
    .input(approveInput)
    .mutation(({ ctx, input }) => decideRequisition(ctx, input.requisitionId, { approve: true, rejectedLines: input.rejectedLines })),
  reject: deciderProcedure
    .input(rejectInput)
    .mutation(({ ctx, input }) => decideRequisition(ctx, input.requisitionId, { approve: false, reason: input.reason })),
  delegations: approverProcedure.query(({ ctx }) => listDelegations(ctx)),
  setDelegation: approverProcedure.input(setDelegationInput).mutation(({ ctx, input }) => setDelegation(ctx, input)),
  revokeDelegation: approverProcedure.input(delegationIdInput).mutation(({ ctx, input }) => revokeDelegation(ctx, input)),
});
