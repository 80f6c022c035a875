/**
 * The cost center spend ledger: one row per supplier order, moved between
 * reserved, committed and released by conditional updates. Every caller goes
 * through these functions so that a state change happens once, whoever races.
 */
import { and, eq, gte, inArray, lt, lte, gt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { budgets, costCenterSpend, costCenters } from "@/db/schema";
import { budgetPosition, checkCharge, periodLabel, type BudgetPosition, type Period } from "@/server/domain/budgets";
import { money, type Money } from "@/server/domain/money";

export interface CostCenterBudgetPosition extends BudgetPosition {
  budgetId: string;
  period: Period;
  periodLabel: string;
}

type BudgetRow = typeof budgets.$inferSelect;

/** The budget covering `at` for a cost center, with what is reserved and committed against it; null when none covers that date. */
export async function budgetPositionAt(db: Database, costCenterId: string, at: Date): Promise<CostCenterBudgetPosition | null> {
  const [position] = await budgetPositionsAt(db, [{ costCenterId, at }]);
  return position ?? null;
}

/**
 * budgetPositionAt for many cost centers and dates at once (an inbox page, a report's periods): the budgets covering
 * them in one query and what is reserved and committed against each in another, however many are asked.
 */
export async function budgetPositionsAt(db: Database, wanted: { costCenterId: string; at: Date }[]): Promise<(CostCenterBudgetPosition | null)[]> {
  if (wanted.length === 0) return [];
  const times = wanted.map((w) => w.at.getTime());
  const rows = await db
    .select()
    .from(budgets)
    .where(
      and(
        inArray(budgets.costCenterId, [...new Set(wanted.map((w) => w.costCenterId))]),
        lte(budgets.periodStart, new Date(Math.max(...times))),
        gt(budgets.periodEnd, new Date(Math.min(...times))),
      ),
    );
  const covering = wanted.map((w) => rows.find((b) => b.costCenterId === w.costCenterId && b.periodStart <= w.at && b.periodEnd > w.at) ?? null);
  const positions = await budgetPositionsOf(db, [...new Map(covering.filter((b) => b !== null).map((b) => [b.id, b])).values()]);
  return covering.map((b) => (b ? (positions.get(b.id) ?? null) : null));
}

/** Each of these budgets against what is reserved and committed in its period, by budget id. */
export async function budgetPositionsOf(db: Database, rows: BudgetRow[]): Promise<Map<string, CostCenterBudgetPosition>> {
  const result = new Map<string, CostCenterBudgetPosition>();
  if (rows.length === 0) return result;
  const invoiced = sql<boolean>`${costCenterSpend.invoicedAt} is not null`;
  const totals = await db
    .select({
      budgetId: budgets.id,
      state: costCenterSpend.state,
      currency: costCenterSpend.currency,
      invoiced,
      amount: sql<string>`sum(${costCenterSpend.amountMinor})`,
      ordered: sql<string>`sum(coalesce(${costCenterSpend.orderedMinor}, ${costCenterSpend.amountMinor}))`,
    })
    .from(budgets)
    .innerJoin(
      costCenterSpend,
      and(
        eq(costCenterSpend.costCenterId, budgets.costCenterId),
        gte(costCenterSpend.chargedAt, budgets.periodStart),
        lt(costCenterSpend.chargedAt, budgets.periodEnd),
        inArray(costCenterSpend.state, ["reserved", "committed"]),
      ),
    )
    .where(
      inArray(
        budgets.id,
        rows.map((b) => b.id),
      ),
    )
    .groupBy(budgets.id, costCenterSpend.state, costCenterSpend.currency, invoiced);
  for (const budget of rows) {
    const period: Period = { kind: budget.periodKind, start: budget.periodStart, end: budget.periodEnd };
    const position = budgetPosition(
      money(budget.amountMinor, budget.currency),
      totals
        .filter((t) => t.budgetId === budget.id)
        .map((t) => ({
          state: t.state,
          amount: money(Number(t.amount), t.currency),
          invoiced: t.invoiced ? { ordered: money(Number(t.ordered), t.currency) } : undefined,
        })),
    );
    result.set(budget.id, { ...position, budgetId: budget.id, period, periodLabel: periodLabel(period) });
  }
  return result;
}

export interface ReservationOutcome {
  position: CostCenterBudgetPosition | null;
  overBudget: boolean;
  /** What the budget has left once this order is counted; null without a budget. */
  leaves: Money | null;
}

/**
 * Locks the cost center row for the rest of the transaction and says whether
 * `amount` fits its budget. Checkouts on one cost center therefore take turns
 * between this check and their reservation: each sees every reservation made
 * before it, so none can overdraw the budget unnoticed, in any interleaving.
 */
export async function lockAndCheckBudget(tx: Database, costCenterId: string, amount: Money, at: Date): Promise<ReservationOutcome> {
  await tx.select({ id: costCenters.id }).from(costCenters).where(eq(costCenters.id, costCenterId)).for("update");
  const position = await budgetPositionAt(tx, costCenterId, at);
  if (!position) return { position: null, overBudget: false, leaves: null };
  const { overBudget, leaves } = checkCharge(position, amount);
  return { position, overBudget, leaves };
}

export async function reserveSpend(
  tx: Database,
  entries: {
    companyId: string;
    costCenterId: string;
    requisitionId: string;
    supplierOrderId: string;
    supplierConnectionId: string;
    amount: Money;
    chargedAt: Date;
  }[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx
    .insert(costCenterSpend)
    .values(entries.map(({ amount, ...e }) => ({ ...e, state: "reserved" as const, amountMinor: amount.amount, currency: amount.currency })));
}

/**
 * The supplier has the order: its reservation becomes a commitment at what
 * the supplier will charge (its total, with tax and shipping, when it gives one
 * in the same currency).
 */
export async function commitSpend(tx: Database, supplierOrderId: string, supplierTotal: Money | null): Promise<void> {
  const [entry] = await tx.select().from(costCenterSpend).where(eq(costCenterSpend.supplierOrderId, supplierOrderId));
  if (!entry) return;
  const amountMinor = supplierTotal && supplierTotal.currency === entry.currency ? supplierTotal.amount : entry.amountMinor;
  await tx
    .update(costCenterSpend)
    .set({ state: "committed", amountMinor, committedAt: new Date() })
    .where(and(eq(costCenterSpend.supplierOrderId, supplierOrderId), eq(costCenterSpend.state, "reserved")));
}

/**
 * The order's invoices matched what was ordered and received (or a mismatch was accepted): its commitment becomes what
 * the invoices charge, keeping what was ordered beside it for the budget's "ordered against invoiced". Again when a
 * later invoice changes the amount; answers whether anything changed.
 */
export async function commitInvoicedSpend(tx: Database, supplierOrderId: string, invoiced: Money): Promise<boolean> {
  const moved = await tx
    .update(costCenterSpend)
    .set({
      state: "committed",
      orderedMinor: sql`coalesce(${costCenterSpend.orderedMinor}, ${costCenterSpend.amountMinor})`,
      amountMinor: invoiced.amount,
      committedAt: sql`coalesce(${costCenterSpend.committedAt}, now())`,
      invoicedAt: new Date(),
    })
    .where(
      and(
        eq(costCenterSpend.supplierOrderId, supplierOrderId),
        eq(costCenterSpend.currency, invoiced.currency),
        inArray(costCenterSpend.state, ["reserved", "committed"]),
        sql`(${costCenterSpend.invoicedAt} is null or ${costCenterSpend.amountMinor} <> ${invoiced.amount})`,
      ),
    )
    .returning({ id: costCenterSpend.id });
  return moved.length > 0;
}

/** These supplier orders will not be bought (rejected, withdrawn, refused, cancelled): their money counts nowhere any more. */
export async function releaseSpend(tx: Database, supplierOrderIds: string[], reason: string): Promise<number> {
  if (supplierOrderIds.length === 0) return 0;
  const released = await tx
    .update(costCenterSpend)
    .set({ state: "released", releasedAt: new Date(), releaseReason: reason })
    .where(and(inArray(costCenterSpend.supplierOrderId, supplierOrderIds), inArray(costCenterSpend.state, ["reserved", "committed"])))
    .returning({ id: costCenterSpend.id });
  return released.length;
}

/** What a supplier order will cost changed before it was sent (lines taken out, prices moved within tolerance): its reservation follows. */
export async function resizeReservation(tx: Database, supplierOrderId: string, amount: Money): Promise<void> {
  await tx
    .update(costCenterSpend)
    .set({ amountMinor: amount.amount })
    .where(and(eq(costCenterSpend.supplierOrderId, supplierOrderId), eq(costCenterSpend.state, "reserved")));
}
