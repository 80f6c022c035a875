/**
 * Budget arithmetic for cost centers: which period a date falls in, whether
 * two budgets overlap, and what is left. Pure; the database keeps the
 * reservations and commitments, this decides what they add up to.
 */
import { addMoney, CurrencyMismatchError, money, type Money } from "./money";

export type PeriodKind = "month" | "quarter" | "year";

export interface Period {
  kind: PeriodKind;
  /** Inclusive, UTC midnight. */
  start: Date;
  /** Exclusive, UTC midnight. */
  end: Date;
}

export function periodContaining(kind: PeriodKind, at: Date): Period {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const startMonth = kind === "month" ? month : kind === "quarter" ? month - (month % 3) : 0;
  const length = kind === "month" ? 1 : kind === "quarter" ? 3 : 12;
  return { kind, start: new Date(Date.UTC(year, startMonth, 1)), end: new Date(Date.UTC(year, startMonth + length, 1)) };
}

export const periodsOverlap = (a: Pick<Period, "start" | "end">, b: Pick<Period, "start" | "end">): boolean => a.start < b.end && b.start < a.end;

export function periodLabel(p: Period): string {
  const y = p.start.getUTCFullYear();
  if (p.kind === "year") return String(y);
  if (p.kind === "quarter") return `Q${Math.floor(p.start.getUTCMonth() / 3) + 1} ${y}`;
  return new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(p.start);
}

export interface SpendEntry {
  state: "reserved" | "committed" | "released";
  amount: Money;
  /** Committed at its matched invoices' amount (`amount`); what was ordered before that. */
  invoiced?: { ordered: Money };
}

export interface BudgetPosition {
  budget: Money;
  reserved: Money;
  committed: Money;
  /** budget - reserved - committed; negative when overdrawn. */
  remaining: Money;
  overBudget: boolean;
  /** Of the committed, what matched invoices charge, against what those orders were committed at when ordered. */
  invoiced: { ordered: Money; invoiced: Money };
}

/** Released money counts nowhere; the same money is either reserved or committed, never both. */
export function budgetPosition(budget: Money, entries: SpendEntry[]): BudgetPosition {
  let reserved = money(0, budget.currency);
  let committed = money(0, budget.currency);
  let ordered = money(0, budget.currency);
  let invoiced = money(0, budget.currency);
  for (const entry of entries) {
    if (entry.state === "reserved") reserved = addMoney(reserved, entry.amount);
    if (entry.state === "committed") committed = addMoney(committed, entry.amount);
    if (entry.state === "committed" && entry.invoiced) {
      invoiced = addMoney(invoiced, entry.amount);
      ordered = addMoney(ordered, entry.invoiced.ordered);
    }
  }
  const remaining = money(budget.amount - reserved.amount - committed.amount, budget.currency);
  return { budget, reserved, committed, remaining, overBudget: remaining.amount < 0, invoiced: { ordered, invoiced } };
}

/** Whether charging `amount` now would take the cost center past its budget, and what it would leave. */
export function checkCharge(position: BudgetPosition, amount: Money): { overBudget: boolean; leaves: Money } {
  if (amount.currency !== position.remaining.currency) throw new CurrencyMismatchError(position.remaining.currency, amount.currency);
  const leaves = money(position.remaining.amount - amount.amount, amount.currency);
  return { overBudget: leaves.amount < 0, leaves };
}

/**
 * One CSV field: quoted when it holds a comma, a quote or a line break, quotes
 * doubled (RFC 4180). Text a spreadsheet would run as a formula (=, +, @, or a
 * minus that does not start a number) gets a leading apostrophe, since names
 * come from people and suppliers.
 */
export function csvField(value: string | number): string {
  const raw = String(value);
  const text = typeof value === "string" && /^([=+@\t\r]|-(?!\d))/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (values: (string | number)[]): string => values.map(csvField).join(",");

/**
 * A period as people write it: "2026-11" (a month), "2026-Q4" (a quarter) or
 * "2026" (a year). Null when it is none of these.
 */
export function parsePeriod(text: string): Period | null {
  const trimmed = text.trim().toUpperCase();
  let match = /^(\d{4})-(\d{1,2})$/.exec(trimmed);
  if (match) {
    const month = Number(match[2]);
    return month >= 1 && month <= 12 ? periodContaining("month", new Date(Date.UTC(Number(match[1]), month - 1, 1))) : null;
  }
  match = /^(\d{4})-Q([1-4])$/.exec(trimmed);
  if (match) return periodContaining("quarter", new Date(Date.UTC(Number(match[1]), (Number(match[2]) - 1) * 3, 1)));
  match = /^(\d{4})$/.exec(trimmed);
  if (match) return periodContaining("year", new Date(Date.UTC(Number(match[1]), 0, 1)));
  return null;
}

/** The inverse of parsePeriod: "2026-11", "2026-Q4", "2026". */
export function periodKey(p: Period): string {
  const y = p.start.getUTCFullYear();
  if (p.kind === "year") return String(y);
  if (p.kind === "quarter") return `${y}-Q${Math.floor(p.start.getUTCMonth() / 3) + 1}`;
  return `${y}-${String(p.start.getUTCMonth() + 1).padStart(2, "0")}`;
}
