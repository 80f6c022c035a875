import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluatePolicy,
  type ApproverSource,
  type PersonRecord,
  type PolicyCondition,
  type PolicyRule,
  type RequisitionFacts,
  type Role,
  withRejectersReview,
} from "./approval-policy";
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
  {
    id: "finance",
    conditions: [
      { kind: "total_above", amount: money(500_000, "USD") },
      { kind: "cost_center_in", costCenterIds: ["cc-4420"] },
    ],
    step: { level: 2, approvers: [{ kind: "users", userIds: ["u-finance"] }], mode: "any" },
  },
  {
    id: "owner",
    conditions: [
      { kind: "total_above", amount: money(500_000, "USD") },
      { kind: "cost_center_in", costCenterIds: ["cc-4420"] },
    ],
    step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" },
  },
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
    const rules: PolicyRule[] = [
      { id: "budget", conditions: [{ kind: "over_budget" }], step: { level: 1, approvers: [{ kind: "users", userIds: ["u-finance"] }], mode: "any" } },
    ];
    expect(evaluatePolicy(rules, facts({ remainingBudget: money(100_000, "USD") }), people, labels).steps[0]!.reasons).toEqual([
      "over budget on CC-4420 ($1,000.00 left)",
    ]);
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

  it("routes to a group's approvers, and matches requesters by their group", () => {
    const grouped: PersonRecord[] = [
      { id: "u-buyer", roles: ["buyer"], active: true, groupIds: ["g-contractors"] },
      { id: "u-fin-1", roles: ["approver"], active: true, groupIds: ["g-finance"] },
      { id: "u-fin-2", roles: ["admin"], active: true, groupIds: ["g-finance"] },
      { id: "u-fin-clerk", roles: ["buyer"], active: true, groupIds: ["g-finance"] },
      { id: "u-fin-gone", roles: ["approver"], active: false, groupIds: ["g-finance"] },
      { id: "u-other", roles: ["approver"], active: true },
    ];
    const rules: PolicyRule[] = [
      {
        id: "contractors",
        conditions: [{ kind: "requester_in_group", groupIds: ["g-contractors"] }],
        step: { level: 1, approvers: [{ kind: "group", groupId: "g-finance" }], mode: "any" },
      },
      {
        id: "staff",
        conditions: [{ kind: "requester_in_group", groupIds: ["g-staff"] }],
        step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" },
      },
    ];
    const chain = evaluatePolicy(rules, facts(), grouped, { groups: { "g-contractors": "Contractors" } });
    expect(chain.steps.map((s) => s.ruleId)).toEqual(["contractors"]);
    // A buyer in the group cannot decide, and an inactive member is left out.
    expect(chain.steps[0]).toMatchObject({ approverIds: ["u-fin-1", "u-fin-2"], reasons: ["requester is in Contractors"], fellBackToAdmins: false });
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

// Properties. The people, cost centers and suppliers come from small pools so that
// rules, requesters, owners and admins often coincide: that is where mistakes hide.
const ids = ["u1", "u2", "u3", "u4", "u5"];
const roleArb = fc.constantFrom<Role>("buyer", "approver", "admin");
const personArb = fc.record({ id: fc.constantFrom(...ids), roles: fc.uniqueArray(roleArb, { maxLength: 3 }), active: fc.boolean() });
const peopleArb = fc.uniqueArray(personArb, { selector: (p) => p.id, minLength: 1, maxLength: 5 });
const amountArb = fc.integer({ min: 0, max: 10_000_000 });
// Mostly the order's currency; now and then another one, which the engine must not wave through.
const limitArb = fc.tuple(amountArb, fc.constantFrom("USD", "USD", "USD", "EUR")).map(([a, c]) => money(a, c));
const conditionArb: fc.Arbitrary<PolicyCondition> = fc.oneof(
  limitArb.map((amount) => ({ kind: "total_above" as const, amount })),
  limitArb.map((amount) => ({ kind: "total_below" as const, amount })),
  fc.subarray(["cc1", "cc2", "cc3"]).map((costCenterIds) => ({ kind: "cost_center_in" as const, costCenterIds })),
  fc.subarray(["s1", "s2"]).map((supplierIds) => ({ kind: "supplier_in" as const, supplierIds })),
  fc.subarray(["c1", "c2", "c3"]).map((categoryIds) => ({ kind: "category_in" as const, categoryIds })),
  fc.constant({ kind: "over_budget" as const }),
  fc.subarray<Role>(["buyer", "approver", "admin"]).map((roles) => ({ kind: "requester_role_in" as const, roles })),
  fc.subarray(ids).map((userIds) => ({ kind: "requester_in" as const, userIds })),
);
const sourceArb: fc.Arbitrary<ApproverSource> = fc.oneof(
  fc.subarray(ids).map((userIds) => ({ kind: "users" as const, userIds })),
  roleArb.map((role) => ({ kind: "role" as const, role })),
  fc.constant({ kind: "cost_center_owner" as const }),
);
const stepArb = fc.record({
  level: fc.integer({ min: 1, max: 4 }),
  approvers: fc.array(sourceArb, { minLength: 1, maxLength: 3 }),
  mode: fc.constantFrom<"any" | "all">("any", "all"),
});
// Ids by position, so a rule's step can be told apart from another's even when both are alike.
const rulesArb = fc
  .array(fc.record({ conditions: fc.array(conditionArb, { maxLength: 3 }), step: stepArb }), { maxLength: 6 })
  .map((rules): PolicyRule[] => rules.map((r, i) => ({ id: `rule-${i + 1}`, ...r })));
const factsArb: fc.Arbitrary<RequisitionFacts> = fc.record({
  requesterId: fc.constantFrom(...ids),
  requesterRoles: fc.uniqueArray(roleArb, { maxLength: 3 }),
  total: amountArb.map((a) => money(a, "USD")),
  costCenterId: fc.constantFrom("cc1", "cc2", "cc3"),
  costCenterOwnerId: fc.option(fc.constantFrom(...ids), { nil: null }),
  supplierIds: fc.subarray(["s1", "s2"], { minLength: 1 }),
  categoryIds: fc.subarray(["c1", "c2", "c3"], { minLength: 1 }),
  remainingBudget: fc.option(
    amountArb.map((a) => money(a, "USD")),
    { nil: null },
  ),
});

/** Who the rule's own sources name and could approve, worked out independently of the engine. */
function eligible(sources: ApproverSource[], f: RequisitionFacts, ps: PersonRecord[]): string[] {
  const named = ps.filter((p) =>
    sources.some(
      (s) =>
        (s.kind === "users" && s.userIds.includes(p.id)) ||
        (s.kind === "role" && p.roles.includes(s.role)) ||
        (s.kind === "cost_center_owner" && f.costCenterOwnerId === p.id),
    ),
  );
  return named
    .filter((p) => p.active && p.id !== f.requesterId)
    .map((p) => p.id)
    .sort();
}
const activeAdminsBut = (ps: PersonRecord[], requesterId: string) =>
  ps
    .filter((p) => p.active && p.roles.includes("admin") && p.id !== requesterId)
    .map((p) => p.id)
    .sort();

describe("approval policy engine: properties", () => {
  it("the requester is never an approver of their own requisition", () => {
    fc.assert(
      fc.property(rulesArb, factsArb, peopleArb, (rules, f, ps) => {
        for (const step of evaluatePolicy(rules, f, ps).steps) expect(step.approverIds).not.toContain(f.requesterId);
      }),
      { numRuns: 300 },
    );
  });

  it("the requester is never an approver even when they own the cost center, hold every role, are named, and are an admin", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(...ids), peopleArb, (steps, requesterId, others) => {
        const requester: PersonRecord = { id: requesterId, roles: ["buyer", "approver", "admin"], active: true };
        const ps = [requester, ...others.filter((p) => p.id !== requesterId)];
        // Every source names the requester one way or another, and every rule applies.
        const rules: PolicyRule[] = steps.map((step, i) => ({
          id: `r${i}`,
          conditions: [],
          step: {
            ...step,
            approvers: [...step.approvers, { kind: "users", userIds: [requesterId] }, { kind: "role", role: "admin" }, { kind: "cost_center_owner" }],
          },
        }));
        const f: RequisitionFacts = {
          requesterId,
          requesterRoles: ["buyer", "approver", "admin"],
          total: money(100, "USD"),
          costCenterId: "cc1",
          costCenterOwnerId: requesterId,
          supplierIds: ["s1"],
          categoryIds: ["c1"],
          remainingBudget: null,
        };
        const chain = evaluatePolicy(rules, f, ps);
        expect(chain.steps).toHaveLength(rules.length);
        for (const step of chain.steps) expect(step.approverIds).not.toContain(requesterId);
      }),
      { numRuns: 300 },
    );
  });

  it("raising the total never removes a step that a total-above condition added, nor changes who approves it", () => {
    fc.assert(
      fc.property(rulesArb, factsArb, peopleArb, amountArb, (rules, f, ps, raise) => {
        // Every condition but "total below" can only keep holding as the total grows: over a threshold stays over, over budget stays over.
        const growing = rules.map((r) => ({ ...r, conditions: r.conditions.filter((c) => c.kind !== "total_below") }));
        const before = evaluatePolicy(growing, f, ps).steps;
        const after = evaluatePolicy(growing, { ...f, total: money(f.total.amount + raise, "USD") }, ps).steps;
        for (const step of before) {
          const rule = growing.find((r) => r.id === step.ruleId)!;
          if (!rule.conditions.some((c) => c.kind === "total_above")) continue;
          const kept = after.find((s) => s.ruleId === step.ruleId);
          expect(kept, `${step.ruleId} dropped when the total went up by ${raise}`).toBeDefined();
          expect(kept!.approverIds).toEqual(step.approverIds);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the same input gives the same chain, whatever order the people are listed in, and leaves the input untouched", () => {
    fc.assert(
      fc.property(rulesArb, factsArb, peopleArb, (rules, f, ps) => {
        const copies = structuredClone({ rules, f, ps });
        const first = evaluatePolicy(rules, f, ps);
        expect(evaluatePolicy(rules, f, ps)).toEqual(first);
        expect(evaluatePolicy(copies.rules, copies.f, [...copies.ps].reverse())).toEqual(first);
        expect({ rules, f, ps }).toEqual(copies);
      }),
      { numRuns: 300 },
    );
  });

  it("a step goes to the people its rule names, or, when none of them can approve, to any one of the active admins but the requester", () => {
    fc.assert(
      fc.property(rulesArb, factsArb, peopleArb, (rules, f, ps) => {
        for (const step of evaluatePolicy(rules, f, ps).steps) {
          const rule = rules.find((r) => r.id === step.ruleId)!;
          const named = eligible(rule.step.approvers, f, ps);
          expect(step.fellBackToAdmins).toBe(named.length === 0);
          expect(step.approverIds).toEqual(named.length > 0 ? named : activeAdminsBut(ps, f.requesterId));
          // Admins standing in decide as any one of them; otherwise the rule's own mode holds.
          expect(step.mode).toBe(named.length > 0 ? rule.step.mode : "any");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("levels never go down along the chain, and within a level the policy's order is kept", () => {
    fc.assert(
      fc.property(rulesArb, factsArb, peopleArb, (rules, f, ps) => {
        const steps = evaluatePolicy(rules, f, ps).steps;
        for (let i = 1; i < steps.length; i++) {
          const [a, b] = [steps[i - 1]!, steps[i]!];
          expect(a.level).toBeLessThanOrEqual(b.level);
          if (a.level === b.level) expect(rules.findIndex((r) => r.id === a.ruleId)).toBeLessThan(rules.findIndex((r) => r.id === b.ruleId));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a rule applies exactly when each of its conditions would apply alone; no rule applying means approved at once", () => {
    fc.assert(
      fc.property(rulesArb, factsArb, peopleArb, (rules, f, ps) => {
        const alone = (c: PolicyCondition) =>
          !evaluatePolicy([{ id: "probe", conditions: [c], step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } }], f, ps).autoApproved;
        const applying = rules.filter((r) => r.conditions.every(alone)).map((r) => r.id);
        const chain = evaluatePolicy(rules, f, ps);
        expect(chain.steps.map((s) => s.ruleId).sort()).toEqual([...applying].sort());
        expect(chain.autoApproved).toBe(applying.length === 0);
        if (chain.autoApproved) expect(chain.steps).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("an edited requisition goes back to whoever rejected it", () => {
  const step = (level: number, approverIds: string[]) => ({
    ruleId: `r${level}`,
    level,
    mode: "any" as const,
    approverIds,
    reasons: ["total is over $500.00"],
    fellBackToAdmins: false,
  });

  it("asks the rejecter even when the policy would now approve it at once", () => {
    const chain = withRejectersReview({ autoApproved: true, steps: [] }, [{ id: "sam", name: "Sam Rivera" }], "jane");
    expect(chain).toEqual({
      autoApproved: false,
      steps: [
        {
          ruleId: "rejected-before",
          level: 1,
          mode: "any",
          approverIds: ["sam"],
          reasons: ["Sam Rivera rejected the previous revision"],
          fellBackToAdmins: false,
        },
      ],
    });
  });

  it("adds nothing when the rejecter is already in the chain, and puts a missing one at the first level", () => {
    const chain = { autoApproved: false, steps: [step(2, ["sam"]), step(3, ["fin"])] };
    expect(withRejectersReview(chain, [{ id: "sam", name: "Sam Rivera" }], "jane")).toBe(chain);
    const widened = withRejectersReview(chain, [{ id: "olga", name: "Olga Owner" }], "jane");
    expect(widened.steps.map((s) => [s.level, s.approverIds])).toEqual([
      [2, ["olga"]],
      [2, ["sam"]],
      [3, ["fin"]],
    ]);
  });

  it("never asks the requester to approve their own requisition", () => {
    const chain = { autoApproved: true, steps: [] };
    expect(withRejectersReview(chain, [{ id: "jane", name: "Jane Doe" }], "jane")).toBe(chain);
  });
});
