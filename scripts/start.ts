/**
 * Starts the portal with its embedded defaults: the supplier sandboxes on
 * loopback (unless HYGRADE_BASE_URL / YODIFY_BASE_URL point at the real ones) keeping their
 * orders in a state folder under .data/, a PGlite data folder under .data/, a generated
 * session secret kept in .data/, and then
 * `next start` (or `next dev` with --dev). The portal process itself migrates
 * the database, seeds the demo company and prints the demo users.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startHygradeSandbox } from "../server/sandboxes/hygrade/sandbox";
import { startYodifySandbox } from "../server/sandboxes/yodify/sandbox";

const dev = process.argv.includes("--dev");
const root = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(root, ".data");
mkdirSync(dataDir, { recursive: true });

function sessionSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(dataDir, "portal-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function main() {
  const pgliteDir = process.env.PGLITE_DATA_DIR ?? path.join(".data", "pglite");
  // The sandboxes keep their orders across restarts so the portal's orders still exist at the supplier after `npm start` again.
  const sandboxStateDir = path.resolve(root, process.env.SANDBOX_STATE_DIR ?? path.join(".data", "sandboxes"));
  // Test runs ask for a database of their own, fresh every time, and suppliers that have forgotten the last run with it
  // (never the one without the other: a kept database would poll orders a wiped sandbox no longer has).
  if (process.env.PORTAL_RESET_DATA === "1" && !process.env.DATABASE_URL) {
    rmSync(path.resolve(root, pgliteDir), { recursive: true, force: true });
    rmSync(sandboxStateDir, { recursive: true, force: true });
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXTAUTH_SECRET: sessionSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    PGLITE_DATA_DIR: pgliteDir,
    // The portal closes PGlite itself on SIGTERM before exiting (server/boot.ts).
    NEXT_MANUAL_SIG_HANDLE: "true",
  };

  let sandbox: Awaited<ReturnType<typeof startHygradeSandbox>> | null = null;
  if (!process.env.HYGRADE_BASE_URL) {
    const advance = Number(process.env.HYGRADE_SANDBOX_ADVANCE_MS ?? 45_000);
    sandbox = await startHygradeSandbox({
      port: Number(process.env.HYGRADE_SANDBOX_PORT ?? 4100),
      autoAdvanceMs: advance > 0 ? advance : null,
      stateFile: path.join(sandboxStateDir, "hygrade.json"),
    });
    Object.assign(env, {
      HYGRADE_BASE_URL: sandbox.baseUrl,
      HYGRADE_TOKEN_URL: sandbox.tokenUrl,
      HYGRADE_CLIENT_ID: sandbox.clientId,
      HYGRADE_CLIENT_SECRET: sandbox.clientSecret,
      HYGRADE_CUST_ID: process.env.HYGRADE_CUST_ID ?? "ACME001",
    });
    console.log(`[start] Hygrade sandbox on ${sandbox.url} (API ${sandbox.baseUrl}, token ${sandbox.tokenUrl}, state in ${sandboxStateDir})`);
  } else {
    console.log(`[start] using Hygrade at ${process.env.HYGRADE_BASE_URL}`);
  }

  let yodify: Awaited<ReturnType<typeof startYodifySandbox>> | null = null;
  if (!process.env.YODIFY_BASE_URL) {
    const advance = Number(process.env.YODIFY_SANDBOX_ADVANCE_MS ?? 45_000);
    yodify = await startYodifySandbox({
      port: Number(process.env.YODIFY_SANDBOX_PORT ?? 4101),
      autoAdvanceMs: advance > 0 ? advance : null,
      stateFile: path.join(sandboxStateDir, "yodify.json"),
    });
    Object.assign(env, {
      YODIFY_BASE_URL: yodify.baseUrl,
      YODIFY_TOKEN_URL: yodify.tokenUrl,
      YODIFY_CLIENT_ID: yodify.clientId,
      YODIFY_CLIENT_SECRET: yodify.clientSecret,
      YODIFY_ACCOUNT: process.env.YODIFY_ACCOUNT ?? "ACME",
    });
    console.log(`[start] Yodify sandbox on ${yodify.url} (API ${yodify.baseUrl}, token ${yodify.tokenUrl}, state in ${sandboxStateDir})`);
  } else {
    console.log(`[start] using Yodify at ${process.env.YODIFY_BASE_URL}`);
  }

  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  if (!dev && !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("[start] no production build yet: running `next build` once");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  const child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", String(port), "-H", process.env.HOST ?? "localhost"], { stdio: "inherit", env });
  console.log(`[start] portal on http://localhost:${port}`);
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", async (code, signal) => {
    await Promise.all([sandbox?.close(), yodify?.close()]);
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch((error) => {
  console.error("[start] failed", error);
  process.exit(1);
});
