/**
 * The catalog search at scale (issue 19): 100 companies sharing one catalog_items table, one of them (the measured
 * company) with 100,000 items across 5 supplier connections, the others 1,000 each; "quick" is 10 companies and 10,000
 * items. Names and descriptions come from a shopping vocabulary, so a broad word ("paper") matches about an eighth of a
 * catalog and a narrow one ("archival") a few dozen items.
 *
 * The worker must not sync these connections while the benchmark runs (a full sync would delist every seeded item the
 * sandbox does not sell): each connection gets a finished full sync run stamped at seeding time, so connectionsDueForSync
 * (server/catalog/sync.ts) sees its last full sync as fresh for the worker's full-sync interval (6 hours by default),
 * and no connection is a Yodify one, the only supplier whose mirror gets a new-items check in between (every 15 minutes).
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { catalogItems, catalogSyncRuns, catalogWords, companies } from "@/db/schema";
import { rebuildFacets } from "@/server/catalog/sync";
import { createSupplierConnection } from "@/server/connections/connections";
import { seedCompany } from "@/server/demo/seed";
import { MIN_FUZZY_WORD_LENGTH } from "@/server/domain/search-terms";
import type { SupplierKind } from "@/common/suppliers";
import type { SupplierConnectionSettings } from "@/server/suppliers/types";
import type { BenchQuery, ScaleSeeder } from "./scenario";
import { seededRandom } from "@/server/sandboxes/shared/seeded-random";

export const SCALE_PASSWORD = "scale-bench-2026";
const ROWS_PER_INSERT = 2000;

/** What each product family is called, its code and category; five of the forty have "paper" in the name. */
const FAMILIES: [code: string, noun: string, category: string][] = [
  ["CP", "Copy Paper", "Paper & Printing"],
  ["KP", "Kraft Paper Roll", "Packaging"],
  ["PT", "Paper Towels", "Janitorial"],
  ["TP", "Tissue Paper", "Packaging"],
  ["PC", "Paper Cups", "Breakroom"],
  ["NG", "Nitrile Gloves", "Safety & PPE"],
  ["LG", "Latex Gloves", "Safety & PPE"],
  ["WG", "Work Gloves", "Safety & PPE"],
  ["SG", "Safety Glasses", "Safety & PPE"],
  ["HH", "Hard Hat", "Safety & PPE"],
  ["HV", "Hi-Vis Vest", "Safety & PPE"],
  ["EP", "Ear Plugs", "Safety & PPE"],
  ["PK", "Packing Tape", "Packaging"],
  ["MT", "Masking Tape", "Packaging"],
  ["DT", "Duct Tape", "Maintenance"],
  ["SF", "Stretch Film", "Packaging"],
  ["SB", "Shipping Boxes", "Packaging"],
  ["BM", "Bubble Mailers", "Packaging"],
  ["BP", "Ballpoint Pens", "Office Supplies"],
  ["GP", "Gel Pens", "Office Supplies"],
  ["PM", "Permanent Markers", "Office Supplies"],
  ["HL", "Highlighters", "Office Supplies"],
  ["SN", "Sticky Notes", "Office Supplies"],
  ["FF", "File Folders", "Filing"],
  ["RB", "Ring Binders", "Filing"],
  ["ST", "Staples", "Office Supplies"],
  ["SR", "Stapler", "Office Supplies"],
  ["TB", "Trash Bags", "Janitorial"],
  ["FC", "Floor Cleaner", "Janitorial"],
  ["HS", "Hand Soap", "Janitorial"],
  ["DW", "Disinfectant Wipes", "Janitorial"],
  ["MH", "Mop Heads", "Janitorial"],
  ["LB", "LED Light Bulbs", "Electrical"],
  ["AB", "Alkaline Batteries", "Electrical"],
  ["EC", "Extension Cords", "Electrical"],
  ["CB", "Coffee Beans", "Breakroom"],
  ["WB", "Water Bottles", "Breakroom"],
  ["CT", "Cable Ties", "Maintenance"],
  ["ZB", "Zip Bags", "Breakroom"],
  ["TC", "Toner Cartridge", "Paper & Printing"],
];
const ADJECTIVES = [
  "Premium",
  "Economy",
  "Heavy-Duty",
  "Recycled",
  "Standard",
  "Professional",
  "Compact",
  "Industrial",
  "Eco",
  "Ultra",
  "Classic",
  "Everyday",
  "Commercial",
  "Value",
  "Select",
];
const VARIANTS = [
  "Box of 100",
  "Pack of 12",
  "Case of 6",
  "Pack of 50",
  "Large",
  "Medium",
  "Small",
  "Blue",
  "Black",
  "White",
  "Red",
  "Green",
  "Clear",
  "Assorted",
];
const USES = [
  "the office",
  "warehouses",
  "facilities teams",
  "the breakroom",
  "workshops",
  "laboratories",
  "retail counters",
  "schools",
  "clinics",
  "field crews",
];
const FEATURES = [
  "Tear resistant",
  "Long lasting",
  "Bulk packed",
  "Meets ANSI standards",
  "Latex free",
  "Acid free",
  "Fast drying",
  "Low odour",
  "Made in USA",
  "Refillable",
  "Fragrance free",
  "Reinforced edges",
];
const BRANDS = ["Acorn", "Summit", "Northwind", "Bluebird", "Keystone", "Harbor", "Ironwood", "Meadow", "Pinnacle", "Redline", "Silverleaf", "Tidewater"];

