/**
 * The approval policy engine: (policy, requisition facts, people) -> chain.
 * Pure and deterministic, no I/O. A policy is a list of rules; a rule whose
 * conditions all hold contributes its step; the chain is those steps in level
 * order (ties keep the policy's order). No matching rule: approved at once.
 * Nobody approves their own requisition, and a step left with nobody to
 * approve goes to the company's admins rather than waiting forever.
 */
import type { ApproverSource, PolicyCondition, PolicyRule } from "@/common/approval-policy";
import type { Role } from "@/common/roles";
import { formatMoney, type Money } from "./money";

export type { ApproverSource, PolicyCondition, PolicyRule } from "@/common/approval-policy";
export type { Role } from "@/common/roles";

export interface RequisitionFacts {
  requesterId: string;
  requesterRoles: Role[];
  total: Money;
  costCenterId: string;
  costCenterOwnerId: string | null;
  supplierIds: string[];
  categoryIds: string[];
  /** Remaining budget of the cost center before this requisition; null when it has no budget. */
  remainingBudget: Money | null;
}

export interface PersonRecord {
  id: string;
  roles: Role[];
  active: boolean;
  /** The groups the person is a member of; none when left out. */
  groupIds?: string[];
}

/** Names for reasons in plain language; ids are shown where a name is missing. */
export interface PolicyLabels {
  costCenters?: Record<string, string>;
  suppliers?: Record<string, string>;
  categories?: Record<string, string>;
  users?: Record<string, string>;
  groups?: Record<string, string>;
}

export interface ChainStep {
  ruleId: string;
  level: number;
  mode: "any" | "all";
  approverIds: string[];
  /** Why this step is in the chain, e.g. "total $6,200.00 is over $5,000.00". */
  reasons: string[];
  /** Nobody the rule named could approve (only the requester, or nobody active): the admins stand in. */
  fellBackToAdmins: boolean;
}

export interface ApprovalChain {
  autoApproved: boolean;
  steps: ChainStep[];
}

const label = (map: Record<string, string> | undefined, id: string) => map?.[id] ?? id;
const list = (items: string[]) => items.join(", ");

function sameCurrency(a: Money, b: Money): boolean {
  return a.currency === b.currency;
}

/** Whether a condition holds, and the words that say so. A condition it cannot judge (other currency) holds: it must not wave an order through. */
function judge(condition: PolicyCondition, facts: RequisitionFacts, labels: PolicyLabels, people: PersonRecord[]): { holds: boolean; reason: string } {
  switch (condition.kind) {
    case "total_above":
      if (!sameCurrency(condition.amount, facts.total))
        return { holds: true, reason: `total in ${facts.total.currency} cannot be compared with ${condition.amount.currency}` };
      return { holds: facts.total.amount > condition.amount.amount, reason: `total ${formatMoney(facts.total)} is over ${formatMoney(condition.amount)}` };
    case "total_below":
      if (!sameCurrency(condition.amount, facts.total))
        return { holds: true, reason: `total in ${facts.total.currency} cannot be compared with ${condition.amount.currency}` };
      return { holds: facts.total.amount < condition.amount.amount, reason: `total ${formatMoney(facts.total)} is under ${formatMoney(condition.amount)}` };
    case "cost_center_in":
      return { holds: condition.costCenterIds.includes(facts.costCenterId), reason: `cost center ${label(labels.costCenters, facts.costCenterId)}` };
    case "supplier_in": {
      const hit = facts.supplierIds.filter((s) => condition.supplierIds.includes(s));
      return { holds: hit.length > 0, reason: `supplier ${list(hit.map((s) => label(labels.suppliers, s)))}` };
    }
    case "category_in": {
      const hit = facts.categoryIds.filter((c) => condition.categoryIds.includes(c));
      return { holds: hit.length > 0, reason: `category ${list(hit.map((c) => label(labels.categories, c)))}` };
    }
    case "over_budget": {
      const remaining = facts.remainingBudget;
      if (remaining === null) return { holds: false, reason: "" };
      if (!sameCurrency(remaining, facts.total)) return { holds: true, reason: `budget in ${remaining.currency} cannot be compared with the total` };
      return {
        holds: facts.total.amount > remaining.amount,
        reason: `over budget on ${label(labels.costCenters, facts.costCenterId)} (${formatMoney(remaining)} left)`,
      };
    }
    case "requester_role_in": {
      const hit = facts.requesterRoles.filter((r) => condition.roles.includes(r));
      return { holds: hit.length > 0, reason: `requester is ${list(hit)}` };
    }
    case "requester_in":
      return { holds: condition.userIds.includes(facts.requesterId), reason: `requested by ${label(labels.users, facts.requesterId)}` };
    case "requester_in_group": {
      const theirs = people.find((p) => p.id === facts.requesterId)?.groupIds ?? [];
      const hit = theirs.filter((g) => condition.groupIds.includes(g));
      return { holds: hit.length > 0, reason: `requester is in ${list(hit.map((g) => label(labels.groups, g)))}` };
    }
  }
}

