import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogItems, catalogSyncRuns } from "@/db/schema";
import { searchMirror } from "@/server/catalog/search";
import { connectionsDueForSync, syncCatalog } from "@/server/catalog/sync";
import { connectorFor } from "@/server/suppliers";
import { createSupplierConnection } from "@/server/connections/connections";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

describe.each(databaseKinds)("catalog mirror on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let expected: Set<string>;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany();
    // What Hygrade lists for ACME001, read straight through the connector with no faults.
    const connector = connectorFor("hygrade", h.settings);
    expected = new Set();
    let cursor: string | undefined;
    for (;;) {
      const page = await connector.searchCatalog({ limit: 100, cursor });
      for (const item of page.items) expected.add(item.supplierItemId);
      if (!page.hasMore || !page.nextCursor) break;
      cursor = page.nextCursor;
    }
  });
  afterAll(async () => h?.close());

  const mirrored = async (connectionId: string) =>
    (
      await h.db
        .select({ id: catalogItems.supplierItemId })
        .from(catalogItems)
        .where(and(eq(catalogItems.connectionId, connectionId), isNull(catalogItems.delistedAt)))
    ).map((r) => r.id);

  it("mirrors every item once, and a crash mid-sync resumes where the last saved page ended", async () => {
    expect(expected.size).toBeGreaterThan(500);
    const first = await syncCatalog(h.db, acme.connectionId, { pageSize: 50, maxPages: 3 });
    expect(first).toMatchObject({ state: "running", itemsDone: 150 });
    // The process "dies" here: its heartbeat stops, and a later sync takes the run over.
    await h.db
      .update(catalogSyncRuns)
      .set({ heartbeatAt: new Date(0) })
      .where(eq(catalogSyncRuns.id, first.runId));
    const resumed = await syncCatalog(h.db, acme.connectionId, { pageSize: 50 });
    expect(resumed).toMatchObject({ runId: first.runId, state: "done", resumed: true, itemsDone: expected.size });
    expect(resumed.pages).toBe(Math.ceil(expected.size / 50) - 3);
    const ids = await mirrored(acme.connectionId);
    expect(ids.length).toBe(expected.size);
    expect(new Set(ids)).toEqual(expected);
    const [run] = await h.db.select().from(catalogSyncRuns).where(eq(catalogSyncRuns.id, first.runId));
    expect(run).toMatchObject({ state: "done", itemsDone: expected.size, itemsTotal: expected.size });
  });

  it("finishes with no duplicate and no missing item through a 429 storm, 5xx bursts, an expired token and a dropped connection", async () => {
    const west = await createSupplierConnection(h.db, { companyId: acme.companyId, supplier: "hygrade", displayName: "Hygrade West", settings: h.settings });
    await sandboxControl(h.sandbox, "/faults", { kind: "status429", count: 8, retryAfterSeconds: 0 });
    const patient = { pageRetryDelayMs: 20 };
    const part = await syncCatalog(h.db, west.id, { pageSize: 40, maxPages: 2, ...patient });
    expect(part.itemsDone).toBe(80);
    await h.db
      .update(catalogSyncRuns)
      .set({ heartbeatAt: new Date(0) })
      .where(eq(catalogSyncRuns.id, part.runId));
    await sandboxControl(h.sandbox, "/tokens/expire");
    await sandboxControl(h.sandbox, "/faults", { kind: "status5xx", count: 3 });
    await sandboxControl(h.sandbox, "/faults", { kind: "drop", count: 2 });
    const done = await syncCatalog(h.db, west.id, { pageSize: 40, ...patient });
    expect(done.state).toBe("done");
    const ids = await mirrored(west.id);
    expect(ids.length).toBe(expected.size);
    expect(new Set(ids)).toEqual(expected);
  });

  it("between full syncs, asks Yodify only for the SKUs added since the newest one mirrored, and delists nothing", async () => {
    const company = await h.createCompany({ withYodify: true });
    const yodifyId = company.yodifyConnectionId!;
    // Before any full sync there is nothing to be "new" against: a new-items request walks everything.
    const first = await syncCatalog(h.db, yodifyId, { kind: "new_items" });
    expect(first).toMatchObject({ kind: "full", state: "done" });
    const before = await mirrored(yodifyId);
    expect(before.length).toBe(first.itemsDone);

    const newest = Math.max(...before.map(Number));
    const added = [];
    for (const code of ["NEW-GLOVE-01", "NEW-GLOVE-02"]) {
      added.push(
        (await sandboxControl(h.yodify.url, "/skus/add", { copyOf: newest, sku_identifier: code, short_description: `Nitrile glove ${code}` })) as {
          id: number;
        },
      );
    }
    const run = await syncCatalog(h.db, yodifyId, { kind: "new_items" });
    expect(run).toMatchObject({ kind: "new_items", state: "done", itemsDone: 2, pages: 1, delisted: 0 });
    const after = await mirrored(yodifyId);
    expect(after.length).toBe(before.length + 2);
    expect(after).toEqual(expect.arrayContaining(added.map((a) => String(a.id))));
    const found = await searchMirror(h.db, company.companyId, { q: "NEW-GLOVE-02", limit: 5, offset: 0 });
    expect(found.items[0]).toMatchObject({ itemCode: "NEW-GLOVE-02" });

    // Nothing new since: one empty page, and the full catalog is still there.
    const quiet = await syncCatalog(h.db, yodifyId, { kind: "new_items" });
    expect(quiet).toMatchObject({ kind: "new_items", itemsDone: 0, delisted: 0 });
    expect((await mirrored(yodifyId)).length).toBe(after.length);

    // Hygrade cannot list only new items, so the same request is a full sync there.
    const hygrade = await syncCatalog(h.db, company.connectionId, { kind: "new_items" });
    expect(hygrade).toMatchObject({ kind: "full", state: "done", itemsDone: expected.size });
  });

  it("schedules full syncs when they are due and new-items checks in between, only for suppliers that can", async () => {
    const company = await h.createCompany({ withYodify: true });
    const hour = 3_600_000;
    const due = async (at: Date) =>
      (await connectionsDueForSync(h.db, 6 * hour, at, 15 * 60_000)).filter((d) => d.id === company.connectionId || d.id === company.yodifyConnectionId);
    expect(await due(new Date())).toEqual(
      expect.arrayContaining([
        { id: company.connectionId, kind: "full" },
        { id: company.yodifyConnectionId, kind: "full" },
      ]),
    );
    await syncCatalog(h.db, company.connectionId);
    await syncCatalog(h.db, company.yodifyConnectionId!);
    expect(await due(new Date())).toEqual([]);
    expect(await due(new Date(Date.now() + 20 * 60_000))).toEqual([{ id: company.yodifyConnectionId, kind: "new_items" }]);
    expect(await due(new Date(Date.now() + 7 * hour))).toEqual(
      expect.arrayContaining([
        { id: company.connectionId, kind: "full" },
        { id: company.yodifyConnectionId, kind: "full" },
      ]),
    );
  });

  it("delists what the supplier no longer lists", async () => {
    await h.db.insert(catalogItems).values({
      companyId: acme.companyId,
      connectionId: acme.connectionId,
      supplierItemId: "itm_discontinued",
      itemCode: "OLD-0001",
      name: "Discontinued widget",
      available: true,
      priceFromMinor: 100,
      priceMinor: 100,
      currency: "USD",
      priceTiers: [{ minQuantity: 1, amount: 100 }],
    });
    const result = await syncCatalog(h.db, acme.connectionId);
    expect(result.delisted).toBe(1);
    const found = await searchMirror(h.db, acme.companyId, { q: "OLD-0001", limit: 10, offset: 0 });
    expect(found.total.count).toBe(0);
  });

  it("searches every supplier at once: the exact item code first, then ranked text matches, with filters and the supplier named", async () => {
    const exact = await searchMirror(h.db, acme.companyId, { q: "fm-0014-lt", limit: 10, offset: 0 });
    expect(exact.items[0]).toMatchObject({ itemCode: "FM-0014-LT" });
    expect(new Set(exact.items.filter((i) => i.itemCode === "FM-0014-LT").map((i) => i.supplier.name))).toEqual(new Set(["Hygrade", "Hygrade West"]));

    const gloves = await searchMirror(h.db, acme.companyId, { q: "gloves", limit: 50, offset: 0 });
    expect(gloves.total.count).toBeGreaterThan(0);
    for (const item of gloves.items) expect(`${item.name} ${item.description} ${item.category?.name}`.toLowerCase()).toMatch(/glove/);

    const inStock = await searchMirror(h.db, acme.companyId, { q: "coffee", inStockOnly: true, limit: 100, offset: 0 });
    expect(inStock.items.every((i) => i.available)).toBe(true);
    const all = await searchMirror(h.db, acme.companyId, { q: "coffee", limit: 100, offset: 0 });
    expect(all.total.count).toBeGreaterThan(inStock.total.count);

    const cheap = await searchMirror(h.db, acme.companyId, { maxPriceMinor: 1000, sort: "price_desc", limit: 20, offset: 0 });
    expect(cheap.items.every((i) => i.price.unitPrice.amount <= 1000)).toBe(true);
    expect(cheap.items.map((i) => i.price.unitPrice.amount)).toEqual([...cheap.items.map((i) => i.price.unitPrice.amount)].sort((a, b) => b - a));

    const onlyWest = await searchMirror(h.db, acme.companyId, {
      q: "coffee",
      connectionIds: [all.items.find((i) => i.supplier.name === "Hygrade West")!.supplier.id],
      limit: 100,
      offset: 0,
    });
    expect(onlyWest.items.every((i) => i.supplier.name === "Hygrade West")).toBe(true);

    const category = all.items[0]!.category!;
    const inCategory = await searchMirror(h.db, acme.companyId, { categoryIds: [category.id], limit: 100, offset: 0 });
    expect(inCategory.items.every((i) => i.category?.id === category.id)).toBe(true);
    expect(inCategory.categories.map((c) => c.id)).toContain(category.id);
  });

  it("answers the buyer's search across suppliers through tRPC, with prices in major units and checks on who asks", async () => {
    const buyer = acme.callerFor("buyer1@harness.example");
    const result = await buyer.catalog.searchAll({ q: "letterhead", maxPrice: 30, sort: "price_asc" });
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items.every((i) => i.price.unitPrice.amount <= 3000)).toBe(true);
    expect(result.items.map((i) => i.supplier.name)).toEqual(expect.arrayContaining(["Hygrade", "Hygrade West"]));
    expect(await rejection(buyer.catalog.searchAll({ minPrice: 50, maxPrice: 10 }))).toMatchObject({ code: "BAD_REQUEST", field: "maxPrice" });
    expect(await rejection(buyer.catalog.searchAll({ minPrice: -1 }))).toMatchObject({ code: "BAD_REQUEST", field: "minPrice" });
    expect(await rejection(buyer.catalog.syncStatus())).toMatchObject({ code: "FORBIDDEN" });
    expect(await rejection(h.anonymous().catalog.searchAll({}))).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("keeps another company's mirror out of the results", async () => {
    const other = await h.createCompany();
    const found = await searchMirror(h.db, other.companyId, { q: "FM-0014-LT", limit: 10, offset: 0 });
    expect(found.total.count).toBe(0);
    const [rows] = await h.db.select({ n: count() }).from(catalogItems).where(eq(catalogItems.companyId, other.companyId));
    expect(rows!.n).toBe(0);
  });
});
