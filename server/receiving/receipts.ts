/**
 * Goods receipts: the person at the dock records what arrived of a placed supplier order, line by line, or "everything
 * arrived" in one go. Each receipt is its own record and is never edited; a mistake is corrected by a reversing
 * receipt. Who may receive: the requester, anyone the company names as a receiver for the order's ship-to address,
 * and admins. Anyone who cannot see the requisition is told the order was not found.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { receiptLines, receipts, requisitions, shipToReceivers, supplierOrders, users } from "@/db/schema";
import { hasRole, type ActorContext } from "@/server/actor";
import { everythingOutstanding, isFullyReceived, receiptProblem, reversalOf, type ReceiptLineInput } from "@/server/domain/receipts";
import { AppError, invalid, notFound } from "@/server/errors";
import { queueGoodsReceiptPush } from "@/server/accounts-payable/enrichment";
import { kickWorker } from "@/server/jobs/nudge";
import { matchChanged } from "@/server/matching/matching";
import { canSeeCompanyRequisitions, loadSupplierOrderInCompany } from "@/server/requisitions/access";
import { inLifecycle } from "@/server/requisitions/lifecycle";
import { receiptSummary } from "./summary";

const ENDED_STATUSES = new Set(["cancelled", "declined"]);

type OrderForReceiving = { order: typeof supplierOrders.$inferSelect; requisition: typeof requisitions.$inferSelect; supplierName: string };

async function isNamedReceiver(db: Database, companyId: string, userId: string, order: typeof supplierOrders.$inferSelect): Promise<boolean> {
  const [named] = await db
    .select({ id: shipToReceivers.id })
    .from(shipToReceivers)
    .where(
      and(
        eq(shipToReceivers.companyId, companyId),
        eq(shipToReceivers.userId, userId),
        eq(shipToReceivers.supplierConnectionId, order.supplierConnectionId),
        eq(shipToReceivers.supplierAddressId, order.shipTo.supplierAddressId),
      ),
    )
    .limit(1);
  return Boolean(named);
}

/** Whether this person may record receipts for the order: the one rule, used by every receipt and by the page. */
export async function mayReceive(ctx: ActorContext, { order, requisition }: Pick<OrderForReceiving, "order" | "requisition">): Promise<boolean> {
  if (requisition.requesterId === ctx.user.id || hasRole(ctx.user, "admin")) return true;
  return isNamedReceiver(ctx.db, ctx.companyId, ctx.user.id, order);
}

/** The order, when this person may see it (its requisition, or its dock); another company's or a hidden one is not found. */
async function loadVisibleOrder(ctx: ActorContext, supplierOrderId: string) {
  const row = await loadSupplierOrderInCompany(ctx.db, ctx.companyId, supplierOrderId);
  const receives = await mayReceive(ctx, row);
  if (!receives && !canSeeCompanyRequisitions(ctx.user)) throw notFound("That order");
  return { ...row, receives };
}

function refuseUnlessReceivable({ order, supplierName }: OrderForReceiving) {
  if (order.state !== "placed") throw new AppError("precondition", `This order is not with ${supplierName} yet, so nothing can be received against it.`);
  if (ENDED_STATUSES.has(order.supplierStatus ?? ""))
    throw new AppError("precondition", `This order was ${order.supplierStatus} at ${supplierName}; nothing more can be received.`);
}

const today = () => new Date().toISOString().slice(0, 10);
const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function checkReceivedOn(receivedOn: string, order: typeof supplierOrders.$inferSelect) {
  // A day ahead of UTC is still today somewhere; more is a typing mistake.
  if (receivedOn > dayAfter(today(), 1)) throw invalid("receivedOn", "The date received cannot be in the future");
  const placedOn = order.placedAt ? order.placedAt.toISOString().slice(0, 10) : null;
  if (placedOn && receivedOn < dayAfter(placedOn, -1)) throw invalid("receivedOn", `The date received cannot be before the order was placed (${placedOn})`);
}

/** A receipt and a reversal alike go to accounts payable's Hypatos as a goods receipt, in the receipt's own transaction. */
async function receiptRecorded(tx: Database, receiptId: string): Promise<void> {
  if (await queueGoodsReceiptPush(tx, receiptId)) kickWorker();
}

export interface RecordReceiptInput {
  supplierOrderId: string;
  receivedOn: string;
  deliveryNoteNumber: string | null;
  /** Per line; omitted with `everything`. */
  lines?: ReceiptLineInput[];
  /** "Everything arrived": what is still outstanding on every line. */
  everything?: boolean;
}

