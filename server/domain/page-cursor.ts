/**
 * Where the next page of a long list starts, as one opaque string a page link can carry: the sort key of the last row
 * shown and its id (keyset paging, so a deep page costs what the first one does and a row added meanwhile neither
 * repeats nor skips one). Timestamps travel as the database's own microsecond text, since a JS Date would cut them to
 * milliseconds and lose rows that share the millisecond.
 */
export type PageCursor = readonly [key: string, id: string];

export function encodePageCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Null for anything this portal did not hand out (a hand-edited or cut link). */
export function decodePageCursor(text: string, key: RegExp): PageCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [k, id] = value;
    if (typeof k !== "string" || typeof id !== "string" || !key.test(k) || !UUID.test(id)) return null;
    return [k, id];
  } catch {
    return null;
  }
}

/** A timestamp as the cursor carries it: to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'). */
export const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** An amount in minor units. */
export const INTEGER_KEY = /^-?\d{1,18}$/;
