/**
 * Search over every connected supplier at once, from the mirror: Postgres
 * full-text search with every word matched as a prefix (so a word being typed
 * already finds), a misspelt word also as the catalog words a typo away
 * (server/domain/search-terms.ts, candidates from pg_trgm), ranked: an exact
 * item code first, then codes that start with what was typed, then whole-word,
 * prefix and corrected matches. Never calls a supplier, so one supplier being
 * down slows nobody.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { catalogItems, catalogWords, supplierConnections } from "@/db/schema";
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

export async function searchMirror(db: Database, companyId: string, query: MirrorQuery) {
  const q = query.q?.trim() ?? "";
  const conditions: SQL[] = [eq(catalogItems.companyId, companyId), isNull(catalogItems.delistedAt), eq(supplierConnections.enabled, true)];
  if (query.connectionIds?.length) conditions.push(inArray(catalogItems.connectionId, query.connectionIds));
  if (query.categoryIds?.length) conditions.push(inArray(catalogItems.categoryId, query.categoryIds));
  if (query.brandIds?.length) conditions.push(inArray(catalogItems.brandId, query.brandIds));
  if (query.inStockOnly) conditions.push(eq(catalogItems.available, true));
  // The price a list shows (shownPrice), so "up to $30" keeps what the buyer sees at $30.
  if (query.minPriceMinor !== undefined) conditions.push(gte(catalogItems.priceMinor, query.minPriceMinor));
  if (query.maxPriceMinor !== undefined) conditions.push(lte(catalogItems.priceMinor, query.maxPriceMinor));

  const words = searchWords(q);
  const codePrefix = `${q.toLowerCase().replace(/[%_\\]/g, "")}%`;
  let rank: SQL = sql`0`;
  if (q) {
    const corrections = words.length ? await correctionsOf(db, companyId, words) : new Map<string, string[]>();
    const asTyped = sql`to_tsquery('english', ${prefixQuery(words)})`;
    const withCorrections = sql`to_tsquery('english', ${prefixQuery(words, corrections)})`;
    const wholeWords = sql`to_tsquery('english', ${words.join(" & ")})`;
    const code = sql`lower(${catalogItems.itemCode})`;
    const textMatch = words.length ? sql`${catalogItems.searchDoc} @@ ${withCorrections}` : sql`false`;
    conditions.push(sql`(${textMatch} or ${code} like ${codePrefix})`);
    // Exact code, then code prefix, then every word whole, then every word as typed (prefixes), then through a
    // correction; within a band the text rank (below 1) orders.
    rank = words.length
      ? sql`(case when ${code} = ${q.toLowerCase()} then 5 when ${code} like ${codePrefix} then 4 when ${catalogItems.searchDoc} @@ ${wholeWords} then 3 when ${catalogItems.searchDoc} @@ ${asTyped} then 2 else 1 end) + least(ts_rank(${catalogItems.searchDoc}, ${withCorrections}), 0.99)`
      : sql`(case when ${code} = ${q.toLowerCase()} then 5 else 4 end)`;
  }
  const order =
    query.sort === "price_asc"
      ? [asc(catalogItems.priceMinor), asc(catalogItems.name)]
      : query.sort === "price_desc"
        ? [desc(catalogItems.priceMinor), asc(catalogItems.name)]
        : query.sort === "name" || !q
          ? [asc(catalogItems.name), asc(catalogItems.itemCode)]
          : [desc(rank), asc(catalogItems.name)];

  const where = and(...conditions);
  const [rows, facets] = await Promise.all([
    db
      .select({
        item: catalogItems,
        supplierName: supplierConnections.displayName,
        // The count of every match rides along with the page: one query instead of two.
        total: sql<number>`(count(*) over ())::int`,
      })
      .from(catalogItems)
      .innerJoin(supplierConnections, eq(supplierConnections.id, catalogItems.connectionId))
      .where(where)
      .orderBy(...order, asc(catalogItems.id))
      .limit(query.limit)
      .offset(query.offset),
    // Categories and brands across the suppliers the buyer can shop, for the two filters: each from where a supplier names it.
    db
      .selectDistinct({
        categoryId: catalogItems.categoryId,
        categoryName: catalogItems.categoryName,
        brandId: catalogItems.brandId,
        brandName: catalogItems.brandName,
      })
      .from(catalogItems)
      .where(and(eq(catalogItems.companyId, companyId), isNull(catalogItems.delistedAt))),
  ]);
  // A page past the last has no rows to carry the count; counting again is rare enough.
  const total =
    rows[0]?.total ??
    (query.offset > 0
      ? ((
          await db
            .select({ n: sql<number>`count(*)::int` })
            .from(catalogItems)
            .innerJoin(supplierConnections, eq(supplierConnections.id, catalogItems.connectionId))
            .where(where)
        )[0]?.n ?? 0)
      : 0);
  const named = (pairs: [string | null, string | null][]) =>
    [...new Map(pairs.filter((p): p is [string, string | null] => p[0] !== null).map(([id, name]) => [id, name ?? id])).entries()]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  return {
    total,
    items: rows.map(({ item, supplierName }) => ({
      supplier: { id: item.connectionId, name: supplierName },
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
    categories: named(facets.map((f) => [f.categoryId, f.categoryName])),
    brands: named(facets.map((f) => [f.brandId, f.brandName])),
  };
}

/** The price a list shows for a mirrored item (the one rule, shownPrice, over the tiers the mirror keeps). */
export function mirroredPrice(
  item: { priceTiers: { minQuantity: number; amount: number }[]; priceMinor: number; currency: string },
  likelyQuantity = 1,
): ShownPrice {
  const tiers = item.priceTiers.map((t) => ({ minQuantity: t.minQuantity, unitPrice: money(t.amount, item.currency) }));
  return tiers.length > 0 ? shownPrice(tiers, likelyQuantity) : { quantity: likelyQuantity, unitPrice: money(item.priceMinor, item.currency), asLowAs: null };
}
