import { describe, expect, it } from "vitest";
import type { PolicyLabels, PolicyRule } from "./approval-policy";
import { describePolicy, describeRule } from "./approval-policy-describe";
import { money } from "./money";

const labels: PolicyLabels = {
  costCenters: { "cc-4420": "CC-4420", "cc-1100": "CC-1100" },
  suppliers: { hygrade: "Hygrade", west: "Hygrade West" },
  categories: { cat_forms: "Forms", cat_labels: "Labels" },
  users: { "u-finance": "Fiona Finance", "u-sam": "Sam Approver", "u-jane": "Jane Buyer" },
};

const over5000OnFacilities = [
  { kind: "total_above" as const, amount: money(500_000, "USD") },
  { kind: "cost_center_in" as const, costCenterIds: ["cc-4420"] },
];

describe("describeRule", () => {
  it("says when, who, whether any one or all, and the level", () => {
    const rule: PolicyRule = { id: "owner", conditions: over5000OnFacilities, step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } };
    expect(describeRule(rule, labels)).toBe("Orders over $5,000.00 on cost center CC-4420 need the cost center's owner (any one, level 1).");
  });

  it("names groups, as approvers and as requesters", () => {
    const rule: PolicyRule = {
      id: "contractors",
      conditions: [{ kind: "requester_in_group", groupIds: ["g-c", "g-t"] }],
      step: { level: 1, approvers: [{ kind: "group", groupId: "g-f" }, { kind: "cost_center_owner" }], mode: "any" },
    };
    const named = { ...labels, groups: { "g-c": "Contractors", "g-t": "Temps", "g-f": "Finance" } };
    expect(describeRule(rule, named)).toBe(
      "Orders requested by a member of Contractors or Temps need an approver in Finance or the cost center's owner (any one, level 1).",
    );
  });

  it("reads the same whatever order the conditions were added in", () => {
    const rule: PolicyRule = {
      id: "finance",
      conditions: [...over5000OnFacilities].reverse(),
      step: { level: 2, approvers: [{ kind: "users", userIds: ["u-finance"] }], mode: "any" },
    };
    expect(describeRule(rule, labels)).toBe("Orders over $5,000.00 on cost center CC-4420 need Fiona Finance (any one, level 2).");
  });

  it("lists several approvers with 'and' when all of them must approve", () => {
    const rule: PolicyRule = {
      id: "big",
      conditions: [{ kind: "total_above", amount: money(2_500_000, "USD") }],
      step: {
        level: 3,
        approvers: [
          { kind: "users", userIds: ["u-finance", "u-sam"] },
          { kind: "role", role: "admin" },
        ],
        mode: "all",
      },
    };
    expect(describeRule(rule, labels)).toBe("Orders over $25,000.00 need Fiona Finance, Sam Approver and people with the admin role (all of them, level 3).");
  });

  it("names suppliers, categories, budget and requesters", () => {
    const rule: PolicyRule = {
      id: "forms",
      conditions: [
        { kind: "requester_role_in", roles: ["buyer", "approver"] },
        { kind: "over_budget" },
        { kind: "category_in", categoryIds: ["cat_forms", "cat_labels"] },
        { kind: "supplier_in", supplierIds: ["hygrade", "west"] },
      ],
      step: { level: 1, approvers: [{ kind: "users", userIds: ["u-sam"] }, { kind: "cost_center_owner" }], mode: "any" },
    };
    expect(describeRule(rule, labels)).toBe(
      "Orders from Hygrade or Hygrade West with items in categories Forms or Labels that go over budget requested by a buyer or an approver need Sam Approver or the cost center's owner (any one, level 1).",
    );
  });

  it("covers every order when a rule has no conditions, and a range of totals", () => {
    expect(describeRule({ id: "all", conditions: [], step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" } }, labels)).toBe(
      "All orders need people with the approver role (any one, level 1).",
    );
    const range: PolicyRule = {
      id: "mid",
      conditions: [
        { kind: "total_below", amount: money(100_000, "USD") },
        { kind: "total_above", amount: money(10_000, "USD") },
        { kind: "requester_in", userIds: ["u-jane"] },
      ],
      step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" },
    };
    expect(describeRule(range, labels)).toBe(
      "Orders over $100.00 and under $1,000.00 requested by Jane Buyer need the cost center's owner (any one, level 1).",
    );
  });

  it("shows an id it has no name for, and says when nothing is chosen yet (as in a half-edited rule)", () => {
    const rule: PolicyRule = {
      id: "draft",
      conditions: [
        { kind: "cost_center_in", costCenterIds: ["cc-gone"] },
        { kind: "supplier_in", supplierIds: [] },
      ],
      step: { level: 1, approvers: [], mode: "any" },
    };
    expect(describeRule(rule, labels)).toBe("Orders on cost center cc-gone from a supplier (none chosen) need an approver (none chosen) (any one, level 1).");
  });
});

describe("describePolicy", () => {
  it("gives one sentence per rule in the order the chain runs", () => {
    const rules: PolicyRule[] = [
      { id: "finance", conditions: over5000OnFacilities, step: { level: 2, approvers: [{ kind: "users", userIds: ["u-finance"] }], mode: "any" } },
      { id: "owner", conditions: over5000OnFacilities, step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } },
      { id: "budget", conditions: [{ kind: "over_budget" }], step: { level: 1, approvers: [{ kind: "users", userIds: ["u-sam"] }], mode: "any" } },
    ];
    expect(describePolicy(rules, labels)).toEqual([
      "Orders over $5,000.00 on cost center CC-4420 need the cost center's owner (any one, level 1).",
      "Orders that go over budget need Sam Approver (any one, level 1).",
      "Orders over $5,000.00 on cost center CC-4420 need Fiona Finance (any one, level 2).",
    ]);
  });

  it("says that everything is approved at once when there are no rules", () => {
    expect(describePolicy([], labels)).toEqual(["No rules: every order is approved at once."]);
  });
});
