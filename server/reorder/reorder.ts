/**
 * Reordering from a phone: a past requisition again at today's prices (with substitutes for what cannot be had),
 * the items bought most ("buy again"), code suggestions as the buyer types, and a pasted quick order. Everything here
 * fills the caller's own cart through the cart's own add.
 */
import { and, asc, desc, eq, inArray, isNull, ne, notInArray, sql } from "drizzle-orm";
import { catalogItems, requisitionLines, requisitions, supplierConnections, supplierOrders } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { addManyToCart, type NotAddedReason } from "@/server/cart/add-many";
import { loadCartLines } from "@/server/cart/cart";
import { mirroredPrice, searchMirror } from "@/server/catalog/search";
import { money, type Money } from "@/server/domain/money";
import type { ShownPrice } from "@/server/domain/price-tiers";
import { parseQuickOrder } from "@/server/domain/quick-order";
import { AppError, notFound } from "@/server/errors";
import { loadRequisitionInCompany } from "@/server/requisitions/access";

export type { NotAddedReason };

/** An item from the catalog mirror offered to the buyer to pick: a substitute, or one supplier's item for an ambiguous code. */
export interface MirroredChoice {
  connectionId: string;
  supplierName: string;
  supplierItemId: string;
  itemCode: string;
  name: string;
  /** What a list shows for it (shownPrice). */
  price: ShownPrice;
  /** price.unitPrice, for the checkout page's substitutes until it shows `price` (its "from" is the price of one now). */
  priceFrom: Money;
}
export type Substitute = MirroredChoice;

function choicePrice(item: Parameters<typeof mirroredPrice>[0]): Pick<MirroredChoice, "price" | "priceFrom"> {
  const price = mirroredPrice(item);
  return { price, priceFrom: price.unitPrice };
}

/** Words of an item's name as an OR query, so a substitute sharing any of them ranks, and more shared words rank higher. */
function anyWordQuery(name: string): string {
  const words = [...new Set(name.toLowerCase().match(/[a-z0-9]+/g) ?? [])].filter((w) => w.length > 1).slice(0, 12);
  return words.join(" | ");
}

/**
 * Up to three items from the mirror the buyer could take instead: the same
 * supplier connection and category (or, at a supplier without categories, the
 * same brand), available and still listed, never the item itself, the best
 * text match on its name first.
 */
export async function findSubstitutes(
  ctx: ActorContext,
  line: { connectionId: string; supplierItemId: string; name: string; categoryId: string | null },
): Promise<Substitute[]> {
  // Where the supplier files the item now (the mirror), else what the line kept.
  const [mirrored] = await ctx.db
    .select({ categoryId: catalogItems.categoryId, brandId: catalogItems.brandId })
    .from(catalogItems)
    .where(
      and(eq(catalogItems.companyId, ctx.companyId), eq(catalogItems.connectionId, line.connectionId), eq(catalogItems.supplierItemId, line.supplierItemId)),
    );
  const categoryId = mirrored ? mirrored.categoryId : line.categoryId;
  const brandId = mirrored?.brandId ?? null;
  const group = categoryId ? eq(catalogItems.categoryId, categoryId) : brandId ? eq(catalogItems.brandId, brandId) : null;
  if (!group) return [];
  const words = anyWordQuery(line.name);
  const rank = words ? sql<number>`ts_rank(${catalogItems.searchDoc}, to_tsquery('english', ${words}))` : sql<number>`0`;
  const rows = await ctx.db
    .select({ item: catalogItems, supplierName: supplierConnections.displayName })
    .from(catalogItems)
    .innerJoin(supplierConnections, eq(supplierConnections.id, catalogItems.connectionId))
    .where(
      and(
        eq(catalogItems.companyId, ctx.companyId),
        eq(catalogItems.connectionId, line.connectionId),
        eq(supplierConnections.enabled, true),
        group,
        eq(catalogItems.available, true),
        isNull(catalogItems.delistedAt),
        ne(catalogItems.supplierItemId, line.supplierItemId),
      ),
    )
    .orderBy(desc(rank), asc(catalogItems.name), asc(catalogItems.id))
    .limit(3);
  return rows.map(({ item, supplierName }) => ({
    connectionId: item.connectionId,
    supplierName,
    supplierItemId: item.supplierItemId,
    itemCode: item.itemCode,
    name: item.name,
    ...choicePrice(item),
  }));
}

