/**
 * Goods receipts, summed: what arrived of each order line across every receipt and reversal, what was refused at the
 * dock, and what is still to come. A receipt is never edited; a reversal is a receipt whose lines are the original's
 * negated, so summing every receipt line is the whole rule and a reversed receipt counts for nothing.
 *
 * quantityReceived is everything that arrived, the rejected part included; quantityRejected is the part refused
 * (damaged, wrong item). What was kept is received minus rejected, and a rejected unit is still outstanding: the
 * supplier owes it.
 */

/** One receipt line as stored (a reversal's are negative). */
export interface ReceiptEntry {
  lineId: string;
  quantityReceived: number;
  quantityRejected: number;
}

export interface LineReceipt {
  lineId: string;
  ordered: number;
  /** Everything that arrived, net of reversals. */
  received: number;
  /** Refused at the dock, net of reversals. */
  rejected: number;
  /** Received and kept: what the invoice may charge for. */
  accepted: number;
  /** Still owed by the supplier (rejected units included); never below zero. */
  outstanding: number;
  /** Kept beyond what was ordered. */
  overReceived: number;
}

export function summariseReceipts(lines: { lineId: string; ordered: number }[], entries: ReceiptEntry[]): LineReceipt[] {
  return lines.map(({ lineId, ordered }) => {
    let received = 0;
    let rejected = 0;
    for (const e of entries) {
      if (e.lineId !== lineId) continue;
      received += e.quantityReceived;
      rejected += e.quantityRejected;
    }
    const accepted = received - rejected;
    return { lineId, ordered, received, rejected, accepted, outstanding: Math.max(0, ordered - accepted), overReceived: Math.max(0, accepted - ordered) };
  });
}

/** Every line has all it ordered (and at least one line ordered anything). */
export const isFullyReceived = (summary: LineReceipt[]) => summary.some((l) => l.ordered > 0) && summary.every((l) => l.outstanding === 0);

/** A reversal takes back exactly what the receipt recorded, line by line. */
export const reversalOf = (entries: ReceiptEntry[]): ReceiptEntry[] =>
  entries.map((e) => ({ lineId: e.lineId, quantityReceived: -e.quantityReceived, quantityRejected: -e.quantityRejected }));

/** One line of a receipt as the person at the dock filled it in. */
export interface ReceiptLineInput {
  lineId: string;
  quantityReceived: number;
  quantityRejected: number;
  rejectionReason: string | null;
  overReceiptReason: string | null;
}

export interface ReceiptProblem {
  /** The form field it is about: lines.<index>.<field>, or lines when the receipt as a whole is empty. */
  field: string;
  message: string;
}

/**
 * What is wrong with a new receipt, given what the lines already have: the first problem, named by its field, or
 * null. Quantities are whole and not negative (only a reversal takes back), the rejected part cannot exceed what
 * arrived, a rejection needs its reason, and keeping more than was ordered needs a reason too.
 */
export function receiptProblem(input: ReceiptLineInput[], before: LineReceipt[], describe: (lineId: string) => string): ReceiptProblem | null {
  if (input.length === 0 || input.every((l) => l.quantityReceived === 0)) {
    return { field: "lines", message: "Enter the quantity that arrived for at least one line" };
  }
  const seen = new Set<string>();
  for (const [index, line] of input.entries()) {
    const at = (f: string) => `lines.${index}.${f}`;
    const name = describe(line.lineId);
    const current = before.find((b) => b.lineId === line.lineId);
    if (!current) return { field: at("lineId"), message: "That line is not on this order" };
    if (seen.has(line.lineId)) return { field: at("lineId"), message: `${name} is on the receipt twice` };
    seen.add(line.lineId);
    if (!Number.isSafeInteger(line.quantityReceived) || line.quantityReceived < 0) {
      return { field: at("quantityReceived"), message: `Quantity received for ${name} must be a whole number, 0 or more` };
    }
    if (!Number.isSafeInteger(line.quantityRejected) || line.quantityRejected < 0) {
      return { field: at("quantityRejected"), message: `Quantity rejected for ${name} must be a whole number, 0 or more` };
    }
    if (line.quantityRejected > line.quantityReceived) {
      return { field: at("quantityRejected"), message: `${name}: you cannot reject more than arrived (${line.quantityReceived})` };
    }
    if (line.quantityRejected > 0 && !line.rejectionReason?.trim()) {
      return { field: at("rejectionReason"), message: `Say why ${line.quantityRejected} of ${name} were rejected` };
    }
    const keptAfter = current.accepted + line.quantityReceived - line.quantityRejected;
    if (keptAfter > current.ordered && !line.overReceiptReason?.trim()) {
      return {
        field: at("overReceiptReason"),
        message: `${name}: ${current.ordered} were ordered and this makes ${keptAfter} received; say why you keep the extra ${keptAfter - current.ordered}`,
      };
    }
  }
  return null;
}

/** "Everything arrived": a receipt line for each line with what is still outstanding, nothing rejected. */
export const everythingOutstanding = (summary: LineReceipt[]): ReceiptLineInput[] =>
  summary
    .filter((l) => l.outstanding > 0)
    .map((l) => ({ lineId: l.lineId, quantityReceived: l.outstanding, quantityRejected: 0, rejectionReason: null, overReceiptReason: null }));
