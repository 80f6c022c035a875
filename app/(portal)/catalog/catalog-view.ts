/** What the catalog page shows, read from its URL: the URL is the whole state, so a search can be shared and the back button works. */
export const CATALOG_SORTS = ["relevance", "price_asc", "price_desc", "name"] as const;
export const CATALOG_PAGE_SIZE = 24;

export interface CatalogView {
  q: string;
  categoryId: string;
  brandId: string;
  supplierIds: string[];
  inStockOnly: boolean;
  /** As typed, for the form; the numbers below are what is searched (NaN for text that is not a number, refused by the search with a field error). */
  minPriceText: string;
  maxPriceText: string;
  minPrice: number | undefined;
  maxPrice: number | undefined;
  sort: (typeof CATALOG_SORTS)[number];
  page: number;
}

type SearchParams = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";
const all = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : []);
const price = (value: string) => (value.trim() ? Number(value.trim().replace(/^\$/, "")) : undefined);

export function catalogViewOf(params: SearchParams): CatalogView {
  return {
    q: one(params.q),
    categoryId: one(params.category),
    brandId: one(params.brand),
    supplierIds: all(params.supplier),
    inStockOnly: one(params.instock) === "1",
    minPriceText: one(params.min),
    maxPriceText: one(params.max),
    minPrice: price(one(params.min)),
    maxPrice: price(one(params.max)),
    sort: CATALOG_SORTS.find((s) => s === one(params.sort)) ?? "relevance",
    page: Math.max(1, Number(one(params.page) || 1) || 1),
  };
}

const VIEW_PARAMS = ["q", "category", "brand", "supplier", "instock", "min", "max", "sort", "page"] as const;

/**
 * The catalog search an item page was opened from, carried in its link (?back=...) so "Back to catalog" returns to the
 * same results. Only the catalog's own parameters pass, so the link can never point anywhere but /catalog.
 */
export function catalogSearchOf(params: URLSearchParams | SearchParams): string {
  const from = params instanceof URLSearchParams ? params : new URLSearchParams(Object.entries(params).flatMap(([k, v]) => all(v).map((x) => [k, x])));
  const kept = new URLSearchParams();
  for (const key of VIEW_PARAMS) for (const value of from.getAll(key)) if (value) kept.append(key, value);
  return kept.toString();
}

/** The link from a result to its item page, remembering the search. */
export function itemHref(connectionId: string, itemId: string, search: string): string {
  const path = `/catalog/${encodeURIComponent(connectionId)}/${encodeURIComponent(itemId)}`;
  return search ? `${path}?${new URLSearchParams({ back: search }).toString()}` : path;
}

/** Where the item page's "Back to catalog" goes: the catalog with the search it came from (only catalog parameters kept). */
export function backToCatalogHref(back: string | null | undefined): string {
  const search = back ? catalogSearchOf(new URLSearchParams(back)) : "";
  return search ? `/catalog?${search}` : "/catalog";
}
