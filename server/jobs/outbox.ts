/**
 * The outbox worker's passes: due supplier orders and notification emails, claimed with a lease, done, retried with
 * backoff or given up for good. What placing an order means lives in the use case it calls.
 */
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { logger, withRequestId } from "@/server/logging";
import { outbox } from "@/db/schema";
import { emailNotification, type Mailer } from "@/server/notifications/email";
import { emailInvitation } from "@/server/people/invitation-email";
import { placeSupplierOrder } from "@/server/requisitions/place-supplier-order";
import { emailPurchaseOrder } from "@/server/requisitions/purchase-orders";
import { processWebhookDelivery } from "@/server/webhooks/supplier-webhooks";
import { pushToHypatos } from "@/server/accounts-payable/enrichment";

const CLAIM_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Exponential backoff with full jitter: 2 s, 4 s, 8 s ... capped at five minutes. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(1000 + random() * ceiling);
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
        and(
          eq(outbox.kind, kind),
          eq(outbox.state, "pending"),
          // Work queued a moment ago carries the database's clock (microseconds), which can be a hair past a JavaScript
          // `now` (milliseconds) taken just after; the later of the two keeps it from waiting a whole poll for nothing.
          lte(outbox.nextAttemptAt, sql`greatest(${now.toISOString()}::timestamptz, now())`),
          or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
        ),
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
      .returning({ id: outbox.id, company_id: outbox.companyId, subject_id: outbox.subjectId, attempts: outbox.attempts, requestId: outbox.requestId });
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
    const outcome = await withRequestId(work.requestId, () => placeSupplierOrder(db, work.subject_id));
    logger.info(
      { requestId: work.requestId ?? undefined, supplierOrderId: work.subject_id, outcome: outcome.kind, attempt: work.attempts },
      "supplier order worked",
    );
    if (outcome.kind === "placed" || outcome.kind === "skipped") {
      await closeWork(db, work, "done");
      if (outcome.kind === "placed") result.placed++;
    } else if (outcome.kind === "refused") {
      await closeWork(db, work, "dead", outcome.message);
      result.failed++;
    } else {
      await retryLater(db, work, outcome.message, outcome.retryAfterMs ?? retryDelayMs(work.attempts));
      result.retried++;
    }
  }
  await sendDuePurchaseOrders(db, now, limit, options);
  await processDueWebhooks(db, now, limit);
  await pushDueToHypatos(db, now, limit);
  await sendDueEmails(db, now, limit, options);
  await sendDueInvitations(db, now, limit, options);
  return result;
}

/** Orders and receipts for the company's Hypatos: sent once, retried as long as it asks (429, 5xx), given up when it refuses. */
export async function pushDueToHypatos(db: Database, now = new Date(), limit = 10): Promise<number> {
  let sent = 0;
  for (const work of await claimDue(db, now, limit, "hypatos_push")) {
    const outcome = await withRequestId(work.requestId, () => pushToHypatos(db, work.subject_id));
    if (outcome.kind === "sent") {
      await closeWork(db, work, "done");
      sent++;
    } else if (outcome.kind === "refused") await closeWork(db, work, "dead", outcome.message);
    else await retryLater(db, work, outcome.message, outcome.retryAfterMs ?? retryDelayMs(work.attempts));
  }
  return sent;
}

/** Purchase orders for suppliers whose API takes none, to their order address: sent once, retried when the mail server fails. */
export async function sendDuePurchaseOrders(db: Database, now = new Date(), limit = 10, options: OutboxOptions = {}): Promise<EmailRunResult> {
  return sendDueMail(db, now, limit, "send_purchase_order", "purchase order", (subjectId) => emailPurchaseOrder(db, subjectId, options.mailer));
}

/** Verified webhook deliveries, worked after the supplier already had its 200. */
export async function processDueWebhooks(db: Database, now = new Date(), limit = 10): Promise<number> {
  let done = 0;
  for (const work of await claimDue(db, now, limit, "supplier_webhook")) {
    try {
      const outcome = await withRequestId(work.requestId, () => processWebhookDelivery(db, work.company_id, work.subject_id));
      await closeWork(db, work, outcome.kind === "done" ? "done" : "dead", outcome.kind === "refused" ? outcome.message : null);
      done++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(
        { requestId: work.requestId ?? undefined, webhookDeliveryId: work.subject_id, problem: message },
        "webhook delivery not worked yet, will retry",
      );
      await retryLater(db, work, message, retryDelayMs(work.attempts));
    }
  }
  return done;
}

export async function sendDueEmails(db: Database, now = new Date(), limit = 10, options: OutboxOptions = {}): Promise<EmailRunResult> {
  // A refused email copy is given up; the notification itself stays in the portal.
  return sendDueMail(db, now, limit, "send_email", "notification", (subjectId) => emailNotification(db, subjectId, options.mailer));
}

/** Invitations to join a company, to the invited address; a resend queues the same invitation again with its new link. */
export async function sendDueInvitations(db: Database, now = new Date(), limit = 10, options: OutboxOptions = {}): Promise<EmailRunResult> {
  return sendDueMail(db, now, limit, "send_invitation", "invitation", (subjectId) => emailInvitation(db, subjectId, options.mailer));
}

type MailOutcome = { kind: "sent" } | { kind: "skipped" } | { kind: "refused"; message: string } | { kind: "retry"; message: string };

/** One pass over due mail of a kind: sent or skipped is done, refused is given up, anything else is tried again later. */
async function sendDueMail(
  db: Database,
  now: Date,
  limit: number,
  kind: OutboxKind,
  what: string,
  send: (subjectId: string) => Promise<MailOutcome>,
): Promise<EmailRunResult> {
  const result: EmailRunResult = { sent: 0, skipped: 0, failed: 0, retried: 0 };
  for (const work of await claimDue(db, now, limit, kind)) {
    let outcome: MailOutcome;
    try {
      outcome = await withRequestId(work.requestId, () => send(work.subject_id));
    } catch (error) {
      outcome = { kind: "retry", message: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.kind === "sent" || outcome.kind === "skipped") {
      await closeWork(db, work, "done");
      result[outcome.kind]++;
    } else if (outcome.kind === "refused") {
      await closeWork(db, work, "dead", outcome.message);
      result.failed++;
    } else {
      logger.warn({ requestId: work.requestId ?? undefined, subjectId: work.subject_id, problem: outcome.message }, `${what} not emailed yet, will retry`);
      await retryLater(db, work, outcome.message, retryDelayMs(work.attempts));
      result.retried++;
    }
  }
  return result;
}

/** Claimed work, named by its company too: once claimed, each piece is written back on its company's rows alone. */
type ClaimedWork = { id: string; company_id: string };

async function closeWork(db: Database, work: ClaimedWork, state: "done" | "dead", lastError: string | null = null) {
  await db
    .update(outbox)
    .set({ state, doneAt: new Date(), lockedUntil: null, lastError })
    .where(and(eq(outbox.companyId, work.company_id), eq(outbox.id, work.id)));
}

async function retryLater(db: Database, work: ClaimedWork, lastError: string, delayMs: number) {
  await db
    .update(outbox)
    .set({ lockedUntil: null, lastError, nextAttemptAt: new Date(Date.now() + delayMs) })
    .where(and(eq(outbox.companyId, work.company_id), eq(outbox.id, work.id)));
}
