/**
 * Order lists (order guides): named lists of items and usual quantities, private to their owner or shared with the
 * company, added to the cart in one go. Only the owner (or an admin) changes a list; a list nobody may see is "not found".
 */
import { and, asc, count, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { catalogItems, orderListItems, orderLists, supplierConnections, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { addManyToCart, type NotAddedReason } from "@/server/cart/add-many";
import { loadCartLines } from "@/server/cart/cart";
import { MAX_LINE_QUANTITY } from "@/server/domain/quantities";
import { AppError, invalid, notFound } from "@/server/errors";

type ListRow = typeof orderLists.$inferSelect;

/** One step up or down, or straight to the top or the bottom: the order the owner walks the stock room in. */
export const MOVE_DIRECTIONS = ["up", "down", "top", "bottom"] as const;
export type MoveDirection = (typeof MOVE_DIRECTIONS)[number];

/** Owners change their lists; admins may change any list they can see, so a shared list never outlives its usefulness. */
const mayEdit = (ctx: ActorContext, list: ListRow) => list.ownerId === ctx.user.id || ctx.user.roles.includes("admin");

/**
 * A list this person may see: their own, or one shared within their company.
 * Anything else is "not found", so list ids say nothing about other people's lists.
 */
async function loadVisibleList(ctx: ActorContext, listId: string): Promise<ListRow> {
  const [list] = await ctx.db
    .select()
    .from(orderLists)
    .where(and(eq(orderLists.id, listId), eq(orderLists.companyId, ctx.companyId), or(eq(orderLists.ownerId, ctx.user.id), eq(orderLists.shared, true))))
    .limit(1);
  if (!list) throw notFound("That order list");
  return list;
}

async function loadEditableList(ctx: ActorContext, listId: string): Promise<ListRow> {
  const list = await loadVisibleList(ctx, listId);
  if (!mayEdit(ctx, list))
    throw new AppError("forbidden", `Only the person who made "${list.name}" (or an admin) can change it. You can still add it to your cart.`);
  return list;
}

/** Names are unique per owner whatever the case, so "Weekly" and "weekly" never sit side by side in one person's lists. */
async function assertNameFree(db: Database, ownerId: string, name: string, exceptListId?: string) {
  const [clash] = await db
    .select({ id: orderLists.id })
    .from(orderLists)
    .where(and(eq(orderLists.ownerId, ownerId), sql`lower(${orderLists.name}) = lower(${name})`, exceptListId ? ne(orderLists.id, exceptListId) : undefined))
    .limit(1);
  if (clash) throw duplicateName(name);
}

const duplicateName = (name: string) => invalid("name", `There is already a list called "${name}". Choose another name.`);

/** Two saves of the same name at once: the check above passes for both, the unique index refuses one. */
async function withNameGuard<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(name);
    throw error;
  }
}

const touch = (db: Database, listId: string) => db.update(orderLists).set({ updatedAt: new Date() }).where(eq(orderLists.id, listId));

/** A list item as the list page and "Add all to cart" read it (joined to the supplier connection for its name). */
const listItemColumns = {
  id: orderListItems.id,
  supplierConnectionId: orderListItems.supplierConnectionId,
  supplierName: supplierConnections.displayName,
  supplierItemId: orderListItems.supplierItemId,
  itemCode: orderListItems.itemCode,
  name: orderListItems.name,
  quantity: orderListItems.quantity,
};

/** The list's own order: the owner's positions, then the order items were added (the id only breaks exact ties, so every reader agrees). */
const itemOrder = () => [asc(orderListItems.position), asc(orderListItems.createdAt), asc(orderListItems.id)];

export async function listLists(ctx: ActorContext) {
  const rows = await ctx.db
    .select({
      id: orderLists.id,
      name: orderLists.name,
      shared: orderLists.shared,
      ownerId: orderLists.ownerId,
      ownerName: users.name,
      updatedAt: orderLists.updatedAt,
      itemCount: count(orderListItems.id),
    })
    .from(orderLists)
    .innerJoin(users, eq(users.id, orderLists.ownerId))
    .leftJoin(orderListItems, and(eq(orderListItems.companyId, orderLists.companyId), eq(orderListItems.orderListId, orderLists.id)))
    .where(and(eq(orderLists.companyId, ctx.companyId), or(eq(orderLists.ownerId, ctx.user.id), eq(orderLists.shared, true))))
    .groupBy(orderLists.id, users.name)
    .orderBy(sql`lower(${orderLists.name})`, asc(orderLists.createdAt));
  const isAdmin = ctx.user.roles.includes("admin");
  const shape = (r: (typeof rows)[number]) => ({ ...r, itemCount: Number(r.itemCount), canEdit: r.ownerId === ctx.user.id || isAdmin });
  return {
    mine: rows.filter((r) => r.ownerId === ctx.user.id).map(shape),
    /** Lists colleagues share; the person's own shared lists stay under "mine". */
    shared: rows.filter((r) => r.ownerId !== ctx.user.id).map(shape),
  };
}

