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
