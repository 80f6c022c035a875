/**
 * A change a person asks of a supplier (cancel an order, decline a quote, decide a supplier-held order) is written
 * down as an intent, in its own committed write, before the supplier is asked; the portal's side is written in the
 * transaction that marks the intent done. When that write fails after the supplier acted, or the supplier's answer is
 * lost, the intent stays pending and the worker (completePendingIntents) reads the supplier's state back and finishes
 * or closes it, so the two sides never disagree silently and the person is told what actually happened.
 *
 * The rules of each change (who may, what is recorded) stay in its use case, which hands this module an IntentHandler.
 */
import { and, asc, eq, lte } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { supplierConnections, supplierIntents, users, type SupplierIntentKind } from "@/db/schema";
import { recordAudit, type AuditSubject } from "@/server/audit/audit-log";
import { supplierFailureToAppError } from "@/server/connections/ask-supplier";
import type { SupplierConnectionRow } from "@/server/connections/connections";
import { AppError } from "@/server/errors";
import { kickWorker } from "@/server/jobs/nudge";
import { notify } from "@/server/notifications/notify";
import { isSupplierError } from "@/server/suppliers";

export type SupplierIntent = typeof supplierIntents.$inferSelect;

/** How long the person's own request holds its intent before the worker may look at it (a slow supplier's retries included). */
const REQUEST_HOLDS_MS = 2 * 60_000;
/** When the supplier did not answer, how long before the worker asks it what happened: a late call may still land. */
const ASK_AFTER_SILENCE_MS = 15_000;
/** Between two read-backs of a supplier that does not answer them either. */
const RECHECK_MS = 60_000;

export interface IntentHandler<T> {
  kind: SupplierIntentKind;
  /** What the supplier did, in words after its name: "cancelled the order", "declined QTE-0000000003". */
  did(intent: SupplierIntent): string;
  /** Where the person sees the object (for the notice the worker sends when it finishes). */
  link(intent: SupplierIntent): string | null;
  /** The call that changes something at the supplier; given the intent's idempotency key to send where the API takes one. */
  act(intent: SupplierIntent, connection: SupplierConnectionRow): Promise<T>;
  /** The supplier's state read back: its answer when the change is made there, null when it is not. */
  readBack(intent: SupplierIntent, connection: SupplierConnectionRow): Promise<T | null>;
  /** A certain refusal in the person's words; unset: the supplier's own words (supplierFailureToAppError). */
  refusal?(supplierName: string, error: unknown): AppError;
  /** The portal's side of the change, in the transaction that marks the intent done; `actor` is whoever asked for it. */
  record(tx: Database, intent: SupplierIntent, result: T, actor: { id: string; name: string }): Promise<void>;
}

export interface IntentRequest {
  companyId: string;
  actor: { id: string; name: string };
  connection: SupplierConnectionRow;
  subject: { type: AuditSubject; id: string };
  supplierRef: string;
  details?: Record<string, unknown>;
  /** Send the intent's id as the supplier's idempotency key (its API takes one for this call). */
  withIdempotencyKey?: boolean;
}

/**
 * What happened, for the person's answer: done (both sides agree), recording (the supplier acted, the portal is still
 * writing it down) or checking (the supplier did not answer; the worker finds out). A refusal is thrown.
 */
export type IntentOutcome<T> =
  | { state: "done"; result: T; message: string; intentId: string }
  | { state: "recording"; result: T; message: string; intentId: string }
  | { state: "checking"; result: null; message: string; intentId: string };

/** A refusal the supplier gave for certain: nothing changed there. Anything else (no answer, a reply cut off) may have. */
function isDefiniteRefusal(error: unknown): boolean {
  if (error instanceof AppError) return true;
  return isSupplierError(error) && ["validation", "not_found", "conflict", "auth", "rate_limited"].includes(error.kind);
}

