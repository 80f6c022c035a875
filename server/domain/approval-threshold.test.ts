import { describe, expect, it } from "vitest";
import { decideApproval, requireApprovalWhenOverBudget } from "./approval-threshold";
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

describe("over-budget orders", () => {
  const threshold = money(50_000, "USD");
  const over = { costCenterCode: "CC-4420", overBudget: true, leaves: money(-12_000, "USD"), periodLabel: "November 2026" };

  it("wait for an approver even within the threshold, saying which budget and by how much", () => {
    const decision = requireApprovalWhenOverBudget(decideApproval(money(7350, "USD"), threshold), over);
    expect(decision).toEqual({ needsApproval: true, reason: "Over budget on CC-4420: this order leaves -$120.00 of the November 2026 budget" });
  });

  it("keep the threshold's reason too when both apply", () => {
    const decision = requireApprovalWhenOverBudget(decideApproval(money(60_000, "USD"), threshold), over);
    expect(decision.reason).toMatch(/^Total \$600\.00 is over the approval threshold of \$500\.00; Over budget on CC-4420/);
  });

  it("leave the decision alone within budget or without a budget", () => {
    const within = decideApproval(money(7350, "USD"), threshold);
    expect(requireApprovalWhenOverBudget(within, { ...over, overBudget: false, leaves: money(100, "USD") })).toBe(within);
    expect(requireApprovalWhenOverBudget(within, null)).toBe(within);
  });
});
