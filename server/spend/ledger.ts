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

/** The budget covering `at` for a cost center, with what is reserved and committed against it; null when none covers that date. */
export async function budgetPositionAt(db: Database, costCenterId: string, at: Date): Promise<CostCenterBudgetPosition | null> {
  const [budget] = await db
    .select()
    .from(budgets)
    .where(and(eq(budgets.costCenterId, costCenterId), lte(budgets.periodStart, at), gt(budgets.periodEnd, at)))
    .limit(1);
  if (!budget) return null;
  const period: Period = { kind: budget.periodKind, start: budget.periodStart, end: budget.periodEnd };
  const totals = await db
    .select({
      state: costCenterSpend.state,
      currency: costCenterSpend.currency,
      invoiced: sql<boolean>`${costCenterSpend.invoicedAt} is not null`,
      amount: sql<string>`sum(${costCenterSpend.amountMinor})`,
      ordered: sql<string>`sum(coalesce(${costCenterSpend.orderedMinor}, ${costCenterSpend.amountMinor}))`,
    })
    .from(costCenterSpend)
    .where(
      and(
        eq(costCenterSpend.costCenterId, costCenterId),
        gte(costCenterSpend.chargedAt, period.start),
        lt(costCenterSpend.chargedAt, period.end),
        inArray(costCenterSpend.state, ["reserved", "committed"]),
      ),
    )
    .groupBy(costCenterSpend.state, costCenterSpend.currency, sql`${costCenterSpend.invoicedAt} is not null`);
  const position = budgetPosition(
    money(budget.amountMinor, budget.currency),
    totals.map((t) => ({
      state: t.state,
      amount: money(Number(t.amount), t.currency),
      invoiced: t.invoiced ? { ordered: money(Number(t.ordered), t.currency) } : undefined,
    })),
  );
  return { ...position, budgetId: budget.id, period, periodLabel: periodLabel(period) };
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
