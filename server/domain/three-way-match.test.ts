import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allowedDifference,
  commitsInvoicedSpend,
  linkInvoiceLine,
  matchFingerprint,
  matchOrder,
  matchStanding,
  type MatchInvoiceLine,
  type MatchOrderLine,
  type MatchTolerance,
} from "./three-way-match";

const tolerance: MatchTolerance = { bp: 200, minor: 500 }; // 2% or $5.00, whichever is less
const gloves: MatchOrderLine = { lineId: "l1", itemCode: "FM-0014-LT", name: "Nitrile gloves, large", ordered: 10, unitPriceMinor: 2450 };
const tape: MatchOrderLine = { lineId: "l2", itemCode: "TP-200", name: "Duct tape 50 m", ordered: 2, unitPriceMinor: 899 };
const invoiceLine = (
  itemCode: string | null,
  description: string,
  quantity: number,
  unitPriceMinor: number,
  lineTotalMinor = quantity * unitPriceMinor,
): MatchInvoiceLine => ({
  invoiceId: "inv-1",
  itemCode,
  description,
  quantity,
  unitPriceMinor,
  lineTotalMinor,
});
const received = (entries: [string, number][]) => new Map(entries);

describe("linking invoice lines to order lines", () => {
  it("links by item code, ignoring case and spaces", () => {
    expect(linkInvoiceLine([gloves, tape], { itemCode: " fm-0014-lt ", description: "whatever" })).toBe("l1");
  });

  it("falls back to the description when the code is missing or names no line", () => {
    expect(linkInvoiceLine([gloves, tape], { itemCode: null, description: "DUCT TAPE, 50 m" })).toBe("l2");
    expect(linkInvoiceLine([gloves, tape], { itemCode: "SUPPLIER-99", description: "Nitrile gloves - large" })).toBe("l1");
  });

  it("links nothing when neither names a line", () => {
    expect(linkInvoiceLine([gloves, tape], { itemCode: null, description: "Freight" })).toBeNull();
    expect(linkInvoiceLine([gloves, tape], { itemCode: "", description: "" })).toBeNull();
  });
});

describe("the tolerance", () => {
  it("is 2% or $5.00, whichever is less", () => {
    expect(allowedDifference(10_000, tolerance)).toBe(200); // 2% of $100
    expect(allowedDifference(25_000, tolerance)).toBe(500); // 2% of $250 is exactly $5
    expect(allowedDifference(100_000, tolerance)).toBe(500); // capped at $5
    expect(allowedDifference(0, tolerance)).toBe(0);
  });

  it("matches at the edge and mismatches one cent past it", () => {
    // 10 x $24.50 = $245.00; 2% is $4.90 (less than $5).
    const at = matchOrder([gloves], received([["l1", 10]]), [invoiceLine("FM-0014-LT", "", 10, 2499, 24_990)], tolerance);
    expect(at.lines[0]).toMatchObject({ expectedMinor: 24_500, priceDifferenceMinor: 490, allowedDifferenceMinor: 490, state: "matched" });
    const past = matchOrder([gloves], received([["l1", 10]]), [invoiceLine("FM-0014-LT", "", 10, 2499, 24_991)], tolerance);
    expect(past.lines[0]!.state).toBe("price_mismatch");
    expect(past.state).toBe("price_mismatch");
    // Charging less is judged the same way.
    expect(matchOrder([gloves], received([["l1", 10]]), [invoiceLine("FM-0014-LT", "", 10, 2450, 24_010)], tolerance).state).toBe("matched");
    expect(matchOrder([gloves], received([["l1", 10]]), [invoiceLine("FM-0014-LT", "", 10, 2450, 24_009)], tolerance).state).toBe("price_mismatch");
  });

  it("caps at the absolute amount on a large line", () => {
    const big: MatchOrderLine = { ...gloves, ordered: 100, unitPriceMinor: 10_000 }; // $10,000: 2% would be $200
    expect(matchOrder([big], received([["l1", 100]]), [invoiceLine("FM-0014-LT", "", 100, 10_000, 1_000_500)], tolerance).state).toBe("matched");
    expect(matchOrder([big], received([["l1", 100]]), [invoiceLine("FM-0014-LT", "", 100, 10_000, 1_000_501)], tolerance).state).toBe("price_mismatch");
  });

  it("with no tolerance at all, only the exact amount matches", () => {
    const none = { bp: 0, minor: 0 };
    expect(matchOrder([gloves], received([["l1", 10]]), [invoiceLine("FM-0014-LT", "", 10, 2450)], none).state).toBe("matched");
    expect(matchOrder([gloves], received([["l1", 10]]), [invoiceLine("FM-0014-LT", "", 10, 2450, 24_501)], none).state).toBe("price_mismatch");
  });
});

