/**
 * Spend against budgets, for admins (every cost center) and cost center owners (their own): reserved and committed
 * by cost center, supplier and month, budget against actual per period, and the same tables as CSV.
 */
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { budgets, costCenters, costCenterSpend, supplierConnections } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { csvRow } from "@/server/domain/budgets";
import { money, toMajorUnitString, type Money } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { budgetPositionsOf } from "./ledger";

export const SPEND_GROUPINGS = ["costCenter", "supplier", "month"] as const;

export interface SpendReportQuery {
  /** First and last day of the range (UTC, YYYY-MM-DD), both included. */
  from: string;
  to: string;
  costCenterId?: string;
  groupBy: (typeof SPEND_GROUPINGS)[number];
}

/** Admins see every cost center; an owner sees the ones they own; nobody else sees spend. */
async function visibleCostCenters(ctx: ActorContext, costCenterId: string | undefined) {
  const admin = ctx.user.roles.includes("admin");
  const rows = await ctx.db
    .select()
    .from(costCenters)
    .where(and(eq(costCenters.companyId, ctx.companyId), admin ? undefined : eq(costCenters.ownerId, ctx.user.id)))
    .orderBy(asc(costCenters.code));
  if (rows.length === 0 && !admin) throw new AppError("forbidden", "Spend reports are for admins and cost center owners.");
  if (!costCenterId) return { visible: rows, chosen: rows };
  const chosen = rows.filter((r) => r.id === costCenterId);
  if (chosen.length === 0) throw new AppError("forbidden", "You can see spend only for the cost centers you own.", { field: "costCenterId" });
  return { visible: rows, chosen };
}

export interface SpendRow {
  key: string;
  label: string;
  detail: string | null;
  currency: string;
  reserved: Money;
  committed: Money;
  /** Budgets of the periods the range touches; null where no budget is set or for groupings budgets do not apply to. */
  budget: Money | null;
  remaining: Money | null;
}

const rangeOf = (input: SpendReportQuery) => ({
  start: new Date(`${input.from}T00:00:00Z`),
  // The to date is included: the range ends at the next midnight.
  end: new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000),
});