export async function recordReceipt(ctx: ActorContext, input: RecordReceiptInput) {
  const found = await loadVisibleOrder(ctx, input.supplierOrderId);
  if (!found.receives) throw new AppError("forbidden", "Only the requester, a receiver named for this ship-to address, or an admin can record what arrived.");
  refuseUnlessReceivable(found);
  checkReceivedOn(input.receivedOn, found.order);
  return inLifecycle(ctx.db, async (lifecycle) => {
    const tx = lifecycle.tx;
    // Receipts of one order take turns, so each is checked against every receipt before it.
    await tx.select({ id: supplierOrders.id }).from(supplierOrders).where(eq(supplierOrders.id, found.order.id)).for("update");
    const { lines, summary } = await receiptSummary(tx, found.order);
    const entered = input.everything ? everythingOutstanding(summary) : (input.lines ?? []);
    if (input.everything && entered.length === 0) throw new AppError("conflict", "Everything on this order was already received.");
    const nameOf = (lineId: string) => lines.find((l) => l.id === lineId)?.name ?? "This line";
    const problem = receiptProblem(entered, summary, nameOf);
    if (problem) throw invalid(problem.field, problem.message);
    const kept = entered.filter((l) => l.quantityReceived > 0);
    const [receipt] = await tx
      .insert(receipts)
      .values({
        companyId: ctx.companyId,
        supplierOrderId: found.order.id,
        receivedById: ctx.user.id,
        receivedOn: input.receivedOn,
        deliveryNoteNumber: input.deliveryNoteNumber,
      })
      .returning();
    await tx.insert(receiptLines).values(
      kept.map((l) => ({
        companyId: ctx.companyId,
        receiptId: receipt!.id,
        requisitionLineId: l.lineId,
        quantityReceived: l.quantityReceived,
        quantityRejected: l.quantityRejected,
        rejectionReason: l.quantityRejected > 0 ? l.rejectionReason!.trim() : null,
        overReceiptReason: l.overReceiptReason?.trim() || null,
      })),
    );
    const after = await receiptSummary(tx, found.order);
    const fullyReceived = isFullyReceived(after.summary);
    await lifecycle.receiptRecorded(
      found.order,
      ctx.user,
      "supplier_order.received",
      {
        supplier: found.supplierName,
        receiptId: receipt!.id,
        deliveryNote: input.deliveryNoteNumber,
        receivedOn: input.receivedOn,
        lines: kept.map((l) => ({ item: nameOf(l.lineId), received: l.quantityReceived, rejected: l.quantityRejected })),
        fullyReceived,
      },
      fullyReceived,
    );
    await receiptRecorded(tx, receipt!.id);
    await matchChanged(tx, found.order.id);
    return { receiptId: receipt!.id, fullyReceived };
  });
}

export async function reverseReceipt(ctx: ActorContext, input: { receiptId: string; reason: string }) {
  const [stored] = await ctx.db
    .select()
    .from(receipts)
    .where(and(eq(receipts.id, input.receiptId), eq(receipts.companyId, ctx.companyId)));
  if (!stored) throw notFound("That receipt");
  const found = await loadVisibleOrder(ctx, stored.supplierOrderId);
  if (!found.receives) throw new AppError("forbidden", "Only the requester, a receiver named for this ship-to address, or an admin can reverse a receipt.");
  if (stored.reversesReceiptId) throw new AppError("precondition", "This is a reversal already; record a new receipt instead.");
  return inLifecycle(ctx.db, async (lifecycle) => {
    const tx = lifecycle.tx;
    await tx.select({ id: supplierOrders.id }).from(supplierOrders).where(eq(supplierOrders.id, found.order.id)).for("update");
    const [already] = await tx.select({ id: receipts.id }).from(receipts).where(eq(receipts.reversesReceiptId, stored.id));
    if (already) throw new AppError("conflict", "This receipt was already reversed.");
    const lines = await tx
      .select()
      .from(receiptLines)
      .where(and(eq(receiptLines.companyId, ctx.companyId), eq(receiptLines.receiptId, stored.id)));
    const [reversal] = await tx
      .insert(receipts)
      .values({
        companyId: ctx.companyId,
        supplierOrderId: found.order.id,
        receivedById: ctx.user.id,
        receivedOn: today(),
        deliveryNoteNumber: stored.deliveryNoteNumber,
        reversesReceiptId: stored.id,
        reason: input.reason.trim(),
      })
      .returning();
    const negated = reversalOf(lines.map((l) => ({ lineId: l.requisitionLineId, quantityReceived: l.quantityReceived, quantityRejected: l.quantityRejected })));
    if (negated.length)
      await tx.insert(receiptLines).values(
        negated.map((l) => ({
          companyId: ctx.companyId,
          receiptId: reversal!.id,
          requisitionLineId: l.lineId,
          quantityReceived: l.quantityReceived,
          quantityRejected: l.quantityRejected,
        })),
      );
    const after = await receiptSummary(tx, found.order);
    const fullyReceived = isFullyReceived(after.summary);
    await lifecycle.receiptRecorded(
      found.order,
      ctx.user,
      "supplier_order.receipt_reversed",
      { supplier: found.supplierName, receiptId: stored.id, reversalId: reversal!.id, reason: input.reason.trim(), receivedOn: stored.receivedOn },
      fullyReceived,
    );
    await receiptRecorded(tx, reversal!.id);
    await matchChanged(tx, found.order.id);
    return { reversalId: reversal!.id, fullyReceived };
  });
}

