import { describe, expect, it } from "vitest";
import { decodePageCursor, encodePageCursor, INTEGER_KEY, TIMESTAMP_KEY } from "./page-cursor";

describe("page cursors", () => {
  const id = "0b7e2a52-4f43-4a36-9d1c-3f2a1d6f7e11";

  it("reads back what it wrote, microseconds included", () => {
    const cursor = ["2026-03-04T05:06:07.123456Z", id] as const;
    expect(decodePageCursor(encodePageCursor(cursor), TIMESTAMP_KEY)).toEqual(cursor);
    expect(decodePageCursor(encodePageCursor(["125000", id]), INTEGER_KEY)).toEqual(["125000", id]);
  });

  it("refuses a link it did not hand out", () => {
    expect(decodePageCursor("not-a-cursor", TIMESTAMP_KEY)).toBeNull();
    expect(decodePageCursor(encodePageCursor(["2026-03-04", id]), TIMESTAMP_KEY)).toBeNull();
    expect(decodePageCursor(encodePageCursor(["2026-03-04T05:06:07.123456Z", "1; drop table"]), TIMESTAMP_KEY)).toBeNull();
    expect(decodePageCursor(Buffer.from('{"a":1}').toString("base64url"), TIMESTAMP_KEY)).toBeNull();
  });
});
