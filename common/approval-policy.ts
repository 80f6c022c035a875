/**
 * The stored shape of a company's approval policy: what an admin edits, what each policy version keeps, and what the
 * engine in server/domain/approval-policy.ts evaluates.
 */
import type { Money } from "./money";
import type { Role } from "./roles";

export type PolicyCondition =
  | { kind: "total_above"; amount: Money }
  | { kind: "total_below"; amount: Money }
  | { kind: "cost_center_in"; costCenterIds: string[] }
  | { kind: "supplier_in"; supplierIds: string[] }
  | { kind: "category_in"; categoryIds: string[] }
  | { kind: "over_budget" }
  | { kind: "requester_role_in"; roles: Role[] }
  | { kind: "requester_in"; userIds: string[] }
  | { kind: "requester_in_group"; groupIds: string[] };

export type ApproverSource =
  { kind: "users"; userIds: string[] } | { kind: "role"; role: Role } | { kind: "group"; groupId: string } | { kind: "cost_center_owner" };

export interface PolicyRule {
  id: string;
  conditions: PolicyCondition[];
  step: { level: number; approvers: ApproverSource[]; mode: "any" | "all" };
}
