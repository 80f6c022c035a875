/**
 * Starts the portal with its embedded defaults: the supplier sandboxes on
 * loopback (unless HYGRADE_BASE_URL / YODIFY_BASE_URL / ORDERSPACE_BASE_URL / ORDERCLOUD_BASE_URL point at the real ones) keeping their
 * orders in a state folder under .data/, the Hypatos (accounts payable) sandbox unless HYPATOS_BASE_URL is set, keeping their
 * orders in a state folder under .data/, a PGlite data folder under .data/, a generated
 * session secret kept in .data/, the keyring stored secrets are sealed under in a key file of its own (.keys/, unless
 * PORTAL_ENCRYPTION_KEY is set), and then
 * `next start` (or `next dev` with --dev). The portal process itself migrates
 * the database, seeds the demo company and prints the demo users.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { formatKeyring } from "../server/keys/keyring";
import { embeddedKeyring, keyFilePath, sessionSecret } from "./embedded-defaults";
import { startHygradeSandbox } from "../server/sandboxes/hygrade/sandbox";
import { startYodifySandbox } from "../server/sandboxes/yodify/sandbox";
import { startOrderspaceSandbox } from "../server/sandboxes/orderspace/sandbox";
import { ACME_CUSTOMER_ID } from "../server/sandboxes/orderspace/data";
import { startOrderCloudSandbox } from "../server/sandboxes/ordercloud/sandbox";
import { startHypatosSandbox } from "../server/sandboxes/hypatos/sandbox";

const dev = process.argv.includes("--dev");
const root = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(root, ".data");
mkdirSync(dataDir, { recursive: true });

/** A value made once and kept in .data/ (the demo connection's webhook key and signing key survive restarts with the database). */
function kept(name: string, make: () => string): string {
  const file = path.join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, make(), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** PORTAL_ENCRYPTION_KEY, else the key file's ring (`next start` runs as production, where the portal requires the variable). */
function encryptionKeyring(): string {
  if (process.env.PORTAL_ENCRYPTION_KEY) return process.env.PORTAL_ENCRYPTION_KEY;
  const ring = embeddedKeyring();
  console.log(`[start] stored secrets sealed under the key file ${keyFilePath()} (current key ${ring.current.id})`);
  return formatKeyring(ring);
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
    NEXTAUTH_SECRET: sessionSecret({ create: true }),
    PORTAL_ENCRYPTION_KEY: encryptionKeyring(),
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

  let orderspace: Awaited<ReturnType<typeof startOrderspaceSandbox>> | null = null;
  if (!process.env.ORDERSPACE_BASE_URL) {
    orderspace = await startOrderspaceSandbox({
      port: Number(process.env.ORDERSPACE_SANDBOX_PORT ?? 4102),
      stateFile: path.join(sandboxStateDir, "orderspace.json"),
    });
    const webhookKey = kept("orderspace-webhook-key", () => `os-${randomBytes(18).toString("base64url")}`);
    const webhookSecret = kept("orderspace-webhook-secret", () => randomBytes(24).toString("base64url"));
    Object.assign(env, {
      ORDERSPACE_BASE_URL: orderspace.baseUrl,
      ORDERSPACE_TOKEN_URL: orderspace.tokenUrl,
      ORDERSPACE_CLIENT_ID: orderspace.clientId,
      ORDERSPACE_CLIENT_SECRET: orderspace.clientSecret,
      ORDERSPACE_CUSTOMER_ID: process.env.ORDERSPACE_CUSTOMER_ID ?? ACME_CUSTOMER_ID,
      ORDERSPACE_ORDER_EMAIL: process.env.ORDERSPACE_ORDER_EMAIL ?? "orders@northfield-workwear.example",
      ORDERSPACE_WEBHOOK_KEY: webhookKey,
      ORDERSPACE_WEBHOOK_SECRET: webhookSecret,
    });
    // The seller's webhook points at the portal (loopback http: the sandbox's control call allows it, the real API wants HTTPS).
    const endpoint = `http://127.0.0.1:${port}/api/suppliers/webhooks/${webhookKey}`;
    const known = (await (await fetch(`${orderspace.url}/_sandbox/webhooks`)).json()) as { webhooks: { endpoint: string }[] };
    if (!known.webhooks.some((w) => w.endpoint === endpoint)) {
      await fetch(`${orderspace.url}/_sandbox/webhooks`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ endpoint, signing_key: webhookSecret }),
      });
    }
    console.log(`[start] Orderspace sandbox on ${orderspace.url} (API ${orderspace.baseUrl}, identity ${orderspace.tokenUrl}, webhooks to ${endpoint})`);
  } else {
    console.log(`[start] using Orderspace at ${process.env.ORDERSPACE_BASE_URL}`);
  }

  let ordercloud: Awaited<ReturnType<typeof startOrderCloudSandbox>> | null = null;
  if (!process.env.ORDERCLOUD_BASE_URL) {
    ordercloud = await startOrderCloudSandbox({
      port: Number(process.env.ORDERCLOUD_SANDBOX_PORT ?? 4103),
      stateFile: path.join(sandboxStateDir, "ordercloud.json"),
    });
    // The buyer-side integration's usual case: the company's own OrderCloud buyer user, by the password grant.
    Object.assign(env, {
      ORDERCLOUD_BASE_URL: ordercloud.baseUrl,
      ORDERCLOUD_TOKEN_URL: ordercloud.tokenUrl,
      ORDERCLOUD_CLIENT_ID: ordercloud.clientId,
      ORDERCLOUD_USERNAME: ordercloud.users.buyer.username,
      ORDERCLOUD_PASSWORD: ordercloud.users.buyer.password,
      ORDERCLOUD_BUYER_ID: ordercloud.buyerId,
    });
    console.log(
      `[start] OrderCloud sandbox on ${ordercloud.url} (API ${ordercloud.baseUrl}, token ${ordercloud.tokenUrl}, buyer user ${ordercloud.users.buyer.username})`,
    );
  } else {
    console.log(`[start] using OrderCloud at ${process.env.ORDERCLOUD_BASE_URL}`);
  }

  let hypatos: Awaited<ReturnType<typeof startHypatosSandbox>> | null = null;
  if (!process.env.HYPATOS_BASE_URL) {
    const processingMs = Number(process.env.HYPATOS_SANDBOX_PROCESSING_MS ?? 3000);
    hypatos = await startHypatosSandbox({
      port: Number(process.env.HYPATOS_SANDBOX_PORT ?? 4104),
      processingMs: Number.isFinite(processingMs) && processingMs >= 0 ? processingMs : 3000,
    });
    Object.assign(env, {
      HYPATOS_BASE_URL: hypatos.baseUrl,
      HYPATOS_TOKEN_URL: hypatos.tokenUrl,
      HYPATOS_CLIENT_ID: hypatos.clientId,
      HYPATOS_CLIENT_SECRET: hypatos.clientSecret,
      HYPATOS_PROJECT_ID: hypatos.projectId,
    });
    console.log(`[start] Hypatos sandbox on ${hypatos.url} (API ${hypatos.baseUrl}, token ${hypatos.tokenUrl}, project ${hypatos.projectId})`);
  } else {
    console.log(`[start] using Hypatos at ${process.env.HYPATOS_BASE_URL}`);
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
    await Promise.all([sandbox?.close(), yodify?.close(), orderspace?.close(), ordercloud?.close(), hypatos?.close()]);
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch((error) => {
  console.error("[start] failed", error);
  process.exit(1);
});
