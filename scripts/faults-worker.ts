/**
 * The worker of `npm run faults` in a process of its own, so the run can kill it with SIGKILL mid-pass: the real
 * worker (server/jobs/worker.ts) on the run's PostgreSQL database. With FAULTS_FINAL=1 it is the last worker: it
 * works the outbox with the clock past every backoff and lease until no supplier order is left to send, then exits.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { outbox } from "@/db/schema";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { refreshOpenSupplierOrders } from "@/server/jobs/order-status";
import { settleSupplierIntents } from "@/server/jobs/supplier-intents";
import { startWorker } from "@/server/jobs/worker";

const url = process.env.FAULTS_WORKER_DATABASE_URL;
if (!url) {
  console.error("faults-worker: set FAULTS_WORKER_DATABASE_URL (scripts/faults.ts starts this process)");
  process.exit(2);
}
const handle = await openDatabase({ url });

if (process.env.FAULTS_FINAL === "1") {
  // Past every lease (a minute) and backoff (five minutes at most): what is left is worked now, not in minutes.
  const ahead = 6 * 60_000;
  const deadline = Date.now() + Number(process.env.FAULTS_FINAL_DEADLINE_MS ?? 120_000);
  for (;;) {
    await runDueOutboxWork(handle.db, new Date(Date.now() + ahead), 50);
    await settleSupplierIntents(handle.db, new Date(Date.now() + ahead));
    const [left] = await handle.db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.kind, "place_supplier_order"), inArray(outbox.state, ["pending"])));
    if (!left || left.n === 0) break;
    if (Date.now() > deadline) {
      console.error(`faults-worker: ${left.n} supplier orders still to send at the deadline`);
      await handle.close();
      process.exit(3);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await refreshOpenSupplierOrders(handle.db, 0, 500);
  await handle.close();
  process.exit(0);
} else {
  startWorker(handle.db, { pollMs: 200, statusEveryMs: 1_500 });
  console.log("faults-worker: running");
  // Until killed: SIGKILL is the point of this process.
  setInterval(() => undefined, 60_000);
}
