import { multiplyMoney, type Money } from "./money";

export interface Tier {
  minQuantity: number;
  unitPrice: Money;
}

/**
 * The tier that prices a quantity: the one with the highest minimum quantity
 * not above it. Quantities below the first tier's minimum are priced at the
 * first tier (suppliers start at 1; a catalog that does not is still priced
 * rather than refused).
 */
export function tierFor<T extends Tier>(tiers: readonly T[], quantity: number): T {
  if (tiers.length === 0) throw new RangeError("An item without price tiers cannot be priced");
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`Quantity must be a positive whole number, got ${quantity}`);
  const sorted = [...tiers].sort((a, b) => a.minQuantity - b.minQuantity);
  let chosen = sorted[0]!;
  for (const tier of sorted) if (tier.minQuantity <= quantity) chosen = tier;
  return chosen;
}

export function linePrice(tiers: readonly Tier[], quantity: number): { unitPrice: Money; lineTotal: Money; tierIndex: number } {
  const tier = tierFor(tiers, quantity);
  const sorted = [...tiers].sort((a, b) => a.minQuantity - b.minQuantity);
  return { unitPrice: tier.unitPrice, lineTotal: multiplyMoney(tier.unitPrice, quantity), tierIndex: sorted.indexOf(tier) };
}

/** What buying up to the next tier would save per unit, to nudge a buyer who is just short of it. */
export function nextTier(tiers: readonly Tier[], quantity: number): Tier | null {
  const sorted = [...tiers].sort((a, b) => a.minQuantity - b.minQuantity);
  return sorted.find((t) => t.minQuantity > quantity) ?? null;
}

/** The price a list shows for an item (catalog, search, item page, suggestions): what the buyer would pay, and the best there is. */
export interface ShownPrice {
  /** The quantity a buyer most likely buys: one (or what they bought last time), at least the first tier's minimum. */
  quantity: number;
  /** The unit price at that quantity. */
  unitPrice: Money;
  /** The deepest tier, when it prices a unit differently ("as low as $x for 100+"); null otherwise. */
  asLowAs: { minQuantity: number; unitPrice: Money } | null;
}

/**
 * Which price to show for an item before anyone picks a quantity. The deepest tier's price is not what a buyer of one
 * pays, so leading with it ("from $23.86" for an item that costs $32.15 each) misleads; it is shown second, as "as low as".
 * `likelyQuantity` is for a list that knows better than one: buy again adds the quantity last bought.
 */
export function shownPrice(tiers: readonly Tier[], likelyQuantity = 1): ShownPrice {
  if (tiers.length === 0) throw new RangeError("An item without price tiers cannot be priced");
  if (!Number.isSafeInteger(likelyQuantity) || likelyQuantity < 1) throw new RangeError(`Quantity must be a positive whole number, got ${likelyQuantity}`);
  const sorted = [...tiers].sort((a, b) => a.minQuantity - b.minQuantity);
  const quantity = Math.max(likelyQuantity, sorted[0]!.minQuantity);
  const { unitPrice } = tierFor(sorted, quantity);
  const deepest = sorted.at(-1)!;
  const differs = deepest.unitPrice.amount !== unitPrice.amount || deepest.unitPrice.currency !== unitPrice.currency;
  return { quantity, unitPrice, asLowAs: differs ? { minQuantity: deepest.minQuantity, unitPrice: deepest.unitPrice } : null };
}
