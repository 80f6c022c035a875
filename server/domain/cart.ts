import { addMoney, money, type Money } from "./money";
import { linePrice, nextTier, type Tier } from "./price-tiers";

export interface StoredCartLine {
  id: string;
  supplierConnectionId: string;
  supplierName: string;
  supplierItemId: string;
  itemCode: string;
  name: string;
  imageUrl: string | null;
  quantity: number;
  priceTiers: { minQuantity: number; amount: number }[];
  currency: string;
  available: boolean;
  /** The most the supplier would sell when last asked (its stock); null or absent when it sets no limit. */
  maxQuantity?: number | null;
  /** The supplier's category, when known; approval rules can name categories. */
  categoryId?: string | null;
  categoryName?: string | null;
}

export interface PricedCartLine extends StoredCartLine {
  unitPrice: Money;
  lineTotal: Money;
  tiers: Tier[];
  tierIndex: number;
  /** The next cheaper tier, when buying a little more would reach it. */
  nextTier: Tier | null;
  /** More than the supplier has to sell: the buyer must lower the quantity before checking out. */
  overStock: boolean;
}

export interface SupplierGroup {
  supplierConnectionId: string;
  supplierName: string;
  lines: PricedCartLine[];
  subtotal: Money;
}

export interface PricedCart {
  groups: SupplierGroup[];
  lineCount: number;
  unitCount: number;
  subtotal: Money;
  hasUnavailable: boolean;
  /** A line asks for more than its supplier has in stock. */
  hasOverStock: boolean;
}

export const tiersOf = (line: Pick<StoredCartLine, "priceTiers" | "currency">): Tier[] =>
  line.priceTiers.map((t) => ({ minQuantity: t.minQuantity, unitPrice: money(t.amount, line.currency) }));

export const exceedsStock = (line: Pick<StoredCartLine, "quantity" | "maxQuantity">) =>
  line.maxQuantity !== null && line.maxQuantity !== undefined && line.quantity > line.maxQuantity;

export function priceLine(line: StoredCartLine): PricedCartLine {
  const tiers = tiersOf(line);
  const { unitPrice, lineTotal, tierIndex } = linePrice(tiers, line.quantity);
  return { ...line, tiers, unitPrice, lineTotal, tierIndex, nextTier: nextTier(tiers, line.quantity), overStock: exceedsStock(line) };
}

/** Lines priced by their tiers and grouped per supplier, in the order they were added. */
export function priceCart(lines: StoredCartLine[], companyCurrency: string): PricedCart {
  const groups = new Map<string, SupplierGroup>();
  let subtotal = money(0, companyCurrency);
  let unitCount = 0;
  for (const line of lines) {
    const priced = priceLine(line);
    let group = groups.get(line.supplierConnectionId);
    if (!group) {
      group = { supplierConnectionId: line.supplierConnectionId, supplierName: line.supplierName, lines: [], subtotal: money(0, line.currency) };
      groups.set(line.supplierConnectionId, group);
    }
    group.lines.push(priced);
    group.subtotal = addMoney(group.subtotal, priced.lineTotal);
    subtotal = addMoney(subtotal, priced.lineTotal);
    unitCount += line.quantity;
  }
  return {
    groups: [...groups.values()],
    lineCount: lines.length,
    unitCount,
    subtotal,
    hasUnavailable: lines.some((l) => !l.available),
    hasOverStock: lines.some(exceedsStock),
  };
}
