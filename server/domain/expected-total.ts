/**
 * What an order is expected to cost in all, before the supplier says: its lines, plus the tax and shipping the
 * supplier adds. Where the supplier documents the account's tax rate (Orderspace's tax rates) the tax is quoted at
 * it; otherwise, and for shipping, which no supplier quotes before an order exists, the portal estimates from the
 * company's own recent orders with that supplier (the tax rate they charged, and the shipping of the order whose
 * size was closest), and says that it is an estimate and what it rests on. With no earlier order there
 * is no estimate, and the person is told the supplier will add them. Approvals and the budget reservation use the
 * expected total; the budget commits the supplier's own total once it has the order, and any difference is shown.
 */
import { formatMoney, money, type Money } from "./money";

/** An earlier order with this supplier as the supplier priced it. */
export interface PricedEarlier {
  subtotal: number;
  tax: number;
  shipping: number;
}

export interface ExtrasEstimate {
  /** Tax as a share of the lines, in hundredths of a percent (basis points). */
  taxRateBps: number;
  /** The supplier's own documented rate, not one inferred from earlier orders. */
  taxQuoted: boolean;
  /** Null: no earlier order to tell shipping from. */
  shippingMinor: number | null;
  /** How many earlier orders it rests on. */
  basedOn: number;
}

export function estimateExtras(earlier: PricedEarlier[], subtotal: number, quotedTaxRateBps: number | null = null): ExtrasEstimate | null {
  const usable = earlier.filter((o) => o.subtotal > 0);
  if (usable.length === 0) {
    return quotedTaxRateBps === null ? null : { taxRateBps: quotedTaxRateBps, taxQuoted: true, shippingMinor: null, basedOn: 0 };
  }
  const rates = usable.map((o) => Math.round((o.tax * 10_000) / o.subtotal)).sort((a, b) => a - b);
  // Shipping often depends on the order's size (free over an amount), so the nearest-sized order says most.
  const nearest = usable.reduce((best, o) => (Math.abs(o.subtotal - subtotal) < Math.abs(best.subtotal - subtotal) ? o : best));
  return {
    taxRateBps: quotedTaxRateBps ?? rates[Math.floor(rates.length / 2)]!,
    taxQuoted: quotedTaxRateBps !== null,
    shippingMinor: nearest.shipping,
    basedOn: usable.length,
  };
}

export interface ExpectedTotal {
  subtotal: Money;
  /** Null: no estimate (no earlier order with this supplier). */
  estimatedTax: Money | null;
  estimatedShipping: Money | null;
  expected: Money;
}

export function expectedTotal(subtotal: Money, estimate: Pick<ExtrasEstimate, "taxRateBps" | "shippingMinor"> | null): ExpectedTotal {
  if (!estimate) return { subtotal, estimatedTax: null, estimatedShipping: null, expected: subtotal };
  const tax = Math.round((subtotal.amount * estimate.taxRateBps) / 10_000);
  const shipping = estimate.shippingMinor;
  return {
    subtotal,
    estimatedTax: money(tax, subtotal.currency),
    estimatedShipping: shipping === null ? null : money(shipping, subtotal.currency),
    expected: money(subtotal.amount + tax + (shipping ?? 0), subtotal.currency),
  };
}

/** How the supplier's final total compares with what was expected, in words; null when they agree. */
export function finalTotalDifference(supplierName: string, expected: Money, final: Money, estimated: boolean): string | null {
  const difference = final.amount - expected.amount;
  if (difference === 0 || final.currency !== expected.currency) return null;
  const by = money(Math.abs(difference), final.currency);
  const what = estimated ? "the estimate" : "the lines alone (no tax or shipping was known)";
  return `${supplierName}'s final total is ${difference > 0 ? "more" : "less"} than ${what} by ${formatMoney(by)}.`;
}
