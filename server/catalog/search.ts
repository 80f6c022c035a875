/**
 * Search over every connected supplier at once, from the mirror: Postgres
 * full-text search with every word matched as a prefix (so a word being typed
 * already finds), a misspelt word also as the catalog words a typo away
 * (server/domain/search-terms.ts, candidates from pg_trgm), ranked: an exact
 * item code first, then codes that start with what was typed, then whole-word,
 * prefix and corrected matches. Never calls a supplier, so one supplier being
 * down slows nobody.
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { catalogFacets, catalogItems, catalogWords, supplierConnections, type CatalogFacetKind } from "@/db/schema";
import { money } from "@/server/domain/money";
import { shownPrice, type ShownPrice } from "@/server/domain/price-tiers";
import { allowedEdits, correctionsFor, prefixQuery, searchWords } from "@/server/domain/search-terms";

export const CATALOG_SORTS = ["relevance", "price_asc", "price_desc", "name"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

export interface MirrorQuery {
  q?: string;
  connectionIds?: string[];
  categoryIds?: string[];
  brandIds?: string[];
  inStockOnly?: boolean;
  minPriceMinor?: number;
  maxPriceMinor?: number;
  sort?: (typeof CATALOG_SORTS)[number];
  limit: number;
  offset: number;
  /** Only the page of items (type-ahead): no count, no filters. */
  itemsOnly?: boolean;
}

/**
 * The catalog words each misspelt search word may have meant (see correctionsFor). pg_trgm finds the candidates in the
 * company's vocabulary through its trigram index: words alike in trigrams, and words with the same first letter
 * (trigrams miss a swap in a short word: "tpae" shares one trigram with "tape").
 */
async function correctionsOf(db: Database, companyId: string, words: string[]): Promise<Map<string, string[]>> {
  const typos = words.filter((w) => allowedEdits(w) > 0);
  const found = await Promise.all(
    typos.map(async (w) => {
      const rows = await db
        .select({ word: catalogWords.word })
        .from(catalogWords)
        .where(
          and(
            eq(catalogWords.companyId, companyId),
            sql`(${catalogWords.word} % ${w} or ${catalogWords.word} like ${`${[...w][0]!}%`})`,
            sql`length(${catalogWords.word}) >= ${[...w].length - 2}`,
          ),
        );
      return [
        w,
        correctionsFor(
          w,
          rows.map((r) => r.word),
        ),
      ] as const;
    }),
  );
  return new Map(found.filter(([, c]) => c.length > 0));
}

/** Matches are counted up to this many ("1,000+ items"): past it the exact figure costs every match and tells a buyer nothing. */
export const COUNT_CAP = 1000;
/**
 * Within a band, the text rank orders this many candidates (or as many as the page reaches): a broad word matches
 * thousands, and ranking them all is what made every keystroke slow. The bands themselves stay exact.
 */
export const RANK_WINDOW = 200;

/** How many items match: exact up to the cap, then "more". */
export interface MatchCount {
  count: number;
  more: boolean;
}

