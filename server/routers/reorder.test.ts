import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requisitions } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { createSupplierConnection } from "@/server/connections/connections";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const DAY = 86_400_000;

describe.each(databaseKinds)("reorder, buy again and quick order on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  const yodify = (path: string, body: Record<string, unknown> = {}) => sandboxControl(h.yodify.url, path, body);

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({ withYodify: true, approvalThreshold: null, policy: [] });
    other = await h.createCompany({ approvalThreshold: null, policy: [] });
    await Promise.all([syncCatalog(h.db, acme.connectionId), syncCatalog(h.db, acme.yodifyConnectionId!), syncCatalog(h.db, other.connectionId)]);
  });
  afterAll(async () => h?.close());

  const buyer = () => acme.callerFor("buyer1@harness.example");
  const lead = () => acme.callerFor("lead1@harness.example");

  /** Fills the cart with these lines and checks it out, as the buyer would on the checkout page. */
  async function order(as: () => ReturnType<typeof buyer>, lines: { connectionId: string; itemId: string; quantity: number }[], poNumber = "PO-RE") {
    for (const line of lines) await as().cart.add(line);
    const options = await as().checkout.options();
    return as().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber,
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
  }

  const yodifyItem = async (q: string) => (await buyer().catalog.searchAll({ q, supplierIds: [acme.yodifyConnectionId!], inStockOnly: true })).items[0]!;

  it("reorders a past requisition: an unchanged line, a changed price (old and new), and a discontinued item with substitutes", async () => {
    const hygrade = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const gloves = await yodifyItem("nitrile gloves");
    const wrench = await yodifyItem("combination wrench");
    const past = await order(buyer, [
      { connectionId: hygrade.supplier.id, itemId: hygrade.supplierItemId, quantity: 2 },
      { connectionId: gloves.supplier.id, itemId: gloves.supplierItemId, quantity: 3 },
      { connectionId: wrench.supplier.id, itemId: wrench.supplierItemId, quantity: 1 },
    ]);
    const before = await buyer().requisitions.get({ requisitionId: past.requisitionId });
    const oldGlovePrice = before.supplierOrders.flatMap((o) => o.lines).find((l) => l.itemCode === gloves.itemCode)!.unitPrice;

    await yodify(`/skus/${gloves.supplierItemId}/patch`, { list_price: 99, sale_price: null, is_on_sale: false });
    await yodify(`/skus/${wrench.supplierItemId}/patch`, { inventory: 0, always_in_stock: false, allow_backorders: false });
    try {
      const result = await buyer().reorder.requisition({ requisitionId: past.requisitionId });
      expect(result.label).toBe(`REQ-${before.number}`);
      expect(result.added.length + result.notAdded.length).toBe(3);

      const unchanged = result.added.find((a) => a.itemCode === hygrade.itemCode)!;
      expect(unchanged).toMatchObject({
        quantity: 2,
        priceChanged: false,
        oldUnitPrice: { amount: 2450, currency: "USD" },
        newUnitPrice: { amount: 2450, currency: "USD" },
      });

      const changed = result.added.find((a) => a.itemCode === gloves.itemCode)!;
      expect(changed.priceChanged).toBe(true);
      expect(changed.oldUnitPrice).toEqual(oldGlovePrice);
      expect(changed.newUnitPrice.amount).toBeGreaterThan(oldGlovePrice.amount);

      const [gone] = result.notAdded;
      expect(gone).toMatchObject({
        itemCode: wrench.itemCode,
        quantity: 1,
        reason: "unavailable",
        message: `${wrench.name} (${wrench.itemCode}) is not available from Yodify right now.`,
      });
      expect(gone!.substitutes.length).toBeGreaterThan(0);
      expect(gone!.substitutes.length).toBeLessThanOrEqual(3);
      expect(gone!.substitutes.every((s) => s.connectionId === acme.yodifyConnectionId && s.supplierItemId !== wrench.supplierItemId)).toBe(true);
      // The best name match first: another size of the same wrench.
      expect(gone!.substitutes[0]!.name).toMatch(/Combination Wrench/);

      // What the buyer now finds in the cart: the two lines that could be added, at today's prices.
      const cart = await buyer().cart.get();
      const lines = cart.groups.flatMap((g) => g.lines);
      expect(lines.map((l) => l.itemCode).sort()).toEqual([hygrade.itemCode, gloves.itemCode].sort());
      expect(lines.find((l) => l.itemCode === gloves.itemCode)!.unitPrice).toEqual(changed.newUnitPrice);

      // One tap on a substitute adds it through the cart.
      const sub = gone!.substitutes[0]!;
      await buyer().cart.add({ connectionId: sub.connectionId, itemId: sub.supplierItemId, quantity: 1 });
      expect((await buyer().cart.get()).lineCount).toBe(3);
    } finally {
      await yodify("/reset", { catalog: true });
      for (const l of (await buyer().cart.get()).groups.flatMap((g) => g.lines)) await buyer().cart.remove({ lineId: l.id });
    }
  });

  /** (item code, quantity) pairs in item code order, for comparing what a cart holds. */
  const byCode = (pairs: [string, number][]) => [...pairs].sort(([a], [b]) => a.localeCompare(b));
  const cartContents = async () => byCode((await buyer().cart.get()).groups.flatMap((g) => g.lines).map((l): [string, number] => [l.itemCode, l.quantity]));
  const emptyCart = async () => {
    for (const l of (await buyer().cart.get()).groups.flatMap((g) => g.lines)) await buyer().cart.remove({ lineId: l.id });
  };

  it("reorders into a cart that already has lines: says how much of an item was already there, and lists the unrelated lines checkout will submit too", async () => {
    const hygrade = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const gloves = await yodifyItem("nitrile gloves");
    const wrench = await yodifyItem("combination wrench");
    const past = await order(buyer, [
      { connectionId: hygrade.supplier.id, itemId: hygrade.supplierItemId, quantity: 3 },
      { connectionId: gloves.supplier.id, itemId: gloves.supplierItemId, quantity: 2 },
    ]);
    try {
      expect(await cartContents()).toEqual([]);
      // Before the reorder the cart holds 2 of one of the requisition's items and 4 of an unrelated one.
      const sameLine = await buyer().cart.add({ connectionId: hygrade.supplier.id, itemId: hygrade.supplierItemId, quantity: 2 });
      const unrelatedLine = await buyer().cart.add({ connectionId: wrench.supplier.id, itemId: wrench.supplierItemId, quantity: 4 });

      const result = await buyer().reorder.requisition({ requisitionId: past.requisitionId });
      expect(result.notAdded).toEqual([]);
      const same = result.added.find((a) => a.itemCode === hygrade.itemCode)!;
      // Asked for 3, the cart had 2 already: it now holds 5, on the same cart line.
      expect(same).toMatchObject({ quantity: 3, quantityAsked: 3, quantityInCart: 5, lineId: sameLine.lineId });
      expect(same.quantityInCart).toBeGreaterThan(same.quantityAsked);
      expect(result.added.find((a) => a.itemCode === gloves.itemCode)).toMatchObject({ quantity: 2, quantityAsked: 2, quantityInCart: 2 });
      // The unrelated line goes out with the reorder at checkout, so it is listed; the line reordered into is not.
      expect(result.otherCartLines).toEqual([
        { lineId: unrelatedLine.lineId, itemCode: wrench.itemCode, name: wrench.name, supplierName: "Yodify", quantity: 4 },
      ]);

      // Nothing was taken out of the cart: both earlier lines are still there, next to the reorder.
      expect(await cartContents()).toEqual(
        byCode([
          [hygrade.itemCode, 5],
          [gloves.itemCode, 2],
          [wrench.itemCode, 4],
        ]),
      );
    } finally {
      await emptyCart();
    }
  });

  it("reorders into an empty cart: no other cart lines, and every line holds just what was asked", async () => {
    const hygrade = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const gloves = await yodifyItem("nitrile gloves");
    const past = await order(buyer, [
      { connectionId: hygrade.supplier.id, itemId: hygrade.supplierItemId, quantity: 2 },
      { connectionId: gloves.supplier.id, itemId: gloves.supplierItemId, quantity: 3 },
    ]);
    try {
      expect(await cartContents()).toEqual([]);
      const result = await buyer().reorder.requisition({ requisitionId: past.requisitionId });
      expect(result.otherCartLines).toEqual([]);
      expect(result.added).toHaveLength(2);
      expect(result.added.every((a) => a.quantityAsked === a.quantity && a.quantityInCart === a.quantityAsked)).toBe(true);
    } finally {
      await emptyCart();
    }
  });

  it("lists a line already in the cart for an item the reorder could not add: it stays in the cart and checkout would submit it", async () => {
    const gloves = await yodifyItem("nitrile gloves");
    const hygrade = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const past = await order(buyer, [
      { connectionId: hygrade.supplier.id, itemId: hygrade.supplierItemId, quantity: 1 },
      { connectionId: gloves.supplier.id, itemId: gloves.supplierItemId, quantity: 3 },
    ]);
    await yodify(`/skus/${gloves.supplierItemId}/patch`, { inventory: 4, always_in_stock: false, allow_backorders: false });
    try {
      const held = await buyer().cart.add({ connectionId: gloves.supplier.id, itemId: gloves.supplierItemId, quantity: 2 });
      const result = await buyer().reorder.requisition({ requisitionId: past.requisitionId });
      // 2 in the cart + 3 asked is more than the 4 in stock: refused, and the 2 stay.
      expect(result.notAdded).toEqual([
        expect.objectContaining({ itemCode: gloves.itemCode, reason: "short_of_stock", message: expect.stringContaining("your cart already has 2") }),
      ]);
      expect(result.added).toEqual([expect.objectContaining({ itemCode: hygrade.itemCode, quantityAsked: 1, quantityInCart: 1 })]);
      expect(result.otherCartLines).toEqual([{ lineId: held.lineId, itemCode: gloves.itemCode, name: gloves.name, supplierName: "Yodify", quantity: 2 }]);
      expect(await cartContents()).toEqual(
        byCode([
          [hygrade.itemCode, 1],
          [gloves.itemCode, 2],
        ]),
      );
    } finally {
      await yodify("/reset", { catalog: true });
      await emptyCart();
    }
  });

  it("reports a supplier that cannot be reached as not added, and still adds the other supplier's lines", async () => {
    const hygrade = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const gloves = await yodifyItem("nitrile gloves");
    const past = await order(buyer, [
      { connectionId: hygrade.supplier.id, itemId: hygrade.supplierItemId, quantity: 1 },
      { connectionId: gloves.supplier.id, itemId: gloves.supplierItemId, quantity: 1 },
    ]);
    await yodify("/faults", { kind: "status5xx", count: 10_000 });
    try {
      const result = await buyer().reorder.requisition({ requisitionId: past.requisitionId });
      expect(result.added.map((a) => a.itemCode)).toEqual([hygrade.itemCode]);
      expect(result.notAdded).toEqual([
        expect.objectContaining({
          itemCode: gloves.itemCode,
          reason: "supplier_unreachable",
          message: expect.stringContaining("Yodify is not answering right now"),
          substitutes: [],
        }),
      ]);
    } finally {
      await yodify("/reset");
      for (const l of (await buyer().cart.get()).groups.flatMap((g) => g.lines)) await buyer().cart.remove({ lineId: l.id });
    }
  });

  it("refuses another company's requisition, and a colleague's to a plain buyer, as not found", async () => {
    const hygrade = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const mine = await order(buyer, [{ connectionId: hygrade.supplier.id, itemId: hygrade.supplierItemId, quantity: 1 }]);
    const outsider = other.callerFor(other.users.find((u) => u.roles.includes("buyer") && !u.roles.includes("approver"))!.email);
    expect(await rejection(outsider.reorder.requisition({ requisitionId: mine.requisitionId }))).toMatchObject({
      code: "NOT_FOUND",
      message: "That requisition was not found",
    });
    expect((await outsider.cart.get()).lineCount).toBe(0);

    const leads = await order(lead, [{ connectionId: hygrade.supplier.id, itemId: hygrade.supplierItemId, quantity: 1 }], "PO-LEAD");
    expect(await rejection(buyer().reorder.requisition({ requisitionId: leads.requisitionId }))).toMatchObject({ code: "NOT_FOUND" });
    // An approver may see (and so reorder) any requisition of the company, into their own cart.
    expect((await lead().reorder.requisition({ requisitionId: mine.requisitionId })).added).toHaveLength(1);
    for (const l of (await lead().cart.get()).groups.flatMap((g) => g.lines)) await lead().cart.remove({ lineId: l.id });
  });

  it("ranks buy again by frequency and recency: three orders this month beat one today, three orders months ago do not", async () => {
    const shop = await h.createCompany({ approvalThreshold: null, policy: [] });
    await syncCatalog(h.db, shop.connectionId);
    const as = () => shop.callerFor(shop.users.find((u) => u.email.startsWith("buyer"))!.email);
    const colleague = () => shop.callerFor(shop.users.find((u) => u.email.startsWith("lead"))!.email);
    const items = (await as().catalog.searchAll({ q: "", pageSize: 4, inStockOnly: true })).items;
    const [often, once, longAgo, theirs] = items as [(typeof items)[0], (typeof items)[0], (typeof items)[0], (typeof items)[0]];
    const submit = async (who: typeof as, item: typeof often, quantity: number, daysAgo: number) => {
      await who().cart.add({ connectionId: item.supplier.id, itemId: item.supplierItemId, quantity });
      const options = await who().checkout.options();
      const done = await who().checkout.submit({
        costCenterId: shop.costCenters[0]!.id,
        poNumber: "PO-BA",
        shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
      });
      await h.db
        .update(requisitions)
        .set({ submittedAt: new Date(Date.now() - daysAgo * DAY) })
        .where(eq(requisitions.id, done.requisitionId));
      return done.requisitionId;
    };
    await submit(as, often, 2, 20);
    await submit(as, often, 3, 10);
    await submit(as, often, 5, 5);
    await submit(as, once, 1, 0);
    await submit(as, longAgo, 1, 120);
    await submit(as, longAgo, 1, 121);
    await submit(as, longAgo, 1, 122);
    const withdrawn = await submit(as, theirs, 9, 0);
    await h.db
      .update(requisitions)
      .set({ status: "withdrawn" })
      .where(inArray(requisitions.id, [withdrawn]));
    await submit(colleague, theirs, 4, 1);
    await submit(colleague, theirs, 4, 2);
    await submit(colleague, theirs, 4, 3);
    await submit(colleague, theirs, 4, 4);

    const mine = await as().reorder.buyAgain({ scope: "mine", limit: 10 });
    expect(mine.map((m) => m.itemCode)).toEqual([often.itemCode, once.itemCode, longAgo.itemCode]);
    expect(mine[0]).toMatchObject({ timesOrdered: 3, lastQuantity: 5, stillListed: true });
    expect(mine[0]!.lastUnitPrice.amount).toBeGreaterThan(0);
    // Today's price for the quantity the tap adds again (the last one), by the same rule as every list.
    // No price changed since, so it is what was paid last time.
    expect(mine[0]!.price).toMatchObject({ quantity: 5, unitPrice: mine[0]!.lastUnitPrice });
    // The withdrawn order of `theirs` does not count for this buyer.
    expect(mine.some((m) => m.itemCode === theirs.itemCode)).toBe(false);

    const company = await as().reorder.buyAgain({ scope: "company", limit: 2 });
    expect(company.map((m) => m.itemCode)).toEqual([theirs.itemCode, often.itemCode]);
    expect(company[0]).toMatchObject({ timesOrdered: 4, lastQuantity: 4 });
  });

  it("quick order: good lines go to the cart; not found, ambiguous and malformed lines are reported by line number", async () => {
    const shop = await h.createCompany({ approvalThreshold: null, policy: [] });
    const west = await createSupplierConnection(h.db, { companyId: shop.companyId, supplier: "hygrade", displayName: "Hygrade West", settings: h.settings });
    await Promise.all([syncCatalog(h.db, shop.connectionId), syncCatalog(h.db, west.id)]);
    const as = () => shop.callerFor(shop.users.find((u) => u.email.startsWith("buyer"))!.email);

    // Both Hygrade connections list FM-0014-LT: the type-ahead offers it first, once per supplier.
    const suggestions = await as().reorder.suggest({ q: "fm-0014" });
    expect(suggestions[0]!.itemCode).toBe("FM-0014-LT");

    const text = ["fm-0014-lt, 2", "NOPE-123\t4", "FM-0014-LT 1", ", 3", "FM-0014-LT, 2.5", "FM-0014-LT, 0", "", "FM-0014-LT 99999"].join("\n");
    const first = await as().reorder.quickOrder({ text });
    expect(first.lines.map((l) => [l.line, l.status])).toEqual([
      [1, "ambiguous"],
      [2, "not_found"],
      [3, "ambiguous"],
      [4, "invalid"],
      [5, "invalid"],
      [6, "invalid"],
      [8, "invalid"],
    ]);
    const ambiguous = first.lines[0]! as Extract<(typeof first.lines)[number], { status: "ambiguous" }>;
    expect(ambiguous.candidates.map((c) => c.supplierName)).toEqual(["Hygrade", "Hygrade West"]);
    expect(first.lines[1]!.message).toBe("Line 2: no supplier of yours lists item code NOPE-123");
    expect(first.lines[3]!.message).toMatch(/^Line 4: No item code/);
    expect(first.lines[4]!.message).toBe('Line 5: Quantity "2.5" is not a whole number');
    expect(first.lines[5]!.message).toBe("Line 6: Quantity must be at least 1");
    expect(first.lines[6]!.message).toBe("Line 8: Quantity can be at most 10,000 per line");
    expect(first.addedCount).toBe(0);

    // The buyer picks Hygrade West for line 1 and leaves line 3 open: line 1 goes in, the rest are still reported.
    const second = await as().reorder.quickOrder({ text, picks: [{ line: 1, connectionId: west.id }] });
    expect(second.lines[0]).toMatchObject({
      line: 1,
      status: "added",
      supplierName: "Hygrade West",
      quantity: 2,
      unitPrice: { amount: 2450, currency: "USD" },
    });
    expect(second.addedCount).toBe(1);
    const cart = await as().cart.get();
    expect(cart.groups.map((g) => [g.supplierName, g.lines.map((l) => [l.itemCode, l.quantity])])).toEqual([["Hygrade West", [["FM-0014-LT", 2]]]]);

    // Too many lines is refused before anything is looked up.
    expect(await rejection(as().reorder.quickOrder({ text: Array.from({ length: 201 }, () => "FM-0014-LT 1").join("\n") }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "text",
    });
  });

  it("filters order history by status, supplier and date range, company-scoped, newest first", async () => {
    const hygrade = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const gloves = await yodifyItem("nitrile gloves");
    const hygradeOnly = await order(buyer, [{ connectionId: hygrade.supplier.id, itemId: hygrade.supplierItemId, quantity: 1 }], "PO-HIST-1");
    const yodifyOnly = await order(buyer, [{ connectionId: gloves.supplier.id, itemId: gloves.supplierItemId, quantity: 1 }], "PO-HIST-2");
    await h.db
      .update(requisitions)
      .set({ submittedAt: new Date("2026-03-10T12:00:00Z") })
      .where(eq(requisitions.id, hygradeOnly.requisitionId));
    await h.db
      .update(requisitions)
      .set({ submittedAt: new Date("2026-03-20T23:30:00Z"), status: "rejected" })
      .where(eq(requisitions.id, yodifyOnly.requisitionId));
    const ids = async (input: Parameters<ReturnType<typeof buyer>["requisitions"]["list"]>[0]) =>
      (await buyer().requisitions.list(input)).items.map((r) => r.id);

    expect(await ids({ from: "2026-03-01", to: "2026-03-31" })).toEqual([yodifyOnly.requisitionId, hygradeOnly.requisitionId]);
    // "To" takes in the whole day.
    expect(await ids({ from: "2026-03-11", to: "2026-03-20" })).toEqual([yodifyOnly.requisitionId]);
    expect(await ids({ from: "2026-03-01", to: "2026-03-31", supplierId: acme.connectionId })).toEqual([hygradeOnly.requisitionId]);
    expect(await ids({ from: "2026-03-01", to: "2026-03-31", status: "rejected" })).toEqual([yodifyOnly.requisitionId]);
    // Another company's supplier id finds nothing here.
    expect(await ids({ supplierId: other.connectionId })).toEqual([]);

    expect(await rejection(buyer().requisitions.list({ from: "2026-03-31", to: "2026-03-01" }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "to",
      message: "The end date must be on or after the start date",
    });
    expect(await rejection(buyer().requisitions.list({ from: "2026-02-30" }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "from",
      message: "From is not a real date",
    });
  });

  it("reports a line the supplier refuses for stock, and still adds the good ones", async () => {
    const gloves = await yodifyItem("nitrile gloves");
    const hygrade = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    await yodify(`/skus/${gloves.supplierItemId}/patch`, { inventory: 2, always_in_stock: false, allow_backorders: false });
    try {
      const result = await buyer().reorder.quickOrder({ text: `${gloves.itemCode}, 5\n${hygrade.itemCode}, 1` });
      expect(result.lines[0]).toMatchObject({
        line: 1,
        status: "refused",
        reason: "short_of_stock",
        message: `Line 1: Yodify has only 2 of ${gloves.itemCode} in stock; lower the quantity or ask Yodify for a quote.`,
      });
      expect(result.lines[1]).toMatchObject({ line: 2, status: "added" });
    } finally {
      await yodify("/reset", { catalog: true });
      for (const l of (await buyer().cart.get()).groups.flatMap((g) => g.lines)) await buyer().cart.remove({ lineId: l.id });
    }
  });
});