export async function getList(ctx: ActorContext, input: { listId: string }) {
  const list = await loadVisibleList(ctx, input.listId);
  const [[owner], items] = await Promise.all([
    ctx.db.select({ name: users.name }).from(users).where(eq(users.id, list.ownerId)),
    ctx.db
      .select({
        ...listItemColumns,
        // Still in the supplier's catalog as last mirrored; a delisted item will be refused when added to the cart.
        listed: sql<boolean>`${catalogItems.id} is not null`,
        imageUrl: catalogItems.imageUrl,
      })
      .from(orderListItems)
      .innerJoin(supplierConnections, eq(supplierConnections.id, orderListItems.supplierConnectionId))
      .leftJoin(
        catalogItems,
        and(
          eq(catalogItems.connectionId, orderListItems.supplierConnectionId),
          eq(catalogItems.supplierItemId, orderListItems.supplierItemId),
          isNull(catalogItems.delistedAt),
        ),
      )
      .where(and(eq(orderListItems.companyId, ctx.companyId), eq(orderListItems.orderListId, list.id)))
      .orderBy(...itemOrder()),
  ]);
  return {
    id: list.id,
    name: list.name,
    shared: list.shared,
    ownerName: owner?.name ?? "",
    isOwner: list.ownerId === ctx.user.id,
    canEdit: mayEdit(ctx, list),
    updatedAt: list.updatedAt,
    items,
  };
}

export async function createList(ctx: ActorContext, input: { name: string; shared: boolean }) {
  await assertNameFree(ctx.db, ctx.user.id, input.name);
  const [list] = await withNameGuard(input.name, () =>
    ctx.db
      .insert(orderLists)
      .values({ companyId: ctx.companyId, ownerId: ctx.user.id, name: input.name, shared: input.shared })
      .returning({ id: orderLists.id, name: orderLists.name }),
  );
  return list!;
}

export async function updateList(ctx: ActorContext, input: { listId: string; name?: string; shared?: boolean }) {
  const list = await loadEditableList(ctx, input.listId);
  if (input.name === undefined && input.shared === undefined) throw invalid("name", "Nothing to change: give a new name or say whether to share the list.");
  // The name stays unique among the owner's lists, even when an admin renames it.
  if (input.name !== undefined) await assertNameFree(ctx.db, list.ownerId, input.name, list.id);
  const name = input.name ?? list.name;
  const [updated] = await withNameGuard(name, () =>
    ctx.db
      .update(orderLists)
      .set({ name, shared: input.shared ?? list.shared, updatedAt: new Date() })
      .where(eq(orderLists.id, list.id))
      .returning({ id: orderLists.id, name: orderLists.name, shared: orderLists.shared }),
  );
  if (!updated) throw notFound("That order list");
  return updated;
}

export async function deleteList(ctx: ActorContext, input: { listId: string }) {
  const list = await loadEditableList(ctx, input.listId);
  await ctx.db.delete(orderLists).where(eq(orderLists.id, list.id));
  return { deleted: true, name: list.name };
}

const nextPosition = (companyId: string, listId: string) =>
  sql`(select coalesce(max(${orderListItems.position}), -1) + 1 from ${orderListItems} where ${orderListItems.companyId} = ${companyId} and ${orderListItems.orderListId} = ${listId})`;

/**
 * The item must be in the company's catalog mirror (not delisted); its code and name come from there, never the browser.
 * An item already on the list gets the quantity added to what the list holds, as adding to a cart does.
 */
