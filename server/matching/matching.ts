/**
 * The three-way match of a supplier order as accounts payable and approvers use it: what was approved, received and
 * invoiced per line (the rule is server/domain/three-way-match.ts), the "To match" list, and a decision on a mismatch:
 * accepted with a reason (audited; its invoices are then committed as spend) or disputed with a note (the requester is
 * told). An order whose invoices match, or whose mismatch was accepted on the same figures, is committed on its cost
 * center at what the invoices charge (matchChanged, called wherever receipts, invoices or decisions change).
 */
import { and, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { companies, costCenters, matchReviews, receipts, requisitions, supplierConnections, supplierInvoices, supplierOrders, users } from "@/db/schema";
import { hasRole, type ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { formatMoney, money } from "@/server/domain/money";
import { commitsInvoicedSpend, isMismatch, matchFingerprint, matchOrder, matchStanding, type MatchStanding } from "@/server/domain/three-way-match";
import { AppError, notFound } from "@/server/errors";
import { notify } from "@/server/notifications/notify";
import { receiptSummary } from "@/server/receiving/summary";
import { commitInvoicedSpend } from "@/server/spend/ledger";

type OrderRow = typeof supplierOrders.$inferSelect;

/** Everything the match of one order is decided from, and the decision; read inside a transaction or out. */
async function computeMatch(db: Database, order: OrderRow) {
  const [[company], { lines, summary }, invoices, [review]] = await Promise.all([
    db.select({ bp: companies.matchToleranceBp, minor: companies.matchToleranceMinor }).from(companies).where(eq(companies.id, order.companyId)),
    receiptSummary(db, order),
    db
      .select()
      .from(supplierInvoices)
      .where(and(eq(supplierInvoices.companyId, order.companyId), eq(supplierInvoices.supplierOrderId, order.id)))
      .orderBy(supplierInvoices.invoiceDate),
    db
      .select({ review: matchReviews, decidedByName: users.name })
      .from(matchReviews)
      .innerJoin(users, eq(users.id, matchReviews.decidedById))
      .where(eq(matchReviews.supplierOrderId, order.id))
      .orderBy(desc(matchReviews.createdAt))
      .limit(1),
  ]);
  const tolerance = { bp: company?.bp ?? 200, minor: company?.minor ?? 500 };
  const match = matchOrder(
    lines.map((l) => ({ lineId: l.id, itemCode: l.itemCode, name: l.name, ordered: l.quantity, unitPriceMinor: l.unitPriceMinor })),
    new Map(summary.map((s) => [s.lineId, s.accepted])),
    invoices.flatMap((i) => i.lines.map((l) => ({ invoiceId: i.id, ...l }))),
    tolerance,
  );
  const standing = matchStanding(match, review ? { decision: review.review.decision, fingerprint: review.review.fingerprint } : null);
  const invoicedMinor = invoices.reduce((n, i) => n + i.totalMinor, 0);
  return { match, standing, invoices, review: review ?? null, tolerance, invoicedMinor, currency: order.currency };
}

/**
 * The receipts, invoices or decisions of an order changed: when its invoices now match (or the mismatch was accepted),
 * its spend is committed at what they charge. Call in the transaction that made the change.
 */
export async function matchChanged(tx: Database, supplierOrderId: string): Promise<MatchStanding | null> {
  const [order] = await tx.select().from(supplierOrders).where(eq(supplierOrders.id, supplierOrderId));
  if (!order) return null;
  const { standing, invoices, invoicedMinor } = await computeMatch(tx, order);
  if (invoices.length === 0 || !commitsInvoicedSpend(standing)) return standing;
  const currency = invoices[0]!.currency;
  if (invoices.some((i) => i.currency !== currency)) return standing;
  const committed = await commitInvoicedSpend(tx, order.id, money(invoicedMinor, currency));
  if (committed) {
    await recordAudit(tx, {
      companyId: order.companyId,
      actorId: null,
      action: "supplier_order.invoiced_spend_committed",
      subject: { type: "supplier_order", id: order.id },
      details: { amount: formatMoney(money(invoicedMinor, currency)), because: standing },
    });
  }
  return standing;
}

/** Accounts payable, approvers and admins work the "To match" list and decide on mismatches. */
const decidesMatches = (ctx: ActorContext) => hasRole(ctx.user, "accounts_payable", "approver", "admin");

async function loadOrderInCompany(ctx: ActorContext, supplierOrderId: string) {
  const [row] = await ctx.db
    .select({ order: supplierOrders, requisition: requisitions, supplierName: supplierConnections.displayName })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(and(eq(supplierOrders.id, supplierOrderId), eq(supplierOrders.companyId, ctx.companyId)));
  if (!row) throw notFound("That order");
  // The requester sees their own order's match; the rest of the company's are for those who decide on them.
  if (row.requisition.requesterId !== ctx.user.id && !decidesMatches(ctx)) throw notFound("That order");
  return row;
}

function presentMatch(result: Awaited<ReturnType<typeof computeMatch>>) {
  const { match, standing, invoices, review, tolerance, currency, invoicedMinor } = result;
  const m = (minor: number) => money(minor, currency);
  const reviewStands = review !== null && review.review.fingerprint === matchFingerprint(match) && isMismatch(match.state);
  return {
    state: match.state,
    standing,
    tolerance: { bp: tolerance.bp, amount: m(tolerance.minor) },
    invoiced: invoices.length ? m(invoicedMinor) : null,
    invoices: invoices.map((i) => ({ id: i.id, number: i.number, invoiceDate: i.invoiceDate, total: money(i.totalMinor, i.currency) })),
    lines: match.lines.map((l) => ({
      lineId: l.lineId,
      itemCode: l.itemCode,
      name: l.name,
      state: l.state,
      ordered: l.ordered,
      received: l.received,
      invoicedQuantity: l.invoicedQuantity,
      approvedUnitPrice: m(l.approvedUnitPriceMinor),
      expected: m(l.expectedMinor),
      invoicedAmount: m(l.invoicedMinor),
      priceDifference: m(l.priceDifferenceMinor),
      allowedDifference: m(l.allowedDifferenceMinor),
      quantityDifference: l.quantityDifference,
    })),
    unlinked: match.unlinked.map((l) => ({ description: l.description, itemCode: l.itemCode, quantity: l.quantity, amount: m(l.lineTotalMinor) })),
    review: review
      ? {
          decision: review.review.decision,
          reason: review.review.reason,
          decidedByName: review.decidedByName,
          at: review.review.createdAt,
          /** False once a new invoice or receipt changed the figures it was decided on. */
          stands: reviewStands,
        }
      : null,
  };
}

export type PresentedMatch = ReturnType<typeof presentMatch>;

export async function getOrderMatch(ctx: ActorContext, input: { supplierOrderId: string }) {
  const { order, supplierName } = await loadOrderInCompany(ctx, input.supplierOrderId);
  const result = await computeMatch(ctx.db, order);
  const presented = presentMatch(result);
  return {
    supplierOrderId: order.id,
    supplierName,
    ...presented,
    canDecide: decidesMatches(ctx) && isMismatch(result.match.state) && !presented.review?.stands,
    canAcceptDisputed: decidesMatches(ctx) && result.standing === "disputed",
  };
}

/** The matches of a requisition's current orders, for its page: only orders with a receipt or an invoice have one. */
export async function matchesForRequisition(ctx: ActorContext, input: { requisitionId: string }) {
  const [requisition] = await ctx.db
    .select()
    .from(requisitions)
    .where(and(eq(requisitions.id, input.requisitionId), eq(requisitions.companyId, ctx.companyId)));
  if (!requisition || (requisition.requesterId !== ctx.user.id && !decidesMatches(ctx))) throw notFound("That requisition");
  const orders = await ctx.db
    .select({ id: supplierOrders.id })
    .from(supplierOrders)
    .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision), eq(supplierOrders.state, "placed")));
  return Promise.all(orders.map((o) => getOrderMatch(ctx, { supplierOrderId: o.id })));
}

