import { describe, expect, it } from "vitest";
import { money } from "./money";
import { compareWithSupplier, roseBeyondTolerance } from "./price-drift";
import type { Tier } from "./price-tiers";

const usd = (cents: number) => money(cents, "USD");
const tiers = (...pairs: [number, number][]): Tier[] => pairs.map(([minQuantity, cents]) => ({ minQuantity, unitPrice: usd(cents) }));
const offer = (over: Partial<{ available: boolean; tiers: Tier[]; maxOrderQuantity: number | null }> = {}) => ({
  available: true,
  tiers: tiers([1, 2450], [10, 2100]),
  maxOrderQuantity: null,
  ...over,
});

describe("what was priced against what the supplier says now", () => {
  it("prices the line at the tier its quantity reaches today", () => {
    expect(compareWithSupplier({ quantity: 12 }, offer()).now).toEqual({ unitPrice: usd(2100), lineTotal: usd(25_200) });
    expect(compareWithSupplier({ quantity: 3 }, offer()).now).toEqual({ unitPrice: usd(2450), lineTotal: usd(7350) });
  });

  it("says the unit price moved only when it did, in either direction", () => {
    expect(compareWithSupplier({ quantity: 2, unitPrice: usd(2450) }, offer()).unitPriceChange).toBeNull();
    expect(compareWithSupplier({ quantity: 2, unitPrice: usd(1999) }, offer()).unitPriceChange).toEqual({ from: usd(1999), to: usd(2450) });
    expect(compareWithSupplier({ quantity: 2, unitPrice: usd(2600) }, offer()).unitPriceChange).toEqual({ from: usd(2600), to: usd(2450) });
  });

  it("notices a changed tier even when the line's own tier did not change", () => {
    const remembered = tiers([1, 2450], [10, 2100]);
    expect(compareWithSupplier({ quantity: 2, tiers: remembered }, offer()).tiersChanged).toBe(false);
    expect(compareWithSupplier({ quantity: 2, tiers: remembered }, offer({ tiers: tiers([1, 2450], [10, 1999]) })).tiersChanged).toBe(true);
    expect(compareWithSupplier({ quantity: 2, tiers: remembered }, offer({ tiers: tiers([1, 2450]) })).tiersChanged).toBe(true);
    // The same amounts in another currency are another price.
    const euros = [
      { minQuantity: 1, unitPrice: money(2450, "EUR") },
      { minQuantity: 10, unitPrice: money(2100, "EUR") },
    ];
    expect(compareWithSupplier({ quantity: 2, tiers: remembered }, offer({ tiers: euros })).tiersChanged).toBe(true);
  });

  it("reports the supplier's stock when the quantity is more than it has, and nothing when it fits or is unlimited", () => {
    expect(compareWithSupplier({ quantity: 4 }, offer({ maxOrderQuantity: 3 })).shortOfStock).toBe(3);
    expect(compareWithSupplier({ quantity: 3 }, offer({ maxOrderQuantity: 3 })).shortOfStock).toBeNull();
    expect(compareWithSupplier({ quantity: 1 }, offer({ maxOrderQuantity: 0 })).shortOfStock).toBe(0);
    expect(compareWithSupplier({ quantity: 9999 }, offer()).shortOfStock).toBeNull();
  });

  it("calls an unavailable item unavailable rather than short, and an item with no price unpriced", () => {
    const gone = compareWithSupplier({ quantity: 4, available: true }, offer({ available: false, maxOrderQuantity: 0 }));
    expect(gone).toMatchObject({ unavailable: true, shortOfStock: null, availabilityChanged: true });
    expect(compareWithSupplier({ quantity: 1 }, offer({ tiers: [] }))).toMatchObject({ unpriced: true, now: null, unitPriceChange: null });
  });

  it("notices a changed stock limit against the one remembered", () => {
    expect(compareWithSupplier({ quantity: 1, maxQuantity: null }, offer({ maxOrderQuantity: 5 })).stockChanged).toBe(true);
    expect(compareWithSupplier({ quantity: 1, maxQuantity: 5 }, offer({ maxOrderQuantity: 5 })).stockChanged).toBe(false);
    expect(compareWithSupplier({ quantity: 1 }, offer({ maxOrderQuantity: 5 })).stockChanged).toBe(false);
  });
});

describe("a rise within the company's tolerance", () => {
  it("accepts a rise up to the tolerance and refuses one past it", () => {
    expect(roseBeyondTolerance(10_000, 10_200, 200)).toBe(false);
    expect(roseBeyondTolerance(10_000, 10_201, 200)).toBe(true);
    expect(roseBeyondTolerance(10_000, 9_000, 0)).toBe(false);
    expect(roseBeyondTolerance(10_000, 10_001, 0)).toBe(true);
  });
});
