import { checkoutOptions, submitCart } from "@/server/requisitions/checkout";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { submitRequisitionInput } from "./checkout.schema";

export const checkoutOptionsHandler = ({ ctx }: { ctx: MemberContext }) => checkoutOptions(ctx);

export async function submitRequisitionHandler({ ctx, input }: Handled<typeof submitRequisitionInput>) {
  const submitted = await submitCart(ctx, input);
  return {
    requisitionId: submitted.requisitionId,
    number: submitted.number,
    status: submitted.status,
    approvalReason: submitted.approvalReason,
    approval: submitted.approval,
    overBudget: submitted.overBudget,
    budgetLeftAfter: submitted.budgetLeftAfter,
  };
}