/**
 * A line that was already in the buyer's cart before a reorder and that the
 * reorder did not add to. Checkout submits the whole cart, so it goes out with
 * the reorder unless the buyer takes it out; the page lists it for that.
 */
export interface OtherCartLine {
  lineId: string;
  itemCode: string;
  name: string;
  supplierName: string;
  quantity: number;
}

/**
 * Who may reorder a requisition: whoever may see it (its requester, or an
 * approver or admin of the same company, the requisition page's own rule).
 * Reordering only copies its lines into the caller's own cart at today's
 * prices, so it shows nothing the caller could not already read; anyone else
 * gets "not found", as for an id that does not exist.
 */
export async function reorderRequisition(ctx: ActorContext, input: { requisitionId: string }) {
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, input.requisitionId);
  const seesCompany = ctx.user.roles.includes("approver") || ctx.user.roles.includes("admin");
  if (requisition.requesterId !== ctx.user.id && !seesCompany) throw notFound("That requisition");

  const lines = await ctx.db
    .select({
      id: requisitionLines.id,
      connectionId: supplierOrders.supplierConnectionId,
      supplierName: supplierConnections.displayName,
      supplierItemId: requisitionLines.supplierItemId,
      itemCode: requisitionLines.itemCode,
      name: requisitionLines.name,
      categoryId: requisitionLines.categoryId,
      quantity: requisitionLines.quantity,
      unitPriceMinor: requisitionLines.unitPriceMinor,
      currency: requisitionLines.currency,
    })
    .from(requisitionLines)
    .innerJoin(supplierOrders, eq(supplierOrders.id, requisitionLines.supplierOrderId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    // Lines an approver took out were not ordered, so they are not part of "the same again".
    .where(
      and(
        eq(requisitionLines.companyId, ctx.companyId),
        eq(requisitionLines.requisitionId, requisition.id),
        eq(requisitionLines.revision, requisition.revision),
        isNull(requisitionLines.rejectedReason),
      ),
    )
    .orderBy(asc(supplierConnections.displayName), asc(requisitionLines.itemCode));
  if (lines.length === 0) throw new AppError("precondition", `REQ-${requisition.number} has no lines left to order again.`);

  // The cart as it was, read once before adding (the same lines checkout will submit), to tell the buyer what else goes out with the reorder.
  const cartBefore = await loadCartLines(ctx.db, ctx.user.id);
  const results = await addManyToCart(
    ctx,
    lines.map((l) => ({ connectionId: l.connectionId, supplierItemId: l.supplierItemId, quantity: l.quantity })),
  );
  // What each touched cart line holds after the whole reorder: one supplier's adds run in order, so the last one for a line has its final quantity.
  const finalQuantity = new Map<string, number>();
  for (const result of results) if (result.ok) finalQuantity.set(result.lineId, result.quantityInCart);
  const added = [];
  const notAdded = [];
  for (const [i, line] of lines.entries()) {
    const result = results[i]!;
    const base = {
      itemCode: line.itemCode,
      name: line.name,
      supplierName: line.supplierName,
      connectionId: line.connectionId,
      supplierItemId: line.supplierItemId,
      categoryId: line.categoryId,
      quantity: line.quantity,
    };
    const oldUnitPrice = money(line.unitPriceMinor, line.currency);
    if (result.ok) {
      const newUnitPrice = result.unitPrice ?? oldUnitPrice;
      added.push({
        ...base,
        lineId: result.lineId,
        oldUnitPrice,
        newUnitPrice,
        priceChanged: newUnitPrice.amount !== oldUnitPrice.amount || newUnitPrice.currency !== oldUnitPrice.currency,
        // More in the cart than asked means the cart already had some of this item: checkout orders the sum.
        quantityAsked: line.quantity,
        quantityInCart: finalQuantity.get(result.lineId) ?? result.quantityInCart,
      });
    } else {
      notAdded.push({ ...base, oldUnitPrice, reason: result.reason, message: result.message, substitutes: [] as Substitute[] });
    }
  }
  // A supplier that cannot be reached cannot sell a substitute either; the others get the mirror's suggestions.
  await Promise.all(
    notAdded.map(async (n) => {
      if (n.reason === "supplier_unreachable") return;
      n.substitutes = await findSubstitutes(ctx, n);
    }),
  );
  // Lines the reorder did not add to, including one of an item it could not add (that line stays in the cart as it was).
  const touched = new Set(added.map((a) => a.lineId));
  const otherCartLines: OtherCartLine[] = cartBefore
    .filter((l) => !touched.has(l.id))
    .map((l) => ({ lineId: l.id, itemCode: l.itemCode, name: l.name, supplierName: l.supplierName, quantity: l.quantity }));
  return {
    requisitionId: requisition.id,
    label: `REQ-${requisition.number}`,
    added,
    notAdded,
    otherCartLines,
    choices: await reorderChoices(ctx, requisition),
  };
}

/**
 * What checkout starts from when reordering, so that reordering is home, Reorder, Submit: the original's PO number
 * (offered, and said where it came from), its cost center, and the ship-to it used at each supplier. Checkout checks
 * them all again on submit, as it checks anything typed.
 */
async function reorderChoices(ctx: ActorContext, requisition: { id: string; revision: number; poNumber: string; costCenterId: string; number: number }) {
  const orders = await ctx.db
    .select({ connectionId: supplierOrders.supplierConnectionId, shipTo: supplierOrders.shipTo })
    .from(supplierOrders)
    .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision)));
  return {
    from: `REQ-${requisition.number}`,
    poNumber: requisition.poNumber,
    costCenterId: requisition.costCenterId,
    shipTo: orders.map((o) => ({ connectionId: o.connectionId, addressId: o.shipTo.supplierAddressId })),
  };
}

