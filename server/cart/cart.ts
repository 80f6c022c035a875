/**
 * A buyer's cart: lines kept in the database (so it survives browsers and restarts), each priced by its supplier at
 * the moment it is added, never by the browser.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { cartLines, supplierConnections } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { offerOf } from "@/server/catalog/supplier-offers";
import { companyCurrency } from "@/server/companies/company";
import { askSupplier } from "@/server/connections/ask-supplier";
import { connectorForRow, listSupplierConnections, loadSupplierConnection } from "@/server/connections/connections";
import { priceCart, tiersOf, type StoredCartLine } from "@/server/domain/cart";
import { MAX_LINE_QUANTITY } from "@/server/domain/quantities";
import { compareWithSupplier } from "@/server/domain/price-drift";
import { AppError, notFound } from "@/server/errors";
import { canQuote } from "@/server/quotes/quoting";
import type { CatalogItem } from "@/server/suppliers";

export async function loadCartLines(db: Database, userId: string): Promise<StoredCartLine[]> {
  return db
    .select({
      id: cartLines.id,
      supplierConnectionId: cartLines.supplierConnectionId,
      supplierName: supplierConnections.displayName,
      supplierItemId: cartLines.supplierItemId,
      itemCode: cartLines.itemCode,
      name: cartLines.name,
      imageUrl: cartLines.imageUrl,
      quantity: cartLines.quantity,
      priceTiers: cartLines.priceTiers,
      currency: cartLines.currency,
      available: cartLines.available,
      maxQuantity: cartLines.maxQuantity,
      categoryId: cartLines.categoryId,
      categoryName: cartLines.categoryName,
    })
    .from(cartLines)
    .innerJoin(supplierConnections, eq(supplierConnections.id, cartLines.supplierConnectionId))
    .where(eq(cartLines.userId, userId))
    .orderBy(asc(cartLines.createdAt), asc(cartLines.id));
}

/** The cart priced by its tiers, each supplier's group saying whether that supplier takes quote requests. */
export async function getCart(ctx: ActorContext) {
  const [lines, currency, connections] = await Promise.all([
    loadCartLines(ctx.db, ctx.user.id),
    companyCurrency(ctx.db, ctx.companyId),
    listSupplierConnections(ctx.db, ctx.companyId),
  ]);
  const quotable = new Set(connections.filter((c) => canQuote(connectorForRow(c))).map((c) => c.id));
  const cart = priceCart(lines, currency);
  return { ...cart, groups: cart.groups.map((g) => ({ ...g, canRequestQuote: quotable.has(g.supplierConnectionId) })) };
}

/** What a cart line keeps of the supplier's item: its price tiers, currency, category and stock. */
export const itemSnapshot = (item: CatalogItem) => ({
  priceTiers: item.priceTiers.map((t) => ({ minQuantity: t.minQuantity, amount: t.unitPrice.amount })),
  currency: item.priceTiers[0]?.unitPrice.currency ?? "USD",
  categoryId: item.category?.id ?? null,
  categoryName: item.category?.name ?? null,
  maxQuantity: item.maxOrderQuantity ?? null,
});

/** "Only 3 of AQP-05 in stock at Yodify", said where a quantity would go past the supplier's stock. */
export function stockMessage(itemCode: string, supplierName: string, maxQuantity: number, already = 0) {
  const held = `${supplierName} has ${maxQuantity === 0 ? "none" : `only ${maxQuantity.toLocaleString("en-US")}`} of ${itemCode} in stock`;
  return already > 0
    ? `${held}, and your cart already has ${already.toLocaleString("en-US")}.`
    : `${held}; lower the quantity or ask ${supplierName} for a quote.`;
}

export interface AddToCart {
  connectionId: string;
  itemId: string;
  quantity: number;
}

