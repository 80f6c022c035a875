import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, costCenterSpend, costCenters, requisitionLines, requisitions, supplierConnections, supplierOrders, users } from "@/db/schema";
import { money } from "@/server/domain/money";
import { AppError, notFound } from "@/server/errors";
import { refreshSupplierOrderStatus } from "@/server/jobs/order-status";
import { pendingWorkFor } from "@/server/jobs/outbox";
import type { MemberContext } from "@/server/trpc/init";
import { releaseSpend } from "@/server/spend/ledger";
import { askSupplier, connectorForRow } from "@/server/suppliers/connections";
import type { CancelSupplierOrderInput, ListRequisitionsInput, RequisitionIdInput, WithdrawRequisitionInput } from "./requisitions.schema";

const FINAL_SUPPLIER_STATUSES = new Set(["delivered", "cancelled"]);
const STATUS_FRESH_MS = 10_000;
/** Hygrade cancels through its API only before production starts. */
const CANCELLABLE_SUPPLIER_STATUSES = new Set(["pending_approval", "approved"]);

const canSeeCompanyRequisitions = (ctx: MemberContext) => ctx.user.roles.includes("approver") || ctx.user.roles.includes("admin");

export async function listRequisitionsHandler({ ctx, input }: { ctx: MemberContext; input: ListRequisitionsInput }) {
  if (input.scope === "company" && !canSeeCompanyRequisitions(ctx)) throw new AppError("forbidden", "Only approvers and admins see the whole company's requisitions.");
  const conditions: SQL[] = [eq(requisitions.companyId, ctx.companyId)];
  if (input.scope === "mine") conditions.push(eq(requisitions.requesterId, ctx.user.id));
  if (input.status) conditions.push(eq(requisitions.status, input.status));
  const rows = await ctx.db
    .select({
      id: requisitions.id,
      number: requisitions.number,
      status: requisitions.status,
      totalMinor: requisitions.totalMinor,
      currency: requisitions.currency,
      poNumber: requisitions.poNumber,
      submittedAt: requisitions.submittedAt,
      requesterName: users.name,
      costCenterCode: costCenters.code,
    })
    .from(requisitions)
    .innerJoin(users, eq(users.id, requisitions.requesterId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .where(and(...conditions))
    .orderBy(desc(requisitions.submittedAt))
    .limit(input.limit);
  const orders = rows.length
    ? await ctx.db
        .select({ requisitionId: supplierOrders.requisitionId, supplierName: supplierConnections.displayName, state: supplierOrders.state, supplierStatus: supplierOrders.supplierStatus, supplierOrderRef: supplierOrders.supplierOrderRef })
        .from(supplierOrders)
        .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
        .where(inArray(supplierOrders.requisitionId, rows.map((r) => r.id)))
    : [];
  return rows.map(({ totalMinor, currency, ...r }) => ({
    ...r,
    total: money(totalMinor, currency),
    supplierOrders: orders.filter((o) => o.requisitionId === r.id).map(({ requisitionId: _, ...o }) => o),
  }));
}

export async function loadRequisitionInCompany(db: Database, companyId: string, requisitionId: string) {
  const [row] = await db
    .select()
    .from(requisitions)
    .where(and(eq(requisitions.id, requisitionId), eq(requisitions.companyId, companyId)));
  // Another company's id gets the same answer as a made-up one.
  if (!row) throw notFound("That requisition");
  return row;
}

export async function getRequisitionHandler({ ctx, input }: { ctx: MemberContext; input: RequisitionIdInput }) {
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, input.requisitionId);
  if (requisition.requesterId !== ctx.user.id && !canSeeCompanyRequisitions(ctx)) throw notFound("That requisition");

  const stale = await ctx.db
    .select({ id: supplierOrders.id, supplierStatus: supplierOrders.supplierStatus, statusCheckedAt: supplierOrders.statusCheckedAt })
    .from(supplierOrders)
    .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.state, "placed")));
  // "Refreshed from the supplier": a page view asks for the live status unless it was checked moments ago.
  await Promise.all(
    stale
      .filter((o) => !FINAL_SUPPLIER_STATUSES.has(o.supplierStatus ?? "") && (!o.statusCheckedAt || Date.now() - o.statusCheckedAt.getTime() > STATUS_FRESH_MS))
      .map((o) => refreshSupplierOrderStatus(ctx.db, o.id)),
  );

  const [headerRows, deciderRows, orders, lines, spend] = await Promise.all([
    ctx.db
      .select({ requesterName: users.name, requesterEmail: users.email, costCenterCode: costCenters.code, costCenterName: costCenters.name })
      .from(requisitions)
      .innerJoin(users, eq(users.id, requisitions.requesterId))
      .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
      .where(eq(requisitions.id, requisition.id)),
    requisition.decidedById ? ctx.db.select({ name: users.name }).from(users).where(eq(users.id, requisition.decidedById)) : Promise.resolve([]),
    ctx.db
      .select({ order: supplierOrders, supplierName: supplierConnections.displayName, supplier: supplierConnections.supplier })
      .from(supplierOrders)
      .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
      .where(eq(supplierOrders.requisitionId, requisition.id))
      .orderBy(asc(supplierConnections.displayName)),
    ctx.db.select().from(requisitionLines).where(eq(requisitionLines.requisitionId, requisition.id)).orderBy(asc(requisitionLines.itemCode)),
    ctx.db.select().from(costCenterSpend).where(eq(costCenterSpend.requisitionId, requisition.id)),
  ]);
  const header = headerRows[0];
  const orderIds = orders.map((o) => o.order.id);
  const [history, pending] = await Promise.all([
    ctx.db
      .select({ action: auditLog.action, at: auditLog.at, actorName: users.name, details: auditLog.details })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(eq(auditLog.companyId, ctx.companyId), inArray(auditLog.subjectId, [requisition.id, ...orderIds])))
      .orderBy(asc(auditLog.at)),
    pendingWorkFor(ctx.db, orderIds),
  ]);
  const isApprover = ctx.user.roles.includes("approver");
  return {
    id: requisition.id,
    number: requisition.number,
    status: requisition.status,
    poNumber: requisition.poNumber,
    note: requisition.note,
    total: money(requisition.totalMinor, requisition.currency),
    submittedAt: requisition.submittedAt,
    decidedAt: requisition.decidedAt,
    decidedByName: deciderRows[0]?.name ?? null,
    rejectionReason: requisition.rejectionReason,
    approvalReason: requisition.approvalReason,
    requester: { id: requisition.requesterId, name: header?.requesterName ?? "", email: header?.requesterEmail ?? "" },
    costCenter: { code: header?.costCenterCode ?? "", name: header?.costCenterName ?? "" },
    overBudget: requisition.overBudget,
    budgetLeftAfter: requisition.budgetLeftAfterMinor === null ? null : money(requisition.budgetLeftAfterMinor, requisition.currency),
    isMine: requisition.requesterId === ctx.user.id,
    canWithdraw: requisition.requesterId === ctx.user.id && requisition.status === "pending_approval",
    canDecide: isApprover && requisition.status === "pending_approval" && requisition.requesterId !== ctx.user.id,
    supplierOrders: orders.map(({ order, supplierName, supplier }) => {
      const work = pending.find((p) => p.subjectId === order.id);
      return {
        id: order.id,
        supplierName,
        supplier,
        state: order.state,
        shipTo: order.shipTo,
        supplierOrderRef: order.supplierOrderRef,
        supplierStatus: order.supplierStatus,
        subtotal: money(order.subtotalMinor, order.currency),
        supplierTotal: order.supplierTotalMinor === null ? null : money(order.supplierTotalMinor, order.currency),
        tax: order.supplierTaxMinor === null ? null : money(order.supplierTaxMinor, order.currency),
        shipping: order.supplierShippingMinor === null ? null : money(order.supplierShippingMinor, order.currency),
        failure: order.failureMessage ? { message: order.failureMessage, field: order.failureField } : null,
        sending: work ? { attempts: work.attempts, lastError: work.lastError, nextAttemptAt: work.nextAttemptAt } : null,
        placedAt: order.placedAt,
        statusCheckedAt: order.statusCheckedAt,
        spend: (() => {
          const entry = spend.find((e) => e.supplierOrderId === order.id);
          return entry ? { state: entry.state, amount: money(entry.amountMinor, entry.currency), releaseReason: entry.releaseReason } : null;
        })(),
        canCancel:
          (requisition.requesterId === ctx.user.id || ctx.user.roles.includes("admin")) &&
          order.state === "placed" &&
          CANCELLABLE_SUPPLIER_STATUSES.has(order.supplierStatus ?? ""),
        lines: lines
          .filter((l) => l.supplierOrderId === order.id)
          .map((l) => ({
            id: l.id,
            itemCode: l.itemCode,
            supplierItemId: l.supplierItemId,
            name: l.name,
            quantity: l.quantity,
            unitPrice: money(l.unitPriceMinor, l.currency),
            lineTotal: money(l.lineTotalMinor, l.currency),
          })),
      };
    }),
    history: history.map((h) => ({ action: h.action, at: h.at, actorName: h.actorName, details: h.details })),
  };
}

