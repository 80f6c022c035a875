import { describe, expect, it } from "vitest";
import { decideApproval } from "./approval-threshold";
import { money } from "./money";

describe("approval threshold", () => {
  const threshold = money(50_000, "USD"); // Hygrade's approval_required_over for ACME001

  it("waits for an approver strictly above the threshold", () => {
    expect(decideApproval(money(50_001, "USD"), threshold)).toMatchObject({ needsApproval: true, reason: expect.stringContaining("over the approval threshold of $500.00") });
  });

  it("approves at once at or below it", () => {
    expect(decideApproval(money(50_000, "USD"), threshold).needsApproval).toBe(false);
    expect(decideApproval(money(7350, "USD"), threshold).needsApproval).toBe(false);
  });

  it("approves everything when no threshold is set", () => {
    expect(decideApproval(money(10_000_000, "USD"), null).needsApproval).toBe(false);
  });

  it("never waves through an order it cannot compare", () => {
    expect(decideApproval(money(1, "EUR"), threshold).needsApproval).toBe(true);
  });
});
