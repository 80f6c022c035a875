import { describe, expect, it } from "vitest";
import { money } from "./money";
import { linePrice, nextTier, shownPrice, tierFor } from "./price-tiers";

// The tiers of Hygrade's documented letterhead item FM-0014-LT.
const letterhead = [
  { minQuantity: 1, unitPrice: money(2450, "USD") },
  { minQuantity: 10, unitPrice: money(2175, "USD") },
  { minQuantity: 100, unitPrice: money(1890, "USD") },
];

describe("price tiers", () => {
  it("picks the highest tier whose minimum the quantity reaches", () => {
    expect(tierFor(letterhead, 1).unitPrice.amount).toBe(2450);
    expect(tierFor(letterhead, 9).unitPrice.amount).toBe(2450);
    expect(tierFor(letterhead, 10).unitPrice.amount).toBe(2175);
    expect(tierFor(letterhead, 99).unitPrice.amount).toBe(2175);
    expect(tierFor(letterhead, 100).unitPrice.amount).toBe(1890);
    expect(tierFor(letterhead, 5000).unitPrice.amount).toBe(1890);
  });

  it("does not depend on the order the supplier lists tiers in", () => {
    expect(tierFor([...letterhead].reverse(), 10).unitPrice.amount).toBe(2175);
  });

  it("prices a line as quantity times the tier price", () => {
    expect(linePrice(letterhead, 3)).toMatchObject({ lineTotal: money(7350, "USD"), tierIndex: 0 }); // the documented order example
    expect(linePrice(letterhead, 12)).toMatchObject({ lineTotal: money(26100, "USD"), tierIndex: 1 });
  });

  it("refuses quantities that cannot be ordered", () => {
    expect(() => tierFor(letterhead, 0)).toThrow(/positive whole number/);
    expect(() => tierFor(letterhead, -1)).toThrow(/positive whole number/);
    expect(() => tierFor(letterhead, 2.5)).toThrow(/positive whole number/);
    expect(() => tierFor([], 1)).toThrow(/without price tiers/);
  });

  it("tells how far the next cheaper tier is", () => {
    expect(nextTier(letterhead, 8)?.minQuantity).toBe(10);
    expect(nextTier(letterhead, 100)).toBeNull();
  });
});

describe("the price a list shows", () => {
  it("leads with the price of one and adds the deepest tier as 'as low as'", () => {
    expect(shownPrice(letterhead)).toEqual({
      quantity: 1,
      unitPrice: money(2450, "USD"),
      asLowAs: { minQuantity: 100, unitPrice: money(1890, "USD") },
    });
  });

  it("starts at the first tier's minimum when one cannot be bought", () => {
    const boxOfTen = [
      { minQuantity: 50, unitPrice: money(900, "USD") },
      { minQuantity: 10, unitPrice: money(1000, "USD") },
    ];
    expect(shownPrice(boxOfTen)).toEqual({ quantity: 10, unitPrice: money(1000, "USD"), asLowAs: { minQuantity: 50, unitPrice: money(900, "USD") } });
  });

  it("says no 'as low as' when every tier costs the same, or there is one tier", () => {
    expect(shownPrice([{ minQuantity: 1, unitPrice: money(500, "USD") }]).asLowAs).toBeNull();
    expect(
      shownPrice([
        { minQuantity: 1, unitPrice: money(500, "USD") },
        { minQuantity: 10, unitPrice: money(500, "USD") },
      ]).asLowAs,
    ).toBeNull();
  });

  it("prices what a buyer bought last time when a list knows it (buy again), still not below the first tier", () => {
    expect(shownPrice(letterhead, 12)).toMatchObject({ quantity: 12, unitPrice: money(2175, "USD"), asLowAs: { minQuantity: 100 } });
    expect(shownPrice([{ minQuantity: 10, unitPrice: money(1000, "USD") }], 3)).toMatchObject({ quantity: 10, unitPrice: money(1000, "USD") });
    expect(() => shownPrice(letterhead, 0)).toThrow(RangeError);
  });

  it("refuses an item with no price", () => {
    expect(() => shownPrice([])).toThrow(RangeError);
  });
});
