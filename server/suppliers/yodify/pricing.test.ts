import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalToMinor } from "@/server/domain/money";
import { priceFor, priceTiers, type PricingAccount, type PricingQuantityDiscount, type PricingSku, type QuantityCalculation } from "./pricing";

const NOW = new Date("2026-03-15T12:00:00Z");
const noLevel: PricingAccount = { discountLevelId: null, brandDiscounts: [] };
const acme: PricingAccount = { discountLevelId: 7, brandDiscounts: [{ brandId: 1, percent: 25 }] };

const sku = (overrides: Partial<PricingSku> = {}): PricingSku => ({ listPrice: 10, brandId: 1, priceDiscounts: [], quantityDiscount: null, ...overrides });
const qd = (overrides: Partial<PricingQuantityDiscount> = {}): PricingQuantityDiscount => ({
  isActive: true,
  applyToSalePrice: false,
  calculation: "OverrideDiscountLevelPercentDiscount",
  tiers: [
    { quantity: 5, percent: 10 },
    { quantity: 10, percent: 15 },
  ],
  levels: [],
  ...overrides,
});
const cents = (s: PricingSku, account: PricingAccount, quantity = 1, currency = "USD") => priceFor(s, account, quantity, currency, NOW).unitPrice.amount;

describe("decimal prices to minor units (half away from zero, once)", () => {
  it.each([
    [0.005, 1],
    [1.005, 101],
    [12.345, 1235],
    [19.999, 2000],
    [0.004, 0],
    [75.99, 7599],
    [0, 0],
  ])("list price %s is %i cents with no discount", (list, expected) => {
    expect(cents(sku({ listPrice: list }), noLevel)).toBe(expected);
    expect(decimalToMinor(String(list), "USD").amount).toBe(expected);
  });

  it("rounds at the currency's own minor unit (JPY has none)", () => {
    expect(priceFor(sku({ listPrice: 12.5 }), noLevel, 1, "JPY", NOW).unitPrice).toEqual({ amount: 13, currency: "JPY" });
    expect(priceFor(sku({ listPrice: 1.0005 }), noLevel, 1, "KWD", NOW).unitPrice).toEqual({ amount: 1001, currency: "KWD" });
  });

  it("rounds the discounted price once, not each step: 33.33 less 15 % is 28.3305 -> 28.33", () => {
    expect(cents(sku({ listPrice: 33.33 }), { discountLevelId: 7, brandDiscounts: [{ brandId: 1, percent: 15 }] })).toBe(2833);
    // 0.35 less 10 % = 0.315 exactly -> half away from zero -> 0.32 (binary float would say 0.31499999)
    expect(cents(sku({ listPrice: 0.35 }), { discountLevelId: 7, brandDiscounts: [{ brandId: 1, percent: 10 }] })).toBe(32);
  });
});

describe("discount level", () => {
  it("applies the level's brand discount to that brand only", () => {
    expect(cents(sku(), acme)).toBe(750);
    expect(cents(sku({ brandId: 2 }), acme)).toBe(1000);
    expect(cents(sku(), noLevel)).toBe(1000);
  });

  it("a SKU-level price discount for the account's level replaces the brand discount", () => {
    expect(cents(sku({ priceDiscounts: [{ discountLevelId: 7, percent: 10 }] }), acme)).toBe(900);
    expect(cents(sku({ priceDiscounts: [{ discountLevelId: 8, percent: 40 }] }), acme)).toBe(750);
    expect(cents(sku({ brandId: 2, priceDiscounts: [{ discountLevelId: 7, percent: 5 }] }), acme)).toBe(950);
  });
});