/** The measured company's five suppliers: no Yodify (see the header). */
const SUPPLIERS: { kind: SupplierKind; name: string; suffix: string; brands: boolean }[] = [
  { kind: "hygrade", name: "Hygrade", suffix: "HG", brands: false },
  { kind: "hygrade", name: "Hygrade West", suffix: "HW", brands: false },
  { kind: "orderspace", name: "Northfield Workwear", suffix: "NF", brands: true },
  { kind: "hygrade", name: "Keystone Janitorial", suffix: "KJ", brands: true },
  { kind: "orderspace", name: "Harbor Packaging", suffix: "HP", brands: true },
];

/** Deterministic, so two seeds of one size give the same catalog and the same figures to compare. */
const random = seededRandom;

function settingsFor(kind: SupplierKind): SupplierConnectionSettings {
  // Loopback sandboxes, as the portal's own defaults; the search never asks them, and no sync is due (see the header).
  const base =
    kind === "orderspace" ? (process.env.ORDERSPACE_BASE_URL ?? "http://127.0.0.1:4102") : (process.env.HYGRADE_BASE_URL ?? "http://127.0.0.1:4100/v1");
  return {
    baseUrl: base,
    tokenUrl: `${base.replace(/\/v1$/, "")}/oauth/token`,
    clientId: "scale-bench",
    clientSecret: "scale-bench-secret",
    accountId: "SCALE001",
  };
}

interface Connection {
  id: string;
  suffix: string;
  brands: boolean;
  count: number;
}

/** The items of one company, numbered across its connections so that every code is its own. */
function* itemsOf(companyId: string, connections: Connection[], runIds: Map<string, string>, seed: number, at: Date) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  let serial = 0;
  for (const c of connections) {
    for (let i = 0; i < c.count; i++, serial++) {
      const [familyCode, noun, category] = FAMILIES[serial % FAMILIES.length]!;
      const adjective = pick(ADJECTIVES);
      const variant = pick(VARIANTS);
      const brand = c.brands ? pick(BRANDS) : null;
      // One item in 2,500 is archival grade: the narrow word.
      const features = serial % 2500 === 17 ? ["Archival quality", pick(FEATURES)] : [pick(FEATURES), pick(FEATURES)];
      const price = 150 + Math.floor(next() * 20000);
      const tiers =
        next() < 0.4
          ? [{ minQuantity: 1, amount: price }]
          : [
              { minQuantity: 1, amount: price },
              { minQuantity: 10, amount: Math.floor(price * 0.88) },
            ];
      yield {
        companyId,
        connectionId: c.id,
        supplierItemId: `itm_${serial}`,
        itemCode: `${familyCode}-${String(serial).padStart(5, "0")}-${c.suffix}`,
        name: `${brand ? `${brand} ` : ""}${adjective} ${noun}, ${variant}`,
        description: `${adjective} ${noun.toLowerCase()} for ${pick(USES)}. ${features.join(". ")}.`,
        categoryId: `cat_${familyCode.toLowerCase()}`,
        categoryName: category,
        brandId: brand ? `brand_${brand.toLowerCase()}` : null,
        brandName: brand,
        imageUrl: null,
        available: next() < 0.9,
        priceFromMinor: tiers[tiers.length - 1]!.amount,
        priceMinor: price,
        currency: "USD",
        priceTiers: tiers,
        leadTimeDays: 1 + Math.floor(next() * 10),
        lastSyncRunId: runIds.get(c.id)!,
        syncedAt: at,
        delistedAt: null,
      };
    }
  }
}

/** The words catalog_words keeps for an item, split as the sync splits them (rememberWords in server/catalog/sync.ts). */
function wordsOf(item: { itemCode: string; name: string; categoryName: string | null; brandName: string | null; description: string }) {
  return `${item.itemCode} ${item.name} ${item.categoryName ?? ""} ${item.brandName ?? ""} ${item.description}`
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= MIN_FUZZY_WORD_LENGTH);
}

async function inChunks<T>(rows: Iterable<T>, size: number, write: (chunk: T[]) => Promise<void>) {
  let chunk: T[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length >= size) {
      await write(chunk);
      chunk = [];
    }
  }
  if (chunk.length) await write(chunk);
}

