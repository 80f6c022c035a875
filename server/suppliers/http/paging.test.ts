import { describe, expect, it } from "vitest";
import { isSupplierError } from "../errors";
import { collect, cursorItems, cursorPages, numberedItems, numberedPages, type CursorPage, type NumberedPage } from "./paging";

/** A list of n ids served in pages, the way a cursor API does. */
function pagedSource(n: number, size: number) {
  const ids = Array.from({ length: n }, (_, i) => `itm_${String(i).padStart(4, "0")}`);
  const calls: (string | null)[] = [];
  const fetchPage = async (cursor: string | null): Promise<CursorPage<{ id: string }>> => {
    calls.push(cursor);
    const start = cursor ? ids.indexOf(cursor) + 1 : 0;
    const data = ids.slice(start, start + size).map((id) => ({ id }));
    const hasMore = start + size < ids.length;
    return { items: data, hasMore, nextCursor: hasMore ? (data[data.length - 1]?.id ?? null) : null };
  };
  return { ids, calls, fetchPage };
}

describe("cursor paging", () => {
  it("walks every page in order, once", async () => {
    const source = pagedSource(230, 100);
    const items = await collect(cursorItems(source.fetchPage, { supplier: "test" }));
    expect(items.map((i) => i.id)).toEqual(source.ids);
    expect(source.calls).toEqual([null, "itm_0099", "itm_0199"]);
  });

  it("stops after one page when has_more is false, and handles an empty list", async () => {
    const one = pagedSource(7, 100);
    expect(await collect(cursorItems(one.fetchPage, { supplier: "test" }))).toHaveLength(7);
    const none = pagedSource(0, 100);
    expect(await collect(cursorItems(none.fetchPage, { supplier: "test" }))).toEqual([]);
    expect(none.calls).toHaveLength(1);
  });

  it("is lazy: breaking out early fetches no more pages", async () => {
    const source = pagedSource(1000, 10);
    let seen = 0;
    for await (const item of cursorItems(source.fetchPage, { supplier: "test" })) {
      void item;
      if (++seen === 15) break;
    }
    expect(source.calls).toHaveLength(2);
  });

  it("falls back to the last item's id when next_cursor is missing", async () => {
    const source = pagedSource(25, 10);
    const withoutCursor = async (cursor: string | null) => ({ ...(await source.fetchPage(cursor)), nextCursor: null });
    const items = await collect(cursorItems(withoutCursor, { supplier: "test", cursorOf: (i) => i.id }));
    expect(items).toHaveLength(25);
  });

  it("refuses a supplier that loops or never ends", async () => {
    const looping = async (): Promise<CursorPage<{ id: string }>> => ({ items: [{ id: "a" }], hasMore: true, nextCursor: "a" });
    const error = await collect(cursorItems(looping, { supplier: "test" })).catch((e: unknown) => e);
    expect(isSupplierError(error) && error.kind).toBe("malformed");

    let n = 0;
    const endless = async (): Promise<CursorPage<{ id: string }>> => ({ items: [], hasMore: true, nextCursor: `c${n++}` });
    const stopped = await collect(cursorPages(endless, { supplier: "test", maxPages: 5 })).catch((e: unknown) => e);
    expect(isSupplierError(stopped) && stopped.details.field).toBe("has_more");

    const noCursor = async (): Promise<CursorPage<{ id: string }>> => ({ items: [], hasMore: true, nextCursor: null });
    const missing = await collect(cursorItems(noCursor, { supplier: "test" })).catch((e: unknown) => e);
    expect(isSupplierError(missing) && missing.details.field).toBe("next_cursor");
  });
});

describe("page-number paging", () => {
  const source = (ids: string[], size: number) => {
    const calls: number[] = [];
    const fetchPage = async (page: number): Promise<NumberedPage<{ id: string }>> => {
      calls.push(page);
      const start = (page - 1) * size;
      return { items: ids.slice(start, start + size).map((id) => ({ id })), hasMore: start + size < ids.length, totalItems: ids.length };
    };
    return { calls, fetchPage };
  };
  const ids = Array.from({ length: 250 }, (_, i) => `sku_${i}`);

  it("asks for pages 1, 2, 3 and yields every item once, in order", async () => {
    const s = source(ids, 100);
    const items = await collect(numberedItems(s.fetchPage, { supplier: "test" }));
    expect(items.map((i) => i.id)).toEqual(ids);
    expect(s.calls).toEqual([1, 2, 3]);
  });

  it("starts at firstPage for a zero-based supplier", async () => {
    const calls: number[] = [];
    await collect(numberedItems(async (page) => (calls.push(page), { items: [{ id: String(page) }], hasMore: page < 2 }), { supplier: "test", firstPage: 0 }));
    expect(calls).toEqual([0, 1, 2]);
  });

  it("drops an item that a shifted page repeats, when keyOf is given", async () => {
    // Page 2 starts with the last item of page 1 again, as when a record is inserted ahead of the reader.
    const pages = [["a", "b"], ["b", "c"], ["d"]];
    const fetchPage = async (page: number) => ({ items: (pages[page - 1] ?? []).map((id) => ({ id })), hasMore: page < pages.length });
    const items = await collect(numberedItems(fetchPage, { supplier: "test", keyOf: (i) => i.id }));
    expect(items.map((i) => i.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("refuses an empty page that claims more, and a list that never ends", async () => {
    const empty = await collect(numberedItems(async () => ({ items: [], hasMore: true }), { supplier: "test" })).catch((e: unknown) => e);
    expect(isSupplierError(empty) && empty.kind === "malformed" && empty.details.field === "has_more").toBe(true);
    const endless = await collect(numberedPages(async (p) => ({ items: [{ id: String(p) }], hasMore: true }), { supplier: "test", maxPages: 5 })).catch(
      (e: unknown) => e,
    );
    expect(isSupplierError(endless) && endless.kind === "malformed").toBe(true);
  });
});
