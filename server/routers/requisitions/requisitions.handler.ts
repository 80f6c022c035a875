import { and, asc, desc, eq, exists, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { actingFor, approversDelegatingTo, loadChain, skipOpenSteps } from "@/server/approvals/chain";
import type { Database } from "@/db/client";
import { quoteLabel } from "@/server/quotes/quotes";
import {
  auditLog,
  costCenterSpend,
  costCenters,
  requisitionLines,
  requisitions,
  supplierConnections,
  supplierOrders,
  supplierQuotes,
  supplierShipments,
  users,
} from "@/db/schema";
import { money } from "@/server/domain/money";
import { AppError, notFound } from "@/server/errors";
import { refreshSupplierOrderStatus } from "@/server/jobs/order-status";
import { pendingWorkFor } from "@/server/jobs/outbox";
import type { MemberContext } from "@/server/trpc/init";
import { releaseSpend } from "@/server/spend/ledger";
import { askSupplier, connectorForRow } from "@/server/suppliers/connections";
import type {
  CancelSupplierOrderInput,
  ListRequisitionsInput,
  RequisitionIdInput,
  ResubmitRequisitionInput,
  WithdrawRequisitionInput,
} from "./requisitions.schema";
import { companies } from "@/db/schema";
import { tiersOf } from "@/server/domain/cart";
import { linePrice } from "@/server/domain/price-tiers";
import { kickWorker } from "@/server/jobs/worker";
import { decideRevision, recordRevision, type RevisionInput, type RevisionOrder } from "@/server/requisitions/revision";
import { loadSupplierConnection } from "@/server/suppliers/connections";
import { invalid } from "@/server/errors";
import { loadChargeableCostCenter } from "../cost-centers/cost-centers.handler";

const FINAL_SUPPLIER_STATUSES = new Set(["delivered", "cancelled"]);
const STATUS_FRESH_MS = 10_000;
/** Hygrade cancels through its API only before production starts. */
const CANCELLABLE_SUPPLIER_STATUSES = new Set(["pending_approval", "approved"]);

const canSeeCompanyRequisitions = (ctx: MemberContext) => ctx.user.roles.includes("approver") || ctx.user.roles.includes("admin");

export async function listRequisitionsHandler({ ctx, input }: { ctx: MemberContext; input: ListRequisitionsInput }) {
  if (input.scope === "company" && !canSeeCompanyRequisitions(ctx))
    throw new AppError("forbidden", "Only approvers and admins see the whole company's requisitions.");
  const conditions: SQL[] = [eq(requisitions.companyId, ctx.companyId)];
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
  return rows.map(({ totalMinor, currency, ...r }) => ({
    ...r,
    total: money(totalMinor, currency),
    supplierOrders: orders.filter((o) => o.requisitionId === r.id && o.revision === r.revision).map(({ requisitionId: _, revision: __, ...o }) => o),
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
    .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision), eq(supplierOrders.state, "placed")));
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
      .select({
        order: supplierOrders,
        supplierName: supplierConnections.displayName,
        supplier: supplierConnections.supplier,
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
      .where(and(eq(requisitionLines.requisitionId, requisition.id), eq(requisitionLines.revision, requisition.revision)))
      .orderBy(asc(requisitionLines.itemCode)),
    ctx.db.select().from(costCenterSpend).where(eq(costCenterSpend.requisitionId, requisition.id)),
  ]);
  const header = headerRows[0];
  const orderIds = orders.map((o) => o.order.id);
  const [history, pending, shipments] = await Promise.all([
    ctx.db
      .select({ action: auditLog.action, at: auditLog.at, actorName: users.name, details: auditLog.details })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(eq(auditLog.companyId, ctx.companyId), inArray(auditLog.subjectId, [requisition.id, ...orderIds])))
      .orderBy(asc(auditLog.at)),
    pendingWorkFor(ctx.db, orderIds),
    orderIds.length
      ? ctx.db
          .select()
          .from(supplierShipments)
          .where(and(eq(supplierShipments.companyId, ctx.companyId), inArray(supplierShipments.supplierOrderId, orderIds)))
          .orderBy(sql`${supplierShipments.shippedAt} asc nulls last`, asc(supplierShipments.createdAt))
      : Promise.resolve([]),
  ]);
  const now = new Date();
  const [chain, delegators, revisions] = await Promise.all([
    loadChain(ctx.db, requisition.id, requisition.revision),
    approversDelegatingTo(ctx.db, ctx.user.id, now),
    requisition.revision > 1
      ? ctx.db
          .select({ revision: requisitionLines.revision, lines: sql<number>`count(*)::int`, total: sql<string>`sum(${requisitionLines.lineTotalMinor})` })
          .from(requisitionLines)
          .where(and(eq(requisitionLines.requisitionId, requisition.id), lt(requisitionLines.revision, requisition.revision)))
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
    chain: chain.map((s) => ({
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
    })),
    supplierOrders: orders.map(({ order, supplierName, supplier, quote }) => {
      const work = pending.find((p) => p.subjectId === order.id);
      return {
        id: order.id,
        supplierName,
        supplier,
        state: order.state,
        shipTo: order.shipTo,
        supplierOrderRef: order.supplierOrderRef,
        supplierStatus: order.supplierStatus,
        /** Ordered at the prices of this supplier quote (accepted at the supplier when placed). */
        fromQuote: quote?.id ? { id: quote.id, label: quoteLabel(quote) } : null,
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
        // Carrier and tracking as the supplier last reported them; none for a supplier without a shipments API.
        shipments: shipments
          .filter((s) => s.supplierOrderId === order.id)
          .map((s) => ({
            id: s.id,
            status: s.status,
            carrierName: s.carrierName,
            trackingNumber: s.trackingNumber,
            trackingUrl: s.trackingUrl,
            shippedAt: s.shippedAt,
            estimatedDeliveryAt: s.estimatedDeliveryAt,
          })),
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
            rejectedReason: l.rejectedReason,
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
      .where(
        and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision), eq(supplierOrders.state, "awaiting_approval")),
      )
      .returning({ id: supplierOrders.id });
    await releaseSpend(
      tx,
      orders.map((o) => o.id),
      `Withdrawn by ${ctx.user.name}`,
    );
    await skipOpenSteps(tx, requisition.id, requisition.revision, new Date());
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
  if (!withdrawn)
    throw new AppError(
      "conflict",
      `REQ-${requisition.number} was already ${requisition.status === "pending_approval" ? "decided" : requisition.status.replace("_", " ")}; it can no longer be withdrawn.`,
    );
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

/**
 * After a rejection or a return, the requester edits quantities (0 leaves a
 * line out), cost center, PO number or note and submits again. That is a new
 * revision: priced live, its chain evaluated afresh under today's policy, its
 * budget reserved anew. The earlier revision stays for the record.
 */
export async function resubmitRequisitionHandler({ ctx, input }: { ctx: MemberContext; input: ResubmitRequisitionInput }) {
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, input.requisitionId);
  if (requisition.requesterId !== ctx.user.id) throw new AppError("forbidden", "Only the person who submitted a requisition can resubmit it.");
  const label = `REQ-${requisition.number}`;
  if (requisition.status !== "rejected" && requisition.status !== "returned") {
    throw new AppError(
      "conflict",
      `${label} is ${requisition.status.replace("_", " ")}; only a rejected or returned requisition can be edited and resubmitted.`,
    );
  }
  const [company] = await ctx.db.select().from(companies).where(eq(companies.id, ctx.companyId));
  if (company!.poNumberRequired && input.poNumber === "") throw invalid("poNumber", `Enter a PO number: ${company!.name} requires one on every order.`);
  const costCenter = await loadChargeableCostCenter(ctx, input.costCenterId);
  if (costCenter.currency !== requisition.currency) {
    throw invalid(
      "costCenterId",
      `${costCenter.code} keeps its budget in ${costCenter.currency} and this order is in ${requisition.currency}; choose a ${requisition.currency} cost center.`,
    );
  }

  const [lines, orders] = await Promise.all([
    ctx.db
      .select()
      .from(requisitionLines)
      .where(and(eq(requisitionLines.requisitionId, requisition.id), eq(requisitionLines.revision, requisition.revision))),
    ctx.db
      .select()
      .from(supplierOrders)
      .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision))),
  ]);
  // A quote's prices are the supplier's offer for exactly those lines; an edited copy would be priced
  // at list instead, so the quote is checked out again (or a new one asked for) from Quotes.
  if (orders.some((o) => o.supplierQuoteId)) {
    throw new AppError("conflict", `${label} came from a supplier's quote. Check the quote out again from Quotes, or ask the supplier for a new one.`);
  }
  const kept: { line: (typeof lines)[number]; quantity: number }[] = [];
  for (const [i, wanted] of input.lines.entries()) {
    const line = lines.find((l) => l.id === wanted.lineId);
    if (!line) throw invalid(`lines.${i}.lineId`, "That line is not part of this requisition.");
    if (wanted.quantity > 0) kept.push({ line, quantity: wanted.quantity });
  }
  if (kept.length === 0) throw invalid("lines", "Keep at least one line with a quantity above 0.");

  // Today's price for each kept line, every supplier at once; ship-to stays what each supplier order had.
  const orderOf = new Map(orders.map((o) => [o.id, o]));
  const connectionIds = [...new Set(kept.map((k) => orderOf.get(k.line.supplierOrderId)!.supplierConnectionId))];
  const connections = new Map(
    (await Promise.all(connectionIds.map((id) => loadSupplierConnection(ctx.db, ctx.companyId, id)))).map((c) => [c.connection.id, c]),
  );
  const priced = await Promise.all(
    kept.map(async ({ line, quantity }) => {
      const connectionId = orderOf.get(line.supplierOrderId)!.supplierConnectionId;
      const { connection, connector } = connections.get(connectionId)!;
      const item = await askSupplier(connection.displayName, () => connector.getItem(line.supplierItemId));
      if (!item.available) {
        throw new AppError(
          "conflict",
          `${line.name} (${line.itemCode}) is no longer available from ${connection.displayName}; set its quantity to 0 to leave it out.`,
          { field: "lines" },
        );
      }
      const tiers = tiersOf({
        priceTiers: item.priceTiers.map((t) => ({ minQuantity: t.minQuantity, amount: t.unitPrice.amount })),
        currency: item.priceTiers[0]?.unitPrice.currency ?? line.currency,
      });
      const { unitPrice, lineTotal } = linePrice(tiers, quantity);
      return { connectionId, supplierName: connection.displayName, line, quantity, unitPrice, lineTotal, category: item.category };
    }),
  );
  const groups = new Map<string, RevisionOrder>();
  for (const p of priced) {
    const shipTo = orders.find((o) => o.supplierConnectionId === p.connectionId)!.shipTo;
    const group = groups.get(p.connectionId) ?? {
      supplierConnectionId: p.connectionId,
      supplierName: p.supplierName,
      shipTo,
      subtotal: money(0, requisition.currency),
      lines: [],
    };
    group.lines.push({
      supplierItemId: p.line.supplierItemId,
      itemCode: p.line.itemCode,
      name: p.line.name,
      categoryId: p.category.id,
      categoryName: p.category.name,
      quantity: p.quantity,
      unitPrice: p.unitPrice,
      lineTotal: p.lineTotal,
    });
    group.subtotal = money(group.subtotal.amount + p.lineTotal.amount, requisition.currency);
    groups.set(p.connectionId, group);
  }
  const total = money(
    priced.reduce((sum, p) => sum + p.lineTotal.amount, 0),
    requisition.currency,
  );
  const submittedAt = new Date();
  const revisionInput: RevisionInput = {
    companyId: ctx.companyId,
    requester: { id: ctx.user.id, roles: ctx.user.roles },
    costCenter: { id: costCenter.id, code: costCenter.code, ownerId: costCenter.ownerId },
    total,
    orders: [...groups.values()],
    submittedAt,
  };

  const result = await ctx.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ revision: requisitions.revision, status: requisitions.status })
      .from(requisitions)
      .where(eq(requisitions.id, requisition.id))
      .for("update");
    if (!locked || locked.revision !== requisition.revision || (locked.status !== "rejected" && locked.status !== "returned")) return null;
    const decision = await decideRevision(tx, revisionInput);
    const revision = requisition.revision + 1;
    await tx
      .update(requisitions)
      .set({
        revision,
        status: decision.needsApproval ? "pending_approval" : "approved",
        costCenterId: costCenter.id,
        poNumber: input.poNumber,
        note: input.note || null,
        totalMinor: total.amount,
        approvalReason: decision.evaluated.summary,
        policyVersionId: decision.evaluated.policyVersionId,
        submittedAt,
        decidedAt: decision.needsApproval ? null : submittedAt,
        decidedById: null,
        rejectionReason: null,
        returnedChanges: null,
        overBudget: decision.budget.overBudget,
        budgetLeftAfterMinor: decision.budget.leaves?.amount ?? null,
      })
      .where(eq(requisitions.id, requisition.id));
    await recordRevision(tx, {
      ...revisionInput,
      requisitionId: requisition.id,
      requisitionLabel: label,
      revision,
      decision,
      actorId: ctx.user.id,
      action: "requisition.resubmitted",
    });
    return { revision, decision };
  });
  if (!result) throw new AppError("conflict", `${label} was already resubmitted; reload to see its current revision.`);
  if (!result.decision.needsApproval) kickWorker();
  return {
    requisitionId: requisition.id,
    revision: result.revision,
    status: result.decision.needsApproval ? ("pending_approval" as const) : ("approved" as const),
    approvalReason: result.decision.evaluated.summary,
  };
}
