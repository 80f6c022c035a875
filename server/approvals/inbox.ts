/**
 * An approver's inbox: the requisitions whose pending step names them, or someone whose out-of-office delegation to
 * them is in force, never their own; with each one's lines, suppliers, budget position and chain.
 */
import { and, asc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { approvalStepApprovers, approvalSteps, costCenters, requisitionLines, requisitions, supplierConnections, supplierOrders, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { money } from "@/server/domain/money";
import { budgetPositionAt } from "@/server/spend/ledger";
import { actingFor, approversDelegatingTo, countWaitingFor, loadChains } from "./chain";

export const INBOX_SORTS = ["oldest", "newest", "largest", "smallest"] as const;

export interface InboxFilters {
  sort: (typeof INBOX_SORTS)[number];
  supplierConnectionId?: string;
  costCenterId?: string;
  /** REQ number, requester name or PO number. */
  search?: string;
}

/** Requisitions whose pending step names one of these people, undecided by them, other than the asker's own. */
async function waitingFor(ctx: ActorContext, forWhom: string[]): Promise<string[]> {
  const open = await ctx.db
    .select({ stepId: approvalSteps.id, requisitionId: approvalSteps.requisitionId, approverId: approvalStepApprovers.userId })
    .from(approvalSteps)
    .innerJoin(approvalStepApprovers, eq(approvalStepApprovers.stepId, approvalSteps.id))
    .innerJoin(requisitions, and(eq(requisitions.id, approvalSteps.requisitionId), eq(requisitions.revision, approvalSteps.revision)))
    .where(
      and(
        eq(approvalSteps.companyId, ctx.companyId),
        eq(approvalSteps.state, "pending"),
        eq(requisitions.status, "pending_approval"),
        ne(requisitions.requesterId, ctx.user.id),
        inArray(approvalStepApprovers.userId, forWhom),
        isNull(approvalStepApprovers.decision),
      ),
    );
  return [...new Set(open.map((o) => o.requisitionId))];
}

/**
 * What waits for this approver now: pending steps naming them, or naming
 * someone whose delegation to them is in force. Never their own requisitions.
 */
export async function approvalInbox(ctx: ActorContext, input: InboxFilters) {
  const now = new Date();
  const delegators = await approversDelegatingTo(ctx.db, ctx.user.id, now);
  const requisitionIds = await waitingFor(ctx, [ctx.user.id, ...delegators]);
  if (requisitionIds.length === 0) return [];

  const conditions = [inArray(requisitions.id, requisitionIds)];
  if (input.costCenterId) conditions.push(eq(requisitions.costCenterId, input.costCenterId));
  if (input.supplierConnectionId) {
    conditions.push(
      sql`exists (select 1 from supplier_orders so where so.requisition_id = ${requisitions.id} and so.revision = ${requisitions.revision} and so.supplier_connection_id = ${input.supplierConnectionId})`,
    );
  }
  if (input.search) {
    const term = `%${input.search.replace(/^REQ-/i, "").replace(/[%_]/g, "")}%`;
    conditions.push(or(sql`${requisitions.number}::text like ${term}`, sql`${users.name} ilike ${term}`, sql`${requisitions.poNumber} ilike ${term}`)!);
  }
  const rows = await ctx.db
    .select({
      id: requisitions.id,
      number: requisitions.number,
      revision: requisitions.revision,
      totalMinor: requisitions.totalMinor,
      currency: requisitions.currency,
      poNumber: requisitions.poNumber,
      note: requisitions.note,
      neededBy: requisitions.neededBy,
      submittedAt: requisitions.submittedAt,
      approvalReason: requisitions.approvalReason,
      requesterName: users.name,
      costCenterId: requisitions.costCenterId,
      costCenterCode: costCenters.code,
      costCenterName: costCenters.name,
      overBudget: requisitions.overBudget,
    })
    .from(requisitions)
    .innerJoin(users, eq(users.id, requisitions.requesterId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .where(and(...conditions));
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [lines, suppliers, chains, names, positions] = await Promise.all([
    ctx.db.select().from(requisitionLines).where(inArray(requisitionLines.requisitionId, ids)).orderBy(asc(requisitionLines.itemCode)),
    ctx.db
      .selectDistinct({
        requisitionId: supplierOrders.requisitionId,
        revision: supplierOrders.revision,
        id: supplierConnections.id,
        name: supplierConnections.displayName,
      })
      .from(supplierOrders)
      .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
      .where(inArray(supplierOrders.requisitionId, ids)),
    loadChains(ctx.db, ctx.companyId, rows),
    ctx.db.select({ id: users.id, name: users.name }).from(users).where(eq(users.companyId, ctx.companyId)),
    // The budget as it stands now, this requisition's reservation included: what it leaves if approved.
    // Asked once per cost center and day: requisitions of one day fall in one budget period.
    (async () => {
      const cache = new Map<string, ReturnType<typeof budgetPositionAt>>();
      return Promise.all(
        rows.map((r) => {
          const key = `${r.costCenterId}|${r.submittedAt.toISOString().slice(0, 10)}`;
          if (!cache.has(key)) cache.set(key, budgetPositionAt(ctx.db, r.costCenterId, r.submittedAt));
          return cache.get(key)!;
        }),
      );
    })(),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const items = rows.map(({ totalMinor, currency, ...r }, i) => {
    const chain = chains.get(r.id) ?? [];
    const step = chain.find((s) => s.state === "pending" && actingFor(s, ctx.user.id, delegators))!;
    const onBehalfOf = step ? actingFor(step, ctx.user.id, delegators) : null;
    const position = positions[i];
    return {
      ...r,
      total: money(totalMinor, currency),
      suppliers: suppliers.filter((s) => s.requisitionId === r.id && s.revision === r.revision).map((s) => s.name),
      budget: position ? { periodLabel: position.periodLabel, budget: position.budget, leavesAfterThis: position.remaining } : null,
      step: step
        ? {
            level: step.level,
            mode: step.mode,
            reasons: step.reasons,
            waitingSince: step.activatedAt,
            escalated: step.escalatedAt !== null,
            approvers: step.approvers.map((a) => ({ name: a.name, decision: a.decision, source: a.source })),
            onBehalfOf: onBehalfOf && onBehalfOf !== ctx.user.id ? (nameOf.get(onBehalfOf) ?? null) : null,
          }
        : null,
      levels: [...new Set(chain.map((s) => s.level))].length,
      lines: lines
        .filter((l) => l.requisitionId === r.id && l.revision === r.revision)
        .map((l) => ({
          id: l.id,
          itemCode: l.itemCode,
          name: l.name,
          quantity: l.quantity,
          unitPrice: money(l.unitPriceMinor, l.currency),
          lineTotal: money(l.lineTotalMinor, l.currency),
          rejectedReason: l.rejectedReason,
        })),
    };
  });
  return items.sort(INBOX_ORDER[input.sort]);
}

/** For the badge: steps waiting for this person or someone they stand in for. */
export const approvalInboxCount = (ctx: ActorContext) => countWaitingFor(ctx.db, ctx.companyId, ctx.user.id, new Date());

type Sortable = { submittedAt: Date; total: { amount: number } };

const INBOX_ORDER: Record<InboxFilters["sort"], (a: Sortable, b: Sortable) => number> = {
  oldest: (a, b) => +a.submittedAt - +b.submittedAt,
  newest: (a, b) => +b.submittedAt - +a.submittedAt,
  largest: (a, b) => b.total.amount - a.total.amount,
  smallest: (a, b) => a.total.amount - b.total.amount,
};