export async function addItem(ctx: ActorContext, input: { listId: string; connectionId: string; itemId: string; quantity: number }) {
  const list = await loadEditableList(ctx, input.listId);
  const [item] = await ctx.db
    .select({ supplierItemId: catalogItems.supplierItemId, itemCode: catalogItems.itemCode, name: catalogItems.name })
    .from(catalogItems)
    .innerJoin(supplierConnections, and(eq(supplierConnections.id, catalogItems.connectionId), eq(supplierConnections.enabled, true)))
    .where(
      and(
        eq(catalogItems.companyId, ctx.companyId),
        eq(catalogItems.connectionId, input.connectionId),
        eq(catalogItems.supplierItemId, input.itemId),
        isNull(catalogItems.delistedAt),
      ),
    )
    .limit(1);
  if (!item) throw invalid("itemId", "That item is not in your suppliers' catalog (it may have been delisted).");
  const [existing] = await ctx.db
    .select({ quantity: orderListItems.quantity })
    .from(orderListItems)
    .where(
      and(
        eq(orderListItems.companyId, ctx.companyId),
        eq(orderListItems.orderListId, list.id),
        eq(orderListItems.supplierConnectionId, input.connectionId),
        eq(orderListItems.supplierItemId, item.supplierItemId),
      ),
    );
  if (existing && existing.quantity + input.quantity > MAX_LINE_QUANTITY) {
    throw invalid(
      "quantity",
      `"${list.name}" already has ${existing.quantity} of ${item.itemCode}; a list line can hold at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")}.`,
    );
  }
  const [row] = await ctx.db
    .insert(orderListItems)
    .values({
      companyId: ctx.companyId,
      orderListId: list.id,
      supplierConnectionId: input.connectionId,
      supplierItemId: item.supplierItemId,
      itemCode: item.itemCode,
      name: item.name,
      quantity: input.quantity,
      position: nextPosition(ctx.companyId, list.id),
    })
    .onConflictDoUpdate({
      target: [orderListItems.companyId, orderListItems.orderListId, orderListItems.supplierConnectionId, orderListItems.supplierItemId],
      set: { quantity: sql`${orderListItems.quantity} + ${input.quantity}`, itemCode: item.itemCode, name: item.name },
    })
    .returning({ id: orderListItems.id, quantity: orderListItems.quantity });
  await touch(ctx.db, list.id);
  const wasOnList = existing !== undefined;
  return {
    itemId: row!.id,
    quantity: row!.quantity,
    listName: list.name,
    wasOnList,
    message: wasOnList
      ? `${item.itemCode} was already on "${list.name}": added ${input.quantity}, it now has ${row!.quantity}.`
      : `Added ${input.quantity} of ${item.itemCode} to "${list.name}".`,
  };
}

export async function setItemQuantity(ctx: ActorContext, input: { listId: string; itemId: string; quantity: number }) {
  const list = await loadEditableList(ctx, input.listId);
  const [row] = await ctx.db
    .update(orderListItems)
    .set({ quantity: input.quantity })
    .where(and(eq(orderListItems.companyId, ctx.companyId), eq(orderListItems.id, input.itemId), eq(orderListItems.orderListId, list.id)))
    .returning({ id: orderListItems.id, quantity: orderListItems.quantity });
  if (!row) throw notFound("That list item");
  await touch(ctx.db, list.id);
  return row;
}

export async function removeItem(ctx: ActorContext, input: { listId: string; itemId: string }) {
  const list = await loadEditableList(ctx, input.listId);
  const deleted = await ctx.db
    .delete(orderListItems)
    .where(and(eq(orderListItems.companyId, ctx.companyId), eq(orderListItems.id, input.itemId), eq(orderListItems.orderListId, list.id)))
    .returning({ id: orderListItems.id });
  if (deleted.length === 0) throw notFound("That list item");
  await touch(ctx.db, list.id);
  return { removed: true };
}

const targetIndex = (direction: MoveDirection, from: number, last: number) =>
  direction === "up" ? Math.max(0, from - 1) : direction === "down" ? Math.min(last, from + 1) : direction === "top" ? 0 : last;

/**
 * Moves one item a step up or down, or to the top or bottom, and numbers the whole list 0, 1, 2, …
 * again. The list row is locked first, so moves on one list take turns: each reads the order the
 * one before it left, and two quick taps never leave two items on the same position.
 * The top item moved up (or the bottom one down) stays where it is, and that is not an error.
 */
