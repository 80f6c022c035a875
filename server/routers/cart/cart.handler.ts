import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { cartLines, companies, supplierConnections } from "@/db/schema";
import { priceCart, tiersOf, type StoredCartLine } from "@/server/domain/cart";
import type { Money } from "@/server/domain/money";
import { linePrice } from "@/server/domain/price-tiers";
import { AppError, notFound } from "@/server/errors";
import { canQuote } from "@/server/quotes/quotes";
import { askSupplier, connectorForRow, listSupplierConnections, loadSupplierConnection } from "@/server/suppliers/connections";
import type { CatalogItem } from "@/server/suppliers/types";
import type { MemberContext } from "@/server/trpc/init";
import { MAX_LINE_QUANTITY, type AddToCartInput, type RemoveLineInput, type SetQuantityInput } from "./cart.schema";

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

export async function companyCurrency(db: Database, companyId: string): Promise<string> {
  const [row] = await db.select({ currency: companies.currency }).from(companies).where(eq(companies.id, companyId));
  return row?.currency ?? "USD";
}

export async function getCartHandler({ ctx }: { ctx: MemberContext }) {
  const [lines, currency, connections] = await Promise.all([
    loadCartLines(ctx.db, ctx.user.id),
    companyCurrency(ctx.db, ctx.companyId),
    listSupplierConnections(ctx.db, ctx.companyId),
  ]);
  // Suppliers the buyer may ask for a quote on their lines instead of ordering at list price.
  const quotable = new Set(connections.filter((c) => canQuote(connectorForRow(c))).map((c) => c.id));
  const cart = priceCart(lines, currency);
  return { ...cart, groups: cart.groups.map((g) => ({ ...g, canRequestQuote: quotable.has(g.supplierConnectionId) })) };
}

/** What a cart line keeps of the supplier's item: its price tiers, currency and category. */
export const itemSnapshot = (item: CatalogItem) => ({
  priceTiers: item.priceTiers.map((t) => ({ minQuantity: t.minQuantity, amount: t.unitPrice.amount })),
  currency: item.priceTiers[0]?.unitPrice.currency ?? "USD",
  categoryId: item.category.id,
  categoryName: item.category.name,
  maxQuantity: item.maxOrderQuantity ?? null,
});

/** "Only 3 of AQP-05 in stock at Yodify", said where a quantity would go past the supplier's stock. */
export function stockMessage(itemCode: string, supplierName: string, maxQuantity: number, already = 0) {
  const held = `${supplierName} has ${maxQuantity === 0 ? "none" : `only ${maxQuantity.toLocaleString("en-US")}`} of ${itemCode} in stock`;
  return already > 0
    ? `${held}, and your cart already has ${already.toLocaleString("en-US")}.`
    : `${held}; lower the quantity or ask ${supplierName} for a quote.`;
}

