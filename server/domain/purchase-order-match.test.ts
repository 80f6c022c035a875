import { describe, expect, it } from "vitest";
import { money } from "./money";
import { orderDifferences, type ApprovedLine } from "./purchase-order-match";

const usd = (cents: number) => money(cents, "USD");
const approved: ApprovedLine[] = [
  { itemCode: "GL01-9", name: "Work Gloves Classic (Size: 9)", quantity: 10, unitPrice: usd(320) },
  { itemCode: "EP01", name: "Ear Plugs Box Classic", quantity: 1, unitPrice: usd(2400) },
];

describe("orderDifferences", () => {
  it("finds nothing when the supplier entered what was approved, whatever the line order or SKU case", () => {
    expect(
      orderDifferences(approved, [
        { itemCode: "ep01", quantity: 1, unitPrice: usd(2400) },
        { itemCode: "GL01-9", quantity: 4, unitPrice: usd(320) },
        { itemCode: "GL01-9", quantity: 6, unitPrice: usd(320) },
      ]),
    ).toEqual([]);
  });

  it("names a changed quantity, a changed price, a missing line and a line nobody approved", () => {
    expect(
      orderDifferences(approved, [
        { itemCode: "GL01-9", quantity: 12, unitPrice: usd(350) },
        { itemCode: "HH01-WHI", quantity: 2, unitPrice: usd(1450) },
      ]),
    ).toEqual([
      "GL01-9: 12 units entered, 10 units approved.",
      "GL01-9: $3.50 each entered, $3.20 approved.",
      "EP01 (Ear Plugs Box Classic) is missing: 1 unit approved, none entered.",
      "HH01-WHI was not approved: 2 units entered at $14.50 each.",
    ]);
  });

  it("says so when the supplier priced in another currency", () => {
    expect(orderDifferences(approved.slice(1), [{ itemCode: "EP01", quantity: 1, unitPrice: money(2400, "GBP") }])).toEqual([
      "EP01: priced in GBP, approved in USD.",
    ]);
  });
});
