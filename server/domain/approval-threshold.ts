import { formatMoney, type Money } from "./money";

export type ApprovalDecision =
  | { needsApproval: true; reason: string }
  | { needsApproval: false; reason: string };

/**
 * The skeleton's policy: one company-wide threshold. A total strictly above it
 * waits for an approver; at or below it is approved at once. No threshold set
 * means every requisition is approved at once.
 */
export function decideApproval(total: Money, threshold: Money | null): ApprovalDecision {
  if (threshold === null) return { needsApproval: false, reason: "No approval threshold is set: approved automatically" };
  if (threshold.currency !== total.currency) {
    // A threshold we cannot compare must not wave an order through.
    return { needsApproval: true, reason: `Threshold is in ${threshold.currency}, order is in ${total.currency}: needs approval` };
  }
  return total.amount > threshold.amount
    ? { needsApproval: true, reason: `Total ${formatMoney(total)} is over the approval threshold of ${formatMoney(threshold)}` }
    : { needsApproval: false, reason: `Total ${formatMoney(total)} is within the approval threshold of ${formatMoney(threshold)}: approved automatically` };
}

export interface BudgetCheck {
  costCenterCode: string;
  overBudget: boolean;
  /** What the period's budget has left after this order (negative when over). */
  leaves: Money;
  periodLabel: string;
}

/**
 * An order that takes its cost center past the period's budget waits for an
 * approver even when its total is within the threshold; both reasons are kept.
 */
export function requireApprovalWhenOverBudget(decision: ApprovalDecision, budget: BudgetCheck | null): ApprovalDecision {
  if (!budget?.overBudget) return decision;
  const reason = `Over budget on ${budget.costCenterCode}: this order leaves ${formatMoney(budget.leaves)} of the ${budget.periodLabel} budget`;
  return { needsApproval: true, reason: decision.needsApproval ? `${decision.reason}; ${reason}` : reason };
}