/** Prices and availability come from the supplier at the moment of adding, never from the browser. */
export async function addToCart(ctx: ActorContext, input: AddToCart) {
  const { connection, connector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const item = await askSupplier(connection.displayName, () => connector.getItem(input.itemId));
  const [existing] = await ctx.db
    .select({ quantity: cartLines.quantity })
    .from(cartLines)
    .where(and(eq(cartLines.userId, ctx.user.id), eq(cartLines.supplierConnectionId, connection.id), eq(cartLines.supplierItemId, item.supplierItemId)));
  const already = existing?.quantity ?? 0;
  const drift = compareWithSupplier({ quantity: already + input.quantity }, offerOf(item));
  if (drift.unavailable)
    throw new AppError("conflict", `${item.name} (${item.itemCode}) is not available from ${connection.displayName} right now.`, { field: "itemId" });
  if (drift.unpriced) throw new AppError("conflict", `${connection.displayName} gives no price for ${item.itemCode}.`, { field: "itemId" });
  if (drift.shortOfStock !== null)
    throw new AppError("conflict", stockMessage(item.itemCode, connection.displayName, drift.shortOfStock, already), { field: "quantity" });
  if (existing && already + input.quantity > MAX_LINE_QUANTITY) {
    throw new AppError(
      "invalid",
      `Your cart already has ${already} of ${item.itemCode}; a line can hold at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")}.`,
      { field: "quantity" },
    );
  }
  const snapshot = itemSnapshot(item);
  const [line] = await ctx.db
    .insert(cartLines)
    .values({
      companyId: ctx.companyId,
      userId: ctx.user.id,
      supplierConnectionId: connection.id,
      supplierItemId: item.supplierItemId,
      itemCode: item.itemCode,
      name: item.name,
      imageUrl: item.images[0] ?? null,
      quantity: input.quantity,
      available: item.available,
      ...snapshot,
    })
    .onConflictDoUpdate({
      target: [cartLines.userId, cartLines.supplierConnectionId, cartLines.supplierItemId],
      set: {
        quantity: sql`${cartLines.quantity} + ${input.quantity}`,
        priceTiers: snapshot.priceTiers,
        currency: snapshot.currency,
        categoryId: snapshot.categoryId,
        categoryName: snapshot.categoryName,
        maxQuantity: snapshot.maxQuantity,
        available: item.available,
        name: item.name,
        pricedAt: new Date(),
        updatedAt: new Date(),
      },
    })
    .returning({ id: cartLines.id, quantity: cartLines.quantity, priceTiers: cartLines.priceTiers, currency: cartLines.currency });
  return { lineId: line!.id, quantity: line!.quantity, itemName: item.name, tiers: tiersOf(line!) };
}

export async function setCartQuantity(ctx: ActorContext, input: { lineId: string; quantity: number }) {
  // The stock the supplier gave when the line was last priced; checkout asks again before anything is ordered.
  const [current] = await ctx.db
    .select({ itemCode: cartLines.itemCode, maxQuantity: cartLines.maxQuantity, supplierName: supplierConnections.displayName })
    .from(cartLines)
    .innerJoin(supplierConnections, eq(supplierConnections.id, cartLines.supplierConnectionId))
    .where(and(eq(cartLines.id, input.lineId), eq(cartLines.userId, ctx.user.id)));
  if (!current) throw notFound("That cart line");
  if (current.maxQuantity !== null && input.quantity > current.maxQuantity) {
    throw new AppError("conflict", stockMessage(current.itemCode, current.supplierName, current.maxQuantity), { field: "quantity" });
  }
  const [line] = await ctx.db
    .update(cartLines)
    .set({ quantity: input.quantity, updatedAt: new Date() })
    .where(and(eq(cartLines.id, input.lineId), eq(cartLines.userId, ctx.user.id)))
    .returning({ id: cartLines.id, quantity: cartLines.quantity });
  if (!line) throw notFound("That cart line");
  return line;
}

export async function removeCartLine(ctx: ActorContext, input: { lineId: string }) {
  const deleted = await ctx.db
    .delete(cartLines)
    .where(and(eq(cartLines.id, input.lineId), eq(cartLines.userId, ctx.user.id)))
    .returning({ id: cartLines.id });
  if (deleted.length === 0) throw notFound("That cart line");
  return { removed: true };
}
