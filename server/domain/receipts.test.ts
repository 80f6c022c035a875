import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { everythingOutstanding, isFullyReceived, receiptProblem, reversalOf, summariseReceipts, type ReceiptEntry, type ReceiptLineInput } from "./receipts";

const lines = [
  { lineId: "gloves", ordered: 10 },
  { lineId: "tape", ordered: 2 },
];
const entry = (lineId: string, quantityReceived: number, quantityRejected = 0): ReceiptEntry => ({ lineId, quantityReceived, quantityRejected });
const input = (lineId: string, quantityReceived: number, extra: Partial<ReceiptLineInput> = {}): ReceiptLineInput => ({
  lineId,
  quantityReceived,
  quantityRejected: 0,
  rejectionReason: null,
  overReceiptReason: null,
  ...extra,
});
const describeLine = (id: string) => (id === "gloves" ? "Nitrile gloves" : "Tape");

describe("summing receipts", () => {
  it("adds partial receipts up and says what is still outstanding", () => {
    const [gloves, tape] = summariseReceipts(lines, [entry("gloves", 4), entry("gloves", 3), entry("tape", 2)]);
    expect(gloves).toMatchObject({ received: 7, rejected: 0, accepted: 7, outstanding: 3, overReceived: 0 });
    expect(tape).toMatchObject({ received: 2, accepted: 2, outstanding: 0 });
    expect(isFullyReceived([gloves!, tape!])).toBe(false);
  });

  it("keeps a rejected unit outstanding: the supplier still owes it", () => {
    const [gloves] = summariseReceipts(lines, [entry("gloves", 10, 2)]);
    expect(gloves).toMatchObject({ received: 10, rejected: 2, accepted: 8, outstanding: 2 });
  });

  it("counts what was kept beyond the order as over-received, never a negative outstanding", () => {
    const [, tape] = summariseReceipts(lines, [entry("tape", 5)]);
    expect(tape).toMatchObject({ accepted: 5, outstanding: 0, overReceived: 3 });
  });

  it("makes a reversed receipt count for nothing", () => {
    const first = [entry("gloves", 10, 1), entry("tape", 2)];
    const summary = summariseReceipts(lines, [...first, ...reversalOf(first)]);
    expect(summary.map((l) => [l.received, l.rejected, l.outstanding])).toEqual([
      [0, 0, 10],
      [0, 0, 2],
    ]);
  });

  it("is fully received when every line has all it ordered, and not for an order of nothing", () => {
    expect(isFullyReceived(summariseReceipts(lines, [entry("gloves", 10), entry("tape", 2)]))).toBe(true);
    expect(isFullyReceived(summariseReceipts([], []))).toBe(false);
  });

  it("turns 'everything arrived' into what is outstanding per line", () => {
    const summary = summariseReceipts(lines, [entry("gloves", 6, 1), entry("tape", 2)]);
    expect(everythingOutstanding(summary)).toEqual([input("gloves", 5)]);
    const after = summariseReceipts(lines, [entry("gloves", 6, 1), entry("tape", 2), entry("gloves", 5)]);
    expect(isFullyReceived(after)).toBe(true);
  });
});

