import { describe, expect, it } from "vitest";
import { money } from "./money";
import { estimateExtras, expectedTotal, finalTotalDifference } from "./expected-total";

describe("the total an order is expected to cost, tax and shipping included", () => {
  it("estimates tax from the rate earlier orders were charged and shipping from the nearest-sized order", () => {
    const earlier = [
      { subtotal: 20_000, tax: 1_400, shipping: 1_200 },
      { subtotal: 65_250, tax: 4_568, shipping: 0 },
    ];
    expect(estimateExtras(earlier, 62_222)).toEqual({ taxRateBps: 700, taxQuoted: false, shippingMinor: 0, basedOn: 2 });
    expect(estimateExtras(earlier, 4_900)).toMatchObject({ shippingMinor: 1_200 });
    const expected = expectedTotal(money(62_222, "USD"), estimateExtras(earlier, 62_222));
    expect(expected).toEqual({
      subtotal: money(62_222, "USD"),
      estimatedTax: money(4_356, "USD"),
      estimatedShipping: money(0, "USD"),
      expected: money(66_578, "USD"),
    });
  });

  it("quotes the tax at the supplier's documented rate, even with no earlier order, and leaves shipping unknown then", () => {
    const quoted = estimateExtras([], 10_000, 725);
    expect(quoted).toEqual({ taxRateBps: 725, taxQuoted: true, shippingMinor: null, basedOn: 0 });
    expect(expectedTotal(money(10_000, "USD"), quoted)).toEqual({
      subtotal: money(10_000, "USD"),
      estimatedTax: money(725, "USD"),
      estimatedShipping: null,
      expected: money(10_725, "USD"),
    });
    expect(estimateExtras([{ subtotal: 20_000, tax: 1_400, shipping: 900 }], 10_000, 725)).toEqual({
      taxRateBps: 725,
      taxQuoted: true,
      shippingMinor: 900,
      basedOn: 1,
    });
  });

  it("has no estimate without an earlier order, and expects the lines alone", () => {
    expect(estimateExtras([], 10_000)).toBeNull();
    expect(expectedTotal(money(10_000, "USD"), null)).toEqual({
      subtotal: money(10_000, "USD"),
      estimatedTax: null,
      estimatedShipping: null,
      expected: money(10_000, "USD"),
    });
  });

  it("says plainly when the supplier's final total differs", () => {
    expect(finalTotalDifference("Hygrade", money(66_578, "USD"), money(68_845, "USD"), true)).toBe(
      "Hygrade's final total is more than the estimate by $22.67.",
    );
    expect(finalTotalDifference("Yodify", money(10_000, "USD"), money(10_999, "USD"), false)).toBe(
      "Yodify's final total is more than the lines alone (no tax or shipping was known) by $9.99.",
    );
    expect(finalTotalDifference("Hygrade", money(500, "USD"), money(500, "USD"), true)).toBeNull();
  });
});
