/**
 * `npm run worker`: the supplier worker (server/jobs/worker.ts) as a process of its own, for portal instances started
 * with PORTAL_WORKER=off. Any number may run on one PostgreSQL: each piece of work is claimed in the database.
 * PostgreSQL only: a PGlite data folder belongs to the one portal process that opened it.
 */
import { openDatabase } from "@/db/client";
import { env, workerProcessRefusal } from "@/server/env";
import { shareSupplierStateThrough } from "@/server/instances/shared-supplier-state";
import { logSupplierCallsAsJson } from "@/server/logging";
import { startWorker, stopWorker, workerOptionsFromEnv } from "@/server/jobs/worker";

const refused = workerProcessRefusal();
if (refused) {
  console.error(`[worker] cannot start: ${refused}`);
  process.exit(2);
}
const handle = await openDatabase({ url: env.DATABASE_URL });
// Migrations are the portal's to run, but a worker started first must not work on an older schema.
await handle.migrate();
logSupplierCallsAsJson();
shareSupplierStateThrough(handle.db);
startWorker(handle.db, workerOptionsFromEnv());
console.log(`[worker] running on PostgreSQL, polling every ${env.OUTBOX_POLL_MS} ms`);

let closing = false;
const shutdown = async (signal: string) => {
  if (closing) return;
  closing = true;
  console.log(`[worker] ${signal}: finishing the pass and closing the database`);
  await stopWorker();
  await handle.close();
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
// The worker's timer is unref'd (it must not hold the portal open); this process exists for it, so it stays up.
setInterval(() => undefined, 60_000);