/**
 * The requester takes back a requisition nobody has decided on yet: it will
 * not be sent, and what it reserved on the cost center is released.
 */
export async function withdrawRequisitionHandler({ ctx, input }: { ctx: MemberContext; input: WithdrawRequisitionInput }) {
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, input.requisitionId);
  if (requisition.requesterId !== ctx.user.id) throw new AppError("forbidden", "Only the person who submitted a requisition can withdraw it.");
  const withdrawn = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(requisitions)
      .set({ status: "withdrawn", decidedAt: new Date(), decidedById: ctx.user.id })
      .where(and(eq(requisitions.id, requisition.id), eq(requisitions.status, "pending_approval")))
      .returning();
    if (!row) return null;
    const orders = await tx
      .update(supplierOrders)
      .set({ state: "not_sent" })
      .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.state, "awaiting_approval")))
      .returning({ id: supplierOrders.id });
    await releaseSpend(tx, orders.map((o) => o.id), `Withdrawn by ${ctx.user.name}`);
    await tx.insert(auditLog).values({
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "requisition.withdrawn",
      subjectType: "requisition",
      subjectId: requisition.id,
      details: { reason: input.reason || null },
    });
    return row;
  });
  if (!withdrawn) throw new AppError("conflict", `REQ-${requisition.number} was already ${requisition.status === "pending_approval" ? "decided" : requisition.status.replace("_", " ")}; it can no longer be withdrawn.`);
  return { requisitionId: withdrawn.id, status: withdrawn.status };
}

