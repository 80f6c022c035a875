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
export async function* cursorPages<T>(fetchPage: (cursor: string | null) => Promise<CursorPage<T>>, options: CursorPagingOptions<T>): AsyncGenerator<CursorPage<T>, void, undefined> {
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Set<string>();
  let cursor = options.startAfter ?? null;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    yield result;
    if (!result.hasMore) return;
    const last = result.items[result.items.length - 1];
    const next = result.nextCursor ?? (last !== undefined && options.cursorOf ? options.cursorOf(last) : null);
    if (!next) throw new SupplierError("malformed", `${options.supplier}: a page says has_more but gives no next_cursor`, options.supplier, { field: "next_cursor" });
    if (seen.has(next)) throw new SupplierError("malformed", `${options.supplier}: paging repeated cursor '${next}'`, options.supplier, { field: "next_cursor" });
    seen.add(next);
    cursor = next;
  }
  throw new SupplierError("malformed", `${options.supplier}: paging did not end after ${maxPages} pages`, options.supplier, { field: "has_more" });
}

/** Yields every item of every page, in order. */
export async function* cursorItems<T>(fetchPage: (cursor: string | null) => Promise<CursorPage<T>>, options: CursorPagingOptions<T>): AsyncGenerator<T, void, undefined> {
  for await (const page of cursorPages(fetchPage, options)) yield* page.items;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