export async function moveItem(ctx: ActorContext, input: { listId: string; itemId: string; direction: MoveDirection }) {
  const list = await loadEditableList(ctx, input.listId);
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: orderLists.id }).from(orderLists).where(eq(orderLists.id, list.id)).for("update");
    if (!locked) throw notFound("That order list");
    const items = await tx
      .select({ id: orderListItems.id, itemCode: orderListItems.itemCode, position: orderListItems.position })
      .from(orderListItems)
      .where(and(eq(orderListItems.companyId, ctx.companyId), eq(orderListItems.orderListId, list.id)))
      .orderBy(...itemOrder());
    const from = items.findIndex((i) => i.id === input.itemId);
    if (from === -1) throw notFound("That list item");
    const item = items[from]!;
    const to = targetIndex(input.direction, from, items.length - 1);
    if (to === from)
      return {
        itemId: item.id,
        position: from,
        moved: false,
        message: `${item.itemCode} is already ${from === 0 ? "at the top" : "at the bottom"} of "${list.name}".`,
      };

    const order = items.slice();
    order.splice(from, 1);
    order.splice(to, 0, item);
    const changed = order.map((row, position) => ({ id: row.id, position, was: row.position })).filter((row) => row.position !== row.was);
    await tx
      .update(orderListItems)
      .set({
        position: sql`(case ${orderListItems.id} ${sql.join(
          changed.map((row) => sql`when ${row.id}::uuid then ${row.position}::integer`),
          sql` `,
        )} end)`,
      })
      .where(
        and(
          eq(orderListItems.companyId, ctx.companyId),
          eq(orderListItems.orderListId, list.id),
          inArray(
            orderListItems.id,
            changed.map((row) => row.id),
          ),
        ),
      );
    await touch(tx, list.id);
    return { itemId: item.id, position: to, moved: true, message: `Moved ${item.itemCode} to position ${to + 1} of ${items.length} on "${list.name}".` };
  });
}

/** The caller's cart, as it stands, becomes a new list with the cart's quantities as the usual ones. */
export async function createFromCart(ctx: ActorContext, input: { name: string; shared: boolean }) {
  const lines = await loadCartLines(ctx.db, ctx.user.id);
  if (lines.length === 0) throw new AppError("precondition", "Your cart is empty, so there is nothing to save as a list.", { field: "cart" });
  await assertNameFree(ctx.db, ctx.user.id, input.name);
  return withNameGuard(input.name, () =>
    ctx.db.transaction(async (tx) => {
      const [list] = await tx
        .insert(orderLists)
        .values({ companyId: ctx.companyId, ownerId: ctx.user.id, name: input.name, shared: input.shared })
        .returning({ id: orderLists.id, name: orderLists.name });
      await tx.insert(orderListItems).values(
        lines.map((l, position) => ({
          companyId: ctx.companyId,
          orderListId: list!.id,
          supplierConnectionId: l.supplierConnectionId,
          supplierItemId: l.supplierItemId,
          itemCode: l.itemCode,
          name: l.name,
          quantity: Math.min(l.quantity, MAX_LINE_QUANTITY),
          position,
        })),
      );
      return { id: list!.id, name: list!.name, itemCount: lines.length };
    }),
  );
}

/**
 * Every item goes through the cart's own add, priced live by its supplier. Suppliers are asked
 * side by side; one supplier's items one after another, within its rate limit. Whatever cannot
 * be added is reported with the reason, never dropped.
 */
export async function addListToCart(ctx: ActorContext, input: { listId: string; quantities?: Record<string, number> }) {
  const list = await loadVisibleList(ctx, input.listId);
  const items = await ctx.db
    .select(listItemColumns)
    .from(orderListItems)
    .innerJoin(supplierConnections, eq(supplierConnections.id, orderListItems.supplierConnectionId))
    .where(and(eq(orderListItems.companyId, ctx.companyId), eq(orderListItems.orderListId, list.id)))
    .orderBy(...itemOrder());
  const overrides = input.quantities ?? {};
  const known = new Set(items.map((i) => i.id));
  const stray = Object.keys(overrides).find((id) => !known.has(id));
  if (stray) throw invalid(`quantities.${stray}`, `That item is no longer on "${list.name}"; reload the list.`);
  if (items.length === 0) throw new AppError("precondition", `"${list.name}" has no items yet.`, { field: "listId" });

  type Outcome = { listItemId: string; itemCode: string; name: string; supplierName: string; quantity: number };
  const added: (Outcome & { inCart: number })[] = [];
  const notAdded: (Outcome & { reason: NotAddedReason; message: string })[] = [];
  const outcomes = items.map((item) => ({
    listItemId: item.id,
    itemCode: item.itemCode,
    name: item.name,
    supplierName: item.supplierName,
    quantity: overrides[item.id] ?? item.quantity,
  }));
  const results = await addManyToCart(
    ctx,
    items.map((item, i) => ({ connectionId: item.supplierConnectionId, supplierItemId: item.supplierItemId, quantity: outcomes[i]!.quantity })),
  );
  results.forEach((result, i) => {
    const outcome = outcomes[i]!;
    if (result.ok) added.push({ ...outcome, name: result.itemName, inCart: result.quantityInCart });
    else notAdded.push({ ...outcome, reason: result.reason, message: result.message });
  });
  // In the list's order, whichever supplier answered first.
  return { listName: list.name, added, notAdded };
}
