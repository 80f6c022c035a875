import type { Database } from "@/db/client";
import { registerWorkerNudge } from "./nudge";
import { runDueOutboxWork } from "./outbox";
import { connectionsDueForSync, syncCatalog } from "@/server/catalog/sync";
import { runEscalations } from "./escalation";
import { runReceiptReminders } from "./receipt-reminders";
import { refreshOpenSupplierOrders } from "./order-status";
import { settleSupplierIntents } from "./supplier-intents";
import { refreshOpenQuotes } from "@/server/quotes/quoting";
import { advanceInvoiceDocuments } from "@/server/accounts-payable/invoice-documents";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { beat, runOnce } from "./job-leases";
import { env } from "@/server/env";
import { logger } from "@/server/logging";

/**
 * The worker: sends due supplier orders, follows uploaded invoices through Hypatos and refreshes open orders' status,
 * one pass at a time. It runs in the portal's own process (PORTAL_WORKER=in-process; PGlite allows no other) or as
 * processes of their own (`npm run worker`) beside several instances on one PostgreSQL. Whatever runs in each pass is
 * claimed in the database, so any number of workers do each piece of work once: outbox rows, invoice documents and
 * supplier intents carry their own leases, catalog syncs their running row, and the periodic jobs a lease in
 * worker_job_leases (job-leases.ts). A use case's nudge (nudge.ts) asks this process's worker for a pass now.
 */
const globalForWorker = globalThis as unknown as { __portalWorker?: { kick: () => void; stop: () => Promise<void> } };

/** Catalog syncs run beside the passes, not inside them: a long sync must not hold up placing orders. */
const syncing = new Set<string>();
const MAX_PARALLEL_SYNCS = 2;

function startDueSyncs(db: Database, fullEveryMs: number, newItemsEveryMs: number) {
  if (syncing.size >= MAX_PARALLEL_SYNCS) return;
  void connectionsDueForSync(db, fullEveryMs, new Date(), newItemsEveryMs).then(
    (due) => {
      for (const { id: connectionId, kind } of due) {
        if (syncing.size >= MAX_PARALLEL_SYNCS || syncing.has(connectionId)) continue;
        syncing.add(connectionId);
        syncCatalog(db, connectionId, { kind })
          .catch((error: unknown) => logger.error({ connectionId, problem: (error as Error).message }, "catalog sync failed; will resume"))
          .finally(() => syncing.delete(connectionId));
      }
    },
    (error: unknown) => logger.error({ problem: (error as Error).message }, "could not list catalogs due for sync"),
  );
}

export function startWorker(db: Database, options: { pollMs: number; statusEveryMs?: number; catalogSyncEveryMs?: number; catalogNewItemsEveryMs?: number }) {
  if (globalForWorker.__portalWorker) return globalForWorker.__portalWorker;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastStatusPass = 0;
  const statusEveryMs = options.statusEveryMs ?? 30_000;
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const periodic = (name: string, job: () => Promise<unknown>) => runOnce(db, name, workerId, statusEveryMs, job);

  const pass = async () => {
    try {
      await runDueOutboxWork(db);
      // Uploaded invoices are looked at every pass: Hypatos reads one in seconds, and the person is watching.
      await advanceInvoiceDocuments(db);
      // Every pass too: a person was told the portal would finish recording a supplier's change within a minute.
      await settleSupplierIntents(db);
      startDueSyncs(db, options.catalogSyncEveryMs ?? 6 * 3_600_000, options.catalogNewItemsEveryMs ?? 15 * 60_000);
      if (Date.now() - lastStatusPass >= statusEveryMs) {
        lastStatusPass = Date.now();
        // Each by one worker per period across all instances: two workers reading the same due rows would remind twice.
        await periodic("order-status", () => refreshOpenSupplierOrders(db));
        await periodic("quote-status", () => refreshOpenQuotes(db));
        await periodic("escalations", () => runEscalations(db));
        await periodic("receipt-reminders", () => runReceiptReminders(db));
      }
      await beat(db, workerId);
    } catch (error) {
      logger.error({ workerId, problem: (error as Error).message }, "worker pass failed; will try again");
    }
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = null;
      if (again) {
        again = false;
        kick();
      }
    });
  };
  const timer = setInterval(kick, options.pollMs);
  timer.unref();
  const worker = {
    kick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      globalForWorker.__portalWorker = undefined;
      registerWorkerNudge(undefined);
    },
  };
  globalForWorker.__portalWorker = worker;
  registerWorkerNudge(kick);
  kick();
  return worker;
}

/** The worker's pace from the validated settings, for the portal's in-process worker and `npm run worker` alike. */
export function workerOptionsFromEnv() {
  return {
    pollMs: env.OUTBOX_POLL_MS,
    catalogSyncEveryMs: env.CATALOG_SYNC_HOURS * 3_600_000,
    catalogNewItemsEveryMs: env.CATALOG_NEW_ITEMS_MINUTES * 60_000,
  };
}

export async function stopWorker(): Promise<void> {
  await globalForWorker.__portalWorker?.stop();
}