export async function searchMirror(db: Database, companyId: string, query: MirrorQuery) {
  const q = query.q?.trim() ?? "";
  // The company's suppliers, asked for once (a few rows): the item queries name connections only when that removes some.
  const connections = await db
    .select({ id: supplierConnections.id, name: supplierConnections.displayName, enabled: supplierConnections.enabled })
    .from(supplierConnections)
    .where(eq(supplierConnections.companyId, companyId));
  const asked = query.connectionIds?.length ? new Set(query.connectionIds) : null;
  const shoppable = connections.filter((c) => c.enabled && (!asked || asked.has(c.id)));
  const supplierName = new Map(shoppable.map((c) => [c.id, c.name]));
  const filters: SQL[] = [eq(catalogItems.companyId, companyId), isNull(catalogItems.delistedAt)];
  if (shoppable.length < connections.length) filters.push(shoppable.length ? inArray(catalogItems.connectionId, [...supplierName.keys()]) : sql`false`);
  if (query.categoryIds?.length) filters.push(inArray(catalogItems.categoryId, query.categoryIds));
  if (query.brandIds?.length) filters.push(inArray(catalogItems.brandId, query.brandIds));
  if (query.inStockOnly) filters.push(eq(catalogItems.available, true));
  // The price a list shows (shownPrice), so "up to $30" keeps what the buyer sees at $30.
  if (query.minPriceMinor !== undefined) filters.push(gte(catalogItems.priceMinor, query.minPriceMinor));
  if (query.maxPriceMinor !== undefined) filters.push(lte(catalogItems.priceMinor, query.maxPriceMinor));

  const words = searchWords(q);
  const codePrefix = `${q.toLowerCase().replace(/[%_\\]/g, "")}%`;
  const code = sql`lower(${catalogItems.itemCode})`;
  const codeMatch = sql`${code} like ${codePrefix}`;
  let rank: SQL = sql`0`;
  let match: SQL | null = null;
  // The relevance bands, best first, each apart from the ones before it: exact code and code prefix (one band, told apart
  // by the rank), every word whole, every word as typed (prefixes), then through a correction.
  const bands: SQL[] = [];
  if (q) {
    const corrections = words.length ? await correctionsOf(db, companyId, words) : new Map<string, string[]>();
    const asTyped = sql`to_tsquery('english', ${prefixQuery(words)})`;
    const withCorrections = sql`to_tsquery('english', ${prefixQuery(words, corrections)})`;
    const wholeWords = sql`to_tsquery('english', ${words.join(" & ")})`;
    const textMatch = words.length ? sql`${catalogItems.searchDoc} @@ ${withCorrections}` : sql`false`;
    match = sql`(${textMatch} or ${codeMatch})`;
    // Exact code, then code prefix, then every word whole, then every word as typed (prefixes), then through a
    // correction; within a band the text rank (below 1) orders.
    rank = words.length
      ? sql`(case when ${code} = ${q.toLowerCase()} then 5 when ${codeMatch} then 4 when ${catalogItems.searchDoc} @@ ${wholeWords} then 3 when ${catalogItems.searchDoc} @@ ${asTyped} then 2 else 1 end) + least(ts_rank(${catalogItems.searchDoc}, ${withCorrections}), 0.99)`
      : sql`(case when ${code} = ${q.toLowerCase()} then 5 else 4 end)`;
    bands.push(codeMatch);
    if (words.length) {
      bands.push(sql`${catalogItems.searchDoc} @@ ${wholeWords} and not ${codeMatch}`);
      bands.push(sql`${catalogItems.searchDoc} @@ ${asTyped} and not ${catalogItems.searchDoc} @@ ${wholeWords} and not ${codeMatch}`);
      if (corrections.size > 0)
        bands.push(sql`${catalogItems.searchDoc} @@ ${withCorrections} and not ${catalogItems.searchDoc} @@ ${asTyped} and not ${codeMatch}`);
    }
  }
  const where = and(...filters, ...(match ? [match] : []))!;
  const byRelevance = q !== "" && (query.sort ?? "relevance") === "relevance";
  const order =
    query.sort === "price_asc"
      ? [asc(catalogItems.priceMinor), asc(catalogItems.name)]
      : query.sort === "price_desc"
        ? [desc(catalogItems.priceMinor), asc(catalogItems.name)]
        : [asc(catalogItems.name), asc(catalogItems.itemCode)];
  const cap = Math.max(COUNT_CAP, query.offset + query.limit);

  const [page, facets] = await Promise.all([
    byRelevance
      ? bestMatches(db, and(...filters)!, match!, bands, rank, query.offset, query.limit)
      : db
          .select(listed)
          .from(catalogItems)
          .where(where)
          .orderBy(...order, asc(catalogItems.id))
          .limit(query.limit)
          .offset(query.offset)
          .then((rows) => ({ rows, found: null })),
    query.itemsOnly ? null : facetsOf(db, companyId),
  ]);
  const rows = page.rows;
  // Every band read to its end already counted the matches; otherwise they are counted, up to the cap.
  const total: MatchCount =
    page.found !== null
      ? { count: Math.min(page.found, cap), more: page.found > cap }
      : query.itemsOnly
        ? { count: rows.length, more: false }
        : await countMatches(db, where, cap);
  return {
    total,
    items: rows.map((item) => ({
      supplier: { id: item.connectionId, name: supplierName.get(item.connectionId) ?? "" },
      supplierItemId: item.supplierItemId,
      itemCode: item.itemCode,
      name: item.name,
      description: item.description,
      category: item.categoryId ? { id: item.categoryId, name: item.categoryName ?? item.categoryId } : null,
      brand: item.brandId ? { id: item.brandId, name: item.brandName ?? item.brandId } : null,
      imageUrl: item.imageUrl,
      available: item.available,
      price: mirroredPrice(item),
      tierCount: item.priceTiers.length,
      syncedAt: item.syncedAt,
    })),
    categories: facets?.categories ?? [],
    brands: facets?.brands ?? [],
  };
}

