import { describe, expect, it } from "vitest";
import { money } from "./money";
import { holdAheadSentence, holdWaitingOn } from "./supplier-holds";

const hold = { supplierName: "Hygrade", over: money(50_000, "USD"), answeredByChain: false };

describe("what a person is told about a supplier's own hold", () => {
  it("shows the hold as part of the way to the supplier before submitting, and whether the chain answers it", () => {
    expect(holdAheadSentence(hold, true)).toBe(
      "Then Hygrade holds it for its own approval (over $500.00): an approver decides it in the portal under Approvals, Waiting at the supplier.",
    );
    expect(holdAheadSentence({ ...hold, answeredByChain: true }, true)).toMatch(/this chain's approval answers it there, so nobody is asked twice/);
    // Nobody in the chain approves it, so there is no approval to answer the hold with.
    expect(holdAheadSentence({ ...hold, answeredByChain: true }, false)).toMatch(/^Then Hygrade holds it/);
  });

  it("says who can act on a held order, and who can when nobody in the portal can", () => {
    const base = { supplierName: "Hygrade", portalDecides: true, answeredByChain: false };
    expect(holdWaitingOn({ ...base, supplierStatus: "pending_approval" })).toMatch(/an approver decides it in the portal/);
    expect(holdWaitingOn({ ...base, supplierStatus: "pending_approval", portalDecides: false })).toBe(
      "Held for approval at Hygrade: only Hygrade can release it, so contact Hygrade if it waits too long.",
    );
    expect(holdWaitingOn({ ...base, supplierName: "Yodify", supplierStatus: "awaiting_confirmation" })).toBe(
      "Waiting for Yodify to confirm it; nobody in the portal needs to act.",
    );
    expect(holdWaitingOn({ ...base, supplierStatus: "shipped" })).toBeNull();
  });

  it("adds what the supplier says about who must approve it, when it says", () => {
    const base = { supplierName: "OrderCloud", portalDecides: true, answeredByChain: false, supplierStatus: "pending_approval" };
    expect(holdWaitingOn({ ...base, supplierNote: "Waiting for Acme Managers: orders over 500" })).toBe(
      "Held for approval at OrderCloud: an approver decides it in the portal under Approvals, Waiting at the supplier. OrderCloud says: Waiting for Acme Managers: orders over 500.",
    );
    expect(holdWaitingOn({ ...base, supplierNote: "  " })).not.toMatch(/says/);
  });
});
