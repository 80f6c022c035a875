/**
 * The unit price Yodify's rules give an account for a SKU at a quantity, in
 * integer minor units. Pure: the connector uses it to show price tiers, the
 * sandbox uses it to price orders and quotes.
 *
 * What the reference says, and what it leaves to us (our reading in [brackets]):
 *
 * Base price. Sku.list_price "The SKU's price displayed when not on sale";
 * sale_price "displayed when it is on sale"; is_on_sale "Turn the sale price
 * of the product on if all criteria are met: - Sale price less than list price
 * - Sale start date empty or less than today - Sale end date empty or greater
 * than today". [All three are checked here, against `now`.]
 *
 * Discount level. "A BrandDiscount specifies the discount percentage that will
 * apply to any products of a given brand purchased through an Account."
 * "The PriceDiscount object contains information for sku level discounts. A
 * PriceDiscount will be attached to a DiscountLevel and have a percent discount
 * value from 0 to 100." [The SKU-level PriceDiscount for the account's level,
 * when there is one, replaces the level's BrandDiscount for that SKU's brand:
 * the more specific rule wins; they do not stack. The DiscountLevel text "A
 * BrandDiscount is required for the discount level to have any effect"
 * predates PriceDiscounts; we still honour a PriceDiscount without one.]
 *
 * Quantity discount. QuantityDiscountTier.quantity "The minimum quantity needed
 * to apply the quantity discount tier". QuantityDiscount.tiers "The line items
 * for the quantity discount when there is no discount level applied";
 * discount_levels "The line items for the quantity discount for each discount
 * level". is_active "the is active property". [The account's level's own tiers
 * when listed, else `tiers`. Of the tiers whose minimum is met, the largest
 * percentage applies, so buying more never costs more per unit even if tiers
 * are entered out of order. The SKU's own quantity discount wins over its
 * product's (Sku.quantity_discount "Quantity Discount the SKU is attached to").]
 *
 * Both together. QuantityDiscount.calculation "Determine how quantity discounts
 * are calculated when a discount level is also applied": Override-
 * DiscountLevelPercentDiscount | CascadePercentDiscount | CombinePercentDiscount.
 * [Override: the quantity percentage replaces the level's. Cascade: one after
 * the other, price x (1-l) x (1-q). Combine: the percentages add, price x
 * (1-(l+q)), never below zero.] The reference defines only the names.
 *
 * Sale price. apply_to_sale_price "If true, the discount will be applied to the
 * sale price of a SKU. Otherwise, it will use the lower of the Sale Price, or
 * applied discount." [The flag lives on the quantity discount; a SKU without
 * one gets the documented default, the lower of the two.]
 *
 * Arithmetic is exact (decimal strings into BigInt fractions) and rounds once,
 * at the end: half away from zero at the currency's minor unit, the rule
 * decimalToMinor uses, so 1.005 USD is 101 cents, never 100 from 1.00499999.
 */
import { money, type Money } from "@/server/domain/money";
import type { PriceTier } from "../types";

export type QuantityCalculation = "OverrideDiscountLevelPercentDiscount" | "CascadePercentDiscount" | "CombinePercentDiscount";

export interface PricingTier {
  quantity: number;
  percent: number;
}

export interface PricingQuantityDiscount {
  isActive: boolean;
  applyToSalePrice: boolean;
  calculation: QuantityCalculation;
  tiers: PricingTier[];
  /** Tiers per discount level id. */
  levels: { discountLevelId: number; tiers: PricingTier[] }[];
}

export interface PricingSku {
  listPrice: number;
  salePrice?: number | null;
  isOnSale?: boolean | null;
  saleStart?: string | null;
  saleEnd?: string | null;
  brandId: number | null;
  priceDiscounts: { discountLevelId: number; percent: number | null | undefined }[];
  quantityDiscount: PricingQuantityDiscount | null;
}

export interface PricingAccount {
  discountLevelId: number | null;
  brandDiscounts: { brandId: number; percent: number }[];
}

export interface PriceBreakdown {
  unitPrice: Money;
  onSale: boolean;
  levelPercent: number;
  quantityPercent: number;
}

/** An exact non-negative fraction n/d. */
interface Fraction {
  n: bigint;
  d: bigint;
}