/** What a result shows of an item: everything but the search document, which only the database needs. */
const { searchDoc: _searchDoc, ...listed } = getTableColumns(catalogItems);
void _searchDoc;
type ListedItem = { [K in keyof typeof listed]: (typeof catalogItems.$inferSelect)[K] };

/**
 * The page in relevance order. Most searches match fewer items than RANK_WINDOW: one query takes them all, ranks them and
 * counts them. A broad search is read band by band until the page is full: a band's candidates are at most RANK_WINDOW
 * (or the page's end) rows its index finds first (codes in code order, so the exact code is always among them), ordered
 * by rank; its first band fills the page and the rest are never read. `found` is the exact number of matches when every
 * band was read to its end (the bands do not overlap), otherwise null.
 */
async function bestMatches(db: Database, filters: SQL, match: SQL, bands: SQL[], rank: SQL, offset: number, limit: number) {
  const needed = offset + limit;
  const window = Math.max(RANK_WINDOW, needed);
  const ranked = async (condition: SQL, inCodeOrder: boolean, take: number) => {
    const candidates = db
      .select({ ...listed, rank: sql<number>`${rank}`.as("rank") })
      .from(catalogItems)
      .where(and(filters, condition))
      .orderBy(...(inCodeOrder ? [sql`lower(${catalogItems.itemCode})`] : []))
      .limit(window)
      .as("candidates");
    const { rank: _rank, ...columns } = candidates._.selectedFields;
    void _rank;
    const page = await db
      .select({ ...columns, candidates: sql<number>`(count(*) over ())::int`.as("candidates_n") })
      .from(candidates)
      .orderBy(desc(candidates.rank), asc(candidates.name), asc(candidates.id))
      .limit(take);
    return { rows: page as unknown as ListedItem[], candidates: Number(page[0]?.candidates ?? 0) };
  };
  const all = await ranked(match, false, needed);
  if (all.candidates < window) return { rows: all.rows.slice(offset, needed), found: all.candidates };
  const rows: ListedItem[] = [];
  let found: number | null = 0;
  for (const [i, band] of bands.entries()) {
    if (rows.length >= needed) {
      found = null;
      break;
    }
    const inBand = await ranked(band, i === 0, needed - rows.length);
    if (found !== null) found = inBand.candidates >= window ? null : found + inBand.candidates;
    rows.push(...inBand.rows);
  }
  return { rows: rows.slice(offset, needed), found };
}

/** How many items match, counting no further than `cap`: a broad word stops after cap + 1 rows, not at its thousands. */
async function countMatches(db: Database, where: SQL, cap: number): Promise<MatchCount> {
  const matches = db
    .select({ one: sql`1`.as("one") })
    .from(catalogItems)
    .where(where)
    .limit(cap + 1)
    .as("matches");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(matches);
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, cap), more: n > cap };
}

/** Categories and brands across the suppliers the buyer can shop, for the two filters, as the last syncs counted them. */
async function facetsOf(db: Database, companyId: string) {
  const rows = await db
    .select({ kind: catalogFacets.kind, id: catalogFacets.facetId, name: sql<string>`max(${catalogFacets.name})` })
    .from(catalogFacets)
    .innerJoin(supplierConnections, and(eq(supplierConnections.id, catalogFacets.connectionId), eq(supplierConnections.enabled, true)))
    .where(eq(catalogFacets.companyId, companyId))
    .groupBy(catalogFacets.kind, catalogFacets.facetId);
  const named = (kind: CatalogFacetKind) =>
    rows
      .filter((r) => r.kind === kind)
      .map(({ id, name }) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  return { categories: named("category"), brands: named("brand") };
}

/** The price a list shows for a mirrored item (the one rule, shownPrice, over the tiers the mirror keeps). */
export function mirroredPrice(
  item: { priceTiers: { minQuantity: number; amount: number }[]; priceMinor: number; currency: string },
  likelyQuantity = 1,
): ShownPrice {
  const tiers = item.priceTiers.map((t) => ({ minQuantity: t.minQuantity, unitPrice: money(t.amount, item.currency) }));
  return tiers.length > 0 ? shownPrice(tiers, likelyQuantity) : { quantity: likelyQuantity, unitPrice: money(item.priceMinor, item.currency), asLowAs: null };
}
