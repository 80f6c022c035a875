/**
 * Many lines into the cart at once (a reorder, a quick order, an order list), each through the cart's own add, so it
 * is priced and stock-checked exactly like a tap on "Add to cart".
 */
import type { ActorContext } from "@/server/actor";
import { linePrice } from "@/server/domain/price-tiers";
import type { Money } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { addToCart } from "./cart";

/** Why a line did not go into the cart, in a word the page can pick wording by; the message says it in full. */
export type NotAddedReason = "unavailable" | "short_of_stock" | "no_longer_sold" | "supplier_unreachable" | "refused";

export interface CartAttempt {
  connectionId: string;
  supplierItemId: string;
  quantity: number;
}

export type CartAttemptResult =
  { ok: true; lineId: string; itemName: string; quantityInCart: number; unitPrice: Money | null } | { ok: false; reason: NotAddedReason; message: string };

/** What a refused add means to the buyer, from the cart's own refusals (see addToCart). */
function notAddedReason(error: AppError): NotAddedReason {
  if (error.kind === "supplier_unavailable") return "supplier_unreachable";
  if (error.kind === "not_found") return "no_longer_sold";
  if (error.kind === "conflict" && error.field === "quantity") return "short_of_stock";
  if (error.kind === "conflict" && error.field === "itemId") return "unavailable";
  return "refused";
}

/**
 * Suppliers are asked at the same time; one supplier's lines go one after another (two lines of one item are
 * stock-checked against each other, within its rate limit), and once a supplier cannot be reached its remaining lines
 * are reported without asking again. Results come back in the attempts' order.
 */
export async function addManyToCart(ctx: ActorContext, attempts: CartAttempt[]): Promise<CartAttemptResult[]> {
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
          const added = await addToCart(ctx, { connectionId: attempt.connectionId, itemId: attempt.supplierItemId, quantity: attempt.quantity });
          results[i] = {
            ok: true,
            lineId: added.lineId,
            itemName: added.itemName,
            quantityInCart: added.quantity,
            // The price the cart now holds for this quantity: what the supplier answered a moment ago.
            unitPrice: added.tiers.length ? linePrice(added.tiers, attempt.quantity).unitPrice : null,
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
