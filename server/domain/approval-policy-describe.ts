/**
 * An approval policy in the buyer's words, for the admin page, its live
 * preview while editing, and the audit log. Pure: it runs in the browser too.
 * Ids without a label are shown as they are, so a missing name never hides a
 * condition.
 */
import type { ApproverSource, PolicyCondition, PolicyLabels, PolicyRule, Role } from "./approval-policy";
import { formatMoney } from "./money";

const ROLE_NOUN: Record<Role, string> = { buyer: "a buyer", approver: "an approver", accounts_payable: "accounts payable", admin: "an admin" };

const label = (map: Record<string, string> | undefined, id: string) => map?.[id] ?? id;

/** "A", "A or B", "A, B or C". */
export function joinWords(items: string[], conjunction: "or" | "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}

const oneOf = (items: string[], singular: string, plural: string) =>
  items.length === 0 ? `${singular} (none chosen)` : `${items.length === 1 ? singular : plural} ${joinWords(items, "or")}`;

// Phrases are placed in this order whatever order the admin added the conditions in, so the sentence reads naturally.
const ORDER: PolicyCondition["kind"][] = [
  "total_above",
  "total_below",
  "cost_center_in",
  "supplier_in",
  "category_in",
  "over_budget",
  "requester_role_in",
  "requester_in",
  "requester_in_group",
];

function conditionPhrase(c: PolicyCondition, labels: PolicyLabels): string {
  switch (c.kind) {
    case "total_above":
      return `over ${formatMoney(c.amount)}`;
    case "total_below":
      return `under ${formatMoney(c.amount)}`;
    case "cost_center_in":
      return `on ${oneOf(
        c.costCenterIds.map((id) => label(labels.costCenters, id)),
        "cost center",
        "cost centers",
      )}`;
    case "supplier_in":
      return c.supplierIds.length === 0
        ? "from a supplier (none chosen)"
        : `from ${joinWords(
            c.supplierIds.map((id) => label(labels.suppliers, id)),
            "or",
          )}`;
    case "category_in":
      return `with items in ${oneOf(
        c.categoryIds.map((id) => label(labels.categories, id)),
        "category",
        "categories",
      )}`;
    case "over_budget":
      return "that go over budget";
    case "requester_role_in":
      return c.roles.length === 0
        ? "requested by a role (none chosen)"
        : `requested by ${joinWords(
            c.roles.map((r) => ROLE_NOUN[r]),
            "or",
          )}`;
    case "requester_in":
      return c.userIds.length === 0
        ? "requested by a person (none chosen)"
        : `requested by ${joinWords(
            c.userIds.map((id) => label(labels.users, id)),
            "or",
          )}`;
    case "requester_in_group":
      return c.groupIds.length === 0
        ? "requested by a member of a group (none chosen)"
        : `requested by a member of ${joinWords(
            c.groupIds.map((id) => label(labels.groups, id)),
            "or",
          )}`;
  }
}

/** "Orders over $5,000.00 on cost center CC-4420"; a rule without conditions covers every order. */
export function describeWhen(conditions: PolicyCondition[], labels: PolicyLabels = {}): string {
  if (conditions.length === 0) return "All orders";
  const sorted = [...conditions].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const phrases: string[] = [];
  sorted.forEach((c, i) => {
    const phrase = conditionPhrase(c, labels);
    // Two conditions of one kind must both hold ("over $100.00 and over $500.00"); say "and" so it is not read as a choice.
    if (i > 0 && sorted[i - 1]!.kind === c.kind) phrases.push(`and ${phrase}`);
    else if (i > 0 && sorted[i - 1]!.kind === "total_above" && c.kind === "total_below") phrases.push(`and ${phrase}`);
    else phrases.push(phrase);
  });
  return `Orders ${phrases.join(" ")}`;
}

function approverPhrase(source: ApproverSource, labels: PolicyLabels): string {
  switch (source.kind) {
    case "users":
      return source.userIds.length === 0
        ? "named people (none chosen)"
        : joinWords(
            source.userIds.map((id) => label(labels.users, id)),
            "and",
          );
    case "role":
      return `people with the ${source.role} role`;
    case "group":
      return `an approver in ${label(labels.groups, source.groupId)}`;
    case "cost_center_owner":
      return "the cost center's owner";
  }
}

/** "Sam Approver or the cost center's owner"; nobody chosen yet says so. */
export function describeWho(step: PolicyRule["step"], labels: PolicyLabels = {}): string {
  if (step.approvers.length === 0) return "an approver (none chosen)";
  // Named people are listed one by one, so "any" reads as a choice among everyone, "all" as everyone together.
  const names = step.approvers.flatMap((s) =>
    s.kind === "users" && s.userIds.length > 0 ? s.userIds.map((id) => label(labels.users, id)) : [approverPhrase(s, labels)],
  );
  return joinWords(names, step.mode === "all" ? "and" : "or");
}

/** "Orders over $5,000.00 on cost center CC-4420 need the cost center's owner (any one, level 1)." */
export function describeRule(rule: PolicyRule, labels: PolicyLabels = {}): string {
  const mode = rule.step.mode === "all" ? "all of them" : "any one";
  return `${describeWhen(rule.conditions, labels)} need ${describeWho(rule.step, labels)} (${mode}, level ${rule.step.level}).`;
}

/** One sentence per rule, in the order the chain runs: by level, the policy's order within a level. */
export function describePolicy(rules: PolicyRule[], labels: PolicyLabels = {}): string[] {
  if (rules.length === 0) return ["No rules: every order is approved at once."];
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => a.rule.step.level - b.rule.step.level || a.index - b.index)
    .map(({ rule }) => describeRule(rule, labels));
}