/** The error's words, with its cause's (a failed query's own message is only "Failed query: …"). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause ? `${error.message}: ${errorText(error.cause)}` : error.message;
}

async function audit(db: Database, intent: SupplierIntent, outcome: string, extra: Record<string, unknown> = {}) {
  await recordAudit(db, {
    companyId: intent.companyId,
    actorId: intent.actorId,
    action: `supplier_intent.${outcome}`,
    subject: { type: intent.subjectType as AuditSubject, id: intent.subjectId },
    details: { intentId: intent.id, kind: intent.kind, supplierRef: intent.supplierRef, ...intent.details, ...extra },
  });
}

/** The pending change on this supplier object, named for the person who tried a second one. */
async function pendingRefusal(db: Database, connection: SupplierConnectionRow, supplierRef: string): Promise<AppError | null> {
  const [pending] = await db
    .select({ intent: supplierIntents, actorName: users.name })
    .from(supplierIntents)
    .leftJoin(users, eq(users.id, supplierIntents.actorId))
    .where(and(eq(supplierIntents.supplierConnectionId, connection.id), eq(supplierIntents.supplierRef, supplierRef), eq(supplierIntents.status, "pending")));
  if (!pending) return null;
  const what = pending.intent.kind.split(".")[1];
  const since = pending.intent.createdAt.toISOString().slice(11, 16);
  return new AppError(
    "conflict",
    `A ${what} of this at ${connection.displayName}, asked by ${pending.actorName ?? "the portal"} at ${since} UTC, is still being settled with ${connection.displayName}. Wait for it to finish before asking again.`,
  );
}

/** Writes the intent down (committed) before anything is asked of the supplier; a second one while one is pending is refused. */
async function recordIntent(db: Database, handler: IntentHandler<unknown>, request: IntentRequest): Promise<SupplierIntent> {
  const refusal = await pendingRefusal(db, request.connection, request.supplierRef);
  if (refusal) throw refusal;
  const id = crypto.randomUUID();
  try {
    const [intent] = await db
      .insert(supplierIntents)
      .values({
        id,
        companyId: request.companyId,
        actorId: request.actor.id,
        supplierConnectionId: request.connection.id,
        kind: handler.kind,
        subjectType: request.subject.type,
        subjectId: request.subject.id,
        supplierRef: request.supplierRef,
        idempotencyKey: request.withIdempotencyKey ? `intent-${id}` : null,
        details: request.details ?? {},
        nextCheckAt: new Date(Date.now() + REQUEST_HOLDS_MS),
      })
      .returning();
    return intent!;
  } catch (error) {
    // Two requests at once: the other one's intent won the unique index.
    if (isUniqueViolation(error)) throw (await pendingRefusal(db, request.connection, request.supplierRef)) ?? error;
    throw error;
  }
}

/** The portal's side written and the intent marked done, together; false when someone else finished it first. */
async function complete<T>(db: Database, handler: IntentHandler<T>, intent: SupplierIntent, result: T, actor: { id: string; name: string }) {
  const completed = await db.transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(supplierIntents)
      .where(and(eq(supplierIntents.id, intent.id), eq(supplierIntents.status, "pending")))
      .for("update");
    if (!locked) return false;
    await handler.record(tx, locked, result, actor);
    await tx
      .update(supplierIntents)
      .set({ status: "done", outcome: handler.did(locked), supplierActedAt: locked.supplierActedAt ?? new Date(), finishedAt: new Date(), lastError: null })
      .where(eq(supplierIntents.id, intent.id));
    return true;
  });
  // What the record queued (an accounts-payable update, a notice's email) goes out now that it is committed.
  if (completed) kickWorker();
  return completed;
}

/**
 * Asks the supplier for the change the handler describes, with the intent recorded first. Returns what happened for
 * the person's answer; throws the supplier's refusal (the intent marked failed with its words).
 */
export async function carryOut<T>(db: Database, handler: IntentHandler<T>, request: IntentRequest): Promise<IntentOutcome<T>> {
  const intent = await recordIntent(db, handler as IntentHandler<unknown>, request);
  const supplier = request.connection.displayName;
  let result: T;
  try {
    result = await handler.act(intent, request.connection);
  } catch (error) {
    if (isDefiniteRefusal(error)) {
      const refusal = handler.refusal ? handler.refusal(supplier, error) : supplierFailureToAppError(supplier, error);
      await db.update(supplierIntents).set({ status: "failed", outcome: refusal.message, finishedAt: new Date() }).where(eq(supplierIntents.id, intent.id));
      await audit(db, intent, "refused", { supplier, words: refusal.message });
      throw refusal;
    }
    await db
      .update(supplierIntents)
      .set({ lastError: errorText(error), nextCheckAt: new Date(Date.now() + ASK_AFTER_SILENCE_MS) })
      .where(eq(supplierIntents.id, intent.id));
    await audit(db, intent, "unanswered", { supplier, error: errorText(error) });
    return {
      state: "checking",
      result: null,
      intentId: intent.id,
      message: `${supplier} did not answer; we will check whether it ${handler.did(intent)} and tell you.`,
    };
  }
  try {
    await complete(db, handler, { ...intent, supplierActedAt: new Date() }, result, request.actor);
    return { state: "done", result, intentId: intent.id, message: `${supplier} ${handler.did(intent)}.` };
  } catch (error) {
    console.error(`[supplier-intents] ${supplier} ${handler.did(intent)} but the portal could not record it; the worker finishes it`, error);
    // Best effort: the database that just failed may refuse these too, and the intent is still pending either way.
    await db
      .update(supplierIntents)
      .set({ supplierActedAt: new Date(), lastError: errorText(error), nextCheckAt: new Date() })
      .where(eq(supplierIntents.id, intent.id))
      .then(() => audit(db, intent, "recording", { supplier, error: errorText(error) }))
      .catch((again: unknown) => console.error("[supplier-intents] could not note it either", again));
    kickWorker();
    return {
      state: "recording",
      result,
      intentId: intent.id,
      message: `${supplier} ${handler.did(intent)}; the portal is still recording it and will finish within a minute.`,
    };
  }
}

