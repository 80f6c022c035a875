/**
 * Cursor paging (`limit` + `starting_after`, answered with `has_more` and
 * `next_cursor`) as an async iterator, so callers write
 * `for await (const item of pages(...))` and never juggle cursors.
 */
import { SupplierError } from "../errors";

export interface CursorPage<T> {
  items: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

export interface CursorPagingOptions<T> {
  supplier: string;
  /** Start after this cursor (default: from the beginning). */
  startAfter?: string | null;
  /** Safety stop against a supplier that never says has_more=false (default 10,000 pages). */
  maxPages?: number;
  /** When a page says has_more without next_cursor, continue after this item's id. */
  cursorOf?: (item: T) => string;
}

/** Yields whole pages, in order. */
export async function* cursorPages<T>(
  fetchPage: (cursor: string | null) => Promise<CursorPage<T>>,
  options: CursorPagingOptions<T>,
): AsyncGenerator<CursorPage<T>, void, undefined> {
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Set<string>();
  let cursor = options.startAfter ?? null;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    yield result;
    if (!result.hasMore) return;
    const last = result.items[result.items.length - 1];
    const next = result.nextCursor ?? (last !== undefined && options.cursorOf ? options.cursorOf(last) : null);
    if (!next)
      throw new SupplierError("malformed", `${options.supplier}: a page says has_more but gives no next_cursor`, options.supplier, { field: "next_cursor" });
    if (seen.has(next))
      throw new SupplierError("malformed", `${options.supplier}: paging repeated cursor '${next}'`, options.supplier, { field: "next_cursor" });
    seen.add(next);
    cursor = next;
  }
  throw new SupplierError("malformed", `${options.supplier}: paging did not end after ${maxPages} pages`, options.supplier, { field: "has_more" });
}

/** Yields every item of every page, in order. */
export async function* cursorItems<T>(
  fetchPage: (cursor: string | null) => Promise<CursorPage<T>>,
  options: CursorPagingOptions<T>,
): AsyncGenerator<T, void, undefined> {
  for await (const page of cursorPages(fetchPage, options)) yield* page.items;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/**
 * Page-number paging (`Page` + `Limit`, answered with `has_more` and, when the
 * supplier knows it, `total_items`), e.g. Yodify. Pages are numbered from
 * `firstPage` (default 1). `keyOf` drops an item already yielded: a record
 * inserted ahead of us between two requests shifts the rest by one, and the
 * caller should see it once, not twice.
 */
export interface NumberedPage<T> {
  items: T[];
  hasMore: boolean;
  /** What the supplier says the whole list holds, when it says. */
  totalItems?: number | null;
}

export interface NumberedPagingOptions<T> {
  supplier: string;
  firstPage?: number;
  /** Safety stop against a supplier that never says has_more=false (default 10,000 pages). */
  maxPages?: number;
  keyOf?: (item: T) => string;
}

/** Yields whole pages, in order, with already-seen items (by keyOf) removed. */
export async function* numberedPages<T>(
  fetchPage: (page: number) => Promise<NumberedPage<T>>,
  options: NumberedPagingOptions<T>,
): AsyncGenerator<NumberedPage<T> & { page: number }, void, undefined> {
  const maxPages = options.maxPages ?? 10_000;
  const first = options.firstPage ?? 1;
  const seen = new Set<string>();
  for (let n = 0; n < maxPages; n++) {
    const page = first + n;
    const result = await fetchPage(page);
    let items = result.items;
    if (options.keyOf) {
      const keyOf = options.keyOf;
      items = items.filter((item) => {
        const key = keyOf(item);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    yield { ...result, items, page };
    if (!result.hasMore) return;
    // A page that is empty yet promises more would have us walk forever.
    if (result.items.length === 0)
      throw new SupplierError("malformed", `${options.supplier}: page ${page} is empty but says has_more`, options.supplier, { field: "has_more" });
  }
  throw new SupplierError("malformed", `${options.supplier}: paging did not end after ${maxPages} pages`, options.supplier, { field: "has_more" });
}

/** Yields every item of every page, in order, each once (by keyOf). */
export async function* numberedItems<T>(
  fetchPage: (page: number) => Promise<NumberedPage<T>>,
  options: NumberedPagingOptions<T>,
): AsyncGenerator<T, void, undefined> {
  for await (const page of numberedPages(fetchPage, options)) yield* page.items;
}