/**
 * Cancels one supplier order of a requisition at the supplier. The supplier
 * decides whether it still can; only when it says cancelled is that order's
 * part of the cost center's spend released, the rest of the requisition stays.
 */
export async function cancelSupplierOrderHandler({ ctx, input }: { ctx: MemberContext; input: CancelSupplierOrderInput }) {
  const [row] = await ctx.db
    .select({ order: supplierOrders, requisition: requisitions, connection: supplierConnections })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(and(eq(supplierOrders.id, input.supplierOrderId), eq(supplierOrders.companyId, ctx.companyId)));
  if (!row) throw notFound("That supplier order");
  if (row.requisition.requesterId !== ctx.user.id && !ctx.user.roles.includes("admin")) {
    throw new AppError("forbidden", "Only the requester or an admin can cancel a supplier order.");
  }
  if (row.order.state !== "placed" || !row.order.supplierOrderRef) {
    throw new AppError("precondition", `This ${row.connection.displayName} order has not been placed, so there is nothing to cancel at the supplier.`);
  }
  if (row.order.supplierStatus === "cancelled") throw new AppError("conflict", `This ${row.connection.displayName} order is already cancelled.`);
  const result = await askSupplier(row.connection.displayName, () => connectorForRow(row.connection).cancelOrder(row.order.supplierOrderRef!));
  await ctx.db.transaction(async (tx) => {
    await tx.update(supplierOrders).set({ supplierStatus: result.status, statusCheckedAt: new Date() }).where(eq(supplierOrders.id, row.order.id));
    if (result.status === "cancelled") await releaseSpend(tx, [row.order.id], `Cancelled by ${ctx.user.name}: ${input.reason}`);
    await tx.insert(auditLog).values({
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "supplier_order.cancelled",
      subjectType: "supplier_order",
      subjectId: row.order.id,
      details: { supplier: row.connection.displayName, supplierOrderId: row.order.supplierOrderRef, status: result.status, reason: input.reason },
    });
  });
  return { supplierOrderId: row.order.id, supplierStatus: result.status };
}