export interface ToMatchFilters {
  supplierId?: string;
  costCenterId?: string;
  standing?: MatchStanding;
  page: number;
  pageSize: number;
}

const LIST_PRECEDENCE: MatchStanding[] = ["quantity_mismatch", "price_mismatch", "disputed", "not_yet_invoiced", "not_yet_received", "accepted", "matched"];

/**
 * The "To match" list: the company's placed orders that have an invoice or a receipt, each with its match, worst first
 * (mismatches, disputes, then what waits), filtered by supplier, cost center and where it stands, a page at a time.
 */
export async function toMatchList(ctx: ActorContext, input: ToMatchFilters) {
  if (!decidesMatches(ctx)) throw new AppError("forbidden", "Only accounts payable, approvers and admins see the orders to match.");
  const conditions: SQL[] = [
    eq(supplierOrders.companyId, ctx.companyId),
    eq(supplierOrders.state, "placed"),
    eq(supplierOrders.revision, requisitions.revision),
    or(
      sql`exists (select 1 from ${supplierInvoices} where ${supplierInvoices.supplierOrderId} = ${supplierOrders.id})`,
      sql`exists (select 1 from ${receipts} where ${receipts.supplierOrderId} = ${supplierOrders.id})`,
    )!,
  ];
  if (input.supplierId) conditions.push(eq(supplierOrders.supplierConnectionId, input.supplierId));
  if (input.costCenterId) conditions.push(eq(requisitions.costCenterId, input.costCenterId));
  const rows = await ctx.db
    .select({
      order: supplierOrders,
      requisitionId: requisitions.id,
      requisitionNumber: requisitions.number,
      poNumber: requisitions.poNumber,
      supplierName: supplierConnections.displayName,
      costCenterCode: costCenters.code,
      requesterName: users.name,
    })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .innerJoin(users, eq(users.id, requisitions.requesterId))
    .where(and(...conditions))
    .orderBy(desc(supplierOrders.placedAt));
  const matched = await Promise.all(rows.map(async (row) => ({ row, result: await computeMatch(ctx.db, row.order) })));
  const kept = matched
    .filter((m) => !input.standing || m.result.standing === input.standing)
    .sort((a, b) => LIST_PRECEDENCE.indexOf(a.result.standing) - LIST_PRECEDENCE.indexOf(b.result.standing));
  const start = (input.page - 1) * input.pageSize;
  const [suppliers, centers] = await Promise.all([
    ctx.db
      .select({ id: supplierConnections.id, name: supplierConnections.displayName })
      .from(supplierConnections)
      .where(eq(supplierConnections.companyId, ctx.companyId))
      .orderBy(supplierConnections.displayName),
    ctx.db
      .select({ id: costCenters.id, code: costCenters.code, name: costCenters.name })
      .from(costCenters)
      .where(eq(costCenters.companyId, ctx.companyId))
      .orderBy(costCenters.code),
  ]);
  return {
    /** What the filters offer. */
    options: { suppliers, costCenters: centers },
    total: kept.length,
    page: input.page,
    pageSize: input.pageSize,
    orders: kept.slice(start, start + input.pageSize).map(({ row, result }) => {
      const presented = presentMatch(result);
      return {
        supplierOrderId: row.order.id,
        requisitionId: row.requisitionId,
        requisitionLabel: `REQ-${row.requisitionNumber}`,
        poNumber: row.poNumber,
        supplierName: row.supplierName,
        costCenterCode: row.costCenterCode,
        requesterName: row.requesterName,
        ordered: money(row.order.subtotalMinor, row.order.currency),
        standing: presented.standing,
        invoiced: presented.invoiced,
        // Only what does not match, line by line with its figures.
        mismatches: presented.lines.filter((l) => l.state === "quantity_mismatch" || l.state === "price_mismatch"),
        unlinked: presented.unlinked,
      };
    }),
  };
}