function decimalText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite amount: ${value}`);
  const s = value.toString();
  return /e/i.test(s) ? value.toFixed(20).replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** The decimal a JSON number was written as (75.99 -> 7599/100), exactly. */
function fraction(value: number): Fraction {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimalText(value));
  if (!match) throw new RangeError(`Not a decimal: ${value}`);
  const [, sign, whole, frac = ""] = match;
  const n = BigInt(whole! + frac) * (sign ? -1n : 1n);
  return { n, d: 10n ** BigInt(frac.length) };
}

const mul = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });
const lessThan = (a: Fraction, b: Fraction) => a.n * b.d < b.n * a.d;
const ONE: Fraction = { n: 1n, d: 1n };

/** 1 - p/100, floored at 0. */
function keep(percent: Fraction): Fraction {
  const n = 100n * percent.d - percent.n;
  return n <= 0n ? { n: 0n, d: 1n } : { n, d: 100n * percent.d };
}

const minorDigits = (currency: string): number => new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** Half away from zero at the currency's minor unit (amounts here are never negative). */
export function roundToMinor(value: Fraction, currency: string): Money {
  const scale = 10n ** BigInt(minorDigits(currency));
  const scaled = value.n * scale;
  let q = scaled / value.d;
  const r = scaled % value.d;
  if (2n * r >= value.d) q += 1n;
  return money(Number(q), currency);
}

function clampPercent(p: number | null | undefined): number {
  if (p === null || p === undefined || !Number.isFinite(p)) return 0;
  return Math.min(100, Math.max(0, p));
}

export function saleActive(sku: PricingSku, now: Date): boolean {
  if (!sku.isOnSale || sku.salePrice === null || sku.salePrice === undefined) return false;
  if (!(sku.salePrice < sku.listPrice)) return false;
  if (sku.saleStart && Date.parse(sku.saleStart) > now.getTime()) return false;
  if (sku.saleEnd && Date.parse(sku.saleEnd) <= now.getTime()) return false;
  return true;
}

export function levelPercent(sku: PricingSku, account: PricingAccount): number {
  if (account.discountLevelId === null) return 0;
  const skuLevel = sku.priceDiscounts.find((d) => d.discountLevelId === account.discountLevelId && d.percent !== null && d.percent !== undefined);
  if (skuLevel) return clampPercent(skuLevel.percent);
  const brand = sku.brandId === null ? undefined : account.brandDiscounts.find((b) => b.brandId === sku.brandId);
  return clampPercent(brand?.percent);
}

/** The tiers that apply to this account (its level's own, else the general ones). */
export function applicableTiers(discount: PricingQuantityDiscount | null, account: PricingAccount): PricingTier[] {
  if (!discount || !discount.isActive) return [];
  const own = account.discountLevelId === null ? undefined : discount.levels.find((l) => l.discountLevelId === account.discountLevelId);
  return own ? own.tiers : discount.tiers;
}

export function quantityPercent(discount: PricingQuantityDiscount | null, account: PricingAccount, quantity: number): number {
  let best = 0;
  for (const tier of applicableTiers(discount, account)) if (tier.quantity <= quantity) best = Math.max(best, clampPercent(tier.percent));
  return best;
}

/** The price Yodify's rules give `account` for one unit of `sku` when buying `quantity`. */
export function priceFor(sku: PricingSku, account: PricingAccount, quantity: number, currency: string, now: Date = new Date()): PriceBreakdown {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`Quantity must be a whole number of at least 1, got ${quantity}`);
  const list = fraction(Math.max(0, sku.listPrice));
  const onSale = saleActive(sku, now);
  const level = levelPercent(sku, account);
  const qd = sku.quantityDiscount && sku.quantityDiscount.isActive ? sku.quantityDiscount : null;
  const qty = quantityPercent(qd, account, quantity);

  let factor = ONE;
  if (level > 0 && qty > 0) {
    const calculation = qd?.calculation ?? "OverrideDiscountLevelPercentDiscount";
    if (calculation === "OverrideDiscountLevelPercentDiscount") factor = keep(fraction(qty));
    else if (calculation === "CascadePercentDiscount") factor = mul(keep(fraction(level)), keep(fraction(qty)));
    else {
      const l = fraction(level);
      const q = fraction(qty);
      factor = keep({ n: l.n * q.d + q.n * l.d, d: l.d * q.d });
    }
  } else if (level > 0) factor = keep(fraction(level));
  else if (qty > 0) factor = keep(fraction(qty));

  let unit: Fraction;
  if (onSale) {
    const sale = fraction(sku.salePrice!);
    if (qd?.applyToSalePrice) unit = mul(sale, factor);
    else {
      const discounted = mul(list, factor);
      unit = lessThan(discounted, sale) ? discounted : sale;
    }
  } else unit = mul(list, factor);

  return { unitPrice: roundToMinor(unit, currency), onSale, levelPercent: level, quantityPercent: qty };
}

/**
 * Portal price tiers: the unit price at 1 and at every quantity where a tier
 * of this account's quantity discount starts, keeping only the breaks where
 * the price actually changes.
 */
export function priceTiers(sku: PricingSku, account: PricingAccount, currency: string, now: Date = new Date()): PriceTier[] {
  const qd = sku.quantityDiscount && sku.quantityDiscount.isActive ? sku.quantityDiscount : null;
  const breaks = [
    ...new Set([
      1,
      ...applicableTiers(qd, account)
        .map((t) => t.quantity)
        .filter((q) => Number.isSafeInteger(q) && q > 1),
    ]),
  ].sort((a, b) => a - b);
  const tiers: PriceTier[] = [];
  for (const minQuantity of breaks) {
    const { unitPrice } = priceFor(sku, account, minQuantity, currency, now);
    const previous = tiers[tiers.length - 1];
    if (previous && previous.unitPrice.amount === unitPrice.amount) continue;
    tiers.push({ minQuantity, unitPrice });
  }
  return tiers;
}
