import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { auditLog, costCenters, requisitionLines, requisitions, supplierConnections, supplierOrders, users } from "@/db/schema";
import { formatMoney, money } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { enqueueSupplierOrders } from "@/server/jobs/outbox";
import { kickWorker } from "@/server/jobs/worker";
import { budgetPositionAt, releaseSpend } from "@/server/spend/ledger";
import type { MemberContext } from "@/server/trpc/init";
import { loadRequisitionInCompany } from "../requisitions/requisitions.handler";
import type { ApproveInput, RejectInput } from "./approvals.schema";

export async function inboxHandler({ ctx }: { ctx: MemberContext }) {
  const waiting = await ctx.db
    .select({
      id: requisitions.id,
      number: requisitions.number,
      totalMinor: requisitions.totalMinor,
      currency: requisitions.currency,
      poNumber: requisitions.poNumber,
      note: requisitions.note,
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
    .where(and(eq(requisitions.companyId, ctx.companyId), eq(requisitions.status, "pending_approval"), ne(requisitions.requesterId, ctx.user.id)))
    .orderBy(asc(requisitions.submittedAt));
  const ids = waiting.map((w) => w.id);
  // The budget as it stands now, this requisition's reservation included: what it leaves if approved.
  const positions = await Promise.all(waiting.map((w) => budgetPositionAt(ctx.db, w.costCenterId, w.submittedAt)));
  const [lines, suppliers] = ids.length
    ? await Promise.all([
        ctx.db.select().from(requisitionLines).where(inArray(requisitionLines.requisitionId, ids)).orderBy(asc(requisitionLines.itemCode)),
        ctx.db
          .selectDistinct({ requisitionId: supplierOrders.requisitionId, name: supplierConnections.displayName })
          .from(supplierOrders)
          .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
          .where(inArray(supplierOrders.requisitionId, ids)),
      ])
    : [[], []];
  return waiting.map(({ totalMinor, currency, ...w }, i) => ({
    ...w,
    total: money(totalMinor, currency),
    budget: positions[i] ? { periodLabel: positions[i].periodLabel, budget: positions[i].budget, leavesAfterThis: positions[i].remaining } : null,
    suppliers: suppliers.filter((s) => s.requisitionId === w.id).map((s) => s.name),
    lines: lines
      .filter((l) => l.requisitionId === w.id)
      .map((l) => ({ id: l.id, itemCode: l.itemCode, name: l.name, quantity: l.quantity, unitPrice: money(l.unitPriceMinor, l.currency), lineTotal: money(l.lineTotalMinor, l.currency) })),
  }));
}

export async function inboxCountHandler({ ctx }: { ctx: MemberContext }) {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(requisitions)
    .where(and(eq(requisitions.companyId, ctx.companyId), eq(requisitions.status, "pending_approval"), ne(requisitions.requesterId, ctx.user.id)));
  return row?.n ?? 0;
}

/**
 * One decision per requisition, taken with a conditional update: of two
 * approvers acting at the same moment exactly one changes the row; the other
 * is told who decided first. Nothing is sent to a supplier before this commits.
 */
async function decide(ctx: MemberContext, requisitionId: string, decision: { approve: true } | { approve: false; reason: string }) {
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, requisitionId);
  if (requisition.requesterId === ctx.user.id) throw new AppError("forbidden", "You cannot approve or reject your own requisition.");
  const label = `REQ-${requisition.number}`;

  const decided = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(requisitions)
      .set({
        status: decision.approve ? "approved" : "rejected",
        decidedAt: new Date(),
        decidedById: ctx.user.id,
        rejectionReason: decision.approve ? null : decision.reason,
      })
      .where(and(eq(requisitions.id, requisitionId), eq(requisitions.companyId, ctx.companyId), eq(requisitions.status, "pending_approval")))
      .returning();
    if (!row) return null;
    const orders = await tx
      .update(supplierOrders)
      .set({ state: decision.approve ? "queued" : "not_sent" })
      .where(and(eq(supplierOrders.requisitionId, requisitionId), eq(supplierOrders.state, "awaiting_approval")))
      .returning({ id: supplierOrders.id });
    if (decision.approve) await enqueueSupplierOrders(tx, orders.map((o) => o.id));
    else await releaseSpend(tx, orders.map((o) => o.id), `Rejected by ${ctx.user.name}`);
    await tx.insert(auditLog).values({
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: decision.approve ? "requisition.approved" : "requisition.rejected",
      subjectType: "requisition",
      subjectId: requisitionId,
      details: decision.approve ? { total: formatMoney(money(row.totalMinor, row.currency)) } : { reason: decision.reason },
    });
    return row;
  });

  if (!decided) {
    const [current] = await ctx.db
      .select({ status: requisitions.status, decidedAt: requisitions.decidedAt, by: users.name })
      .from(requisitions)
      .leftJoin(users, eq(users.id, requisitions.decidedById))
      .where(eq(requisitions.id, requisitionId));
    const who = current?.by ? ` by ${current.by}` : "";
    throw new AppError("conflict", `${label} was already ${current?.status === "rejected" ? "rejected" : "approved"}${who}; nothing was changed.`);
  }
  if (decision.approve) kickWorker();
  return { requisitionId, number: decided.number, status: decided.status };
}

export const approveHandler = ({ ctx, input }: { ctx: MemberContext; input: ApproveInput }) => decide(ctx, input.requisitionId, { approve: true });

export const rejectHandler = ({ ctx, input }: { ctx: MemberContext; input: RejectInput }) =>
  decide(ctx, input.requisitionId, { approve: false, reason: input.reason });
