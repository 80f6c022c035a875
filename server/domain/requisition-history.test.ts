import { describe, expect, it } from "vitest";
import { describeChange, describeHistoryEntry, type HistoryFact } from "./requisition-history";

const fact = (action: string, details: Record<string, unknown> = {}, over: Partial<HistoryFact> = {}): HistoryFact => ({
  action,
  actorName: "Sam Rivera",
  supplierName: null,
  details,
  ...over,
});

describe("a requisition's history in sentences", () => {
  it("names who acted and at which supplier, never a status code", () => {
    expect(
      describeHistoryEntry(fact("supplier_order.status_changed", { from: "approved", to: "in_production" }, { actorName: null, supplierName: "Hygrade" })),
    ).toEqual({
      sentence: "Hygrade is preparing the order.",
      detail: null,
    });
    const placed = [
      describeHistoryEntry(fact("supplier_order.placed", { supplier: "Hygrade", supplierOrderId: "ord_1" }, { actorName: null, supplierName: "Hygrade" })),
      describeHistoryEntry(fact("supplier_order.placed", { supplier: "Yodify", supplierOrderId: "50001" }, { actorName: null, supplierName: "Yodify" })),
    ];
    expect(placed.map((p) => p.sentence)).toEqual(["Hygrade received the order as ord_1.", "Yodify received the order as 50001."]);
    expect(describeHistoryEntry(fact("approval.step_rejected", { level: 2, reason: "Too many" })).sentence).toBe("Sam Rivera rejected it at level 2.");
  });

  it("says a supplier's answer to a cancel that did not cancel", () => {
    const line = describeHistoryEntry(fact("supplier_order.cancelled", { status: "in_production", reason: "Bought locally" }, { supplierName: "Hygrade" }));
    expect(line).toEqual({ sentence: "Sam Rivera asked Hygrade to cancel the order; Hygrade is preparing the order.", detail: "Bought locally" });
  });

  it("words an unknown status rather than showing its code", () => {
    expect(describeHistoryEntry(fact("supplier_order.status_changed", { to: "on_hold" }, { actorName: null, supplierName: "Yodify" })).sentence).toBe(
      "Yodify says the order is on hold.",
    );
  });

  it("lists a returned requisition's changes without empty brackets for the total", () => {
    const line = describeHistoryEntry(
      fact("requisition.returned", {
        changes: [
          { itemCode: "FM-0014-LT", supplierName: "Hygrade", change: "Letterhead rose from $24.50 to $30.00 each" },
          { itemCode: "", supplierName: "", change: "The total rose from $49.00 to $60.00, more than the 2% your company accepts" },
        ],
      }),
    );
    expect(line.detail).toBe(
      "FM-0014-LT (Hygrade): Letterhead rose from $24.50 to $30.00 each; The total rose from $49.00 to $60.00, more than the 2% your company accepts.",
    );
    expect(describeChange({ itemCode: "", supplierName: "Yodify", change: "Q-1 is expired" })).toBe("Yodify: Q-1 is expired");
  });
});
