import type { PolicyRule } from "@/server/domain/approval-policy";
import type { Money } from "@/server/domain/money";

/**
 * A new company's first policy (and what migration 0002 gave existing ones):
 * over the threshold, any approver; over the cost center's budget, its owner
 * (the admins when it has none).
 */
export function defaultPolicyRules(threshold: Money | null): PolicyRule[] {
  const rules: PolicyRule[] = [];
  if (threshold) {
    rules.push({
      id: "threshold",
      conditions: [{ kind: "total_above", amount: threshold }],
      step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" },
    });
  }
  rules.push({ id: "over-budget", conditions: [{ kind: "over_budget" }], step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } });
  return rules;
}
