import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogItems } from "@/db/schema";
import { rebuildFacets, syncCatalog } from "@/server/catalog/sync";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";

/** What a buyer types and what they expect to find: the catalog search and quick order's suggestions, over real mirrors. */
describe.each(databaseKinds)("catalog search as a buyer types, on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  const buyer = () => acme.callerFor(acme.users.find((u) => u.roles.includes("buyer") && !u.roles.includes("approver"))!.email);

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({ withYodify: true });
    await syncCatalog(h.db, acme.connectionId);
    await syncCatalog(h.db, acme.yodifyConnectionId!);
  });
  afterAll(async () => h?.close());

  const names = (items: { name: string }[]) => items.map((i) => i.name.toLowerCase());

  it("finds nitrile gloves from the first letters of a word ('nitr')", async () => {
    const found = await buyer().catalog.searchAll({ q: "nitr" });
    expect(found.total.count).toBeGreaterThan(0);
    expect(names(found.items).some((n) => n.includes("nitrile") && n.includes("glove"))).toBe(true);
    // From both suppliers: Hygrade's Nitrile Exam Gloves and Yodify's SafeGuard PPE Nitrile Gloves.
    expect(new Set(found.items.filter((i) => /nitrile/i.test(i.name)).map((i) => i.supplier.name))).toEqual(new Set(["Hygrade", "Yodify"]));
    expect(found.items.every((i) => /nitr/i.test(`${i.name} ${i.description}`))).toBe(true);
  });

  it("finds gloves through a typo ('glvoes'), and a misspelling finds nothing unrelated", async () => {
    const found = await buyer().catalog.searchAll({ q: "glvoes" });
    expect(found.total.count).toBeGreaterThan(0);
    expect(found.items.every((i) => /glove/i.test(`${i.name} ${i.description}`))).toBe(true);
    const both = await buyer().catalog.searchAll({ q: "nitrile glvoes" });
    expect(names(both.items).every((n) => n.includes("nitrile") && n.includes("glove"))).toBe(true);
    expect((await buyer().catalog.searchAll({ q: "zqxjv" })).total.count).toBe(0);
  });

  it("ranks an exact code first, and corrects only words the catalog does not have", async () => {
    // "tape" is a word of the catalog: no correction is tried, so nothing merely one letter away ("tap", "type") comes in.
    const tape = await buyer().catalog.searchAll({ q: "tape", pageSize: 100 });
    expect(tape.total.count).toBeGreaterThan(0);
    expect(tape.items.every((i) => /tape/i.test(`${i.itemCode} ${i.name} ${i.description} ${i.category?.name}`))).toBe(true);
    // An exact item code is still first.
    const code = await buyer().catalog.searchAll({ q: "fm-0014-lt" });
    expect(code.items[0]).toMatchObject({ itemCode: "FM-0014-LT" });
    // The last word is matched as a prefix while it is being typed; every other word must be there too.
    const typing = await buyer().catalog.searchAll({ q: "nitrile glo" });
    expect(typing.total.count).toBeGreaterThan(0);
    expect(names(typing.items).every((n) => n.includes("nitrile") && n.includes("glove"))).toBe(true);
  });

  it("suggests the same items in quick order as the code or word is typed", async () => {
    const nitr = await buyer().reorder.suggest({ q: "nitr" });
    expect(nitr.length).toBeGreaterThan(0);
    expect(nitr.every((s) => /nitrile/i.test(s.name))).toBe(true);
    const typo = await buyer().reorder.suggest({ q: "glvoes" });
    expect(typo.length).toBeGreaterThan(0);
    expect(typo.every((s) => /glove/i.test(s.name))).toBe(true);
    const code = await buyer().reorder.suggest({ q: "FM-00" });
    expect(code[0]!.itemCode).toMatch(/^FM-00/);
  });

  it("shows the price of one, with the deepest tier as 'as low as', and filters by that price", async () => {
    const found = await buyer().catalog.searchAll({ q: "fm-0014-lt", supplierIds: [acme.connectionId] });
    // Hygrade's documented tiers for FM-0014-LT: $24.50 for 1-9, $21.75 for 10-99, $18.90 for 100+.
    expect(found.items[0]!.price).toEqual({
      quantity: 1,
      unitPrice: { amount: 2450, currency: "USD" },
      asLowAs: { minQuantity: 100, unitPrice: { amount: 1890, currency: "USD" } },
    });
    const underTwenty = await buyer().catalog.searchAll({ q: "fm-0014-lt", supplierIds: [acme.connectionId], maxPrice: 20 });
    expect(underTwenty.items.map((i) => i.itemCode)).not.toContain("FM-0014-LT");
    const suggestion = (await buyer().reorder.suggest({ q: "FM-0014-LT" })).find((s) => s.itemCode === "FM-0014-LT")!;
    expect(suggestion.price.unitPrice.amount).toBe(2450);
  });

  it("keeps brands apart from categories: Hygrade's categories, Yodify's brands, each its own filter", async () => {
    const all = await buyer().catalog.searchAll({ pageSize: 1 });
    expect(all.categories.map((c) => c.name)).toContain("Forms & Stationery");
    expect(all.categories.map((c) => c.name)).not.toContain("SafeGuard PPE");
    expect(all.brands.map((b) => b.name)).toContain("SafeGuard PPE");
    expect(all.brands.map((b) => b.name)).not.toContain("Forms & Stationery");
    const brand = all.brands.find((b) => b.name === "SafeGuard PPE")!;
    const byBrand = await buyer().catalog.searchAll({ brandIds: [brand.id], pageSize: 100 });
    expect(byBrand.total.count).toBeGreaterThan(0);
    expect(byBrand.items.every((i) => i.brand?.name === "SafeGuard PPE" && i.category === null && i.supplier.name === "Yodify")).toBe(true);
    const category = all.categories.find((c) => c.name === "Forms & Stationery")!;
    const byCategory = await buyer().catalog.searchAll({ categoryIds: [category.id], pageSize: 100 });
    expect(byCategory.items.every((i) => i.category?.id === category.id && i.brand === null)).toBe(true);
  });

  it("keeps the filters as the last sync left them: a sync that delists an item's category drops it, and another company's never show", async () => {
    const plain = await h.createCompany();
    const plainBuyer = () => plain.callerFor(plain.users.find((u) => u.roles.includes("buyer") && !u.roles.includes("approver"))!.email);
    // Nothing mirrored yet: no filters; the first sync brings Hygrade's categories.
    expect((await plainBuyer().catalog.searchAll({ pageSize: 1 })).categories).toEqual([]);
    await syncCatalog(h.db, plain.connectionId);
    const synced = await plainBuyer().catalog.searchAll({ pageSize: 1 });
    expect(synced.categories.map((c) => c.name)).toContain("Forms & Stationery");
    // Acme's Yodify brands are Acme's alone.
    expect(synced.brands.map((b) => b.name)).not.toContain("SafeGuard PPE");
    // An item the mirror kept from an earlier sync, in a range Hygrade no longer sells.
    await h.db.insert(catalogItems).values({
      companyId: plain.companyId,
      connectionId: plain.connectionId,
      supplierItemId: "itm_retired",
      itemCode: "RET-0001",
      name: "Retired range binder",
      categoryId: "cat_retired",
      categoryName: "Retired Range",
      available: true,
      priceFromMinor: 100,
      priceMinor: 100,
      currency: "USD",
      priceTiers: [{ minQuantity: 1, amount: 100 }],
    });
    await rebuildFacets(h.db, plain.connectionId);
    expect((await plainBuyer().catalog.searchAll({ pageSize: 1 })).categories.map((c) => c.name)).toContain("Retired Range");
    expect((await buyer().catalog.searchAll({ pageSize: 1 })).categories.map((c) => c.name)).not.toContain("Retired Range");
    const result = await syncCatalog(h.db, plain.connectionId);
    expect(result.delisted).toBe(1);
    const after = await plainBuyer().catalog.searchAll({ pageSize: 1 });
    expect(after.categories.map((c) => c.name)).not.toContain("Retired Range");
    expect(after.categories.map((c) => c.name)).toContain("Forms & Stationery");
  });

  it("counts matches up to 1,000 and says there are more, exactly once the pages reach past it", async () => {
    const bulk = await h.createCompany();
    const bulkBuyer = () => bulk.callerFor(bulk.users.find((u) => u.roles.includes("buyer") && !u.roles.includes("approver"))!.email);
    await h.db.insert(catalogItems).values(
      Array.from({ length: 1005 }, (_, i) => ({
        companyId: bulk.companyId,
        connectionId: bulk.connectionId,
        supplierItemId: `itm_bulk_${i}`,
        itemCode: `BLK-${String(i).padStart(4, "0")}`,
        name: `Bulk widget ${i}`,
        available: true,
        priceFromMinor: 100 + i,
        priceMinor: 100 + i,
        currency: "USD",
        priceTiers: [{ minQuantity: 1, amount: 100 + i }],
      })),
    );
    const first = await bulkBuyer().catalog.searchAll({ q: "widget", pageSize: 24 });
    expect(first.total).toEqual({ count: 1000, more: true });
    expect(first.items).toHaveLength(24);
    // There is a page after the counted ones, so the buyer can always go on.
    expect(first.pages).toBe(Math.ceil(1000 / 24) + 1);
    const last = await bulkBuyer().catalog.searchAll({ q: "widget", pageSize: 24, page: 42 });
    expect(last.total).toEqual({ count: 1005, more: false });
    expect(last.pages).toBe(42);
    expect(last.items).toHaveLength(1005 - 41 * 24);
    // Every page holds different items: the pages walk the matches without repeating one.
    const codes = new Set<string>();
    for (let page = 1; page <= 3; page++)
      for (const i of (await bulkBuyer().catalog.searchAll({ q: "widget", pageSize: 24, page })).items) codes.add(i.itemCode);
    expect(codes.size).toBe(72);
    // A narrow search is counted exactly, and the code prefix band comes first.
    const narrow = await bulkBuyer().catalog.searchAll({ q: "blk-000" });
    expect(narrow.total).toEqual({ count: 10, more: false });
    expect(narrow.items.map((i) => i.itemCode)).toEqual(Array.from({ length: 10 }, (_, i) => `BLK-000${i}`));
  });
});