describe("an order line's match", () => {
  it("waits for goods and for invoices", () => {
    expect(matchOrder([gloves], received([]), [], tolerance).state).toBe("not_yet_received");
    expect(matchOrder([gloves], received([]), [invoiceLine("FM-0014-LT", "", 10, 2450)], tolerance).state).toBe("not_yet_received");
    expect(matchOrder([gloves], received([["l1", 10]]), [], tolerance).state).toBe("not_yet_invoiced");
    // Invoiced for less than was kept: the rest may come on another invoice.
    expect(matchOrder([gloves], received([["l1", 10]]), [invoiceLine("FM-0014-LT", "", 6, 2450)], tolerance).state).toBe("not_yet_invoiced");
  });

  it("is a quantity mismatch when invoiced for more than was kept, then matched once the rest is received", () => {
    const invoice = [invoiceLine("FM-0014-LT", "", 10, 2450)];
    const partly = matchOrder([gloves], received([["l1", 6]]), invoice, tolerance);
    expect(partly.lines[0]).toMatchObject({ state: "quantity_mismatch", quantityDifference: 4, received: 6, invoicedQuantity: 10 });
    expect(matchOrder([gloves], received([["l1", 10]]), invoice, tolerance).state).toBe("matched");
  });

  it("sums the lines of several invoices for one order line", () => {
    const invoices = [invoiceLine("FM-0014-LT", "", 4, 2450), { ...invoiceLine(null, "Nitrile gloves, large", 6, 2450), invoiceId: "inv-2" }];
    expect(matchOrder([gloves], received([["l1", 10]]), invoices, tolerance).lines[0]).toMatchObject({
      invoicedQuantity: 10,
      invoicedMinor: 24_500,
      state: "matched",
    });
  });
});

describe("an order's match", () => {
  it("is its worst line: quantity before price before waiting", () => {
    const invoices = [invoiceLine("FM-0014-LT", "", 10, 2450), invoiceLine("TP-200", "", 2, 999)];
    expect(
      matchOrder(
        [gloves, tape],
        received([
          ["l1", 10],
          ["l2", 2],
        ]),
        invoices,
        tolerance,
      ).state,
    ).toBe("price_mismatch");
    expect(
      matchOrder(
        [gloves, tape],
        received([
          ["l1", 9],
          ["l2", 2],
        ]),
        invoices,
        tolerance,
      ).state,
    ).toBe("quantity_mismatch");
    expect(matchOrder([gloves, tape], received([["l1", 10]]), [invoices[0]!], tolerance).state).toBe("not_yet_received");
    expect(
      matchOrder(
        [gloves, tape],
        received([
          ["l1", 10],
          ["l2", 2],
        ]),
        [invoices[0]!],
        tolerance,
      ).state,
    ).toBe("not_yet_invoiced");
  });

  it("is a price mismatch when an invoice charges for something not on the order", () => {
    const invoices = [invoiceLine("FM-0014-LT", "", 10, 2450), invoiceLine(null, "Pallet fee", 1, 1500)];
    const match = matchOrder([gloves], received([["l1", 10]]), invoices, tolerance);
    expect(match.state).toBe("price_mismatch");
    expect(match.unlinked.map((l) => l.description)).toEqual(["Pallet fee"]);
  });
});

