import { DataFolderInUseError } from "@/db/data-folder-lock";
import { closeDatabase, getDatabaseHandle } from "@/server/database";
import { portalKeys } from "@/server/secrets";
import { isFirstRun, setupCode } from "@/server/companies/first-run";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoCompany } from "@/server/demo/seed";
import {
  env,
  portalWorkerRefusal,
  hypatosSettingsFromEnv,
  ordercloudSettingsFromEnv,
  orderspaceSettingsFromEnv,
  testHooksStartRefusal,
  yodifySettingsFromEnv,
} from "@/server/env";
import { startWorker, stopWorker, workerOptionsFromEnv } from "@/server/jobs/worker";
import { shareSupplierStateThrough } from "@/server/instances/shared-supplier-state";
import { logSupplierCallsAsJson } from "@/server/logging";

/**
 * Runs once when the portal process starts (instrumentation.ts): migrate,
 * create the demo company on an empty database, start the supplier worker,
 * and close the database cleanly on SIGTERM/SIGINT. PGlite is single-process,
 * so this process is the only one that ever opens its data folder.
 */
export async function bootPortal(): Promise<void> {
  const workerRefused = portalWorkerRefusal();
  if (workerRefused) {
    console.error(`[portal] cannot start: ${workerRefused}`);
    process.exit(1);
  }
  const hooksRefused = testHooksStartRefusal();
  if (hooksRefused) {
    console.error(`[portal] cannot start: ${hooksRefused}`);
    process.exit(1);
  }
  // Refuse to start rather than fail on the first stored secret: without its keyring the portal can open none.
  try {
    const { ring } = portalKeys();
    console.log(`[portal] stored secrets sealed under key ${ring.current.id} (${ring.keys.length} key${ring.keys.length === 1 ? "" : "s"} in the keyring)`);
  } catch (error) {
    console.error(`[portal] cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  const handle = await getDatabaseHandle().catch((error: unknown) => {
    if (!(error instanceof DataFolderInUseError)) throw error;
    console.error(`[portal] cannot start: ${error.message}`);
    return process.exit(1);
  });
  console.log(`[portal] database ready (${handle.kind === "pglite" ? `PGlite at ${env.PGLITE_DATA_DIR}` : "PostgreSQL"}), migrations applied`);

  if (env.DEMO_SEED === "1") {
    if (env.HYGRADE_BASE_URL && env.HYGRADE_TOKEN_URL && env.HYGRADE_CLIENT_ID && env.HYGRADE_CLIENT_SECRET) {
      try {
        const seeded = await seedDemoCompany(
          handle.db,
          {
            baseUrl: env.HYGRADE_BASE_URL,
            tokenUrl: env.HYGRADE_TOKEN_URL,
            clientId: env.HYGRADE_CLIENT_ID,
            clientSecret: env.HYGRADE_CLIENT_SECRET,
            accountId: env.HYGRADE_CUST_ID ?? "ACME001",
          },
          yodifySettingsFromEnv(),
          orderspaceSettingsFromEnv(),
          hypatosSettingsFromEnv(),
          ordercloudSettingsFromEnv(),
        );
        console.log(seeded ? "[portal] demo company Acme Corporation created" : "[portal] demo company Acme Corporation already present");
        console.log(`[portal] demo users (password for all: ${DEMO_PASSWORD})`);
        for (const u of DEMO_USERS) console.log(`[portal]   ${u.email.padEnd(24)} ${u.name.padEnd(12)} ${u.roles.join(", ")}`);
      } catch (error) {
        console.error("[portal] could not create the demo company (is Hygrade reachable?)", error);
      }
    } else {
      console.log("[portal] HYGRADE_* not set: no demo company created (start with `npm start` for the sandboxes)");
    }
  }

  if (await isFirstRun(handle.db)) {
    console.log(`[portal] first run: no company yet. Open ${env.NEXTAUTH_URL ?? "the portal"}/setup and enter the setup code ${setupCode()}`);
  }

  logSupplierCallsAsJson();
  if (handle.kind === "postgres") shareSupplierStateThrough(handle.db);
  if (env.PORTAL_WORKER === "in-process") startWorker(handle.db, workerOptionsFromEnv());
  else console.log("[portal] PORTAL_WORKER=off: supplier work is left to the worker processes (npm run worker)");

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[portal] ${signal}: stopping worker and closing the database`);
    await stopWorker();
    await closeDatabase();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
