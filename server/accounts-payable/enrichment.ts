/**
 * Hypatos enrichment: the facts accounts payable matches invoices against, pushed to the company's Hypatos as they
 * happen. A placed order goes as a purchase order with its lines (externalId = our supplier order id), with its
 * supplier, company, cost center and approver; each receipt (and reversal) as a goods receipt; a status change as an
 * update; a cancellation as a delete. Each push is a row queued in the transaction that made the change and worked
 * through the outbox (kind hypatos_push), so it happens once, is retried with backoff and honours Hypatos' rate limit.
 * What is sent is read when it is sent, so a retried push carries today's facts. Every insert is an upsert by
 * externalId, so a push whose answer was lost leaves one record at Hypatos, never two.
 */
import { currentRequestId } from "@/server/logging";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  accountsPayableConnections,
  companies,
  costCenters,
  hypatosPushes,
  outbox,
  receiptLines,
  receipts,
  requisitionLines,
  requisitions,
  supplierConnections,
  supplierOrders,
  users,
} from "@/db/schema";
import { hasRole, type ActorContext } from "@/server/actor";
import { money, toMajorUnitString } from "@/server/domain/money";
import { AppError, notFound } from "@/server/errors";
import { isSupplierError } from "@/server/suppliers/errors";
import { hypatosClientFor } from "./connection";

type PushRow = typeof hypatosPushes.$inferSelect;
type PurchaseOrderAction = "insert" | "update" | "delete";

async function connected(tx: Database, companyId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: accountsPayableConnections.id })
    .from(accountsPayableConnections)
    .where(and(eq(accountsPayableConnections.companyId, companyId), eq(accountsPayableConnections.enabled, true)));
  return Boolean(row);
}

async function queue(tx: Database, push: Pick<PushRow, "companyId" | "supplierOrderId" | "resource" | "action" | "externalId">): Promise<boolean> {
  if (!(await connected(tx, push.companyId))) return false;
  const [row] = await tx.insert(hypatosPushes).values(push).returning({ id: hypatosPushes.id });
  await tx.insert(outbox).values({ companyId: push.companyId, kind: "hypatos_push", subjectId: row!.id, requestId: currentRequestId() }).onConflictDoNothing();
  return true;
}

/** A placed order, a change of it, or its cancellation, for Hypatos; call in the transaction that made it. */
export function queuePurchaseOrderPush(tx: Database, order: { id: string; companyId: string }, action: PurchaseOrderAction): Promise<boolean> {
  return queue(tx, { companyId: order.companyId, supplierOrderId: order.id, resource: "purchase-orders", action, externalId: order.id });
}

/** A receipt or its reversal, for Hypatos as a goods receipt; call in the receipt's transaction. */
export async function queueGoodsReceiptPush(tx: Database, receiptId: string): Promise<boolean> {
  const [receipt] = await tx.select().from(receipts).where(eq(receipts.id, receiptId));
  if (!receipt) return false;
  return queue(tx, {
    companyId: receipt.companyId,
    supplierOrderId: receipt.supplierOrderId,
    resource: "goods-receipts",
    action: "insert",
    externalId: receipt.id,
  });
}

const amount = (minor: number, currency: string) => Number(toMajorUnitString(money(minor, currency)));