describe("a decision on a mismatch", () => {
  const invoice = [invoiceLine("FM-0014-LT", "", 10, 2600)];
  const mismatch = matchOrder([gloves], received([["l1", 10]]), invoice, tolerance);

  it("stands while the figures stay the same, and lapses when they change", () => {
    const accepted = { decision: "accepted" as const, fingerprint: matchFingerprint(mismatch) };
    expect(matchStanding(mismatch, accepted)).toBe("accepted");
    expect(commitsInvoicedSpend(matchStanding(mismatch, accepted))).toBe(true);
    const again = matchOrder([gloves], received([["l1", 10]]), [...invoice, { ...invoiceLine(null, "Pallet fee", 1, 100), invoiceId: "inv-2" }], tolerance);
    expect(matchStanding(again, accepted)).toBe("price_mismatch");
    expect(matchStanding(mismatch, { decision: "disputed", fingerprint: matchFingerprint(mismatch) })).toBe("disputed");
    expect(commitsInvoicedSpend("disputed")).toBe(false);
  });

  it("does not hide a match that is no longer a mismatch", () => {
    const matched = matchOrder([gloves], received([["l1", 10]]), [invoiceLine("FM-0014-LT", "", 10, 2450)], tolerance);
    expect(matchStanding(matched, { decision: "disputed", fingerprint: matchFingerprint(matched) })).toBe("matched");
  });
});

describe("properties at the tolerance's edges", () => {
  const line = fc.record({ quantity: fc.integer({ min: 1, max: 1000 }), unitPriceMinor: fc.integer({ min: 0, max: 1_000_000 }) });
  const tol = fc.record({ bp: fc.integer({ min: 0, max: 10_000 }), minor: fc.integer({ min: 0, max: 100_000 }) });

  it("matches exactly up to the allowed difference either way, and not one minor unit beyond", () => {
    fc.assert(
      fc.property(line, tol, fc.boolean(), ({ quantity, unitPriceMinor }, t, over) => {
        const order: MatchOrderLine = { lineId: "x", itemCode: "X-1", name: "X", ordered: quantity, unitPriceMinor };
        const expected = quantity * unitPriceMinor;
        const allowed = allowedDifference(expected, t);
        const sign = over ? 1 : -1;
        const at = matchOrder([order], new Map([["x", quantity]]), [invoiceLine("X-1", "", quantity, 0, expected + sign * allowed)], t);
        const beyond = matchOrder([order], new Map([["x", quantity]]), [invoiceLine("X-1", "", quantity, 0, expected + sign * (allowed + 1))], t);
        expect(at.state).toBe("matched");
        expect(beyond.state).toBe("price_mismatch");
        expect(allowed).toBeLessThanOrEqual(t.minor);
        expect(allowed * 10_000).toBeLessThanOrEqual(expected * t.bp);
      }),
    );
  });

  it("never matches an invoice for more than was kept, and always matches the exact approved figures once all is kept", () => {
    fc.assert(
      fc.property(line, tol, fc.integer({ min: 0, max: 1000 }), ({ quantity, unitPriceMinor }, t, kept) => {
        const order: MatchOrderLine = { lineId: "x", itemCode: "X-1", name: "X", ordered: quantity, unitPriceMinor };
        const match = matchOrder([order], new Map([["x", kept]]), [invoiceLine("X-1", "", quantity, unitPriceMinor)], t);
        if (kept === quantity) expect(match.state).toBe("matched");
        else if (kept > 0 && kept < quantity) expect(match.state).toBe("quantity_mismatch");
        else expect(match.state).not.toBe("matched");
      }),
    );
  });
});