async function decide(ctx: ActorContext, input: { supplierOrderId: string; text: string }, decision: "accepted" | "disputed") {
  if (!decidesMatches(ctx)) throw new AppError("forbidden", "Only accounts payable, approvers and admins decide on a mismatch.");
  const { order, requisition, supplierName } = await loadOrderInCompany(ctx, input.supplierOrderId);
  return ctx.db.transaction(async (tx) => {
    // Decisions on one order take turns, so each is taken on the figures as they are.
    await tx.select({ id: supplierOrders.id }).from(supplierOrders).where(eq(supplierOrders.id, order.id)).for("update");
    const { match, standing } = await computeMatch(tx, order);
    if (!isMismatch(match.state)) throw new AppError("precondition", "This order's invoices do not show a mismatch to decide on.");
    if (standing === decision)
      throw new AppError("conflict", decision === "accepted" ? "This mismatch was already accepted." : "This mismatch is already disputed.");
    if (standing === "accepted") throw new AppError("conflict", "This mismatch was already accepted; its invoices are committed as spend.");
    await tx.insert(matchReviews).values({
      companyId: ctx.companyId,
      supplierOrderId: order.id,
      decision,
      reason: input.text,
      matchState: match.state,
      fingerprint: matchFingerprint(match),
      decidedById: ctx.user.id,
    });
    const mismatched = match.lines.filter((l) => isMismatch(l.state)).map((l) => l.name);
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: decision === "accepted" ? "supplier_order.match_accepted" : "supplier_order.match_disputed",
      subject: { type: "supplier_order", id: order.id },
      details: { supplier: supplierName, state: match.state, lines: mismatched, [decision === "accepted" ? "reason" : "note"]: input.text },
    });
    if (decision === "disputed") {
      await notify(tx, {
        companyId: ctx.companyId,
        userIds: [requisition.requesterId].filter((id) => id !== ctx.user.id),
        kind: "match.disputed",
        title: `REQ-${requisition.number}: ${supplierName}'s invoice is disputed`,
        body: `${ctx.user.name} disputed ${supplierName}'s invoice (${match.state === "quantity_mismatch" ? "quantity" : "price"} does not match): ${input.text}`,
        link: `/requisitions/${requisition.id}`,
      });
    }
    const after = await matchChanged(tx, order.id);
    return { standing: after };
  });
}

export const acceptMismatch = (ctx: ActorContext, input: { supplierOrderId: string; reason: string }) =>
  decide(ctx, { supplierOrderId: input.supplierOrderId, text: input.reason }, "accepted");

export const disputeMismatch = (ctx: ActorContext, input: { supplierOrderId: string; note: string }) =>
  decide(ctx, { supplierOrderId: input.supplierOrderId, text: input.note }, "disputed");
