/**
 * Requisitions as people read them: the order history (theirs, or the company's for approvers and admins) and one
 * requisition with its chain, supplier orders, shipments, spend and history.
 */
import { finalTotalDifference } from "@/server/domain/expected-total";
import { expectedOfStored } from "./expected-totals";
import { holdWaitingOn } from "@/server/domain/supplier-holds";
import { and, asc, desc, eq, exists, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import {
  costCenterSpend,
  costCenters,
  requisitionLines,
  requisitions,
  supplierConnections,
  supplierOrders,
  supplierQuotes,
  supplierShipments,
  purchaseOrders,
  supplierInvoices,
  users,
} from "@/db/schema";
import type { RequisitionStatus } from "@/common/requisitions";
import { FINAL_SUPPLIER_STATUSES } from "@/common/suppliers";
import type { ActorContext } from "@/server/actor";
import { actingFor, approversDelegatingTo, loadChain } from "@/server/approvals/chain";
import { auditTrail } from "@/server/audit/audit-log";
import { connectorForRow, type SupplierConnectionRow } from "@/server/connections/connections";
import { money } from "@/server/domain/money";
import { decodePageCursor, encodePageCursor, TIMESTAMP_KEY } from "@/server/domain/page-cursor";
import { describeHistoryEntry } from "@/server/domain/requisition-history";
import { AppError } from "@/server/errors";
import { pendingWorkFor } from "@/server/jobs/outbox-queue";
import { markHandled } from "@/server/notifications/notify";
import { quoteLabel } from "@/server/quotes/quoting";
import { canSeeCompanyRequisitions, loadVisibleRequisition } from "./access";
import { cancellationRefusal } from "./cancel-supplier-order";
import type { RequisitionRow, SupplierOrderRow } from "./lifecycle";
import { refreshSupplierOrderStatus } from "./supplier-status";

const STATUS_FRESH_MS = 10_000;

export interface RequisitionListFilters {
  scope: "mine" | "company";
  status?: RequisitionStatus;
  supplierId?: string;
  /** Submitted on or after this day (UTC), YYYY-MM-DD. */
  from?: string;
  /** Submitted on or before this day (UTC), the whole day included. */
  to?: string;
  limit: number;
  /** Where the page starts: the nextCursor of the page before; none for the first page. */
  cursor?: string;
}

const HISTORY_CURSOR_AT = sql<string>`to_char(${requisitions.submittedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function listRequisitions(ctx: ActorContext, input: RequisitionListFilters) {
  if (input.scope === "company" && !canSeeCompanyRequisitions(ctx.user))
    throw new AppError("forbidden", "Only approvers, accounts payable and admins see the whole company's requisitions.");
  const after = input.cursor ? decodePageCursor(input.cursor, TIMESTAMP_KEY) : null;
  if (input.cursor && !after)
    throw new AppError("invalid", "That page of orders is no longer available. Start again from the first page.", { field: "cursor" });
  const conditions: SQL[] = [eq(requisitions.companyId, ctx.companyId)];
  // Newest first, a page at a time from where the last one ended (the indexes on submitted_at desc, id desc).
  if (after) conditions.push(sql`(${requisitions.submittedAt}, ${requisitions.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  if (input.scope === "mine") conditions.push(eq(requisitions.requesterId, ctx.user.id));
  if (input.status) conditions.push(eq(requisitions.status, input.status));
  if (input.from) conditions.push(gte(requisitions.submittedAt, new Date(`${input.from}T00:00:00Z`)));
  if (input.to) conditions.push(lt(requisitions.submittedAt, new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000)));
  if (input.supplierId) {
    // The current revision's orders only: a supplier dropped in a resubmission no longer counts for the requisition.
    conditions.push(
      exists(
        ctx.db
          .select({ one: sql`1` })
          .from(supplierOrders)
          .where(
            and(
              eq(supplierOrders.requisitionId, requisitions.id),
              eq(supplierOrders.revision, requisitions.revision),
              eq(supplierOrders.supplierConnectionId, input.supplierId),
              eq(supplierOrders.companyId, ctx.companyId),
            ),
          ),
      ),
    );
  }
  const rows = await ctx.db
    .select({
      id: requisitions.id,
      number: requisitions.number,
      revision: requisitions.revision,
      status: requisitions.status,
      totalMinor: requisitions.totalMinor,
      currency: requisitions.currency,
      poNumber: requisitions.poNumber,
      submittedAt: requisitions.submittedAt,
      cursorAt: HISTORY_CURSOR_AT,
      requesterName: users.name,
      costCenterCode: costCenters.code,
    })
    .from(requisitions)
    .innerJoin(users, eq(users.id, requisitions.requesterId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .where(and(...conditions))
    .orderBy(desc(requisitions.submittedAt), desc(requisitions.id))
    // One more than asked: whether there is a next page, without counting the rest.
    .limit(input.limit + 1);
  const more = rows.length > input.limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  const orders = rows.length
    ? await ctx.db
        .select({
          requisitionId: supplierOrders.requisitionId,
          revision: supplierOrders.revision,
          supplierName: supplierConnections.displayName,
          state: supplierOrders.state,
          supplierStatus: supplierOrders.supplierStatus,
          supplierOrderRef: supplierOrders.supplierOrderRef,
        })
        .from(supplierOrders)
        .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
        .where(
          inArray(
            supplierOrders.requisitionId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return {
    items: rows.map(({ totalMinor, currency, cursorAt: _, ...r }) => ({
      ...r,
      total: money(totalMinor, currency),
      supplierOrders: orders.filter((o) => o.requisitionId === r.id && o.revision === r.revision).map(({ requisitionId: _, revision: __, ...o }) => o),
    })),
    nextCursor: more && last ? encodePageCursor([last.cursorAt, last.id]) : null,
  };
}

/** "Refreshed from the supplier": a page view asks for the live status unless it was checked moments ago. */
async function refreshPlacedOrders(ctx: ActorContext, requisition: RequisitionRow) {
  const placed = await ctx.db
    .select({ id: supplierOrders.id, supplierStatus: supplierOrders.supplierStatus, statusCheckedAt: supplierOrders.statusCheckedAt })
    .from(supplierOrders)
    .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision), eq(supplierOrders.state, "placed")));
  await Promise.all(
    placed
      .filter(
        (o) => !FINAL_SUPPLIER_STATUSES.includes(o.supplierStatus ?? "") && (!o.statusCheckedAt || Date.now() - o.statusCheckedAt.getTime() > STATUS_FRESH_MS),
      )
      .map((o) => refreshSupplierOrderStatus(ctx.db, o.id)),
  );
}

export async function getRequisition(ctx: ActorContext, input: { requisitionId: string }) {
  const requisition = await loadVisibleRequisition(ctx, input.requisitionId);
  // Opening the requisition is reading what the bell said about it.
  await markHandled(ctx.db, { companyId: ctx.companyId, link: `/requisitions/${requisition.id}`, userIds: [ctx.user.id] });
  await refreshPlacedOrders(ctx, requisition);

  const [headerRows, deciderRows, orders, lines, spend] = await Promise.all([
    ctx.db
      .select({ requesterName: users.name, requesterEmail: users.email, costCenterCode: costCenters.code, costCenterName: costCenters.name })
      .from(requisitions)
      .innerJoin(users, eq(users.id, requisitions.requesterId))
      .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
      .where(eq(requisitions.id, requisition.id)),
    requisition.decidedById ? ctx.db.select({ name: users.name }).from(users).where(eq(users.id, requisition.decidedById)) : Promise.resolve([]),
    ctx.db
      .select({
        order: supplierOrders,
        connection: supplierConnections,
        quote: { id: supplierQuotes.id, quoteNumber: supplierQuotes.quoteNumber },
      })
      .from(supplierOrders)
      .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
      .leftJoin(supplierQuotes, eq(supplierQuotes.id, supplierOrders.supplierQuoteId))
      .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision)))
      .orderBy(asc(supplierConnections.displayName)),
    ctx.db
      .select()
      .from(requisitionLines)
      .where(
        and(
          eq(requisitionLines.companyId, ctx.companyId),
          eq(requisitionLines.requisitionId, requisition.id),
          eq(requisitionLines.revision, requisition.revision),
        ),
      )
      .orderBy(asc(requisitionLines.itemCode)),
    ctx.db.select().from(costCenterSpend).where(eq(costCenterSpend.requisitionId, requisition.id)),
  ]);
  const header = headerRows[0];
  const orderIds = orders.map((o) => o.order.id);
  const [history, pending, shipments, documents, invoices] = await Promise.all([
    auditTrail(ctx.db, ctx.companyId, [requisition.id, ...orderIds]),
    pendingWorkFor(ctx.db, ctx.companyId, orderIds),
    orderIds.length
      ? ctx.db
          .select()
          .from(supplierShipments)
          .where(and(eq(supplierShipments.companyId, ctx.companyId), inArray(supplierShipments.supplierOrderId, orderIds)))
          .orderBy(sql`${supplierShipments.shippedAt} asc nulls last`, asc(supplierShipments.createdAt))
      : Promise.resolve([]),
    orderIds.length
      ? ctx.db
          .select()
          .from(purchaseOrders)
          .where(and(eq(purchaseOrders.companyId, ctx.companyId), inArray(purchaseOrders.supplierOrderId, orderIds)))
      : Promise.resolve([]),
    orderIds.length
      ? ctx.db
          .select()
          .from(supplierInvoices)
          .where(and(eq(supplierInvoices.companyId, ctx.companyId), inArray(supplierInvoices.supplierOrderId, orderIds)))
          .orderBy(asc(supplierInvoices.invoiceDate))
      : Promise.resolve([]),
  ]);
  const now = new Date();
  const [chain, delegators, revisions] = await Promise.all([
    loadChain(ctx.db, ctx.companyId, requisition.id, requisition.revision),
    approversDelegatingTo(ctx.db, ctx.user.id, now),
    requisition.revision > 1
      ? ctx.db
          .select({ revision: requisitionLines.revision, lines: sql<number>`count(*)::int`, total: sql<string>`sum(${requisitionLines.lineTotalMinor})` })
          .from(requisitionLines)
          .where(
            and(
              eq(requisitionLines.companyId, ctx.companyId),
              eq(requisitionLines.requisitionId, requisition.id),
              lt(requisitionLines.revision, requisition.revision),
            ),
          )
          .groupBy(requisitionLines.revision)
          .orderBy(desc(requisitionLines.revision))
      : Promise.resolve([]),
  ]);
  const waitsForMe =
    requisition.status === "pending_approval" &&
    requisition.requesterId !== ctx.user.id &&
    chain.some((s) => s.state === "pending" && actingFor(s, ctx.user.id, delegators));
  return {
    id: requisition.id,
    number: requisition.number,
    status: requisition.status,
    poNumber: requisition.poNumber,
    note: requisition.note,
    neededBy: requisition.neededBy,
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
    canDecide: waitsForMe,
    canResubmit: requisition.requesterId === ctx.user.id && (requisition.status === "rejected" || requisition.status === "returned"),
    revision: requisition.revision,
    returnedChanges: requisition.returnedChanges,
    previousRevisions: revisions.map((r) => ({ revision: r.revision, lines: r.lines, total: money(Number(r.total), requisition.currency) })),
    // Where it is in its chain: who approved, who is next, and why each step is there.
    chain: presentChain(chain),
    supplierOrders: orders.map((row) =>
      presentSupplierOrder(ctx, requisition, row, {
        work: pending.find((p) => p.subjectId === row.order.id),
        spend: spend.find((e) => e.supplierOrderId === row.order.id),
        shipments: shipments.filter((sh) => sh.supplierOrderId === row.order.id),
        lines: lines.filter((l) => l.supplierOrderId === row.order.id),
        purchaseOrder: documents.find((d) => d.supplierOrderId === row.order.id),
        invoices: invoices.filter((i) => i.supplierOrderId === row.order.id),
      }),
    ),
    history: history.map((h) => {
      const supplierName = orders.find((o) => o.order.id === h.subjectId)?.connection.displayName ?? null;
      return {
        action: h.action,
        at: h.at,
        actorName: h.actorName,
        ...describeHistoryEntry({ action: h.action, actorName: h.actorName, supplierName, details: h.details }),
      };
    }),
  };
}