describe("quantity discounts", () => {
  it("starts each tier at its minimum quantity", () => {
    const s = sku({ brandId: 9, quantityDiscount: qd() });
    expect([1, 4, 5, 9, 10, 500].map((q) => cents(s, acme, q))).toEqual([1000, 1000, 900, 900, 850, 850]);
  });

  it.each<[QuantityCalculation, number]>([
    ["OverrideDiscountLevelPercentDiscount", 850],
    ["CascadePercentDiscount", 638], // 10 x 0.75 x 0.85 = 6.375 -> 6.38
    ["CombinePercentDiscount", 600], // 10 x (1 - 0.40)
  ])("%s with a 25 %% level and a 15 %% tier", (calculation, expected) => {
    expect(cents(sku({ quantityDiscount: qd({ calculation }) }), acme, 10)).toBe(expected);
  });

  it("below the first tier the level discount alone applies, whatever the calculation", () => {
    expect(cents(sku({ quantityDiscount: qd({ calculation: "CascadePercentDiscount" }) }), acme, 2)).toBe(750);
  });

  it("combined percentages past 100 price the item at zero, never below", () => {
    const s = sku({ quantityDiscount: qd({ calculation: "CombinePercentDiscount", tiers: [{ quantity: 2, percent: 90 }] }) });
    expect(cents(s, acme, 2)).toBe(0);
  });

  it("uses the tiers listed for the account's level instead of the general ones", () => {
    const s = sku({ brandId: 9, quantityDiscount: qd({ levels: [{ discountLevelId: 7, tiers: [{ quantity: 3, percent: 20 }] }] }) });
    expect(cents(s, acme, 3)).toBe(800);
    expect(cents(s, acme, 10)).toBe(800);
    expect(cents(s, noLevel, 10)).toBe(850);
  });

  it("ignores an inactive quantity discount", () => {
    expect(cents(sku({ brandId: 9, quantityDiscount: qd({ isActive: false }) }), acme, 10)).toBe(1000);
  });

  it("takes the best tier reached even when tiers are out of order", () => {
    const s = sku({
      brandId: 9,
      quantityDiscount: qd({
        tiers: [
          { quantity: 10, percent: 5 },
          { quantity: 5, percent: 12 },
        ],
      }),
    });
    expect(cents(s, acme, 10)).toBe(880);
  });
});

describe("sale price", () => {
  const onSale = { salePrice: 8, isOnSale: true, saleStart: "2026-03-01T00:00:00Z", saleEnd: "2026-04-01T00:00:00Z" };

  it("uses the lower of the sale price and the discounted list price by default", () => {
    expect(cents(sku(onSale), noLevel)).toBe(800);
    expect(cents(sku(onSale), acme)).toBe(750); // 7.50 < 8.00
    expect(cents(sku({ ...onSale, salePrice: 7 }), acme)).toBe(700);
  });

  it("discounts the sale price itself when the quantity discount says apply_to_sale_price", () => {
    expect(cents(sku({ ...onSale, quantityDiscount: qd({ applyToSalePrice: true }) }), acme, 1)).toBe(600); // 8 x 0.75
  });

  it("is off outside its dates, when not flagged, or when it is not below the list price", () => {
    expect(cents(sku({ ...onSale, saleEnd: "2026-03-15T12:00:00Z" }), noLevel)).toBe(1000);
    expect(cents(sku({ ...onSale, saleStart: "2026-03-16T00:00:00Z" }), noLevel)).toBe(1000);
    expect(cents(sku({ ...onSale, isOnSale: false }), noLevel)).toBe(1000);
    expect(cents(sku({ ...onSale, salePrice: 12 }), noLevel)).toBe(1000);
    expect(cents(sku({ ...onSale, saleStart: null, saleEnd: null }), noLevel)).toBe(800);
  });
});

describe("price tiers", () => {
  it("lists the account's price at 1 and at each break where it changes", () => {
    const tiers = priceTiers(sku({ quantityDiscount: qd({ calculation: "CascadePercentDiscount" }) }), acme, "USD", NOW);
    expect(tiers).toEqual([
      { minQuantity: 1, unitPrice: { amount: 750, currency: "USD" } },
      { minQuantity: 5, unitPrice: { amount: 675, currency: "USD" } },
      { minQuantity: 10, unitPrice: { amount: 638, currency: "USD" } },
    ]);
  });

  it("collapses a tier that does not change the price (override with a smaller percentage than the level)", () => {
    const tiers = priceTiers(sku({ quantityDiscount: qd({ tiers: [{ quantity: 5, percent: 25 }] }) }), acme, "USD", NOW);
    expect(tiers).toEqual([{ minQuantity: 1, unitPrice: { amount: 750, currency: "USD" } }]);
  });
});