/** Prices and availability come from the supplier at the moment of adding, never from the browser. */
export async function addToCartHandler({ ctx, input }: { ctx: MemberContext; input: AddToCartInput }) {
  const { connection, connector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const item = await askSupplier(connection.displayName, () => connector.getItem(input.itemId));
  if (!item.available)
    throw new AppError("conflict", `${item.name} (${item.itemCode}) is not available from ${connection.displayName} right now.`, { field: "itemId" });
  if (item.priceTiers.length === 0) throw new AppError("conflict", `${connection.displayName} gives no price for ${item.itemCode}.`, { field: "itemId" });
  const snapshot = itemSnapshot(item);
  const [existing] = await ctx.db
    .select({ quantity: cartLines.quantity })
    .from(cartLines)
    .where(and(eq(cartLines.userId, ctx.user.id), eq(cartLines.supplierConnectionId, connection.id), eq(cartLines.supplierItemId, item.supplierItemId)));
  const wanted = (existing?.quantity ?? 0) + input.quantity;
  if (snapshot.maxQuantity !== null && wanted > snapshot.maxQuantity) {
    throw new AppError("conflict", stockMessage(item.itemCode, connection.displayName, snapshot.maxQuantity, existing?.quantity ?? 0), { field: "quantity" });
  }
  if (existing && existing.quantity + input.quantity > MAX_LINE_QUANTITY) {
    throw new AppError(
      "invalid",
      `Your cart already has ${existing.quantity} of ${item.itemCode}; a line can hold at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")}.`,
      { field: "quantity" },
    );
  }
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
    .returning({ id: cartLines.id, quantity: cartLines.quantity });
  return { lineId: line!.id, quantity: line!.quantity, itemName: item.name };
}

export async function setQuantityHandler({ ctx, input }: { ctx: MemberContext; input: SetQuantityInput }) {
  // The stock the supplier gave when the line was last priced; checkout asks again before anything is ordered.
  const [current] = await ctx.db
    .select({ itemCode: cartLines.itemCode, maxQuantity: cartLines.maxQuantity, supplierName: supplierConnections.displayName })
    .from(cartLines)
    .innerJoin(supplierConnections, eq(supplierConnections.id, cartLines.supplierConnectionId))
    .where(and(eq(cartLines.id, input.lineId), eq(cartLines.userId, ctx.user.id)));
  if (!current) throw notFound("That cart line");
  if (current.maxQuantity !== null && input.quantity > current.maxQuantity)
    throw new AppError("conflict", stockMessage(current.itemCode, current.supplierName, current.maxQuantity), { field: "quantity" });
  const [line] = await ctx.db
    .update(cartLines)
    .set({ quantity: input.quantity, updatedAt: new Date() })
    .where(and(eq(cartLines.id, input.lineId), eq(cartLines.userId, ctx.user.id)))
    .returning({ id: cartLines.id, quantity: cartLines.quantity });
  if (!line) throw notFound("That cart line");
  return line;
}

export async function removeLineHandler({ ctx, input }: { ctx: MemberContext; input: RemoveLineInput }) {
  const deleted = await ctx.db
    .delete(cartLines)
    .where(and(eq(cartLines.id, input.lineId), eq(cartLines.userId, ctx.user.id)))
    .returning({ id: cartLines.id });
  if (deleted.length === 0) throw notFound("That cart line");
  return { removed: true };
}

/** Why a line did not go into the cart, in a word the page can pick wording by; the message says it in full. */
export type NotAddedReason = "unavailable" | "short_of_stock" | "no_longer_sold" | "supplier_unreachable" | "refused";

export interface CartAttempt {
  connectionId: string;
  supplierItemId: string;
  quantity: number;
}

export type CartAttemptResult =
  { ok: true; lineId: string; itemName: string; quantityInCart: number; unitPrice: Money | null } | { ok: false; reason: NotAddedReason; message: string };

/** What a refused add means to the buyer, from the cart's own refusals (see addToCartHandler). */
function notAddedReason(error: AppError): NotAddedReason {
  if (error.kind === "supplier_unavailable") return "supplier_unreachable";
  if (error.kind === "not_found") return "no_longer_sold";
  if (error.kind === "conflict" && error.field === "quantity") return "short_of_stock";
  if (error.kind === "conflict" && error.field === "itemId") return "unavailable";
  return "refused";
}

/**
 * Adds many lines through the cart's own add, so a reorder, a quick order or an order list is
 * priced and stock-checked exactly like a tap on "Add to cart". Suppliers are asked at the same
 * time; one supplier's lines go one after another (two lines of one item are stock-checked
 * against each other, within its rate limit), and once a supplier cannot be reached its remaining
 * lines are reported without asking again. Results come back in the attempts' order.
 */
export async function addManyToCart(ctx: MemberContext, attempts: CartAttempt[]): Promise<CartAttemptResult[]> {
  const results: CartAttemptResult[] = new Array(attempts.length);
  const bySupplier = new Map<string, number[]>();
  attempts.forEach((a, i) => bySupplier.set(a.connectionId, [...(bySupplier.get(a.connectionId) ?? []), i]));
  await Promise.all(
    [...bySupplier.values()].map(async (indexes) => {
      let unreachable: string | null = null;
      for (const i of indexes) {
        const attempt = attempts[i]!;
        if (unreachable) {
          results[i] = { ok: false, reason: "supplier_unreachable", message: unreachable };
          continue;
        }
        try {
          const added = await addToCartHandler({
            ctx,
            input: { connectionId: attempt.connectionId, itemId: attempt.supplierItemId, quantity: attempt.quantity },
          });
          // The price the cart now holds for this quantity: what the supplier answered a moment ago.
          const [line] = await ctx.db
            .select({ priceTiers: cartLines.priceTiers, currency: cartLines.currency })
            .from(cartLines)
            .where(eq(cartLines.id, added.lineId));
          results[i] = {
            ok: true,
            lineId: added.lineId,
            itemName: added.itemName,
            quantityInCart: added.quantity,
            unitPrice: line && line.priceTiers.length ? linePrice(tiersOf(line), attempt.quantity).unitPrice : null,
          };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results[i] = { ok: false, reason: notAddedReason(error), message: error.message };
          if (error.kind === "supplier_unavailable") unreachable = error.message;
        }
      }
    }),
  );
  return results;
}