/** The purchase order and the master data it points at, as they stand now. */
async function purchaseOrderFacts(db: Database, supplierOrderId: string) {
  const [row] = await db
    .select({
      order: supplierOrders,
      requisition: requisitions,
      company: { id: companies.id, name: companies.name },
      supplier: { id: supplierConnections.id, name: supplierConnections.displayName },
      costCenter: { id: costCenters.id, code: costCenters.code, name: costCenters.name },
    })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(companies, eq(companies.id, supplierOrders.companyId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .where(eq(supplierOrders.id, supplierOrderId));
  if (!row) return null;
  const [lines, approver] = await Promise.all([
    db
      .select()
      .from(requisitionLines)
      .where(and(eq(requisitionLines.companyId, row.order.companyId), eq(requisitionLines.supplierOrderId, supplierOrderId)))
      .orderBy(asc(requisitionLines.id)),
    row.requisition.decidedById
      ? db
          .select({ id: users.id, name: users.name, email: users.email })
          .from(users)
          .where(eq(users.id, row.requisition.decidedById))
          .then((r) => r[0] ?? null)
      : Promise.resolve(null),
  ]);
  const { order, requisition, company, supplier, costCenter } = row;
  const currency = order.currency;
  const net = lines.reduce((n, l) => n + l.unitPriceMinor * l.quantity, 0);
  const tax = order.supplierTaxMinor ?? 0;
  const freight = order.supplierShippingMinor ?? 0;
  const purchaseOrder = {
    externalId: order.id,
    purchaseOrderNumber: requisition.poNumber || `REQ-${requisition.number}`,
    createdDate: (order.placedAt ?? order.createdAt).toISOString().slice(0, 10),
    externalCompanyId: company.id,
    externalSupplierId: supplier.id,
    status: order.supplierStatus === "cancelled" || order.supplierStatus === "declined" ? "CANCELLED" : "OPEN",
    currency,
    totalNetAmount: amount(net, currency),
    totalFreightCharges: amount(freight, currency),
    totalTaxAmount: amount(tax, currency),
    totalGrossAmount: amount(net + freight + tax, currency),
    customFields: {
      requisition: `REQ-${requisition.number}`,
      supplierOrderReference: order.supplierOrderRef ?? "",
      ...(approver ? { approver: approver.email } : {}),
    },
    purchaseOrderLines: lines.map((l, i) => ({
      purchaseOrderLineNumber: String((i + 1) * 10).padStart(5, "0"),
      externalId: l.id,
      quantity: l.quantity,
      unitPrice: amount(l.unitPriceMinor, currency),
      netAmount: amount(l.unitPriceMinor * l.quantity, currency),
      itemText: l.name,
      material: { description: l.name, supplierNumber: l.itemCode, ...(/^\S+$/.test(l.itemCode) ? { externalId: l.itemCode } : {}) },
      accountAssignments: [{ costCenterCode: costCenter.code, externalCostCenterId: costCenter.id, quantity: l.quantity }],
    })),
  };
  return {
    purchaseOrder,
    company,
    supplier,
    costCenter,
    approver,
    lineNumbers: new Map(lines.map((l, i) => [l.id, purchaseOrder.purchaseOrderLines[i]!.purchaseOrderLineNumber])),
  };
}

export type PushOutcome = { kind: "sent" } | { kind: "refused"; message: string } | { kind: "retry"; message: string; retryAfterMs?: number };

/** Sends one queued push; the outbox decides, from the outcome, whether it is done, given up or tried again. */
export async function pushToHypatos(db: Database, pushId: string): Promise<PushOutcome> {
  const [push] = await db.select().from(hypatosPushes).where(eq(hypatosPushes.id, pushId));
  if (!push || push.state === "sent") return { kind: "sent" };
  const client = await hypatosClientFor(db, push.companyId);
  const finish = async (values: Partial<PushRow>) => {
    await db
      .update(hypatosPushes)
      .set({ ...values, attempts: sql`${hypatosPushes.attempts} + 1` })
      .where(eq(hypatosPushes.id, push.id));
  };
  if (!client) {
    await finish({ state: "failed", lastError: "The company's Hypatos connection was removed." });
    return { kind: "refused", message: "no Hypatos connection" };
  }
  try {
    let hypatosId: string | null = null;
    if (push.resource === "purchase-orders" && push.action === "delete") {
      // Already gone (deleted before, or never arrived) is what a delete wants.
      await client.delete("purchase-orders", push.externalId);
    } else if (push.resource === "purchase-orders") {
      const facts = await purchaseOrderFacts(db, push.supplierOrderId);
      if (!facts) throw new AppError("not_found", "The order is gone");
      // The records the purchase order points at first, so Hypatos can resolve every reference it carries.
      await client.insert("companies", { externalId: facts.company.id, name: facts.company.name });
      await client.insert("suppliers", { externalId: facts.supplier.id, name: facts.supplier.name });
      await client.insert("cost-centers", {
        externalId: facts.costCenter.id,
        code: facts.costCenter.code,
        label: [{ text: facts.costCenter.name, language: "en" }],
        companyAssignment: [facts.company.id],
      });
      if (facts.approver) {
        const [firstName, ...rest] = facts.approver.name.split(" ");
        await client.insert("approvers", {
          externalId: facts.approver.id,
          email: facts.approver.email,
          firstName,
          lastName: rest.join(" ") || undefined,
          isActive: true,
          companyAssignment: [facts.company.id],
        });
      }
      hypatosId = (await client.upsertPurchaseOrder(facts.purchaseOrder)).id;
    } else {
      const [receipt] = await db.select().from(receipts).where(eq(receipts.id, push.externalId));
      const facts = await purchaseOrderFacts(db, push.supplierOrderId);
      if (!receipt || !facts) throw new AppError("not_found", "The receipt is gone");
      const lines = await db
        .select()
        .from(receiptLines)
        .where(and(eq(receiptLines.companyId, push.companyId), eq(receiptLines.receiptId, receipt.id)));
      hypatosId = (
        await client.insertGoodsReceipt({
          externalId: receipt.id,
          goodsReceiptNumber: receipt.id.slice(0, 8).toUpperCase(),
          externalSupplierId: facts.supplier.id,
          postingDate: receipt.receivedOn,
          deliveryNoteNumber: receipt.deliveryNoteNumber ?? undefined,
          isReversal: receipt.reversesReceiptId !== null,
          goodsReceiptLines: lines.map((l) => ({
            externalPurchaseOrderId: push.supplierOrderId,
            purchaseOrderLineNumber: facts.lineNumbers.get(l.requisitionLineId) ?? null,
            quantity: l.quantityReceived,
            rejectedQuantity: l.quantityRejected,
          })),
        })
      ).id;
    }
    await finish({ state: "sent", lastError: null, hypatosId, sentAt: new Date() });
    return { kind: "sent" };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isSupplierError(error) && error.retryable) {
      await finish({ lastError: message });
      return { kind: "retry", message, retryAfterMs: error.details.retryAfterMs };
    }
    if (isSupplierError(error) || error instanceof AppError) {
      await finish({ state: "failed", lastError: message });
      return { kind: "refused", message };
    }
    await finish({ lastError: message });
    return { kind: "retry", message };
  }
}

// ---------------------------------------------------------------------------
// The admins' page

function requireAdmin(ctx: ActorContext) {
  if (!hasRole(ctx.user, "admin")) throw new AppError("forbidden", "Only admins see what was sent to Hypatos.");
}

const PUSH_WORDS: Record<PushRow["resource"], Record<PushRow["action"], string>> = {
  "purchase-orders": { insert: "Purchase order", update: "Purchase order change", delete: "Purchase order cancelled" },
  "goods-receipts": { insert: "Goods receipt", update: "Goods receipt change", delete: "Goods receipt removed" },
};

/** Per order, newest first: every push to Hypatos, whether it was sent, its last error. */
export async function hypatosPushesByOrder(ctx: ActorContext, input: { onlyFailed: boolean; page: number; pageSize: number }) {
  requireAdmin(ctx);
  const where = and(eq(hypatosPushes.companyId, ctx.companyId), input.onlyFailed ? eq(hypatosPushes.state, "failed") : undefined);
  const orderRows = await ctx.db
    .select({
      supplierOrderId: hypatosPushes.supplierOrderId,
      last: sql<Date>`max(${hypatosPushes.createdAt})`,
    })
    .from(hypatosPushes)
    .where(where)
    .groupBy(hypatosPushes.supplierOrderId)
    .orderBy(desc(sql`max(${hypatosPushes.createdAt})`))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const ids = orderRows.map((r) => r.supplierOrderId);
  if (ids.length === 0) return { orders: [], page: input.page };
  const [orders, pushes] = await Promise.all([
    ctx.db
      .select({ id: supplierOrders.id, number: requisitions.number, requisitionId: requisitions.id, supplierName: supplierConnections.displayName })
      .from(supplierOrders)
      .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
      .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
      .where(inArray(supplierOrders.id, ids)),
    ctx.db
      .select()
      .from(hypatosPushes)
      .where(and(eq(hypatosPushes.companyId, ctx.companyId), inArray(hypatosPushes.supplierOrderId, ids)))
      .orderBy(asc(hypatosPushes.createdAt)),
  ]);
  const byId = new Map(orders.map((o) => [o.id, o]));
  return {
    page: input.page,
    orders: ids.map((id) => {
      const o = byId.get(id)!;
      return {
        supplierOrderId: id,
        requisitionId: o.requisitionId,
        label: `REQ-${o.number}`,
        supplierName: o.supplierName,
        pushes: pushes
          .filter((p) => p.supplierOrderId === id)
          .map((p) => ({
            id: p.id,
            what: PUSH_WORDS[p.resource][p.action],
            state: p.state,
            attempts: p.attempts,
            lastError: p.lastError,
            sentAt: p.sentAt,
            queuedAt: p.createdAt,
          })),
      };
    }),
  };
}

/** A push Hypatos refused goes out again, now (after the admin fixed what it named). */
export async function retryHypatosPush(ctx: ActorContext, input: { pushId: string }) {
  requireAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    const [push] = await tx
      .select()
      .from(hypatosPushes)
      .where(and(eq(hypatosPushes.id, input.pushId), eq(hypatosPushes.companyId, ctx.companyId)))
      .for("update");
    if (!push) throw notFound("That push");
    if (push.state !== "failed") throw new AppError("conflict", push.state === "sent" ? "That push was already sent." : "That push is still being sent.");
    await tx.update(hypatosPushes).set({ state: "pending", lastError: null }).where(eq(hypatosPushes.id, push.id));
    await tx
      .insert(outbox)
      .values({ companyId: push.companyId, kind: "hypatos_push", subjectId: push.id, requestId: currentRequestId() })
      .onConflictDoUpdate({
        target: [outbox.companyId, outbox.kind, outbox.subjectId],
        set: { state: "pending", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null, lastError: null, doneAt: null },
      });
    return { retried: true };
  });
}
