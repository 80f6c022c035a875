import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { deserialize } from "./portal-api";

/** What the server's superjson transformer sends, read back the way portalApi reads it. */
const roundTrip = (value: unknown) => deserialize(JSON.parse(JSON.stringify(superjson.serialize(value))));

describe("portalApi's reading of superjson answers", () => {
  it("gives back Dates, nested in objects and arrays, as Dates", () => {
    const submittedAt = new Date("2026-11-20T09:30:00Z");
    const answer = roundTrip({
      label: "REQ-12",
      submittedAt,
      lines: [
        { at: new Date(0), quantity: 2 },
        { at: new Date(1), quantity: 3 },
      ],
    }) as {
      submittedAt: Date;
      lines: { at: Date; quantity: number }[];
    };
    expect(answer.submittedAt).toBeInstanceOf(Date);
    expect(answer.submittedAt.toISOString()).toBe("2026-11-20T09:30:00.000Z");
    expect(answer.lines.map((l) => l.at.getTime())).toEqual([0, 1]);
    expect(answer.lines.map((l) => l.quantity)).toEqual([2, 3]);
  });

  it("keeps keys with dots apart from nesting, and undefined as undefined", () => {
    const answer = roundTrip({ "a.b": new Date(5), note: undefined, total: { amount: 1250, currency: "USD" } }) as Record<string, unknown>;
    expect((answer["a.b"] as Date).getTime()).toBe(5);
    expect("note" in answer && answer.note === undefined).toBe(true);
    expect(answer.total).toEqual({ amount: 1250, currency: "USD" });
  });

  it("reads a bare Date, plain JSON and no data at all", () => {
    expect((roundTrip(new Date(7)) as Date).getTime()).toBe(7);
    expect(roundTrip({ count: 3 })).toEqual({ count: 3 });
    expect(deserialize(undefined)).toBeUndefined();
  });

  it("refuses a type it cannot read instead of handing on a mangled value", () => {
    expect(() => roundTrip({ seen: new Set(["x"]) })).toThrow(/cannot read superjson's "set"/);
  });
});
