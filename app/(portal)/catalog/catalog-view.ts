/** What the catalog page shows, read from its URL: the URL is the whole state, so a search can be shared and the back button works. */
export const CATALOG_SORTS = ["relevance", "price_asc", "price_desc", "name"] as const;
export const CATALOG_PAGE_SIZE = 24;

export interface CatalogView {
  q: string;
  categoryId: string;
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