/**
 * The last requisition the buyer submitted, with a summary of its lines, for
 * the home page's one-tap reorder.
 */
export async function lastRequisition(ctx: ActorContext) {
  const [last] = await ctx.db
    .select({
      id: requisitions.id,
      number: requisitions.number,
      revision: requisitions.revision,
      status: requisitions.status,
      submittedAt: requisitions.submittedAt,
      totalMinor: requisitions.totalMinor,
      currency: requisitions.currency,
    })
    .from(requisitions)
    .where(and(eq(requisitions.companyId, ctx.companyId), eq(requisitions.requesterId, ctx.user.id)))
    .orderBy(desc(requisitions.submittedAt), desc(requisitions.number))
    .limit(1);
  if (!last) return null;
  const lines = await ctx.db
    .select({ itemCode: requisitionLines.itemCode, name: requisitionLines.name, quantity: requisitionLines.quantity })
    .from(requisitionLines)
    .where(
      and(
        eq(requisitionLines.companyId, ctx.companyId),
        eq(requisitionLines.requisitionId, last.id),
        eq(requisitionLines.revision, last.revision),
        isNull(requisitionLines.rejectedReason),
      ),
    )
    .orderBy(asc(requisitionLines.itemCode));
  return {
    id: last.id,
    label: `REQ-${last.number}`,
    status: last.status,
    submittedAt: last.submittedAt,
    total: money(last.totalMinor, last.currency),
    lineCount: lines.length,
    lines: lines.slice(0, 3),
  };
}

/** Days after which an order counts half as much in "Buy again". */
export const BUY_AGAIN_HALF_LIFE_DAYS = 30;

/**
 * The items bought most, from the lines of submitted requisitions (leaving out
 * withdrawn and rejected requisitions and lines an approver took out).
 *
 * score = sum over the requisitions that had the item of 0.5 ^ (age in days / 30)
 *
 * Each order counts 1 on the day it is placed and half as much every 30 days
 * after, so three orders this month (about 3) beat one order today (1), but
 * three orders four months ago (3 x 0.06) do not: frequency wins while it is
 * still recent.
 */