export async function spendReport(ctx: ActorContext, input: SpendReportQuery) {
  const { visible, chosen: centers } = await visibleCostCenters(ctx, input.costCenterId);
  const { start, end } = rangeOf(input);
  const ids = centers.map((c) => c.id);
  if (ids.length === 0) return { from: input.from, to: input.to, costCenters: [], byCostCenter: [], bySupplier: [], byMonth: [], budgetVsActual: [] };
  const inRange = and(
    eq(costCenterSpend.companyId, ctx.companyId),
    inArray(costCenterSpend.costCenterId, ids),
    gte(costCenterSpend.chargedAt, start),
    lt(costCenterSpend.chargedAt, end),
    inArray(costCenterSpend.state, ["reserved", "committed"]),
  );
  const total = sql<string>`sum(${costCenterSpend.amountMinor})`;
  // Grouped by the month's start and only then written as "2026-03": formatting once per group, not once per row.
  const monthStart = sql`date_trunc('month', ${costCenterSpend.chargedAt} at time zone 'UTC')`;
  const month = sql<string | null>`to_char(${monthStart}, 'YYYY-MM')`;
  const cc = costCenterSpend.costCenterId;
  const supplier = costCenterSpend.supplierConnectionId;
  const { currency, state } = costCenterSpend;
  const [totals, supplierNames, budgetRows] = await Promise.all([
    // The three groupings in one pass over the range (grouping sets), read from the index alone: a year of a
    // company's spend is summed once instead of three times. The grouping() bits say which grouping a row belongs to.
    ctx.db
      .select({
        costCenterId: cc,
        supplierId: supplier,
        month,
        currency,
        state,
        total,
        grouping: sql<number>`grouping(${cc}, ${supplier}, ${monthStart})`,
      })
      .from(costCenterSpend)
      .where(inRange)
      .groupBy(sql`grouping sets ((${cc}, ${currency}, ${state}), (${supplier}, ${currency}, ${state}), (${monthStart}, ${currency}, ${state}))`),
    ctx.db
      .select({ id: supplierConnections.id, name: supplierConnections.displayName })
      .from(supplierConnections)
      .where(eq(supplierConnections.companyId, ctx.companyId)),
    ctx.db
      .select()
      .from(budgets)
      .where(and(inArray(budgets.costCenterId, ids), lt(budgets.periodStart, end), sql`${budgets.periodEnd} > ${start}`))
      .orderBy(asc(budgets.periodStart)),
  ]);
  // grouping(a, b, c) has a bit set for each column grouped away: 0b011 = by cost center, 0b101 = by supplier, 0b110 = by month.
  const nameOf = new Map(supplierNames.map((s) => [s.id, s.name]));
  const centerTotals = totals.filter((t) => Number(t.grouping) === 0b011).map((t) => ({ ...t, key: t.costCenterId! }));
  const supplierTotals = totals.filter((t) => Number(t.grouping) === 0b101).map((t) => ({ ...t, key: t.supplierId!, label: nameOf.get(t.supplierId!) ?? "" }));
  const monthTotals = totals.filter((t) => Number(t.grouping) === 0b110).map((t) => ({ ...t, key: t.month! }));

  type Total = { key: string; currency: string; state: string; total: string; label?: string };
  const rowsFrom = (totals: Total[], labelOf: (t: Total) => { label: string; detail: string | null }): SpendRow[] => {
    const rows = new Map<string, SpendRow>();
    for (const t of totals) {
      const id = `${t.key}|${t.currency}`;
      const row = rows.get(id) ?? {
        key: t.key,
        ...labelOf(t),
        currency: t.currency,
        reserved: money(0, t.currency),
        committed: money(0, t.currency),
        budget: null,
        remaining: null,
      };
      const amount = Number(t.total);
      if (t.state === "reserved") row.reserved = money(row.reserved.amount + amount, t.currency);
      if (t.state === "committed") row.committed = money(row.committed.amount + amount, t.currency);
      rows.set(id, row);
    }
    return [...rows.values()];
  };

  const byCostCenter: SpendRow[] = centers.map((c) => {
    const spent = rowsFrom(
      centerTotals.filter((t) => t.key === c.id),
      () => ({ label: c.code, detail: c.name }),
    ).find((r) => r.currency === c.currency);
    const theirBudgets = budgetRows.filter((b) => b.costCenterId === c.id);
    const budget = theirBudgets.length
      ? money(
          theirBudgets.reduce((sum, b) => sum + b.amountMinor, 0),
          c.currency,
        )
      : null;
    const reserved = spent?.reserved ?? money(0, c.currency);
    const committed = spent?.committed ?? money(0, c.currency);
    return {
      key: c.id,
      label: c.code,
      detail: c.name,
      currency: c.currency,
      reserved,
      committed,
      budget,
      remaining: budget ? money(budget.amount - reserved.amount - committed.amount, c.currency) : null,
    };
  });
  const bySupplier = rowsFrom(supplierTotals, (t) => ({ label: t.label ?? "", detail: null })).sort((a, b) => a.label.localeCompare(b.label));
  const byMonth = rowsFrom(monthTotals, (t) => ({ label: t.key, detail: null })).sort((a, b) => a.label.localeCompare(b.label));

  // Budget against actual for each budgeted period the range touches, counted over the whole period.
  // All of them in one query, however many periods the range touches (a year of monthly budgets is dozens).
  const positions = await budgetPositionsOf(ctx.db, budgetRows);
  const budgetVsActual = budgetRows.flatMap((b) => {
    const position = positions.get(b.id);
    const center = centers.find((c) => c.id === b.costCenterId);
    return position && center ? [{ ...position, costCenterCode: center.code, costCenterName: center.name }] : [];
  });

  return {
    from: input.from,
    to: input.to,
    // Every cost center this person may report on, for the filter, whichever one is chosen.
    costCenters: visible.map((c) => ({ id: c.id, code: c.code, name: c.name })),
    byCostCenter,
    bySupplier,
    byMonth,
    budgetVsActual,
  };
}

const GROUPING_TITLES = { costCenter: "Cost center", supplier: "Supplier", month: "Month" } as const;

/** The table the report page shows, as RFC 4180 CSV with amounts in major units beside their currency. */
export async function spendCsv(ctx: ActorContext, input: SpendReportQuery) {
  const report = await spendReport(ctx, input);
  const rows = input.groupBy === "supplier" ? report.bySupplier : input.groupBy === "month" ? report.byMonth : report.byCostCenter;
  const withBudget = input.groupBy === "costCenter";
  const major = (m: Money | null) => (m ? toMajorUnitString(m) : "");
  const header = [
    GROUPING_TITLES[input.groupBy],
    ...(withBudget ? ["Name"] : []),
    "Currency",
    "Reserved",
    "Committed",
    "Total",
    ...(withBudget ? ["Budget", "Remaining"] : []),
  ];
  const lines = rows.map((r) =>
    csvRow([
      r.label,
      ...(withBudget ? [r.detail ?? ""] : []),
      r.currency,
      major(r.reserved),
      major(r.committed),
      major(money(r.reserved.amount + r.committed.amount, r.currency)),
      ...(withBudget ? [major(r.budget), major(r.remaining)] : []),
    ]),
  );
  return {
    filename: `spend-by-${input.groupBy === "costCenter" ? "cost-center" : input.groupBy}-${input.from}-to-${input.to}.csv`,
    csv: [csvRow(header), ...lines].join("\r\n") + "\r\n",
  };
}
