import type { Database } from "@/db/client";
import { runDueOutboxWork } from "./outbox";
import { runEscalations } from "./escalation";
import { refreshOpenSupplierOrders } from "./order-status";

/**
 * The in-process worker: sends due supplier orders and refreshes open orders'
 * status. It runs in the portal's own process (PGlite allows no other), one
 * pass at a time; `kickWorker` asks for a pass now instead of at the next tick.
 */
const globalForWorker = globalThis as unknown as { __portalWorker?: { kick: () => void; stop: () => Promise<void> } };

export function startWorker(db: Database, options: { pollMs: number; statusEveryMs?: number }) {
  if (globalForWorker.__portalWorker) return globalForWorker.__portalWorker;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastStatusPass = 0;
  const statusEveryMs = options.statusEveryMs ?? 30_000;

  const pass = async () => {
    try {
      await runDueOutboxWork(db);
      if (Date.now() - lastStatusPass >= statusEveryMs) {
        lastStatusPass = Date.now();
        await refreshOpenSupplierOrders(db);
        await runEscalations(db);
      }
    } catch (error) {
      console.error("[worker] pass failed; will try again", error);
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
    },
  };
  globalForWorker.__portalWorker = worker;
  kick();
  return worker;
}

/** Called after an approval so the order goes out now; a no-op where no worker runs (tests drive passes themselves). */
export function kickWorker(): void {
  globalForWorker.__portalWorker?.kick();
}

export async function stopWorker(): Promise<void> {
  await globalForWorker.__portalWorker?.stop();
}
