import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, costCenters, outbox, requisitionLines, requisitions, supplierConnections, supplierOrders, supplierQuotes } from "@/db/schema";
import { quotingConnectorFor } from "@/server/quotes/quotes";
import { commitSpend, releaseSpend } from "@/server/spend/ledger";
import { emailNotification, type Mailer } from "@/server/notifications/email";
import { connectorForRow } from "@/server/suppliers/connections";
import { isSupplierError, SupplierError } from "@/server/suppliers/errors";

const CLAIM_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Exponential backoff with full jitter: 2 s, 4 s, 8 s ... capped at five minutes. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(1000 + random() * ceiling);
}

export async function enqueueSupplierOrders(db: Database, supplierOrderIds: string[]): Promise<void> {
  if (supplierOrderIds.length === 0) return;
  await db
    .insert(outbox)
    .values(supplierOrderIds.map((id) => ({ kind: "place_supplier_order" as const, subjectId: id })))
    .onConflictDoNothing();
}

/**
 * Claims due work with a lease so two workers (two portal instances on one
 * PostgreSQL) never send the same order at once; a crashed worker's lease
 * simply runs out and the work is picked up again. The supplier sees the same
 * idempotency key (the supplier order's id) on every attempt, so even a send
 * whose answer was lost cannot create a second order.
 */
async function claimDue(db: Database, now: Date, limit: number, kind: OutboxKind) {
  const lease = new Date(now.getTime() + CLAIM_MS);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(eq(outbox.kind, kind), eq(outbox.state, "pending"), lte(outbox.nextAttemptAt, now), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now))),
      )
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({ lockedUntil: lease, attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning({ id: outbox.id, subject_id: outbox.subjectId, attempts: outbox.attempts });
  });
}

type OutboxKind = (typeof outbox.$inferSelect)["kind"];

/** Supplier orders only: placed, refused for good, or left for a later attempt. Emails are counted by `sendDueEmails`. */
export interface OutboxRunResult {
  placed: number;
  failed: number;
  retried: number;
}

export interface EmailRunResult {
  sent: number;
  /** Closed without sending: no SMTP configured, already sent, or the person is no longer active. */
  skipped: number;
  failed: number;
  retried: number;
}

export interface OutboxOptions {
  /** Defaults to the portal's own (SMTP_URL); tests pass one pointing at their own SMTP server. */
  mailer?: Mailer;
}

/**
 * One pass over due work. Each kind is claimed with its own limit, so a burst
 * of notification emails never holds a supplier order back a pass, and a
 * backlog of orders never starves the emails.
 */
export async function runDueOutboxWork(db: Database, now = new Date(), limit = 10, options: OutboxOptions = {}): Promise<OutboxRunResult> {
  const result: OutboxRunResult = { placed: 0, failed: 0, retried: 0 };
  for (const work of await claimDue(db, now, limit, "place_supplier_order")) {
    const outcome = await placeSupplierOrder(db, work.subject_id);
    if (outcome.kind === "placed" || outcome.kind === "skipped") {
      await closeWork(db, work.id, "done");
      if (outcome.kind === "placed") result.placed++;
    } else if (outcome.kind === "refused") {
      await closeWork(db, work.id, "dead", outcome.message);
      result.failed++;
    } else {
      await retryLater(db, work.id, outcome.message, outcome.retryAfterMs ?? retryDelayMs(work.attempts));
      result.retried++;
    }
  }
  await sendDueEmails(db, now, limit, options);
  return result;
}

export async function sendDueEmails(db: Database, now = new Date(), limit = 10, options: OutboxOptions = {}): Promise<EmailRunResult> {
  const result: EmailRunResult = { sent: 0, skipped: 0, failed: 0, retried: 0 };
  for (const work of await claimDue(db, now, limit, "send_email")) {
    const outcome = await emailNotification(db, work.subject_id, options.mailer);
    if (outcome.kind === "sent" || outcome.kind === "skipped") {
      await closeWork(db, work.id, "done");
      result[outcome.kind]++;
    } else if (outcome.kind === "refused") {
      // The notification itself stays in the portal; only its email copy is given up.
      await closeWork(db, work.id, "dead", outcome.message);
      result.failed++;
    } else {
      console.warn(`[outbox] notification ${work.subject_id} not emailed yet, will retry: ${outcome.message}`);
      await retryLater(db, work.id, outcome.message, retryDelayMs(work.attempts));
      result.retried++;
    }
  }
  return result;
}

async function closeWork(db: Database, id: string, state: "done" | "dead", lastError: string | null = null) {
  await db.update(outbox).set({ state, doneAt: new Date(), lockedUntil: null, lastError }).where(eq(outbox.id, id));
}

async function retryLater(db: Database, id: string, lastError: string, delayMs: number) {
  await db
    .update(outbox)
    .set({ lockedUntil: null, lastError, nextAttemptAt: new Date(Date.now() + delayMs) })
    .where(eq(outbox.id, id));
}