export async function buyAgain(ctx: ActorContext, input: { scope: "mine" | "company"; limit: number }, now = new Date()) {
  const ageDays = sql`greatest(0, extract(epoch from (${now.toISOString()}::timestamptz - ${requisitions.submittedAt})) / 86400.0)`;
  const score = sql<number>`sum(power(0.5, ${ageDays} / ${BUY_AGAIN_HALF_LIFE_DAYS}))::float8`;
  const latest = (column: unknown) => sql`(array_agg(${column} order by ${requisitions.submittedAt} desc, ${requisitionLines.id}))[1]`;
  const conditions = [
    eq(requisitions.companyId, ctx.companyId),
    eq(requisitionLines.companyId, ctx.companyId),
    notInArray(requisitions.status, ["rejected", "withdrawn"]),
    eq(requisitionLines.revision, requisitions.revision),
    isNull(requisitionLines.rejectedReason),
    eq(supplierConnections.enabled, true),
  ];
  if (input.scope === "mine") conditions.push(eq(requisitions.requesterId, ctx.user.id));
  const rows = await ctx.db
    .select({
      connectionId: supplierOrders.supplierConnectionId,
      supplierName: supplierConnections.displayName,
      supplierItemId: requisitionLines.supplierItemId,
      itemCode: sql<string>`${latest(requisitionLines.itemCode)}`,
      name: sql<string>`${latest(requisitionLines.name)}`,
      lastQuantity: sql<number>`${latest(requisitionLines.quantity)}::int`,
      lastUnitPriceMinor: sql<string>`${latest(requisitionLines.unitPriceMinor)}`,
      currency: sql<string>`${latest(requisitionLines.currency)}`,
      timesOrdered: sql<number>`count(distinct ${requisitions.id})::int`,
      lastOrderedAt: sql<Date>`max(${requisitions.submittedAt})`,
      score,
    })
    .from(requisitionLines)
    .innerJoin(requisitions, eq(requisitions.id, requisitionLines.requisitionId))
    .innerJoin(supplierOrders, eq(supplierOrders.id, requisitionLines.supplierOrderId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(and(...conditions))
    .groupBy(supplierOrders.supplierConnectionId, supplierConnections.displayName, requisitionLines.supplierItemId)
    .orderBy(desc(score), desc(sql`max(${requisitions.submittedAt})`), asc(requisitionLines.supplierItemId))
    .limit(input.limit);
  // Whether the mirror still lists it: a delisted item can no longer be added, so the page says so instead of offering the tap.
  const mirror = rows.length
    ? await ctx.db
        .select({
          connectionId: catalogItems.connectionId,
          supplierItemId: catalogItems.supplierItemId,
          available: catalogItems.available,
          delistedAt: catalogItems.delistedAt,
          priceTiers: catalogItems.priceTiers,
          priceMinor: catalogItems.priceMinor,
          currency: catalogItems.currency,
        })
        .from(catalogItems)
        .where(
          and(
            eq(catalogItems.companyId, ctx.companyId),
            inArray(
              catalogItems.supplierItemId,
              rows.map((r) => r.supplierItemId),
            ),
          ),
        )
    : [];
  return rows.map((r) => {
    const listed = mirror.find((m) => m.connectionId === r.connectionId && m.supplierItemId === r.supplierItemId);
    return {
      connectionId: r.connectionId,
      supplierName: r.supplierName,
      supplierItemId: r.supplierItemId,
      itemCode: r.itemCode,
      name: r.name,
      lastQuantity: r.lastQuantity,
      lastUnitPrice: money(Number(r.lastUnitPriceMinor), r.currency),
      timesOrdered: r.timesOrdered,
      lastOrderedAt: new Date(r.lastOrderedAt),
      score: Number(r.score),
      stillListed: !!listed && listed.delistedAt === null,
      /** Today's list price for the quantity the tap adds (the last one), from the mirror; null once no longer listed. */
      price: listed && listed.delistedAt === null ? mirroredPrice(listed, r.lastQuantity) : null,
      available: !!listed && listed.delistedAt === null && listed.available,
    };
  });
}

/** Type-ahead for item codes: the mirror's own ranking, exact code first, then codes starting with what was typed. */
export async function suggest(ctx: ActorContext, input: { q: string }) {
  const result = await searchMirror(ctx.db, ctx.companyId, { q: input.q, limit: 8, offset: 0, itemsOnly: true });
  return result.items.map((i) => ({
    connectionId: i.supplier.id,
    supplierName: i.supplier.name,
    supplierItemId: i.supplierItemId,
    itemCode: i.itemCode,
    name: i.name,
    available: i.available,
    price: i.price,
  }));
}

export type QuickOrderCandidate = MirroredChoice;

export type QuickOrderLineResult =
  | {
      line: number;
      text: string;
      status: "added";
      itemCode: string;
      name: string;
      supplierName: string;
      quantity: number;
      unitPrice: Money | null;
      message: string;
    }
  | {
      line: number;
      text: string;
      status: "refused";
      itemCode: string;
      name: string;
      supplierName: string;
      quantity: number;
      reason: NotAddedReason;
      message: string;
    }
  | { line: number; text: string; status: "not_found"; itemCode: string; quantity: number; message: string }
  | { line: number; text: string; status: "ambiguous"; itemCode: string; quantity: number; message: string; candidates: QuickOrderCandidate[] }
  | { line: number; text: string; status: "invalid"; message: string };

/**
 * Each line resolved by its exact item code (any case) in the mirror, across
 * the company's suppliers; found lines go into the cart through the live add,
 * and every other line says why it did not.
 */
export async function quickOrder(ctx: ActorContext, input: { text: string; picks: { line: number; connectionId: string }[] }) {
  const parsed = parseQuickOrder(input.text);
  const codes = [...new Set(parsed.flatMap((p) => (p.ok ? [p.code.toLowerCase()] : [])))];
  const found = codes.length
    ? await ctx.db
        .select({ item: catalogItems, supplierName: supplierConnections.displayName })
        .from(catalogItems)
        .innerJoin(supplierConnections, eq(supplierConnections.id, catalogItems.connectionId))
        .where(
          and(
            eq(catalogItems.companyId, ctx.companyId),
            eq(supplierConnections.enabled, true),
            isNull(catalogItems.delistedAt),
            inArray(sql`lower(${catalogItems.itemCode})`, codes),
          ),
        )
        .orderBy(asc(supplierConnections.displayName))
    : [];
  const byCode = new Map<string, QuickOrderCandidate[]>();
  for (const { item, supplierName } of found) {
    const key = item.itemCode.toLowerCase();
    byCode.set(key, [
      ...(byCode.get(key) ?? []),
      {
        connectionId: item.connectionId,
        supplierName,
        supplierItemId: item.supplierItemId,
        itemCode: item.itemCode,
        name: item.name,
        ...choicePrice(item),
      },
    ]);
  }

  const results: QuickOrderLineResult[] = [];
  const toAdd: { index: number; candidate: QuickOrderCandidate; quantity: number }[] = [];
  for (const p of parsed) {
    if (!p.ok) {
      results.push({ line: p.line, text: p.text, status: "invalid", message: `Line ${p.line}: ${p.message}` });
      continue;
    }
    const candidates = byCode.get(p.code.toLowerCase()) ?? [];
    const pick = input.picks.find((k) => k.line === p.line);
    const chosen = candidates.length === 1 ? candidates[0] : pick ? candidates.find((c) => c.connectionId === pick.connectionId) : undefined;
    if (candidates.length === 0) {
      results.push({
        line: p.line,
        text: p.text,
        status: "not_found",
        itemCode: p.code,
        quantity: p.quantity,
        message: `Line ${p.line}: no supplier of yours lists item code ${p.code}`,
      });
    } else if (!chosen) {
      results.push({
        line: p.line,
        text: p.text,
        status: "ambiguous",
        itemCode: p.code,
        quantity: p.quantity,
        message: `Line ${p.line}: ${p.code} is sold by ${candidates.map((c) => c.supplierName).join(" and ")}; choose one`,
        candidates,
      });
    } else {
      toAdd.push({ index: results.length, candidate: chosen, quantity: p.quantity });
      results.push({
        line: p.line,
        text: p.text,
        status: "added",
        itemCode: chosen.itemCode,
        name: chosen.name,
        supplierName: chosen.supplierName,
        quantity: p.quantity,
        unitPrice: null,
        message: `Line ${p.line}: ${p.quantity} × ${chosen.itemCode} from ${chosen.supplierName} added to your cart`,
      });
    }
  }
  const attempts = await addManyToCart(
    ctx,
    toAdd.map((a) => ({ connectionId: a.candidate.connectionId, supplierItemId: a.candidate.supplierItemId, quantity: a.quantity })),
  );
  toAdd.forEach((a, i) => {
    const attempt = attempts[i]!;
    const current = results[a.index]!;
    results[a.index] = attempt.ok
      ? { ...(current as Extract<QuickOrderLineResult, { status: "added" }>), unitPrice: attempt.unitPrice }
      : {
          line: current.line,
          text: current.text,
          status: "refused",
          itemCode: a.candidate.itemCode,
          name: a.candidate.name,
          supplierName: a.candidate.supplierName,
          quantity: a.quantity,
          reason: attempt.reason,
          message: `Line ${current.line}: ${attempt.message}`,
        };
  });
  return { lines: results, addedCount: results.filter((r) => r.status === "added").length };
}
