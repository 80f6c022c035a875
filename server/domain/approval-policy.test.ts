import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluatePolicy, type PersonRecord, type PolicyRule, type RequisitionFacts, type Role } from "./approval-policy";
import { money } from "./money";

const people: PersonRecord[] = [
  { id: "u-buyer", roles: ["buyer"], active: true },
  { id: "u-owner", roles: ["approver"], active: true },
  { id: "u-finance", roles: ["approver"], active: true },
  { id: "u-admin", roles: ["admin", "approver"], active: true },
  { id: "u-gone", roles: ["approver"], active: false },
];

const facts = (over: Partial<RequisitionFacts> = {}): RequisitionFacts => ({
  requesterId: "u-buyer",
  requesterRoles: ["buyer"],
  total: money(620_000, "USD"),
  costCenterId: "cc-4420",
  costCenterOwnerId: "u-owner",
  supplierIds: ["hygrade"],
  categoryIds: ["cat_forms"],
  remainingBudget: money(1_000_000, "USD"),
  ...over,
});

// "Orders over $5,000 on cost center CC-4420 need the cost center owner, then Finance"
const ownerThenFinance: PolicyRule[] = [
  { id: "finance", conditions: [{ kind: "total_above", amount: money(500_000, "USD") }, { kind: "cost_center_in", costCenterIds: ["cc-4420"] }], step: { level: 2, approvers: [{ kind: "users", userIds: ["u-finance"] }], mode: "any" } },
  { id: "owner", conditions: [{ kind: "total_above", amount: money(500_000, "USD") }, { kind: "cost_center_in", costCenterIds: ["cc-4420"] }], step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } },
];
const labels = { costCenters: { "cc-4420": "CC-4420" } };

describe("approval policy engine", () => {
  it("builds the chain in level order with the reason for each step", () => {
    const chain = evaluatePolicy(ownerThenFinance, facts(), people, labels);
    expect(chain.autoApproved).toBe(false);
    expect(chain.steps.map((s) => [s.ruleId, s.level, s.approverIds])).toEqual([
      ["owner", 1, ["u-owner"]],
      ["finance", 2, ["u-finance"]],
    ]);
    expect(chain.steps[0]!.reasons).toEqual(["total $6,200.00 is over $5,000.00", "cost center CC-4420"]);
  });

  it("approves at once when no rule matches", () => {
    expect(evaluatePolicy(ownerThenFinance, facts({ total: money(500_000, "USD") }), people)).toEqual({ autoApproved: true, steps: [] });
    expect(evaluatePolicy(ownerThenFinance, facts({ costCenterId: "cc-1100" }), people).autoApproved).toBe(true);
    expect(evaluatePolicy([], facts(), people).autoApproved).toBe(true);
  });

  it("sends the over-budget case to Finance", () => {
    const rules: PolicyRule[] = [{ id: "budget", conditions: [{ kind: "over_budget" }], step: { level: 1, approvers: [{ kind: "users", userIds: ["u-finance"] }], mode: "any" } }];
    expect(evaluatePolicy(rules, facts({ remainingBudget: money(100_000, "USD") }), people, labels).steps[0]!.reasons).toEqual(["over budget on CC-4420 ($1,000.00 left)"]);
    expect(evaluatePolicy(rules, facts({ remainingBudget: null }), people).autoApproved).toBe(true);
  });

  it("matches supplier, category and requester conditions", () => {
    const step = { level: 1, approvers: [{ kind: "role" as const, role: "approver" as Role }], mode: "all" as const };
    const rules: PolicyRule[] = [
      { id: "supplier", conditions: [{ kind: "supplier_in", supplierIds: ["yodify"] }], step },
      { id: "category", conditions: [{ kind: "category_in", categoryIds: ["cat_forms"] }], step },
      { id: "role", conditions: [{ kind: "requester_role_in", roles: ["buyer"] }], step },
      { id: "small", conditions: [{ kind: "total_below", amount: money(1000, "USD") }], step },
    ];
    const chain = evaluatePolicy(rules, facts(), people);
    expect(chain.steps.map((s) => s.ruleId)).toEqual(["category", "role"]);
    expect(chain.steps[0]!.approverIds).toEqual(["u-admin", "u-finance", "u-owner"]); // inactive u-gone is left out
  });

  it("never lets the requester approve, and falls back to admins when nobody else is named", () => {
    const rules: PolicyRule[] = [{ id: "owner", conditions: [], step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } }];
    const chain = evaluatePolicy(rules, facts({ requesterId: "u-owner", requesterRoles: ["approver"] }), people);
    expect(chain.steps[0]).toMatchObject({ approverIds: ["u-admin"], fellBackToAdmins: true });
  });

  it("does not compare money in different currencies: the rule applies", () => {
    expect(evaluatePolicy(ownerThenFinance, facts({ total: money(1, "EUR") }), people).autoApproved).toBe(false);
  });
});

