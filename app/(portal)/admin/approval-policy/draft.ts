import type { RouterInputs } from "@/app/_lib/trpc";
import type { ApproverSource, PolicyCondition, PolicyRule, Role } from "@/server/domain/approval-policy";
import { parseMajorUnits, toMajorUnitString } from "@/server/domain/money";

/**
 * The editor's working copy of a policy. Amounts stay as typed and the level as
 * text until saved, so a half-typed value is never rewritten under the cursor.
 */
export type DraftCondition =
  | { key: string; kind: "total_above"; amount: string }
  | { key: string; kind: "total_below"; amount: string }
  | { key: string; kind: "cost_center_in"; costCenterIds: string[] }
  | { key: string; kind: "supplier_in"; supplierIds: string[] }
  | { key: string; kind: "category_in"; categoryIds: string[] }
  | { key: string; kind: "over_budget" }
  | { key: string; kind: "requester_role_in"; roles: Role[] }
  | { key: string; kind: "requester_in"; userIds: string[] }
  | { key: string; kind: "requester_in_group"; groupIds: string[] };

export type ConditionKind = DraftCondition["kind"];

export interface DraftRule {
  id: string;
  conditions: DraftCondition[];
  level: string;
  /** Approvers as the form asks for them: named people, groups, at most one role, and the owner yes/no. */
  userIds: string[];
  groupIds: string[];
  role: "" | Role;
  costCenterOwner: boolean;
  mode: "any" | "all";
}

export const CONDITION_KINDS: { kind: ConditionKind; label: string }[] = [
  { kind: "total_above", label: "Total above" },
  { kind: "total_below", label: "Total below" },
  { kind: "cost_center_in", label: "Cost centers" },
  { kind: "supplier_in", label: "Suppliers" },
  { kind: "category_in", label: "Categories" },
  { kind: "over_budget", label: "Over budget" },
  { kind: "requester_role_in", label: "Requester's role" },
  { kind: "requester_in", label: "Named requesters" },
  { kind: "requester_in_group", label: "Requester's group" },
];

export const freshKey = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

export function emptyCondition(kind: ConditionKind, key = freshKey("c")): DraftCondition {
  switch (kind) {
    case "total_above":
    case "total_below":
      return { key, kind, amount: "" };
    case "cost_center_in":
      return { key, kind, costCenterIds: [] };
    case "supplier_in":
      return { key, kind, supplierIds: [] };
    case "category_in":
      return { key, kind, categoryIds: [] };
    case "over_budget":
      return { key, kind };
    case "requester_role_in":
      return { key, kind, roles: [] };
    case "requester_in":
      return { key, kind, userIds: [] };
    case "requester_in_group":
      return { key, kind, groupIds: [] };
  }
}

export function newRule(level = 1): DraftRule {
  return {
    id: freshKey("rule"),
    conditions: [emptyCondition("total_above")],
    level: String(level),
    userIds: [],
    groupIds: [],
    role: "",
    costCenterOwner: false,
    mode: "any",
  };
}

export function draftFromRule(rule: PolicyRule): DraftRule {
  const named = rule.step.approvers.flatMap((a) => (a.kind === "users" ? a.userIds : []));
  const role = rule.step.approvers.find((a): a is Extract<ApproverSource, { kind: "role" }> => a.kind === "role")?.role ?? "";
  return {
    id: rule.id,
    conditions: rule.conditions.map((c): DraftCondition => {
      const key = freshKey("c");
      return c.kind === "total_above" || c.kind === "total_below" ? { key, kind: c.kind, amount: toMajorUnitString(c.amount) } : { key, ...c };
    }),
    level: String(rule.step.level),
    userIds: [...new Set(named)],
    groupIds: [...new Set(rule.step.approvers.flatMap((a) => (a.kind === "group" ? [a.groupId] : [])))],
    role,
    costCenterOwner: rule.step.approvers.some((a) => a.kind === "cost_center_owner"),
    mode: rule.step.mode,
  };
}

function approverSources(rule: DraftRule): ApproverSource[] {
  const sources: ApproverSource[] = [];
  if (rule.userIds.length > 0) sources.push({ kind: "users", userIds: rule.userIds });
  for (const groupId of rule.groupIds) sources.push({ kind: "group", groupId });
  if (rule.role) sources.push({ kind: "role", role: rule.role });
  if (rule.costCenterOwner) sources.push({ kind: "cost_center_owner" });
  return sources;
}

type Unkeyed<T> = T extends unknown ? Omit<T, "key"> : never;
const withoutKey = <T extends { key: string }>({ key: _key, ...rest }: T) => rest as Unkeyed<T>;

/** What "Save new version" sends; the server checks every part and names the rule it refuses. */
export function toSaveInput(rules: DraftRule[]): RouterInputs["policy"]["save"]["rules"] {
  return rules.map((r) => ({
    id: r.id,
    conditions: r.conditions.map(withoutKey),
    step: { level: r.level.trim() === "" ? 0 : Number(r.level), approvers: approverSources(r), mode: r.mode },
  }));
}

/**
 * The rule as the engine will see it, for the live sentence. An amount that is
 * not one yet is left out, and the caller says so, rather than guessing it.
 */
export function previewRule(rule: DraftRule, currency: string): { rule: PolicyRule; unreadableAmounts: number } {
  let unreadableAmounts = 0;
  const conditions = rule.conditions.flatMap((c): PolicyCondition[] => {
    if (c.kind !== "total_above" && c.kind !== "total_below") return [withoutKey(c)];
    const amount = parseMajorUnits(c.amount, currency);
    if (!amount || amount.amount < 0) {
      unreadableAmounts++;
      return [];
    }
    return [{ kind: c.kind, amount }];
  });
  const level = Number(rule.level);
  return {
    rule: { id: rule.id, conditions, step: { level: Number.isFinite(level) ? level : 0, approvers: approverSources(rule), mode: rule.mode } },
    unreadableAmounts,
  };
}
