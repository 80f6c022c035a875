import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderListItems } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const password = "harness-password";

describe.each(databaseKinds)("order lists on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let tape: { connectionId: string; itemId: string; itemCode: string };
  let gloves: { connectionId: string; itemId: string; itemCode: string };
  let yodifyItem: { connectionId: string; itemId: string; itemCode: string };

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      withYodify: true,
      approvalThreshold: null,
      policy: [],
      users: [
        { email: "ann@lists.example", name: "Ann Buyer", password, roles: ["buyer"] },
        { email: "ben@lists.example", name: "Ben Buyer", password, roles: ["buyer"] },
        { email: "ada@lists.example", name: "Ada Admin", password, roles: ["admin", "approver"] },
        { email: "abe@lists.example", name: "Abe Approver", password, roles: ["approver"] },
      ],
    });
    other = await h.createCompany();
    await Promise.all([syncCatalog(h.db, acme.connectionId), syncCatalog(h.db, acme.yodifyConnectionId!), syncCatalog(h.db, other.connectionId)]);
    const pick = async (q: string, connectionId: string, exceptItemId?: string) => {
      const found = await ann().catalog.searchAll({ q, supplierIds: [connectionId], inStockOnly: true });
      const item = found.items.find((i) => i.supplierItemId !== exceptItemId)!;
      return { connectionId, itemId: item.supplierItemId, itemCode: item.itemCode };
    };
    tape = await pick("FM-0014-LT", acme.connectionId);
    gloves = await pick("tape", acme.connectionId, tape.itemId);
    yodifyItem = await pick("tape measure", acme.yodifyConnectionId!);
  });
  afterAll(async () => h?.close());

  const ann = () => acme.callerFor("ann@lists.example");
  const ben = () => acme.callerFor("ben@lists.example");
  const ada = () => acme.callerFor("ada@lists.example");
  const outsider = () => other.callerFor("buyer2@harness.example");

  it("creates a list, adds items from the catalog mirror, and edits quantities", async () => {
    const list = await ann().orderLists.create({ name: "  Weekly cleaning  ", shared: false });
    expect(list.name).toBe("Weekly cleaning");
    const first = await ann().orderLists.addItem({ listId: list.id, ...tape, quantity: 2 });
    expect(first).toMatchObject({ wasOnList: false, quantity: 2 });
    // The same item again adds to the usual quantity, and says so.
    const again = await ann().orderLists.addItem({ listId: list.id, ...tape, quantity: 3 });
    expect(again).toMatchObject({ wasOnList: true, quantity: 5 });
    expect(again.message).toBe(`${tape.itemCode} was already on "Weekly cleaning": added 3, it now has 5.`);
    await ann().orderLists.addItem({ listId: list.id, ...gloves, quantity: 1 });

    let got = await ann().orderLists.get({ listId: list.id });
    expect(got.items.map((i) => [i.itemCode, i.quantity])).toEqual([
      [tape.itemCode, 5],
      [gloves.itemCode, 1],
    ]);
    expect(got).toMatchObject({ canEdit: true, isOwner: true, ownerName: "Ann Buyer" });
    expect(got.items[0]!.listed).toBe(true);

    await ann().orderLists.setItemQuantity({ listId: list.id, itemId: got.items[0]!.id, quantity: 12 });
    await ann().orderLists.removeItem({ listId: list.id, itemId: got.items[1]!.id });
    got = await ann().orderLists.get({ listId: list.id });
    expect(got.items.map((i) => [i.itemCode, i.quantity])).toEqual([[tape.itemCode, 12]]);

    await ann().orderLists.update({ listId: list.id, name: "Weekly cleaning (site A)" });
    const lists = await ann().orderLists.list();
    expect(lists.mine).toEqual([expect.objectContaining({ name: "Weekly cleaning (site A)", itemCount: 1, ownerName: "Ann Buyer", shared: false })]);

    // An item code the mirror does not hold, or another company's connection, is not taken on trust.
    expect(await rejection(ann().orderLists.addItem({ listId: list.id, connectionId: acme.connectionId, itemId: "NO-SUCH-ITEM", quantity: 1 }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "itemId",
    });
    expect(await rejection(ann().orderLists.addItem({ listId: list.id, connectionId: other.connectionId, itemId: tape.itemId, quantity: 1 }))).toMatchObject({
      field: "itemId",
    });

    await ann().orderLists.delete({ listId: list.id });
    expect((await ann().orderLists.list()).mine).toEqual([]);
    expect(await rejection(ann().orderLists.get({ listId: list.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets a colleague see and use a shared list but not change it; a private list stays invisible; another company is refused", async () => {
    const shared = await ann().orderLists.create({ name: "Site restock", shared: true });
    await ann().orderLists.addItem({ listId: shared.id, ...tape, quantity: 2 });
    await ann().orderLists.addItem({ listId: shared.id, ...yodifyItem, quantity: 1 });
    const secret = await ann().orderLists.create({ name: "My private picks", shared: false });
    await ann().orderLists.addItem({ listId: secret.id, ...tape, quantity: 1 });

    const bens = await ben().orderLists.list();
    expect(bens.mine).toEqual([]);
    expect(bens.shared).toEqual([expect.objectContaining({ name: "Site restock", itemCount: 2, ownerName: "Ann Buyer", canEdit: false })]);
    const seen = await ben().orderLists.get({ listId: shared.id });
    expect(seen).toMatchObject({ canEdit: false, isOwner: false, ownerName: "Ann Buyer" });

    // Using it: every line reaches Ben's cart, priced live.
    const result = await ben().orderLists.addToCart({ listId: shared.id });
    expect(result.notAdded).toEqual([]);
    expect(result.added.map((a) => [a.itemCode, a.quantity])).toEqual([
      [tape.itemCode, 2],
      [yodifyItem.itemCode, 1],
    ]);
    const cart = await ben().cart.get();
    expect(cart.groups.flatMap((g) => g.lines.map((l) => [l.itemCode, l.quantity])).sort()).toEqual(
      [
        [tape.itemCode, 2],
        [yodifyItem.itemCode, 1],
      ].sort(),
    );
    expect((await ann().cart.get()).lineCount).toBe(0);

    // Changing it is for Ann (or an admin) only.
    const forbidden = { code: "FORBIDDEN" };
    expect(await rejection(ben().orderLists.update({ listId: shared.id, name: "Mine now" }))).toMatchObject(forbidden);
    expect(await rejection(ben().orderLists.update({ listId: shared.id, shared: false }))).toMatchObject(forbidden);
    expect(await rejection(ben().orderLists.addItem({ listId: shared.id, ...gloves, quantity: 1 }))).toMatchObject(forbidden);
    expect(await rejection(ben().orderLists.setItemQuantity({ listId: shared.id, itemId: seen.items[0]!.id, quantity: 9 }))).toMatchObject(forbidden);
    expect(await rejection(ben().orderLists.removeItem({ listId: shared.id, itemId: seen.items[0]!.id }))).toMatchObject(forbidden);
    expect(await rejection(ben().orderLists.delete({ listId: shared.id }))).toMatchObject(forbidden);
    expect((await ann().orderLists.get({ listId: shared.id })).items.map((i) => i.quantity)).toEqual([2, 1]);

    // The private list: not listed, not found, not usable.
    expect(await rejection(ben().orderLists.get({ listId: secret.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await rejection(ben().orderLists.addToCart({ listId: secret.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await rejection(ben().orderLists.delete({ listId: secret.id }))).toMatchObject({ code: "NOT_FOUND" });

    // Another company sees none of it, even knowing the id.
    expect((await outsider().orderLists.list()).shared).toEqual([]);
    expect(await rejection(outsider().orderLists.get({ listId: shared.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await rejection(outsider().orderLists.addToCart({ listId: shared.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await rejection(outsider().orderLists.update({ listId: shared.id, name: "x" }))).toMatchObject({ code: "NOT_FOUND" });

    // An admin may tidy a shared list; an approver without the buyer role has no lists at all.
    await ada().orderLists.update({ listId: shared.id, shared: false });
    expect((await ben().orderLists.list()).shared).toEqual([]);
    expect(await rejection(acme.callerFor("abe@lists.example").orderLists.list())).toMatchObject({ code: "FORBIDDEN" });
  });

  it("adds the rest of a list when an item has gone unavailable or is short of stock, and says which and why", async () => {
    await ben()
      .cart.get()
      .then((c) => Promise.all(c.groups.flatMap((g) => g.lines.map((l) => ben().cart.remove({ lineId: l.id })))));
    const list = await ann().orderLists.create({ name: "Mixed suppliers", shared: true });
    await ann().orderLists.addItem({ listId: list.id, ...tape, quantity: 4 });
    await ann().orderLists.addItem({ listId: list.id, ...yodifyItem, quantity: 2 });
    const yodify = (path: string, body: Record<string, unknown> = {}) => sandboxControl(h.yodify.url, path, body);
    const skuPath = `/skus/${yodifyItem.itemId}/patch`;
    try {
      // Gone out of stock at Yodify since the list was made.
      await yodify(skuPath, { inventory: 0, always_in_stock: false, allow_backorders: false });
      const result = await ben().orderLists.addToCart({ listId: list.id });
      expect(result.added.map((a) => [a.itemCode, a.quantity])).toEqual([[tape.itemCode, 4]]);
      expect(result.notAdded).toEqual([expect.objectContaining({ itemCode: yodifyItem.itemCode, supplierName: "Yodify", quantity: 2, reason: "unavailable" })]);
      expect(result.notAdded[0]!.message).toMatch(/not available from Yodify/);
      expect((await ben().cart.get()).groups.flatMap((g) => g.lines.map((l) => l.itemCode))).toEqual([tape.itemCode]);

      // One left: short of stock, and a smaller quantity for this time only goes through.
      await yodify(skuPath, { inventory: 1, always_in_stock: false, allow_backorders: false });
      const short = await ben().orderLists.addToCart({ listId: list.id });
      expect(short.notAdded).toEqual([expect.objectContaining({ itemCode: yodifyItem.itemCode, reason: "short_of_stock" })]);
      expect(short.notAdded[0]!.message).toMatch(/Yodify has only 1/);
      const items = (await ben().orderLists.get({ listId: list.id })).items;
      const yodifyLine = items.find((i) => i.itemCode === yodifyItem.itemCode)!;
      const overridden = await ben().orderLists.addToCart({ listId: list.id, quantities: { [yodifyLine.id]: 1 } });
      expect(overridden.notAdded).toEqual([]);
      expect(overridden.added.find((a) => a.itemCode === yodifyItem.itemCode)).toMatchObject({ quantity: 1 });
      // The list itself keeps its usual quantity.
      expect((await ann().orderLists.get({ listId: list.id })).items.find((i) => i.id === yodifyLine.id)!.quantity).toBe(2);

      // Yodify down: its items are reported as unreachable, Hygrade's still added.
      await yodify("/faults", { kind: "status5xx", count: 10_000 });
      const down = await ben().orderLists.addToCart({ listId: list.id });
      expect(down.added.map((a) => a.itemCode)).toEqual([tape.itemCode]);
      expect(down.notAdded).toEqual([expect.objectContaining({ itemCode: yodifyItem.itemCode, reason: "supplier_unreachable" })]);
    } finally {
      await yodify("/reset");
    }
  });

  it("saves the cart as a list", async () => {
    const cart = await ann().cart.get();
    await Promise.all(cart.groups.flatMap((g) => g.lines.map((l) => ann().cart.remove({ lineId: l.id }))));
    expect(await rejection(ann().orderLists.createFromCart({ name: "Nothing", shared: false }))).toMatchObject({ code: "PRECONDITION_FAILED", field: "cart" });
    await ann().cart.add({ connectionId: tape.connectionId, itemId: tape.itemId, quantity: 3 });
    await ann().cart.add({ connectionId: yodifyItem.connectionId, itemId: yodifyItem.itemId, quantity: 1 });
    const saved = await ann().orderLists.createFromCart({ name: "From my cart", shared: true });
    expect(saved.itemCount).toBe(2);
    const got = await ann().orderLists.get({ listId: saved.id });
    expect(got.shared).toBe(true);
    expect(got.items.map((i) => [i.itemCode, i.quantity])).toEqual([
      [tape.itemCode, 3],
      [yodifyItem.itemCode, 1],
    ]);
    // The cart is left as it was.
    expect((await ann().cart.get()).lineCount).toBe(2);
  });

  it("names the field for each bad input", async () => {
    const list = await ann().orderLists.create({ name: "Field checks", shared: false });
    expect(await rejection(ann().orderLists.create({ name: "   ", shared: false }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "name",
      message: "Give the list a name",
    });
    expect(await rejection(ann().orderLists.create({ name: "x".repeat(81), shared: false }))).toMatchObject({
      field: "name",
      message: "A list name can be at most 80 characters",
    });
    expect(await rejection(ann().orderLists.create({ name: "FIELD CHECKS", shared: true }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "name",
      message: 'There is already a list called "FIELD CHECKS". Choose another name.',
    });
    expect(await rejection(ann().orderLists.createFromCart({ name: "field checks", shared: false }))).toMatchObject({ field: "name" });
    const second = await ann().orderLists.create({ name: "Second", shared: false });
    expect(await rejection(ann().orderLists.update({ listId: second.id, name: "Field Checks" }))).toMatchObject({ field: "name" });
    // Another person may use the same name.
    await ben().orderLists.create({ name: "Field checks", shared: false });

    const add = (quantity: number) => ann().orderLists.addItem({ listId: list.id, ...tape, quantity });
    expect(await rejection(add(0))).toMatchObject({ field: "quantity", message: "Quantity must be at least 1" });
    expect(await rejection(add(1.5))).toMatchObject({ field: "quantity", message: "Quantity must be a whole number" });
    expect(await rejection(add(10_001))).toMatchObject({ field: "quantity", message: "Quantity can be at most 10,000 per line" });
    await add(9_999);
    expect(await rejection(add(2))).toMatchObject({ field: "quantity", message: expect.stringContaining("already has 9999") });
    const itemId = (await ann().orderLists.get({ listId: list.id })).items[0]!.id;
    expect(await rejection(ann().orderLists.setItemQuantity({ listId: list.id, itemId, quantity: -1 }))).toMatchObject({ field: "quantity" });
    expect(await rejection(ann().orderLists.addToCart({ listId: list.id, quantities: { [itemId]: 0 } }))).toMatchObject({ field: `quantities.${itemId}` });
    expect(await rejection(ann().orderLists.get({ listId: "not-a-list" }))).toMatchObject({ field: "listId" });
  });

  describe("putting items in the owner's order", () => {
    /** The codes in the order the list returns them. */
    const codes = async (listId: string) => (await ann().orderLists.get({ listId })).items.map((i) => i.itemCode);
    /** The stored positions, in the list's order: always 0, 1, 2, … after a move. */
    const positions = async (listId: string) =>
      (
        await h.db
          .select({ position: orderListItems.position })
          .from(orderListItems)
          .where(eq(orderListItems.orderListId, listId))
          .orderBy(asc(orderListItems.position))
      ).map((r) => r.position);
    const idOf = async (listId: string, itemCode: string) => (await ann().orderLists.get({ listId })).items.find((i) => i.itemCode === itemCode)!.id;

    it("moves an item up, down, to the top and to the bottom, and new items go to the end", async () => {
      const list = await ann().orderLists.create({ name: "Stock room walk", shared: true });
      for (const item of [tape, gloves, yodifyItem]) await ann().orderLists.addItem({ listId: list.id, ...item, quantity: 1 });
      const [t, g, y] = [tape.itemCode, gloves.itemCode, yodifyItem.itemCode];
      expect(await codes(list.id)).toEqual([t, g, y]);
      const move = async (itemCode: string, direction: "up" | "down" | "top" | "bottom") =>
        ann().orderLists.moveItem({ listId: list.id, itemId: await idOf(list.id, itemCode), direction });

      expect(await move(t, "down")).toMatchObject({ moved: true, position: 1 });
      expect(await codes(list.id)).toEqual([g, t, y]);
      await move(y, "up");
      expect(await codes(list.id)).toEqual([g, y, t]);
      await move(t, "top");
      expect(await codes(list.id)).toEqual([t, g, y]);
      await move(t, "bottom");
      expect(await codes(list.id)).toEqual([g, y, t]);
      expect(await positions(list.id)).toEqual([0, 1, 2]);

      // The ends: nothing to do, and no error.
      expect(await move(g, "up")).toMatchObject({ moved: false, position: 0 });
      expect(await move(g, "top")).toMatchObject({ moved: false });
      expect(await move(t, "down")).toMatchObject({ moved: false, position: 2 });
      expect(await move(t, "bottom")).toMatchObject({ moved: false });
      expect(await codes(list.id)).toEqual([g, y, t]);

      // Two quick taps at once: both land, one after the other, and no two items share a position.
      const [gid, tid] = [await idOf(list.id, g), await idOf(list.id, t)];
      await Promise.all([
        ann().orderLists.moveItem({ listId: list.id, itemId: gid, direction: "down" }),
        ann().orderLists.moveItem({ listId: list.id, itemId: tid, direction: "up" }),
      ]);
      expect(await positions(list.id)).toEqual([0, 1, 2]);
      expect((await codes(list.id)).sort()).toEqual([g, y, t].sort());

      // An item added (again) after moves goes to the end of the owner's order.
      await move(t, "top");
      await ann().orderLists.removeItem({ listId: list.id, itemId: await idOf(list.id, y) });
      await ann().orderLists.addItem({ listId: list.id, ...yodifyItem, quantity: 1 });
      expect((await codes(list.id)).at(-1)).toBe(y);
      expect((await codes(list.id))[0]).toBe(t);

      // An admin may reorder a colleague's shared list, as they may change it otherwise.
      await ada().orderLists.moveItem({ listId: list.id, itemId: await idOf(list.id, y), direction: "top" });
      expect((await codes(list.id))[0]).toBe(y);
    });

    it("refuses a colleague who is not the owner, another company, unknown items and a bad direction", async () => {
      const list = await ann().orderLists.create({ name: "Walk order checks", shared: true });
      for (const item of [tape, gloves]) await ann().orderLists.addItem({ listId: list.id, ...item, quantity: 1 });
      const before = await codes(list.id);
      const firstId = await idOf(list.id, before[0]!);

      // Ben sees the shared list but may not change its order; nothing moves.
      expect(await rejection(ben().orderLists.moveItem({ listId: list.id, itemId: firstId, direction: "down" }))).toMatchObject({
        code: "FORBIDDEN",
        message: `Only the person who made "Walk order checks" (or an admin) can change it. You can still add it to your cart.`,
      });
      expect(await rejection(ben().orderLists.moveItem({ listId: list.id, itemId: firstId, direction: "bottom" }))).toMatchObject({ code: "FORBIDDEN" });
      // Another company cannot even tell the list exists.
      expect(await rejection(outsider().orderLists.moveItem({ listId: list.id, itemId: firstId, direction: "down" }))).toMatchObject({ code: "NOT_FOUND" });
      expect(await codes(list.id)).toEqual(before);

      // A private list is invisible to a colleague, as for every other change.
      const secret = await ann().orderLists.create({ name: "Walk order private", shared: false });
      await ann().orderLists.addItem({ listId: secret.id, ...tape, quantity: 1 });
      const secretItem = await idOf(secret.id, tape.itemCode);
      expect(await rejection(ben().orderLists.moveItem({ listId: secret.id, itemId: secretItem, direction: "down" }))).toMatchObject({ code: "NOT_FOUND" });

      // An item of another list, or no item at all, is not found on this one.
      expect(await rejection(ann().orderLists.moveItem({ listId: list.id, itemId: secretItem, direction: "up" }))).toMatchObject({
        code: "NOT_FOUND",
        message: "That list item was not found",
      });
      expect(await rejection(ann().orderLists.moveItem({ listId: list.id, itemId: crypto.randomUUID(), direction: "up" }))).toMatchObject({
        code: "NOT_FOUND",
      });
      expect(await rejection(ann().orderLists.moveItem({ listId: crypto.randomUUID(), itemId: firstId, direction: "up" }))).toMatchObject({
        code: "NOT_FOUND",
      });

      // Each bad field is named.
      expect(await rejection(ann().orderLists.moveItem({ listId: list.id, itemId: firstId, direction: "sideways" as "up" }))).toMatchObject({
        code: "BAD_REQUEST",
        field: "direction",
        message: "Move an item up, down, to the top or to the bottom",
      });
      expect(await rejection(ann().orderLists.moveItem({ listId: list.id, itemId: "not-an-item", direction: "up" }))).toMatchObject({
        field: "itemId",
        message: "Unknown list item",
      });
      expect(await rejection(ann().orderLists.moveItem({ listId: "not-a-list", itemId: firstId, direction: "up" }))).toMatchObject({
        field: "listId",
        message: "Unknown order list",
      });
      expect(await codes(list.id)).toEqual(before);
    });
  });
});