function resolveApprovers(sources: ApproverSource[], facts: RequisitionFacts, people: PersonRecord[]): string[] {
  const active = new Map(people.filter((p) => p.active).map((p) => [p.id, p]));
  const ids = new Set<string>();
  for (const source of sources) {
    if (source.kind === "users") for (const id of source.userIds) if (active.has(id)) ids.add(id);
    if (source.kind === "role") for (const p of active.values()) if (p.roles.includes(source.role)) ids.add(p.id);
    // Only members who may decide at all (approvers and admins): a group of requesters approves nothing by being named.
    if (source.kind === "group")
      for (const p of active.values()) if (p.groupIds?.includes(source.groupId) && (p.roles.includes("approver") || p.roles.includes("admin"))) ids.add(p.id);
    if (source.kind === "cost_center_owner" && facts.costCenterOwnerId && active.has(facts.costCenterOwnerId)) ids.add(facts.costCenterOwnerId);
  }
  ids.delete(facts.requesterId);
  return [...ids].sort();
}

export function evaluatePolicy(rules: PolicyRule[], facts: RequisitionFacts, people: PersonRecord[], labels: PolicyLabels = {}): ApprovalChain {
  const admins = people
    .filter((p) => p.active && p.roles.includes("admin") && p.id !== facts.requesterId)
    .map((p) => p.id)
    .sort();
  const steps: ChainStep[] = [];
  rules.forEach((rule) => {
    const verdicts = rule.conditions.map((c) => judge(c, facts, labels, people));
    if (!verdicts.every((v) => v.holds)) return;
    const named = resolveApprovers(rule.step.approvers, facts, people);
    const fellBackToAdmins = named.length === 0;
    steps.push({
      ruleId: rule.id,
      level: rule.step.level,
      // Admins standing in decide as any one of them: requiring every admin would block as surely as nobody.
      mode: fellBackToAdmins ? "any" : rule.step.mode,
      approverIds: fellBackToAdmins ? admins : named,
      reasons: verdicts.length === 0 ? ["every requisition"] : verdicts.map((v) => v.reason),
      fellBackToAdmins,
    });
  });
  // Stable sort: the policy's order decides between steps of one level.
  steps.sort((a, b) => a.level - b.level);
  return { autoApproved: steps.length === 0, steps };
}

/**
 * An edited requisition goes back to whoever rejected its previous revision, whatever the policy now says: a rejection
 * is a decision about this purchase, and dropping under a threshold must not route around the person who made it. Each
 * rejecter not already in the chain gets a step of their own at the chain's first level (the first level, when the
 * policy would now approve it at once).
 */
export function withRejectersReview(chain: ApprovalChain, rejecters: { id: string; name: string }[], requesterId: string): ApprovalChain {
  const named = new Set(chain.steps.flatMap((s) => s.approverIds));
  const missing = rejecters.filter((r) => r.id !== requesterId && !named.has(r.id));
  if (missing.length === 0) return chain;
  const level = chain.steps.length > 0 ? Math.min(...chain.steps.map((s) => s.level)) : 1;
  const reviews: ChainStep[] = missing.map((r) => ({
    ruleId: "rejected-before",
    level,
    mode: "any",
    approverIds: [r.id],
    reasons: [`${r.name} rejected the previous revision`],
    fellBackToAdmins: false,
  }));
  return { autoApproved: false, steps: [...reviews, ...chain.steps].sort((a, b) => a.level - b.level) };
}
