import { buyerProcedure, createTRPCRouter, type Handled } from "@/server/trpc/init";
import { submitRequisitionInput } from "./checkout.schema";
import { checkoutOptions, submitCart } from "@/server/requisitions/checkout";

async function submitRequisitionHandler({ ctx, input }: Handled<typeof submitRequisitionInput>) {
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

export const checkoutRouter = createTRPCRouter({
  options: buyerProcedure.query(({ ctx }) => checkoutOptions(ctx)),
  submit: buyerProcedure.input(submitRequisitionInput).mutation(submitRequisitionHandler),
});
