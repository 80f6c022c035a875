/**
 * Search over every connected supplier at once, from the mirror: Postgres
 * full-text search with ranking, an exact item code first, then codes that
 * start with what was typed, then the best text matches. Never calls a
 * supplier, so one supplier being down slows nobody.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { catalogItems, supplierConnections } from "@/db/schema";
import { money } from "@/server/domain/money";

export const CATALOG_SORTS = ["relevance", "price_asc", "price_desc", "name"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

export interface MirrorQuery {
  q?: string;
  connectionIds?: string[];
  categoryIds?: string[];
  inStockOnly?: boolean;
  minPriceMinor?: number;
  maxPriceMinor?: number;
  sort?: (typeof CATALOG_SORTS)[number];
  limit: number;
  offset: number;
}

export async function searchMirror(db: Database, companyId: string, query: MirrorQuery) {
  const q = query.q?.trim() ?? "";
  const conditions: SQL[] = [eq(catalogItems.companyId, companyId), isNull(catalogItems.delistedAt), eq(supplierConnections.enabled, true)];
  if (query.connectionIds?.length) conditions.push(inArray(catalogItems.connectionId, query.connectionIds));
  if (query.categoryIds?.length) conditions.push(inArray(catalogItems.categoryId, query.categoryIds));
  if (query.inStockOnly) conditions.push(eq(catalogItems.available, true));
  if (query.minPriceMinor !== undefined) conditions.push(gte(catalogItems.priceFromMinor, query.minPriceMinor));
  if (query.maxPriceMinor !== undefined) conditions.push(lte(catalogItems.priceFromMinor, query.maxPriceMinor));

  const tsQuery = sql`websearch_to_tsquery('english', ${q})`;
  const codePrefix = `${q.toLowerCase().replace(/[%_\\]/g, "")}%`;
  let rank: SQL = sql`0`;
  if (q) {
    conditions.push(sql`(${catalogItems.searchDoc} @@ ${tsQuery} or lower(${catalogItems.itemCode}) like ${codePrefix})`);
    // Exact code 3, code prefix 2, then text rank (below 1 in practice): a buyer who types a code gets that item first.
    rank = sql`(case when lower(${catalogItems.itemCode}) = ${q.toLowerCase()} then 3 when lower(${catalogItems.itemCode}) like ${codePrefix} then 2 else 0 end) + ts_rank(${catalogItems.searchDoc}, ${tsQuery})`;
  }
  const order =
    query.sort === "price_asc"
      ? [asc(catalogItems.priceFromMinor), asc(catalogItems.name)]
      : query.sort === "price_desc"
        ? [desc(catalogItems.priceFromMinor), asc(catalogItems.name)]
        : query.sort === "name" || !q
          ? [asc(catalogItems.name), asc(catalogItems.itemCode)]
          : [desc(rank), asc(catalogItems.name)];

  const where = and(...conditions);
  const [rows, [total], categories] = await Promise.all([
    db
      .select({ item: catalogItems, supplierName: supplierConnections.displayName, rank: sql<number>`${rank}` })
      .from(catalogItems)
      .innerJoin(supplierConnections, eq(supplierConnections.id, catalogItems.connectionId))
      .where(where)
      .orderBy(...order, asc(catalogItems.id))
      .limit(query.limit)
      .offset(query.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(catalogItems)
      .innerJoin(supplierConnections, eq(supplierConnections.id, catalogItems.connectionId))
      .where(where),
    // Categories across the suppliers the buyer can shop, for the filter.
    db
      .selectDistinct({ id: catalogItems.categoryId, name: catalogItems.categoryName })
      .from(catalogItems)
      .where(and(eq(catalogItems.companyId, companyId), isNull(catalogItems.delistedAt)))
      .orderBy(asc(catalogItems.categoryName)),
  ]);
  return {
    total: total?.n ?? 0,
    items: rows.map(({ item, supplierName }) => ({
      supplier: { id: item.connectionId, name: supplierName },
      supplierItemId: item.supplierItemId,
      itemCode: item.itemCode,
      name: item.name,
      description: item.description,
      category: item.categoryId ? { id: item.categoryId, name: item.categoryName ?? item.categoryId } : null,
      imageUrl: item.imageUrl,
      available: item.available,
      priceFrom: money(item.priceFromMinor, item.currency),
      tierCount: item.priceTiers.length,
      syncedAt: item.syncedAt,
    })),
    categories: categories.filter((c): c is { id: string; name: string | null } => c.id !== null).map((c) => ({ id: c.id, name: c.name ?? c.id })),
  };
}
