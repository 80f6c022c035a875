/**
 * The three-way match: for each order line, what was approved (quantity and unit price), what was received and kept
 * (net of reversals and rejections), and what the supplier's invoices charge for it. Invoice lines are linked to order
 * lines by item code, else by description; what links to no line is a charge nobody approved.
 *
 * A line is, in this order of precedence:
 *   not_yet_received  nothing of it was kept yet (whether or not it was invoiced: the goods may still come);
 *   not_yet_invoiced  kept, but no invoice charges for it yet;
 *   quantity_mismatch invoiced for more than was kept;
 *   price_mismatch    the invoiced amount differs from the approved unit price times the invoiced quantity by more than
 *                     the company's tolerance: its percentage of that amount or its absolute amount, whichever is less;
 *   not_yet_invoiced  invoiced for less than was kept (the rest may come on another invoice);
 *   matched.
 * The order is its worst line (quantity, then price, then not received, then not invoiced), and a price mismatch when an
 * invoice charges for something not on the order.
 */

export const MATCH_STATES = ["matched", "quantity_mismatch", "price_mismatch", "not_yet_received", "not_yet_invoiced"] as const;
export type MatchState = (typeof MATCH_STATES)[number];

export interface MatchTolerance {
  /** Basis points of the approved amount: 200 = 2%. */
  bp: number;
  /** Minor units. */
  minor: number;
}

export interface MatchOrderLine {
  lineId: string;
  itemCode: string;
  name: string;
  ordered: number;
  unitPriceMinor: number;
}

export interface MatchInvoiceLine {
  invoiceId: string;
  itemCode: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
}

export interface LineMatch {
  lineId: string;
  itemCode: string;
  name: string;
  ordered: number;
  approvedUnitPriceMinor: number;
  received: number;
  invoicedQuantity: number;
  invoicedMinor: number;
  /** The approved unit price times the invoiced quantity. */
  expectedMinor: number;
  /** invoicedMinor - expectedMinor: positive when the supplier charged more. */
  priceDifferenceMinor: number;
  /** How far the price may be off and still match, for this line. */
  allowedDifferenceMinor: number;
  /** invoicedQuantity - received: positive when invoiced for goods not kept. */
  quantityDifference: number;
  state: MatchState;
}

export interface OrderMatch {
  state: MatchState;
  lines: LineMatch[];
  /** Invoice lines that name nothing on the order. */
  unlinked: MatchInvoiceLine[];
}

const normalisedCode = (code: string | null) => (code ?? "").replace(/\s+/g, "").toLowerCase();
const normalisedText = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * Which order line each invoice line is for: the same item code (ignoring case and spaces), else the same description
 * as the line's name (ignoring case, spacing and punctuation); null when neither names a line.
 */
export function linkInvoiceLine(
  orderLines: Pick<MatchOrderLine, "lineId" | "itemCode" | "name">[],
  invoiceLine: Pick<MatchInvoiceLine, "itemCode" | "description">,
): string | null {
  const code = normalisedCode(invoiceLine.itemCode);
  if (code) {
    const byCode = orderLines.find((l) => normalisedCode(l.itemCode) === code);
    if (byCode) return byCode.lineId;
  }
  const description = normalisedText(invoiceLine.description);
  if (!description) return null;
  return orderLines.find((l) => normalisedText(l.name) === description)?.lineId ?? null;
}

/** The most an amount may be off and still match: the percentage of it or the absolute amount, whichever is less. */
export function allowedDifference(expectedMinor: number, tolerance: MatchTolerance): number {
  const share = Math.floor((Math.abs(expectedMinor) * tolerance.bp) / 10_000);
  return Math.max(0, Math.min(share, tolerance.minor));
}

function lineState(received: number, invoicedQuantity: number, priceOff: boolean): MatchState {
  if (received <= 0) return "not_yet_received";
  if (invoicedQuantity === 0) return "not_yet_invoiced";
  if (invoicedQuantity > received) return "quantity_mismatch";
  if (priceOff) return "price_mismatch";
  if (invoicedQuantity < received) return "not_yet_invoiced";
  return "matched";
}

const ORDER_PRECEDENCE: MatchState[] = ["quantity_mismatch", "price_mismatch", "not_yet_received", "not_yet_invoiced", "matched"];

export function matchOrder(
  orderLines: MatchOrderLine[],
  receivedByLine: ReadonlyMap<string, number>,
  invoiceLines: MatchInvoiceLine[],
  tolerance: MatchTolerance,
): OrderMatch {
  const byLine = new Map<string, MatchInvoiceLine[]>();
  const unlinked: MatchInvoiceLine[] = [];
  for (const invoiceLine of invoiceLines) {
    const lineId = linkInvoiceLine(orderLines, invoiceLine);
    if (lineId) byLine.set(lineId, [...(byLine.get(lineId) ?? []), invoiceLine]);
    else unlinked.push(invoiceLine);
  }
  const lines = orderLines.map((line): LineMatch => {
    const invoiced = byLine.get(line.lineId) ?? [];
    const received = receivedByLine.get(line.lineId) ?? 0;
    const invoicedQuantity = invoiced.reduce((n, l) => n + l.quantity, 0);
    const invoicedMinor = invoiced.reduce((n, l) => n + l.lineTotalMinor, 0);
    const expectedMinor = invoicedQuantity * line.unitPriceMinor;
    const priceDifferenceMinor = invoicedMinor - expectedMinor;
    const allowedDifferenceMinor = allowedDifference(expectedMinor, tolerance);
    return {
      lineId: line.lineId,
      itemCode: line.itemCode,
      name: line.name,
      ordered: line.ordered,
      approvedUnitPriceMinor: line.unitPriceMinor,
      received,
      invoicedQuantity,
      invoicedMinor,
      expectedMinor,
      priceDifferenceMinor,
      allowedDifferenceMinor,
      quantityDifference: invoicedQuantity - received,
      state: lineState(received, invoicedQuantity, Math.abs(priceDifferenceMinor) > allowedDifferenceMinor),
    };
  });
  const states = new Set(lines.map((l) => l.state));
  if (unlinked.some((l) => l.lineTotalMinor !== 0)) states.add("price_mismatch");
  const state = ORDER_PRECEDENCE.find((s) => states.has(s)) ?? "not_yet_received";
  return { state, lines, unlinked };
}

export const isMismatch = (state: MatchState) => state === "quantity_mismatch" || state === "price_mismatch";

/** The figures a decision about a mismatch was made on; a new invoice or receipt changes it, and the decision lapses. */
export function matchFingerprint(match: OrderMatch): string {
  const lines = match.lines.map((l) => `${l.lineId}:${l.received}:${l.invoicedQuantity}:${l.invoicedMinor}`);
  const unlinked = match.unlinked.map((l) => `${l.invoiceId}:${normalisedText(l.description)}:${l.quantity}:${l.lineTotalMinor}`).sort();
  return [...lines, ...unlinked].join("|");
}

export interface MatchReviewFact {
  decision: "accepted" | "disputed";
  fingerprint: string;
}

/** Where an order stands for accounts payable: its match, or the decision taken on these very figures. */
export type MatchStanding = MatchState | "accepted" | "disputed";

export function matchStanding(match: OrderMatch, latestReview: MatchReviewFact | null): MatchStanding {
  if (!isMismatch(match.state) || !latestReview || latestReview.fingerprint !== matchFingerprint(match)) return match.state;
  return latestReview.decision;
}

/** Its invoices may be committed as spend at what they charge: they match, or a mismatch was accepted. */
export const commitsInvoicedSpend = (standing: MatchStanding) => standing === "matched" || standing === "accepted";
