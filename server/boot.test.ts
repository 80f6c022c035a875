import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claimDataFolder } from "@/db/data-folder-lock";
import { formatKeyring, generateKey } from "@/server/keys/keyring";

const folder = mkdtempSync(path.join(tmpdir(), "boot-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The portal process's start (instrumentation.ts calls bootPortal), in a process of its own. */
function boot(extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, DEMO_SEED: "0", PGLITE_DATA_DIR: path.join(folder, "pglite"), ...extraEnv };
  if (!("PORTAL_ENCRYPTION_KEY" in extraEnv)) delete env.PORTAL_ENCRYPTION_KEY;
  const run = spawnSync(
    process.execPath,
    [
      path.resolve("node_modules/tsx/dist/cli.mjs"),
      "-e",
      'import("./server/boot.ts").then((m) => m.bootPortal()).then(() => process.kill(process.pid, "SIGTERM"))',
    ],
    { env, encoding: "utf8", timeout: 170_000 },
  );
  return { status: run.status, err: run.stderr };
}

describe("starting the portal", { timeout: 180_000 }, () => {
  it("refuses in production without PORTAL_ENCRYPTION_KEY, saying what to set", () => {
    const run = boot({ NODE_ENV: "production" });
    expect(run.status).toBe(1);
    expect(run.err).toContain("[portal] cannot start: PORTAL_ENCRYPTION_KEY is required when NODE_ENV=production");
  });

  it("refuses a PGlite folder another process has open (PGlite allows one per folder)", () => {
    const release = claimDataFolder(path.join(folder, "pglite"));
    try {
      const run = boot({ NODE_ENV: "production", PORTAL_ENCRYPTION_KEY: formatKeyring([generateKey()]) });
      expect(run.status).toBe(1);
      expect(run.err).toContain(`[portal] cannot start: The PGlite data folder ${path.join(folder, "pglite")} is in use by process ${process.pid}`);
    } finally {
      release();
    }
  });
});
