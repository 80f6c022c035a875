/**
 * A supplier's webhook deliveries (Orderspace): received per connection at an unguessable path, verified before
 * anything is read, stored once, and worked by the outbox so the supplier gets its 200 at once.
 *
 * Receiving: the signature (Base64 HMAC-SHA256 of the raw body with the connection's signing key, in
 * X-Orderspace-Signature) is compared in constant time over the raw bytes; an unknown path, a missing, wrong or
 * altered signature is refused alike (401) and nothing of the body is kept. A verified body is stored by its digest:
 * the same delivery again changes nothing.
 *
 * Working: both documented shapes are read; an order, dispatch or invoice event makes the portal look at Orderspace
 * again (entered orders matched, the linked order's status, dispatches and invoices refreshed) through the same
 * code as polling, which stays as the fallback for a missed delivery.
 */
import { currentRequestId } from "@/server/logging";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { outbox, supplierConnections, supplierOrders, supplierWebhookDeliveries } from "@/db/schema";
import { connectionByWebhookKey, webhookSecretOf } from "@/server/connections/connections";
import { AppError } from "@/server/errors";
import { kickWorker } from "@/server/jobs/nudge";
import { inLifecycle } from "@/server/requisitions/lifecycle";
import { matchEnteredOrders, refreshInvoices } from "@/server/requisitions/purchase-orders";
import { refreshSupplierOrderStatus } from "@/server/requisitions/supplier-status";
import { webhookEvents, wireWebhookBody } from "@/server/suppliers/orderspace/wire";

/** Past this a delivery is refused unread (413); 50 events of the largest documented record fit well inside. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

const refused = () => new AppError("unauthenticated", "The webhook signature is missing or does not match.");

/** True when `signature` is Base64(HMAC-SHA256(secret, body)); constant time in the signature's bytes. */
export function signatureMatches(secret: string, body: Buffer, signature: string): boolean {
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(signature.trim(), "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function receiveSupplierWebhook(db: Database, input: { key: string; signature: string | null; body: Buffer }): Promise<{ duplicate: boolean }> {
  if (input.body.length > WEBHOOK_MAX_BYTES) throw new AppError("invalid", "The delivery is larger than 1 MB.", { field: "body" });
  const connection = await connectionByWebhookKey(db, input.key);
  const secret = connection ? webhookSecretOf(connection) : null;
  if (!connection || !secret || !input.signature || !signatureMatches(secret, input.body, input.signature)) throw refused();
  const digest = createHash("sha256").update(input.body).digest("hex");
  const stored = await db.transaction(async (tx) => {
    const [delivery] = await tx
      .insert(supplierWebhookDeliveries)
      .values({ companyId: connection.companyId, connectionId: connection.id, bodySha256: digest, body: input.body.toString("utf8") })
      .onConflictDoNothing()
      .returning({ id: supplierWebhookDeliveries.id });
    if (delivery)
      await tx
        .insert(outbox)
        .values({ companyId: connection.companyId, kind: "supplier_webhook", subjectId: delivery.id, requestId: currentRequestId() })
        .onConflictDoNothing();
    return delivery ?? null;
  });
  if (stored) kickWorker();
  return { duplicate: stored === null };
}

export type WebhookOutcome = { kind: "done" } | { kind: "refused"; message: string };

const idOf = (record: unknown, key: string): string | null => {
  const value = typeof record === "object" && record !== null ? (record as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" && value ? value : null;
};

/** Works one stored delivery (the outbox calls this). A body that is not a documented shape is given up, with its reason. */
export async function processWebhookDelivery(db: Database, companyId: string, deliveryId: string): Promise<WebhookOutcome> {
  const [row] = await db
    .select({ delivery: supplierWebhookDeliveries, connection: supplierConnections })
    .from(supplierWebhookDeliveries)
    .innerJoin(
      supplierConnections,
      and(eq(supplierConnections.id, supplierWebhookDeliveries.connectionId), eq(supplierConnections.companyId, supplierWebhookDeliveries.companyId)),
    )
    .where(and(eq(supplierWebhookDeliveries.companyId, companyId), eq(supplierWebhookDeliveries.id, deliveryId)));
  if (!row || row.delivery.processedAt) return { kind: "done" };
  let parsed;
  try {
    parsed = wireWebhookBody.safeParse(JSON.parse(row.delivery.body));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) {
    await db
      .update(supplierWebhookDeliveries)
      .set({ processedAt: new Date() })
      .where(and(eq(supplierWebhookDeliveries.companyId, companyId), eq(supplierWebhookDeliveries.id, deliveryId)));
    return { kind: "refused", message: `${row.connection.displayName} sent a webhook body that is not one of the documented shapes.` };
  }
  const events = webhookEvents(parsed.data);
  const orderIds = new Set<string>();
  const invoiced = new Set<string>();
  const deleted = new Map<string, string | null>();
  let ordersChanged = false;
  for (const { event, kind, record } of events) {
    if (kind === "order") {
      ordersChanged ||= event === "order.created" || event === "order.updated";
      const id = idOf(record, "id");
      if (id && event === "order.deleted") {
        const number = typeof record === "object" && record !== null ? (record as { number?: unknown }).number : undefined;
        deleted.set(id, typeof number === "number" || typeof number === "string" ? String(number) : null);
      } else if (id) orderIds.add(id);
    } else if (kind === "dispatch") {
      const id = idOf(record, "order_id");
      if (id) orderIds.add(id);
    } else if (kind === "invoice") {
      const orders = typeof record === "object" && record !== null ? (record as { orders?: unknown }).orders : undefined;
      for (const o of Array.isArray(orders) ? orders : []) {
        const id = idOf(o, "id");
        if (id) invoiced.add(id);
      }
    }
    // Customers, products and stock: the catalog sync picks those up on its own schedule.
  }
  if (ordersChanged) await matchEnteredOrders(db, [row.connection.id]);
  const refs = [...new Set([...orderIds, ...invoiced, ...deleted.keys()])];
  if (refs.length > 0) {
    const linked = await db
      .select({ id: supplierOrders.id, ref: supplierOrders.supplierOrderRef, companyId: supplierOrders.companyId, requisitionId: supplierOrders.requisitionId })
      .from(supplierOrders)
      .where(
        and(
          eq(supplierOrders.supplierConnectionId, row.connection.id),
          isNotNull(supplierOrders.supplierOrderRef),
          inArray(supplierOrders.supplierOrderRef, refs),
        ),
      );
    for (const order of linked) {
      if (deleted.has(order.ref!)) {
        await inLifecycle(db, (lifecycle) => lifecycle.enteredOrderDeleted(order, row.connection.displayName, deleted.get(order.ref!) ?? null));
        continue;
      }
      if (orderIds.has(order.ref!)) await refreshSupplierOrderStatus(db, order.id);
      if (invoiced.has(order.ref!)) await refreshInvoices(db, order.id);
    }
  }
  await db
    .update(supplierWebhookDeliveries)
    .set({ processedAt: new Date() })
    .where(and(eq(supplierWebhookDeliveries.companyId, companyId), eq(supplierWebhookDeliveries.id, deliveryId)));
  return { kind: "done" };
}