describe("checking a new receipt", () => {
  const none = summariseReceipts(lines, []);

  it("refuses an empty receipt", () => {
    expect(receiptProblem([input("gloves", 0)], none, describeLine)).toMatchObject({ field: "lines" });
    expect(receiptProblem([], none, describeLine)).toMatchObject({ field: "lines" });
  });

  it("refuses negative and fractional quantities, naming the line's field", () => {
    expect(receiptProblem([input("tape", 1), input("gloves", -1)], none, describeLine)).toMatchObject({ field: "lines.1.quantityReceived" });
    expect(receiptProblem([input("gloves", 1.5)], none, describeLine)).toMatchObject({ field: "lines.0.quantityReceived" });
    expect(receiptProblem([input("gloves", 3, { quantityRejected: -1 })], none, describeLine)).toMatchObject({ field: "lines.0.quantityRejected" });
  });

  it("needs a reason for a rejection, and no more rejected than arrived", () => {
    expect(receiptProblem([input("gloves", 3, { quantityRejected: 1 })], none, describeLine)).toEqual({
      field: "lines.0.rejectionReason",
      message: "Say why 1 of Nitrile gloves were rejected",
    });
    expect(receiptProblem([input("gloves", 3, { quantityRejected: 1, rejectionReason: "  " })], none, describeLine)?.field).toBe("lines.0.rejectionReason");
    expect(receiptProblem([input("gloves", 3, { quantityRejected: 4, rejectionReason: "torn" })], none, describeLine)?.field).toBe("lines.0.quantityRejected");
    expect(receiptProblem([input("gloves", 3, { quantityRejected: 1, rejectionReason: "torn" })], none, describeLine)).toBeNull();
  });

  it("needs a reason to keep more than was ordered, counting earlier receipts", () => {
    const seven = summariseReceipts(lines, [entry("gloves", 7)]);
    expect(receiptProblem([input("gloves", 3)], seven, describeLine)).toBeNull();
    expect(receiptProblem([input("gloves", 4)], seven, describeLine)).toEqual({
      field: "lines.0.overReceiptReason",
      message: "Nitrile gloves: 10 were ordered and this makes 11 received; say why you keep the extra 1",
    });
    expect(receiptProblem([input("gloves", 4, { overReceiptReason: "Sent a spare" })], seven, describeLine)).toBeNull();
    // Rejecting the extra is not keeping it.
    expect(receiptProblem([input("gloves", 4, { quantityRejected: 1, rejectionReason: "Not ordered" })], seven, describeLine)).toBeNull();
  });

  it("refuses a line twice and a line that is not on the order", () => {
    expect(receiptProblem([input("gloves", 1), input("gloves", 1)], none, describeLine)?.field).toBe("lines.1.lineId");
    expect(receiptProblem([input("hammer", 1)], none, describeLine)?.field).toBe("lines.0.lineId");
  });
});

/** A history of receipts and reversals: each receipt a random set of lines, some later reversed (once). */
const history = fc
  .array(
    fc.record({
      lines: fc.array(
        fc.record({ lineId: fc.constantFrom("gloves", "tape"), received: fc.nat(30), rejectedShare: fc.double({ min: 0, max: 1, noNaN: true }) }),
        {
          maxLength: 3,
        },
      ),
      reversed: fc.boolean(),
    }),
    { maxLength: 8 },
  )
  .map((receipts) =>
    receipts.map((r) => ({
      entries: r.lines.map((l) => entry(l.lineId, l.received, Math.floor(l.received * l.rejectedShare))),
      reversed: r.reversed,
    })),
  );

describe("properties of receipts and reversals", () => {
  it("sum to the receipts that were not reversed, whatever the order they are stored in", () => {
    fc.assert(
      fc.property(history, fc.integer(), (receipts, seed) => {
        const stored = receipts.flatMap((r) => (r.reversed ? [...r.entries, ...reversalOf(r.entries)] : r.entries));
        const shuffled = [...stored].sort((a, b) => ((a.quantityReceived * 31 + seed) % 7) - ((b.quantityReceived * 31 + seed) % 7));
        const standing = receipts.filter((r) => !r.reversed).flatMap((r) => r.entries);
        expect(summariseReceipts(lines, shuffled)).toEqual(summariseReceipts(lines, standing));
      }),
    );
  });

  it("keep outstanding + accepted - over-received equal to ordered, and never negative", () => {
    fc.assert(
      fc.property(history, (receipts) => {
        const stored = receipts.flatMap((r) => (r.reversed ? [...r.entries, ...reversalOf(r.entries)] : r.entries));
        for (const l of summariseReceipts(lines, stored)) {
          expect(l.outstanding).toBeGreaterThanOrEqual(0);
          expect(l.overReceived).toBeGreaterThanOrEqual(0);
          expect(l.accepted + l.outstanding - l.overReceived).toBe(l.ordered);
          expect(l.rejected).toBeLessThanOrEqual(l.received);
        }
      }),
    );
  });

  it("end fully received after 'everything arrived', from any history", () => {
    fc.assert(
      fc.property(history, (receipts) => {
        const stored = receipts.flatMap((r) => (r.reversed ? [...r.entries, ...reversalOf(r.entries)] : r.entries));
        const summary = summariseReceipts(lines, stored);
        const rest = everythingOutstanding(summary);
        expect(rest.length === 0 || receiptProblem(rest, summary, describeLine) === null).toBe(true);
        expect(isFullyReceived(summariseReceipts(lines, [...stored, ...rest.map((l) => entry(l.lineId, l.quantityReceived))]))).toBe(true);
      }),
    );
  });
});