type StoredChain = Awaited<ReturnType<typeof loadChain>>;

/** Where a requisition is in its chain: who approved, who is next, and why each step is there. */
function presentChain(chain: StoredChain) {
  return chain.map((s) => ({
    level: s.level,
    mode: s.mode,
    state: s.state,
    reasons: s.reasons,
    fellBackToAdmins: s.fellBackToAdmins,
    escalatedAt: s.escalatedAt,
    activatedAt: s.activatedAt,
    approvers: s.approvers.map((a) => ({
      name: a.name,
      source: a.source,
      decision: a.decision,
      decidedAt: a.decidedAt,
      reason: a.reason,
      byDelegate: a.decidedById !== null && a.decidedById !== a.userId,
    })),
  }));
}

type OrderRow = { order: SupplierOrderRow; connection: SupplierConnectionRow; quote: { id: string | null; quoteNumber: string | null } | null };

/** One supplier's order as the requisition page shows it: where it stands, what it costs, its shipments and lines. */
function presentSupplierOrder(
  ctx: ActorContext,
  requisition: RequisitionRow,
  { order, connection, quote }: OrderRow,
  related: {
    work: Awaited<ReturnType<typeof pendingWorkFor>>[number] | undefined;
    spend: typeof costCenterSpend.$inferSelect | undefined;
    shipments: (typeof supplierShipments.$inferSelect)[];
    lines: (typeof requisitionLines.$inferSelect)[];
    purchaseOrder?: typeof purchaseOrders.$inferSelect;
    invoices?: (typeof supplierInvoices.$inferSelect)[];
  },
) {
  const { work, spend, shipments, lines, purchaseOrder } = related;
  const connector = connectorForRow(connection);
  const { capabilities } = connector;
  return {
    id: order.id,
    supplierName: connection.displayName,
    supplier: connection.supplier,
    state: order.state,
    shipTo: order.shipTo,
    supplierOrderRef: order.supplierOrderRef,
    supplierStatus: order.supplierStatus,
    /** Ordered at the prices of this supplier quote (accepted at the supplier when placed). */
    fromQuote: quote?.id ? { id: quote.id, label: quoteLabel({ id: quote.id, quoteNumber: quote.quoteNumber }) } : null,
    subtotal: money(order.subtotalMinor, order.currency),
    ...expectedView(order, connection.displayName),
    supplierTotal: order.supplierTotalMinor === null ? null : money(order.supplierTotalMinor, order.currency),
    tax: order.supplierTaxMinor === null ? null : money(order.supplierTaxMinor, order.currency),
    shipping: order.supplierShippingMinor === null ? null : money(order.supplierShippingMinor, order.currency),
    failure: order.failureMessage ? { message: order.failureMessage, field: order.failureField } : null,
    sending: work ? { attempts: work.attempts, lastError: work.lastError, nextAttemptAt: work.nextAttemptAt } : null,
    placedAt: order.placedAt,
    statusCheckedAt: order.statusCheckedAt,
    spend: spend ? { state: spend.state, amount: money(spend.amountMinor, spend.currency), releaseReason: spend.releaseReason } : null,
    canCancel: cancellationRefusal(ctx.user, requisition, order, connector, connection.displayName) === null,
    /** Whether the needed-by date goes to this supplier with the order (null: no date was given). */
    neededBySent: requisition.neededBy ? capabilities.neededBy === true : null,
    /** While the supplier holds it: who it waits for, and who can act (null when not held). */
    waitingOn: holdWaitingOn({
      supplierName: connection.displayName,
      supplierStatus: order.supplierStatus,
      portalDecides: capabilities.supplierApprovals === true,
      answeredByChain: connection.portalApprovalAnswersHold,
      supplierNote: order.supplierNote,
    }),
    /** The supplier's own approval declined it, with its words (null: not declined). */
    declined: order.supplierStatus === "declined" ? { comment: order.supplierNote } : null,
    // Carrier and tracking as the supplier last reported them; none for a supplier without a shipments API.
    shipments: shipments.map((s) => ({
      id: s.id,
      status: s.status,
      carrierName: s.carrierName,
      trackingNumber: s.trackingNumber,
      trackingUrl: s.trackingUrl,
      shippedAt: s.shippedAt,
      estimatedDeliveryAt: s.estimatedDeliveryAt,
    })),
    /** The purchase order sent instead of an order, for a supplier whose API takes none: where it went and what came of it. */
    purchaseOrder: purchaseOrder
      ? {
          poNumber: purchaseOrder.poNumber,
          issuedAt: purchaseOrder.issuedAt,
          emailedTo: purchaseOrder.emailTo,
          emailedAt: purchaseOrder.emailedAt,
          linkedAt: purchaseOrder.linkedAt,
          supplierOrderNumber: purchaseOrder.supplierOrderNumber,
          differences: purchaseOrder.differences ?? [],
          downloadPath: `/api/purchase-orders/${order.id}`,
        }
      : null,
    invoices: (related.invoices ?? []).map((i) => ({
      id: i.id,
      number: i.number,
      invoiceDate: i.invoiceDate,
      dueDate: i.dueDate,
      paid: i.paid,
      total: money(i.totalMinor, i.currency),
    })),
    lines: lines.map((l) => ({
      id: l.id,
      itemCode: l.itemCode,
      supplierItemId: l.supplierItemId,
      name: l.name,
      quantity: l.quantity,
      unitPrice: money(l.unitPriceMinor, l.currency),
      lineTotal: money(l.lineTotalMinor, l.currency),
      rejectedReason: l.rejectedReason,
    })),
  };
}

/** What the order was expected to cost with its tax and shipping, and how the supplier's own total compares. */
function expectedView(order: typeof supplierOrders.$inferSelect, supplierName: string) {
  const { estimatedTax, estimatedShipping, expected } = expectedOfStored(order);
  return {
    estimatedTax,
    estimatedShipping,
    expected,
    finalDifference:
      order.supplierTotalMinor === null
        ? null
        : finalTotalDifference(supplierName, expected, money(order.supplierTotalMinor, order.currency), estimatedTax !== null),
  };
}
