/**
 * What a supplier entered from the portal's purchase order, against what was approved: every difference a person
 * must hear of (a quantity, a price, a line missing or one nobody approved), one sentence each. An empty list means
 * the supplier entered exactly what was approved. Lines are matched by SKU; the same SKU on several lines counts once,
 * added up.
 */
import { formatMoney, type Money } from "./money";

export interface ApprovedLine {
  itemCode: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface EnteredLine {
  itemCode: string;
  quantity: number;
  unitPrice: Money;
}

const norm = (code: string) => code.trim().toUpperCase();

function bySku<T extends { itemCode: string; quantity: number }>(lines: T[]): Map<string, T & { quantity: number }> {
  const out = new Map<string, T & { quantity: number }>();
  for (const line of lines) {
    const key = norm(line.itemCode);
    const seen = out.get(key);
    out.set(key, seen ? { ...seen, quantity: seen.quantity + line.quantity } : { ...line });
  }
  return out;
}

const units = (n: number) => `${n} ${n === 1 ? "unit" : "units"}`;

export function orderDifferences(approved: ApprovedLine[], entered: EnteredLine[]): string[] {
  const want = bySku(approved);
  const got = bySku(entered);
  const differences: string[] = [];
  for (const [key, line] of want) {
    const match = got.get(key);
    if (!match) {
      differences.push(`${line.itemCode} (${line.name}) is missing: ${units(line.quantity)} approved, none entered.`);
      continue;
    }
    if (match.quantity !== line.quantity) differences.push(`${line.itemCode}: ${units(match.quantity)} entered, ${units(line.quantity)} approved.`);
    if (match.unitPrice.currency !== line.unitPrice.currency) {
      differences.push(`${line.itemCode}: priced in ${match.unitPrice.currency}, approved in ${line.unitPrice.currency}.`);
    } else if (match.unitPrice.amount !== line.unitPrice.amount) {
      differences.push(`${line.itemCode}: ${formatMoney(match.unitPrice)} each entered, ${formatMoney(line.unitPrice)} approved.`);
    }
  }
  for (const [key, line] of got) {
    if (!want.has(key)) differences.push(`${line.itemCode} was not approved: ${units(line.quantity)} entered at ${formatMoney(line.unitPrice)} each.`);
  }
  return differences;
}