/**
 * The worker's pass: pending intents whose request has let go, oldest first. Each is settled by what the supplier says
 * now: made there, the portal's side is recorded and the intent done; not made, it is closed as not done. Either way the
 * person who asked is told. A supplier that does not answer is asked again a minute later.
 */
export async function completePendingIntents(db: Database, handlers: IntentHandler<never>[], now = new Date(), batch = 20): Promise<number> {
  const byKind = new Map(handlers.map((h) => [h.kind, h as unknown as IntentHandler<unknown>]));
  const due = await db
    .select({ intent: supplierIntents, connection: supplierConnections, actorName: users.name })
    .from(supplierIntents)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierIntents.supplierConnectionId))
    .innerJoin(users, eq(users.id, supplierIntents.actorId))
    .where(and(eq(supplierIntents.status, "pending"), lte(supplierIntents.nextCheckAt, now)))
    .orderBy(asc(supplierIntents.nextCheckAt))
    .limit(batch);
  let settled = 0;
  for (const { intent, connection, actorName } of due) {
    const handler = byKind.get(intent.kind);
    if (!handler) continue;
    // Claimed for this pass, so a second worker (or a slow pass) does not ask twice.
    const [claimed] = await db
      .update(supplierIntents)
      .set({ nextCheckAt: new Date(now.getTime() + RECHECK_MS), checks: intent.checks + 1 })
      .where(and(eq(supplierIntents.id, intent.id), eq(supplierIntents.status, "pending"), lte(supplierIntents.nextCheckAt, now)))
      .returning();
    if (!claimed) continue;
    const supplier = connection.displayName;
    try {
      const state = await handler.readBack(claimed, connection);
      const link = handler.link(claimed) ?? undefined;
      if (state !== null) {
        if (!(await complete(db, handler, claimed, state, { id: claimed.actorId, name: actorName ?? "" }))) continue;
        await notify(db, {
          companyId: claimed.companyId,
          userIds: [claimed.actorId],
          kind: "supplier_change.settled",
          title: `${supplier} ${handler.did(claimed)}`,
          body: `${supplier} ${handler.did(claimed)}, and the portal has now recorded it.`,
          link,
        });
      } else {
        const [closed] = await db
          .update(supplierIntents)
          .set({ status: "not_done", outcome: `${supplier} has not ${handler.did(claimed)}.`, finishedAt: new Date() })
          .where(and(eq(supplierIntents.id, claimed.id), eq(supplierIntents.status, "pending")))
          .returning();
        if (!closed) continue;
        await audit(db, claimed, "not_done", { supplier });
        await notify(db, {
          companyId: claimed.companyId,
          userIds: [claimed.actorId],
          kind: "supplier_change.settled",
          title: `${supplier} did not make the change`,
          body: `We checked: ${supplier} has not ${handler.did(claimed)}. Nothing changed; ask again if it is still needed.`,
          link,
        });
      }
      settled++;
    } catch (error) {
      await db
        .update(supplierIntents)
        .set({ lastError: errorText(error) })
        .where(eq(supplierIntents.id, claimed.id));
      console.warn(`[supplier-intents] could not settle ${intent.kind} of ${intent.supplierRef} at ${supplier}; trying again: ${errorText(error)}`);
    }
  }
  return settled;
}