/** An order's receiving as its page shows it: per line ordered, received, rejected, outstanding; every receipt; what this person may do. */
export async function receivingForOrder(ctx: ActorContext, input: { supplierOrderId: string }) {
  const found = await loadVisibleOrder(ctx, input.supplierOrderId);
  return presentReceiving(ctx.db, found);
}

/** Every order of a requisition's current revision, for the requisition page. */
export async function receivingForRequisition(ctx: ActorContext, input: { requisitionId: string }) {
  const [requisition] = await ctx.db
    .select({ id: requisitions.id, revision: requisitions.revision })
    .from(requisitions)
    .where(and(eq(requisitions.id, input.requisitionId), eq(requisitions.companyId, ctx.companyId)));
  if (!requisition) throw notFound("That requisition");
  const orders = await ctx.db
    .select({ id: supplierOrders.id })
    .from(supplierOrders)
    .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision), eq(supplierOrders.state, "placed")));
  const visible = await Promise.all(orders.map((o) => loadVisibleOrder(ctx, o.id).catch(() => null)));
  if (orders.length > 0 && visible.every((v) => v === null)) throw notFound("That requisition");
  return Promise.all(visible.filter((v) => v !== null).map((v) => presentReceiving(ctx.db, v)));
}

async function presentReceiving(db: Database, found: OrderForReceiving & { receives: boolean }) {
  const { lines, summary } = await receiptSummary(db, found.order);
  const stored = await db
    .select({ receipt: receipts, receivedByName: users.name })
    .from(receipts)
    .innerJoin(users, eq(users.id, receipts.receivedById))
    .where(eq(receipts.supplierOrderId, found.order.id))
    .orderBy(desc(receipts.createdAt));
  const storedLines = stored.length
    ? await db
        .select()
        .from(receiptLines)
        .where(
          and(
            eq(receiptLines.companyId, found.order.companyId),
            inArray(
              receiptLines.receiptId,
              stored.map((s) => s.receipt.id),
            ),
          ),
        )
        .orderBy(asc(receiptLines.id))
    : [];
  const reversed = new Set(stored.map((s) => s.receipt.reversesReceiptId).filter(Boolean));
  const receivable = found.order.state === "placed" && !ENDED_STATUSES.has(found.order.supplierStatus ?? "");
  const fullyReceived = isFullyReceived(summary);
  return {
    supplierOrderId: found.order.id,
    supplierName: found.supplierName,
    fullyReceived,
    receivedAt: found.order.receivedAt,
    canReceive: found.receives && receivable && !fullyReceived,
    canReverse: found.receives,
    lines: summary.map((s) => {
      const line = lines.find((l) => l.id === s.lineId)!;
      return { ...s, name: line.name, itemCode: line.itemCode };
    }),
    receipts: stored.map(({ receipt, receivedByName }) => ({
      id: receipt.id,
      receivedOn: receipt.receivedOn,
      receivedByName,
      deliveryNoteNumber: receipt.deliveryNoteNumber,
      reversesReceiptId: receipt.reversesReceiptId,
      reason: receipt.reason,
      reversed: reversed.has(receipt.id),
      createdAt: receipt.createdAt,
      lines: storedLines
        .filter((l) => l.receiptId === receipt.id)
        .map((l) => ({
          name: lines.find((x) => x.id === l.requisitionLineId)?.name ?? "",
          quantityReceived: l.quantityReceived,
          quantityRejected: l.quantityRejected,
          rejectionReason: l.rejectionReason,
          overReceiptReason: l.overReceiptReason,
        })),
    })),
  };
}