export const seedCatalogScale: ScaleSeeder = async (db: Database, size, progress) => {
  const companyCount = size === "full" ? 100 : 10;
  const measuredItems = size === "full" ? 100_000 : 10_000;
  const otherItems = 1_000;
  const totalItems = measuredItems + (companyCount - 1) * otherItems;
  const at = new Date();
  let itemsDone = 0;
  let words = 0;
  let measuredBuyer = "";

  for (let n = 0; n < companyCount; n++) {
    const measured = n === 0;
    const label = String(n).padStart(3, "0");
    const buyer = `buyer@scale-${label}.example`;
    const company = await seedCompany(db, {
      name: measured ? "Scale Measured Co" : `Scale Co ${label}`,
      approvalThreshold: 100_000,
      users: [{ email: buyer, name: `Buyer ${label}`, password: SCALE_PASSWORD, roles: ["buyer"] }],
      costCenters: [{ code: "CC-1000", name: "Operations" }],
      hygrade: { ...settingsFor("hygrade"), displayName: SUPPLIERS[0]!.name },
    });
    if (measured) measuredBuyer = buyer;
    const connections: Connection[] = [{ id: company.connectionId, suffix: SUPPLIERS[0]!.suffix, brands: SUPPLIERS[0]!.brands, count: 0 }];
    if (measured)
      for (const s of SUPPLIERS.slice(1)) {
        const row = await createSupplierConnection(db, { companyId: company.companyId, supplier: s.kind, displayName: s.name, settings: settingsFor(s.kind) });
        connections.push({ id: row.id, suffix: s.suffix, brands: s.brands, count: 0 });
      }
    const items = measured ? measuredItems : otherItems;
    connections.forEach((c, i) => (c.count = Math.floor(items / connections.length) + (i < items % connections.length ? 1 : 0)));

    // A finished full sync per connection, as if the mirror had just been synced: the worker finds nothing due.
    const runs = await db
      .insert(catalogSyncRuns)
      .values(
        connections.map((c) => ({
          companyId: company.companyId,
          connectionId: c.id,
          state: "done" as const,
          kind: "full" as const,
          pagesDone: Math.ceil(c.count / 100),
          itemsDone: c.count,
          itemsTotal: c.count,
          startedAt: at,
          heartbeatAt: at,
          finishedAt: at,
        })),
      )
      .returning({ id: catalogSyncRuns.id, connectionId: catalogSyncRuns.connectionId });
    const runIds = new Map(runs.map((r) => [r.connectionId, r.id]));

    const vocabulary = new Set<string>();
    await inChunks(itemsOf(company.companyId, connections, runIds, 1000 + n, at), ROWS_PER_INSERT, async (chunk) => {
      for (const item of chunk) for (const w of wordsOf(item)) vocabulary.add(w);
      await db.insert(catalogItems).values(chunk);
      itemsDone += chunk.length;
      progress("catalog items", itemsDone, totalItems);
    });
    await inChunks(vocabulary, 5000, async (chunk) => {
      await db
        .insert(catalogWords)
        .values(chunk.map((word) => ({ companyId: company.companyId, word })))
        .onConflictDoNothing();
    });
    words += vocabulary.size;
    for (const c of connections) await rebuildFacets(db, c.id);
    progress("companies", n + 1, companyCount);
  }
  // The planner's statistics for the fresh rows, as autovacuum would gather them on a database that had grown to this.
  await db.execute(sql`analyze catalog_items`);
  await db.execute(sql`analyze catalog_words`);
  await db.execute(sql`analyze catalog_facets`);

  const [measured] = await db.select({ id: companies.id }).from(companies).where(eq(companies.name, "Scale Measured Co"));
  if (!measured) throw new Error("the measured company was not seeded");
  // As the catalog page asks (app/(portal)/catalog/page.tsx): every filter at its default, the first page of 24.
  const search = (label: string, q: string): BenchQuery => ({
    label: `search: ${label} (${q})`,
    procedure: "catalog.searchAll",
    input: { q, supplierIds: [], categoryIds: [], brandIds: [], inStockOnly: false, sort: "relevance", page: 1, pageSize: 24 },
    signInAs: measuredBuyer,
  });
  return {
    password: SCALE_PASSWORD,
    queries: [
      search("broad word", "paper"),
      search("narrow word", "archival"),
      // Copy paper numbered 01000 to 01999: 25 items of the measured company.
      search("code prefix", "cp-01"),
      search("no match", "zqxjv"),
      search("two words", "nitrile gloves"),
      search("typo", "glvoes"),
    ],
    rows: { companies: companyCount, "catalog items": itemsDone, "measured company's items": measuredItems, "catalog words": words },
  };
};
