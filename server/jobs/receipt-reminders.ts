/**
 * Goods that arrived but were never received in the portal: once the supplier said an order was delivered (or shipped,
 * for a supplier that never says delivered: SUPPLIERS_WITHOUT_DELIVERY) and nothing was received after the company's
 * number of days, its requester is reminded, once per order. `now` is a parameter so tests control the clock.
 */
import { and, eq, inArray, isNull, notExists, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, companies, receipts, requisitions, supplierConnections, supplierOrders, supplierShipments } from "@/db/schema";
import { SUPPLIERS_WITHOUT_DELIVERY } from "@/common/suppliers";
import { recordAudit } from "@/server/audit/audit-log";
import { notify } from "@/server/notifications/notify";
import { inLifecycle } from "@/server/requisitions/lifecycle";

const DAY_MS = 86_400_000;

export async function runReceiptReminders(db: Database, now = new Date(), only: { companyId?: string } = {}): Promise<{ reminded: number }> {
  const due = await db
    .select({
      order: supplierOrders,
      supplierKind: supplierConnections.supplier,
      supplierName: supplierConnections.displayName,
      requisitionNumber: requisitions.number,
      requesterId: requisitions.requesterId,
      days: companies.receiptReminderDays,
    })
    .from(supplierOrders)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .innerJoin(requisitions, and(eq(requisitions.id, supplierOrders.requisitionId), eq(requisitions.revision, supplierOrders.revision)))
    .innerJoin(companies, eq(companies.id, supplierOrders.companyId))
    .where(
      and(
        eq(supplierOrders.state, "placed"),
        isNull(supplierOrders.receivedAt),
        isNull(supplierOrders.receiptRemindedAt),
        or(
          eq(supplierOrders.supplierStatus, "delivered"),
          and(eq(supplierOrders.supplierStatus, "shipped"), inArray(supplierConnections.supplier, [...SUPPLIERS_WITHOUT_DELIVERY])),
        ),
        notExists(
          db
            .select({ one: sql`1` })
            .from(receipts)
            .where(eq(receipts.supplierOrderId, supplierOrders.id)),
        ),
        only.companyId ? eq(supplierOrders.companyId, only.companyId) : undefined,
      ),
    );
  let reminded = 0;
  for (const row of due) {
    const since = await arrivedSince(db, row.order, row.order.supplierStatus!);
    if (now.getTime() - since.getTime() < row.days * DAY_MS) continue;
    const label = `REQ-${row.requisitionNumber}`;
    const said = row.order.supplierStatus === "delivered" ? "delivered" : "dispatched";
    const sent = await inLifecycle(db, async (lifecycle) => {
      if (!(await lifecycle.receiptReminderSent(row.order.id))) return false;
      await notify(lifecycle.tx, {
        companyId: row.order.companyId,
        userIds: [row.requesterId],
        kind: "receipt.reminder",
        title: `${label}: did it arrive?`,
        body: `${row.supplierName} says your order was ${said} ${Math.floor((now.getTime() - since.getTime()) / DAY_MS)} days ago, and nothing was received yet. Record what arrived, or tell ${row.supplierName} if nothing did.`,
        link: `/requisitions/${row.order.requisitionId}`,
      });
      await recordAudit(lifecycle.tx, {
        companyId: row.order.companyId,
        actorId: null,
        action: "supplier_order.receipt_reminded",
        subject: { type: "supplier_order", id: row.order.id },
        details: { supplier: row.supplierName, afterDays: row.days },
      });
      return true;
    });
    if (sent) reminded++;
  }
  return { reminded };
}

/**
 * When the supplier first said so: the status change in the order's history, else its first shipment, else when it
 * was placed (a supplier that answered "delivered" straight away).
 */
async function arrivedSince(db: Database, order: typeof supplierOrders.$inferSelect, status: string): Promise<Date> {
  const [changed] = await db
    .select({ at: sql<Date>`min(${auditLog.at})`.mapWith((v: string | Date) => new Date(v)) })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.subjectType, "supplier_order"),
        eq(auditLog.subjectId, order.id),
        eq(auditLog.action, "supplier_order.status_changed"),
        sql`${auditLog.details}->>'to' = ${status}`,
      ),
    );
  if (changed?.at && !Number.isNaN(changed.at.getTime())) return changed.at;
  const [shipment] = await db
    .select({ at: sql<Date | null>`min(${supplierShipments.shippedAt})`.mapWith((v: string | Date | null) => (v ? new Date(v) : null)) })
    .from(supplierShipments)
    .where(eq(supplierShipments.supplierOrderId, order.id));
  return shipment?.at ?? order.placedAt ?? order.createdAt;
}
