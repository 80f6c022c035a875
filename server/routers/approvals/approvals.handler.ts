import { decideRequisition } from "@/server/approvals/decide";
import { listDelegations, revokeDelegation, setDelegation } from "@/server/approvals/delegation";
import { approvalInbox, approvalInboxCount } from "@/server/approvals/inbox";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { approveInput, delegationIdInput, inboxInput, rejectInput, setDelegationInput } from "./approvals.schema";

export const inboxHandler = ({ ctx, input }: Handled<typeof inboxInput>) => approvalInbox(ctx, input);
export const inboxCountHandler = ({ ctx }: { ctx: MemberContext }) => approvalInboxCount(ctx);
export const approveHandler = ({ ctx, input }: Handled<typeof approveInput>) =>
  decideRequisition(ctx, input.requisitionId, { approve: true, rejectedLines: input.rejectedLines });
export const rejectHandler = ({ ctx, input }: Handled<typeof rejectInput>) =>
  decideRequisition(ctx, input.requisitionId, { approve: false, reason: input.reason });
export const delegationsHandler = ({ ctx }: { ctx: MemberContext }) => listDelegations(ctx);
export const setDelegationHandler = ({ ctx, input }: Handled<typeof setDelegationInput>) => setDelegation(ctx, input);
export const revokeDelegationHandler = ({ ctx, input }: Handled<typeof delegationIdInput>) => revokeDelegation(ctx, input);
