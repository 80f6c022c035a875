import { describe, expect, it } from "vitest";
import { evaluatePolicy, type PersonRecord, type PolicyRule, type RequisitionFacts } from "./approval-policy";
import { money } from "./money";
import { explainCounterpartSteps, policyForRequester, separationOfDutiesNote, type PolicyVersionFacts } from "./separation-of-duties";

const people: PersonRecord[] = [
  { id: "u-ada", roles: ["admin", "buyer", "approver"], active: true },
  { id: "u-ben", roles: ["admin", "approver"], active: true },
  { id: "u-cy", roles: ["approver"], active: true },
];
const over5000: PolicyRule = {
  id: "threshold",
  conditions: [{ kind: "total_above", amount: money(500_000, "USD") }],
  step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" },
};
const finance: PolicyRule = {
  id: "finance",
  conditions: [{ kind: "total_above", amount: money(1_000_000, "USD") }],
  step: { level: 2, approvers: [{ kind: "users", userIds: ["u-cy"] }], mode: "any" },
};
const version = (n: number, createdById: string | null, rules: PolicyRule[]): PolicyVersionFacts => ({ id: `v${n}`, version: n, createdById, rules });
const facts = (requesterId: string, minor: number): RequisitionFacts => ({
  requesterId,
  requesterRoles: people.find((p) => p.id === requesterId)!.roles,
  total: money(minor, "USD"),
  costCenterId: "cc-1",
  costCenterOwnerId: null,
  supplierIds: [],
  categoryIds: [],
  remainingBudget: null,
});
const chainFor = (requesterId: string, current: PolicyVersionFacts, counterpart: PolicyVersionFacts | null, minor: number) =>
  evaluatePolicy(policyForRequester(current, counterpart, requesterId).rules, facts(requesterId, minor), people);

describe("separation of duties for the approval policy", () => {
  it("an admin who empties the policy still needs approval for their own large order", () => {
    const emptied = version(3, "u-ada", []);
    const bens = version(2, "u-ben", [over5000]);
    const chain = chainFor("u-ada", emptied, bens, 600_000);
    expect(chain.autoApproved).toBe(false);
    expect(chain.steps.map((s) => s.ruleId)).toEqual(["v2:threshold"]);
    // Ada never approves her own requisition: Ben and Cy do.
    expect(chain.steps[0]!.approverIds.sort()).toEqual(["u-ben", "u-cy"]);
    const explained = explainCounterpartSteps(chain, policyForRequester(emptied, bens, "u-ada"));
    expect(explained.steps[0]!.reasons.at(-1)).toBe("policy version 2 still applies, as the requester saved version 3 themselves");
  });

  it("everyone else's requisitions follow the emptied policy at once", () => {
    const chain = chainFor("u-ben", version(3, "u-ada", []), version(2, "u-ben", [over5000]), 600_000);
    expect(chain.autoApproved).toBe(true);
  });

  it("a stricter version its author saved applies to them too, and a rule both versions share is asked once", () => {
    const stricter = version(3, "u-ada", [over5000, finance]);
    const chain = chainFor("u-ada", stricter, version(2, "u-ben", [over5000]), 1_200_000);
    expect(chain.steps.map((s) => s.ruleId)).toEqual(["threshold", "finance"]);
  });

  it("with no version by anyone else, the company's first version is the counterpart", () => {
    const chosen = policyForRequester(version(4, "u-ada", []), version(1, "u-ada", [over5000]), "u-ada");
    expect(chosen.rules.map((r) => r.id)).toEqual(["v1:threshold"]);
    expect(separationOfDutiesNote(chosen, "Ada Admin")).toBe(
      "The requester saved policy version 4 themselves, so version 1 (saved by Ada Admin) applies to it as well",
    );
  });

  it("says nothing when the current version is someone else's or is the only one", () => {
    const bens = version(2, "u-ben", [over5000]);
    expect(separationOfDutiesNote(policyForRequester(bens, version(1, "u-ada", []), "u-ada"), null)).toBeNull();
    const only = version(1, "u-ada", [over5000]);
    expect(policyForRequester(only, only, "u-ada")).toEqual({ rules: [over5000], current: only, alsoUnder: null });
    expect(policyForRequester(null, null, "u-ada").rules).toEqual([]);
  });
});