type PlaceOutcome = { kind: "placed" } | { kind: "skipped" } | { kind: "refused"; message: string } | { kind: "retry"; message: string; retryAfterMs?: number };

async function placeSupplierOrder(db: Database, supplierOrderId: string): Promise<PlaceOutcome> {
  const [order] = await db
    .select({ order: supplierOrders, requisition: requisitions, connection: supplierConnections, costCenterCode: costCenters.code })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(eq(supplierOrders.id, supplierOrderId));
  if (!order || order.order.state !== "queued") return { kind: "skipped" };
  const lines = await db
    .select({ itemCode: requisitionLines.itemCode, quantity: requisitionLines.quantity })
    .from(requisitionLines)
    .where(eq(requisitionLines.supplierOrderId, supplierOrderId));
  try {
    const placed = order.order.supplierQuoteId
      ? await placeByAcceptingQuote(db, order.order.supplierQuoteId, order.connection, order.order.shipTo.supplierAddressId, order.requisition.poNumber)
      : await connectorForRow(order.connection).placeOrder({
          idempotencyKey: order.order.id,
          shipToAddressId: order.order.shipTo.supplierAddressId,
          costCenterCode: order.costCenterCode,
          poNumber: order.requisition.poNumber,
          lines,
        });
    await db.transaction(async (tx) => {
      await tx
        .update(supplierOrders)
        .set({
          state: "placed",
          supplierOrderRef: placed.supplierOrderId,
          supplierStatus: placed.status,
          supplierTotalMinor: placed.total.amount,
          supplierTaxMinor: placed.tax?.amount ?? null,
          supplierShippingMinor: placed.shipping?.amount ?? null,
          failureMessage: null,
          failureField: null,
          placedAt: new Date(),
          statusCheckedAt: new Date(),
        })
        .where(and(eq(supplierOrders.id, supplierOrderId), eq(supplierOrders.state, "queued")));
      await commitSpend(tx, supplierOrderId, placed.total);
      await tx.insert(auditLog).values({
        companyId: order.order.companyId,
        actorId: null,
        action: "supplier_order.placed",
        subjectType: "supplier_order",
        subjectId: supplierOrderId,
        details: { supplier: order.connection.displayName, supplierOrderId: placed.supplierOrderId, status: placed.status },
      });
    });
    return { kind: "placed" };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isSupplierError(error) && (error.kind === "validation" || error.kind === "not_found" || error.kind === "conflict")) {
      // The supplier said no for good: tell the buyer in its words instead of retrying forever.
      await db.transaction(async (tx) => {
        await tx
          .update(supplierOrders)
          .set({ state: "failed", failureMessage: error.message, failureField: error.details.field ?? null })
          .where(eq(supplierOrders.id, supplierOrderId));
        await releaseSpend(tx, [supplierOrderId], `${order.connection.displayName} refused the order: ${error.message}`);
        await tx.insert(auditLog).values({
          companyId: order.order.companyId,
          actorId: null,
          action: "supplier_order.refused",
          subjectType: "supplier_order",
          subjectId: supplierOrderId,
          details: { supplier: order.connection.displayName, message: error.message, field: error.details.field ?? null },
        });
      });
      return { kind: "refused", message };
    }
    console.warn(`[outbox] ${order.connection.displayName} order ${supplierOrderId} not placed yet, will retry: ${message}`);
    return { kind: "retry", message, retryAfterMs: isSupplierError(error) ? error.details.retryAfterMs : undefined };
  }
}

/**
 * A supplier order checked out from a quote is placed by accepting that quote at the supplier (its
 * prices, not today's list). Accepting again returns the same order, so a retry cannot order twice.
 */
async function placeByAcceptingQuote(
  db: Database,
  quoteId: string,
  connection: typeof supplierConnections.$inferSelect,
  shipToAddressId: string,
  poNumber: string,
) {
  const [quote] = await db.select().from(supplierQuotes).where(eq(supplierQuotes.id, quoteId));
  if (!quote?.supplierQuoteRef)
    throw new SupplierError("not_found", "The quote this order came from is not known to the supplier.", connection.supplier, { code: "quote_missing" });
  const { order } = await quotingConnectorFor(connection).acceptQuote(quote.supplierQuoteRef, shipToAddressId, poNumber);
  await db.update(supplierQuotes).set({ status: "ordered", updatedAt: new Date(), checkedAt: new Date() }).where(eq(supplierQuotes.id, quoteId));
  return order;
}

/** Pending work for these supplier orders, for pages that want to say "sending". */
export async function pendingWorkFor(db: Database, supplierOrderIds: string[]) {
  if (supplierOrderIds.length === 0) return [];
  return db
    .select({ subjectId: outbox.subjectId, attempts: outbox.attempts, lastError: outbox.lastError, nextAttemptAt: outbox.nextAttemptAt })
    .from(outbox)
    .where(and(inArray(outbox.subjectId, supplierOrderIds), eq(outbox.state, "pending")));
}