describe("properties", () => {
  const arbPercent = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));
  const arbPrice = fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000);
  const arbSku = fc.record({
    listPrice: arbPrice,
    salePrice: fc.option(arbPrice),
    isOnSale: fc.boolean(),
    brandId: fc.option(fc.integer({ min: 1, max: 3 })),
    priceDiscounts: fc.array(fc.record({ discountLevelId: fc.integer({ min: 6, max: 8 }), percent: fc.option(arbPercent) }), { maxLength: 2 }),
    quantityDiscount: fc.option(
      fc.record({
        isActive: fc.boolean(),
        applyToSalePrice: fc.boolean(),
        calculation: fc.constantFrom<QuantityCalculation>("OverrideDiscountLevelPercentDiscount", "CascadePercentDiscount", "CombinePercentDiscount"),
        tiers: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 200 }), percent: arbPercent }), { maxLength: 4 }),
        levels: fc.array(
          fc.record({
            discountLevelId: fc.integer({ min: 6, max: 8 }),
            tiers: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 200 }), percent: arbPercent }), { maxLength: 3 }),
          }),
          { maxLength: 2 },
        ),
      }),
    ),
  });
  const arbAccount = fc.record({
    discountLevelId: fc.option(fc.integer({ min: 6, max: 8 })),
    brandDiscounts: fc.array(fc.record({ brandId: fc.integer({ min: 1, max: 3 }), percent: arbPercent }), { maxLength: 3 }),
  });

  it("a price is never negative and never above the list price (rounded)", () => {
    fc.assert(
      fc.property(arbSku, arbAccount, fc.integer({ min: 1, max: 500 }), (s, a, q) => {
        const { amount } = priceFor(s, a, q, "USD", NOW).unitPrice;
        expect(amount).toBeGreaterThanOrEqual(0);
        expect(amount).toBeLessThanOrEqual(decimalToMinor(String(s.listPrice), "USD").amount);
      }),
    );
  });

  it("buying more never raises the unit price when quantity discounts add to the account's (cascade or combine)", () => {
    fc.assert(
      fc.property(arbSku, arbAccount, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), (s, a, q, more) => {
        // Under "override" the quantity percentage replaces the account's, which may be larger: see the next test.
        fc.pre(s.quantityDiscount?.calculation !== "OverrideDiscountLevelPercentDiscount");
        expect(priceFor(s, a, q + more, "USD", NOW).unitPrice.amount).toBeLessThanOrEqual(priceFor(s, a, q, "USD", NOW).unitPrice.amount);
      }),
    );
  });

  it("under 'override' a quantity tier smaller than the account's brand discount does raise the price, as Yodify's rule says", () => {
    // Found by fast-check (seed 1323811223): 17% brand discount at 1 unit, replaced by a 1% tier at 2 units.
    const s: PricingSku = {
      listPrice: 10,
      salePrice: null,
      isOnSale: false,
      brandId: 2,
      priceDiscounts: [],
      quantityDiscount: {
        isActive: true,
        applyToSalePrice: false,
        calculation: "OverrideDiscountLevelPercentDiscount",
        tiers: [{ quantity: 2, percent: 1 }],
        levels: [],
      },
    };
    const a: PricingAccount = { discountLevelId: 6, brandDiscounts: [{ brandId: 2, percent: 17 }] };
    expect(priceFor(s, a, 1, "USD", NOW).unitPrice.amount).toBe(830);
    expect(priceFor(s, a, 2, "USD", NOW).unitPrice.amount).toBe(990);
  });

  it("the tier list gives the same price as pricing the quantity directly", () => {
    fc.assert(
      fc.property(arbSku, arbAccount, fc.integer({ min: 1, max: 300 }), (s, a, q) => {
        const tiers = priceTiers(s, a, "USD", NOW);
        expect(tiers[0]?.minQuantity).toBe(1);
        const tier = [...tiers].reverse().find((t) => t.minQuantity <= q);
        expect(tier?.unitPrice.amount).toBe(priceFor(s, a, q, "USD", NOW).unitPrice.amount);
      }),
    );
  });
});
