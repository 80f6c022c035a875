import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalog } from "@/server/catalog/sync";
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
});