const ids = ["u1", "u2", "u3", "u4", "u5"];
const roleArb = fc.constantFrom<Role>("buyer", "approver", "admin");
const personArb = fc.record({ id: fc.constantFrom(...ids), roles: fc.uniqueArray(roleArb, { maxLength: 3 }), active: fc.boolean() });
const peopleArb = fc.uniqueArray(personArb, { selector: (p) => p.id, minLength: 1, maxLength: 5 });
const amountArb = fc.integer({ min: 0, max: 10_000_000 });
const conditionArb = fc.oneof(
  amountArb.map((a) => ({ kind: "total_above" as const, amount: money(a, "USD") })),
  amountArb.map((a) => ({ kind: "total_below" as const, amount: money(a, "USD") })),
  fc.subarray(["cc1", "cc2", "cc3"]).map((costCenterIds) => ({ kind: "cost_center_in" as const, costCenterIds })),
  fc.subarray(["s1", "s2"]).map((supplierIds) => ({ kind: "supplier_in" as const, supplierIds })),
  fc.constant({ kind: "over_budget" as const }),
  fc.subarray(ids).map((userIds) => ({ kind: "requester_in" as const, userIds })),
);
const sourceArb = fc.oneof(
  fc.subarray(ids).map((userIds) => ({ kind: "users" as const, userIds })),
  roleArb.map((role) => ({ kind: "role" as const, role })),
  fc.constant({ kind: "cost_center_owner" as const }),
);
const ruleArb = fc.record({
  id: fc.uuid(),
  conditions: fc.array(conditionArb, { maxLength: 3 }),
  step: fc.record({ level: fc.integer({ min: 1, max: 4 }), approvers: fc.array(sourceArb, { minLength: 1, maxLength: 3 }), mode: fc.constantFrom<"any" | "all">("any", "all") }),
});
const factsArb = fc.record({
  requesterId: fc.constantFrom(...ids),
  requesterRoles: fc.uniqueArray(roleArb, { maxLength: 3 }),
  total: amountArb.map((a) => money(a, "USD")),
  costCenterId: fc.constantFrom("cc1", "cc2", "cc3"),
  costCenterOwnerId: fc.option(fc.constantFrom(...ids), { nil: null }),
  supplierIds: fc.subarray(["s1", "s2"], { minLength: 1 }),
  categoryIds: fc.constant<string[]>(["c1"]),
  remainingBudget: fc.option(amountArb.map((a) => money(a, "USD")), { nil: null }),
});

describe("approval policy engine: properties", () => {
  it("the requester is never an approver of their own requisition", () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 6 }), factsArb, peopleArb, (rules, f, ps) => {
        for (const step of evaluatePolicy(rules, f, ps).steps) expect(step.approverIds).not.toContain(f.requesterId);
      }),
    );
  });

  it("raising the total never removes a step that a threshold added", () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 6 }), factsArb, peopleArb, amountArb, (rules, f, ps, raise) => {
        // Rules that only look at "total above" (and other facts that stay the same) can only gain by a larger total.
        const thresholdRules = rules.map((r) => ({ ...r, conditions: r.conditions.filter((c) => c.kind === "total_above") }));
        const before = evaluatePolicy(thresholdRules, f, ps).steps.map((s) => s.ruleId);
        const after = evaluatePolicy(thresholdRules, { ...f, total: money(f.total.amount + raise, "USD") }, ps).steps.map((s) => s.ruleId);
        for (const id of before) expect(after).toContain(id);
      }),
    );
  });

  it("the same input gives the same chain, whatever order the people are listed in", () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 6 }), factsArb, peopleArb, (rules, f, ps) => {
        expect(evaluatePolicy(rules, f, [...ps].reverse())).toEqual(evaluatePolicy(rules, f, ps));
      }),
    );
  });

  it("levels come in order, and a step with nobody named goes to the admins", () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 6 }), factsArb, peopleArb, (rules, f, ps) => {
        const chain = evaluatePolicy(rules, f, ps);
        const levels = chain.steps.map((s) => s.level);
        expect(levels).toEqual([...levels].sort((a, b) => a - b));
        const admins = ps.filter((p) => p.active && p.roles.includes("admin") && p.id !== f.requesterId).map((p) => p.id).sort();
        for (const step of chain.steps) if (step.fellBackToAdmins) expect(step.approverIds).toEqual(admins);
        expect(chain.autoApproved).toBe(chain.steps.length === 0);
      }),
    );
  });
});
