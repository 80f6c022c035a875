/**
 * "What was priced" against "what the supplier says now", for one line: the single comparison behind every live
 * re-check (adding to the cart, checkout, resubmitting, the last look before placing). Each caller decides what a
 * difference means for it (refuse, tell the buyer, send the requisition back); the comparison itself is written once.
 */
import { linePrice, type Tier } from "./price-tiers";
import type { Money } from "./money";

/** The supplier's word on an item right now. */
export interface SupplierOffer {
  available: boolean;
  /** The supplier's quantity tiers, cheapest-last or in any order; empty when it gives no price. */
  tiers: Tier[];
  /** The most it would sell now (its stock) when it limits that; null when it sets no limit. */
  maxOrderQuantity: number | null;
}

/** What the portal priced the line at, as far as it remembers: the tiers and stock a cart line keeps, or a unit price. */
export interface PricedLine {
  quantity: number;
  /** The unit price the requisition was priced at. */
  unitPrice?: Money;
  /** The tiers, availability and stock the cart last saw. */
  tiers?: Tier[];
  available?: boolean;
  maxQuantity?: number | null;
}

export interface PriceDrift {
  /** The supplier does not sell it now. */
  unavailable: boolean;
  /** It sells it but names no price, so it cannot be ordered through the portal. */
  unpriced: boolean;
  /** The supplier's stock when the quantity is more than it has; null when the quantity fits. */
  shortOfStock: number | null;
  /** Today's price for the line's quantity; null when unpriced. */
  now: { unitPrice: Money; lineTotal: Money } | null;
  /** The unit price moved from the one priced (only when a unit price was given). */
  unitPriceChange: { from: Money; to: Money } | null;
  /** Any tier differs from the tiers remembered (only when tiers were given). */
  tiersChanged: boolean;
  /** The supplier's availability differs from what was remembered. */
  availabilityChanged: boolean;
  /** The supplier's stock limit differs from the one remembered. */
  stockChanged: boolean;
}

const sameTiers = (a: readonly Tier[], b: readonly Tier[]) =>
  a.length === b.length &&
  a.every((t, i) => t.minQuantity === b[i]!.minQuantity && t.unitPrice.amount === b[i]!.unitPrice.amount && t.unitPrice.currency === b[i]!.unitPrice.currency);

export function compareWithSupplier(priced: PricedLine, offer: SupplierOffer): PriceDrift {
  const unpriced = offer.tiers.length === 0;
  const now = unpriced ? null : linePrice(offer.tiers, priced.quantity);
  const changed = priced.unitPrice && now && (now.unitPrice.amount !== priced.unitPrice.amount || now.unitPrice.currency !== priced.unitPrice.currency);
  return {
    unavailable: !offer.available,
    unpriced,
    shortOfStock: offer.available && offer.maxOrderQuantity !== null && priced.quantity > offer.maxOrderQuantity ? offer.maxOrderQuantity : null,
    now: now ? { unitPrice: now.unitPrice, lineTotal: now.lineTotal } : null,
    unitPriceChange: changed ? { from: priced.unitPrice!, to: now!.unitPrice } : null,
    tiersChanged: priced.tiers !== undefined && !sameTiers(priced.tiers, offer.tiers),
    availabilityChanged: priced.available !== undefined && priced.available !== offer.available,
    stockChanged: priced.maxQuantity !== undefined && (priced.maxQuantity ?? null) !== offer.maxOrderQuantity,
  };
}

/**
 * Whether a total rose past what the company accepts between approving and placing (basis points: 200 = 2%).
 * Equal to the tolerance is still within it.
 */
export function roseBeyondTolerance(approvedTotal: number, newTotal: number, toleranceBp: number): boolean {
  return newTotal * 10_000 > approvedTotal * (10_000 + toleranceBp);
}
