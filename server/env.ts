import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { DEFAULT_KEY_FILE, KEYRING_FORMAT, keyringProblem } from "@/server/keys/keyring";

/**
 * Every setting the portal reads, validated once. `scripts/start.ts` fills the
 * embedded defaults (secret, sandbox URLs) before the portal starts.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url().optional(),
    PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
    NEXTAUTH_SECRET: z.string().min(16).optional(),
    NEXTAUTH_URL: z.url().optional(),
    /** The port the portal listens on (scripts/start.ts, next start); a connection may not point back at it. */
    PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    /**
     * The keyring stored secrets are sealed under (server/secrets.ts): `<key id>:<32 bytes in base64>`, comma-separated,
     * the current key first. Required in production; otherwise unset means the key file below.
     */
    PORTAL_ENCRYPTION_KEY: z
      .string()
      .superRefine((value, ctx) => {
        const problem = keyringProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: `PORTAL_ENCRYPTION_KEY ${problem}` });
      })
      .optional(),
    /** The embedded default's keyring when PORTAL_ENCRYPTION_KEY is unset (never in production). */
    PORTAL_KEY_FILE: z.string().min(1).default(DEFAULT_KEY_FILE),
    HYGRADE_BASE_URL: z.url().optional(),
    HYGRADE_TOKEN_URL: z.url().optional(),
    HYGRADE_CLIENT_ID: z.string().min(1).optional(),
    HYGRADE_CLIENT_SECRET: z.string().min(1).optional(),
    HYGRADE_CUST_ID: z.string().min(1).optional(),
    YODIFY_BASE_URL: z.url().optional(),
    YODIFY_TOKEN_URL: z.url().optional(),
    YODIFY_CLIENT_ID: z.string().min(1).optional(),
    YODIFY_CLIENT_SECRET: z.string().min(1).optional(),
    /** Yodify account id or account number, e.g. ACME. */
    YODIFY_ACCOUNT: z.string().min(1).optional(),
    ORDERSPACE_BASE_URL: z.url().optional(),
    ORDERSPACE_TOKEN_URL: z.url().optional(),
    ORDERSPACE_CLIENT_ID: z.string().min(1).optional(),
    ORDERSPACE_CLIENT_SECRET: z.string().min(1).optional(),
    /** The demo company's customer id at the Orderspace seller, e.g. cu_AcMe2026. */
    ORDERSPACE_CUSTOMER_ID: z.string().min(1).optional(),
    /** Where the demo company's purchase orders for the Orderspace seller are emailed (when SMTP_URL is set). */
    ORDERSPACE_ORDER_EMAIL: z.email().optional(),
    /** The demo connection's webhook: the last part of its path, and the signing key the seller gave for it. */
    ORDERSPACE_WEBHOOK_KEY: z.string().min(16).optional(),
    ORDERSPACE_WEBHOOK_SECRET: z.string().min(8).optional(),
    /**
     * Orderspace's documented 60 requests a minute and 60 s wait after a 429. Only a test or a sandbox with other
     * limits changes them; against the real Orderspace leave them be.
     */
    /** The demo company's accounts-payable service (Hypatos): …/v2, its token URL, client and project. */
    HYPATOS_BASE_URL: z.url().optional(),
    HYPATOS_TOKEN_URL: z.url().optional(),
    HYPATOS_CLIENT_ID: z.string().min(1).optional(),
    HYPATOS_CLIENT_SECRET: z.string().min(1).optional(),
    HYPATOS_PROJECT_ID: z.string().min(1).optional(),
    ORDERCLOUD_BASE_URL: z.url().optional(),
    ORDERCLOUD_TOKEN_URL: z.url().optional(),
    /** The OrderCloud API client the portal signs in through. */
    ORDERCLOUD_CLIENT_ID: z.string().min(1).optional(),
    /** Set for a confidential client (the elevated password grant), or for client credentials without a user. */
    ORDERCLOUD_CLIENT_SECRET: z.string().min(1).optional(),
    /** The demo company's OrderCloud buyer user; unset with a secret: client credentials. */
    ORDERCLOUD_USERNAME: z.string().min(1).optional(),
    ORDERCLOUD_PASSWORD: z.string().min(1).optional(),
    /** The demo company's buyer organisation at OrderCloud, e.g. acme. */
    ORDERCLOUD_BUYER_ID: z.string().min(1).optional(),
    /** Hygrade's documented 120 a second bursting to 240 unless set: for a sandbox started with a lower limit (npm run test:instances). */
    HYGRADE_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).optional(),
    ORDERSPACE_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    ORDERSPACE_WAIT_AFTER_429_MS: z.coerce.number().int().min(0).max(600_000).default(60_000),
    /** "0" skips creating the demo company on an empty database. */
    DEMO_SEED: z.enum(["0", "1"]).default("1"),
    /** "1" mounts /api/test-hooks for the Playwright fixtures; the portal refuses to start with it when NODE_ENV=production. */
    PORTAL_TEST_HOOKS: z.enum(["0", "1"]).default("0"),
    /** What every test hook request must carry (header x-portal-test-hooks-token); without it the hooks stay unmounted. */
    PORTAL_TEST_HOOKS_TOKEN: z.string().min(24, "PORTAL_TEST_HOOKS_TOKEN must be at least 24 characters").optional(),
    /**
     * Whether this portal process also runs the worker: "in-process" (the default, and the only choice on PGlite, which
     * one process owns) or "off" for instances behind a load balancer while `npm run worker` processes do the work.
     */
    PORTAL_WORKER: z.enum(["off", "in-process"]).default("in-process"),
    /** /api/ready says not ready when no worker has finished a pass for this many seconds (PORTAL_WORKER=off needs a worker process). */
    READY_WORKER_STALE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(60),
    /** How often the outbox worker looks for due supplier work, in ms. */
    OUTBOX_POLL_MS: z.coerce.number().int().min(100).default(2000),
    /** How often each supplier's catalog is mirrored again, in hours (a new connection syncs at once). */
    CATALOG_SYNC_HOURS: z.coerce
      .number()
      .min(0.01)
      .max(24 * 30)
      .default(6),
    /** Between full syncs, how often suppliers that can list new items (Yodify) are asked for them, in minutes. */
    CATALOG_NEW_ITEMS_MINUTES: z.coerce
      .number()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Where notification emails go out, e.g. smtp://user:pass@mail.example.com:587; unset keeps notifications in-app only. */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must look like smtp://user:pass@host:port or smtps://..." }).optional(),
    MAIL_FROM: z.string().min(3).default("Buyer Portal <no-reply@buyer-portal.local>"),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});

export type KeyringSetting = { kind: "environment"; keyring: string } | { kind: "file"; file: string };

/**
 * Where the portal's keyring comes from. Production must be given PORTAL_ENCRYPTION_KEY: a key file made on the
 * server's disk would be lost with a redeploy, and with it every stored secret.
 */
export function keyringSettingFromEnv(values: { NODE_ENV?: string; PORTAL_ENCRYPTION_KEY?: string; PORTAL_KEY_FILE: string } = env): KeyringSetting {
  if (values.PORTAL_ENCRYPTION_KEY) return { kind: "environment", keyring: values.PORTAL_ENCRYPTION_KEY };
  if (values.NODE_ENV === "production") {
    throw new Error(
      `PORTAL_ENCRYPTION_KEY is required when NODE_ENV=production: set it to ${KEYRING_FORMAT} (\`npm run keys:rotate -- --print-new-key\` prints a fresh one)`,
    );
  }
  return { kind: "file", file: values.PORTAL_KEY_FILE };
}

/** Why the worker cannot run as a process of its own with these settings, or null. */
export function workerProcessRefusal(values: { DATABASE_URL?: string } = env): string | null {
  if (!values.DATABASE_URL)
    return "npm run worker needs PostgreSQL (DATABASE_URL): PGlite is one process per data folder, so on PGlite the worker runs inside the portal (PORTAL_WORKER=in-process).";
  return null;
}

/** Why the portal must not start with this worker setting, or null: without PostgreSQL no other process could do its work. */
export function portalWorkerRefusal(values: { DATABASE_URL?: string; PORTAL_WORKER: string } = env): string | null {
  if (values.PORTAL_WORKER === "off" && !values.DATABASE_URL)
    return "PORTAL_WORKER=off needs DATABASE_URL: on PGlite no worker process can open the portal's data folder, so nothing would send orders.";
  return null;
}

/** Where the portal itself is reached, so a connection is never pointed back at it. */
export function portalAddressFromEnv(): { origins: string[]; ports: number[] } {
  const origins = env.NEXTAUTH_URL ? [new URL(env.NEXTAUTH_URL).origin] : [];
  return { origins, ports: env.PORT ? [env.PORT] : [] };
}

/** The demo company's Yodify connection, when the sandbox (or a real Yodify) is configured. */
export function yodifySettingsFromEnv() {
  if (!env.YODIFY_BASE_URL || !env.YODIFY_TOKEN_URL || !env.YODIFY_CLIENT_ID || !env.YODIFY_CLIENT_SECRET) return null;
  return {
    baseUrl: env.YODIFY_BASE_URL,
    tokenUrl: env.YODIFY_TOKEN_URL,
    clientId: env.YODIFY_CLIENT_ID,
    clientSecret: env.YODIFY_CLIENT_SECRET,
    accountId: env.YODIFY_ACCOUNT ?? "ACME",
  };
}

/** The pace for every Orderspace connection: the documented numbers unless a test changed them. */
export function orderspaceRateLimitFromEnv() {
  const perMinute = env.ORDERSPACE_REQUESTS_PER_MINUTE;
  return { ratePerSecond: perMinute / 60, burst: Math.max(1, Math.floor(perMinute / 60)), cooldownAfter429Ms: env.ORDERSPACE_WAIT_AFTER_429_MS };
}

/** Hygrade's pace when a test set one (HYGRADE_REQUESTS_PER_SECOND, the same figure as rate and burst); otherwise the documented profile. */
export function hygradeRateLimitFromEnv() {
  const perSecond = env.HYGRADE_REQUESTS_PER_SECOND;
  return perSecond ? { ratePerSecond: perSecond, burst: perSecond } : undefined;
}

/** The demo company's Orderspace connection, when the sandbox (or a real Orderspace seller) is configured. */
export function orderspaceSettingsFromEnv() {
  if (!env.ORDERSPACE_BASE_URL || !env.ORDERSPACE_TOKEN_URL || !env.ORDERSPACE_CLIENT_ID || !env.ORDERSPACE_CLIENT_SECRET) return null;
  return {
    baseUrl: env.ORDERSPACE_BASE_URL,
    tokenUrl: env.ORDERSPACE_TOKEN_URL,
    clientId: env.ORDERSPACE_CLIENT_ID,
    clientSecret: env.ORDERSPACE_CLIENT_SECRET,
    accountId: env.ORDERSPACE_CUSTOMER_ID ?? "cu_AcMe2026",
    orderEmail: env.ORDERSPACE_ORDER_EMAIL ?? null,
    webhook: env.ORDERSPACE_WEBHOOK_KEY && env.ORDERSPACE_WEBHOOK_SECRET ? { key: env.ORDERSPACE_WEBHOOK_KEY, secret: env.ORDERSPACE_WEBHOOK_SECRET } : null,
  };
}

/** The demo company's Hypatos connection, when the sandbox (or a real Hypatos project) is configured. */
export function hypatosSettingsFromEnv() {
  if (!env.HYPATOS_BASE_URL || !env.HYPATOS_TOKEN_URL || !env.HYPATOS_CLIENT_ID || !env.HYPATOS_CLIENT_SECRET || !env.HYPATOS_PROJECT_ID) return null;
  return {
    baseUrl: env.HYPATOS_BASE_URL,
    tokenUrl: env.HYPATOS_TOKEN_URL,
    clientId: env.HYPATOS_CLIENT_ID,
    clientSecret: env.HYPATOS_CLIENT_SECRET,
    projectId: env.HYPATOS_PROJECT_ID,
  };
}

/** The demo company's OrderCloud connection, when the sandbox (or a real OrderCloud marketplace) is configured. */
export function ordercloudSettingsFromEnv() {
  if (!env.ORDERCLOUD_BASE_URL || !env.ORDERCLOUD_TOKEN_URL || !env.ORDERCLOUD_CLIENT_ID) return null;
  const user = env.ORDERCLOUD_USERNAME && env.ORDERCLOUD_PASSWORD ? { username: env.ORDERCLOUD_USERNAME, password: env.ORDERCLOUD_PASSWORD } : null;
  if (!user && !env.ORDERCLOUD_CLIENT_SECRET) return null;
  return {
    baseUrl: env.ORDERCLOUD_BASE_URL,
    tokenUrl: env.ORDERCLOUD_TOKEN_URL,
    clientId: env.ORDERCLOUD_CLIENT_ID,
    clientSecret: env.ORDERCLOUD_CLIENT_SECRET ?? "",
    accountId: env.ORDERCLOUD_BUYER_ID ?? "acme",
    grant: user ? { kind: "password" as const, ...user } : { kind: "client_credentials" as const },
  };
}

/**
 * Why the portal must not start with these settings, or null. The test hooks move a company's clock and make companies
 * with their passwords in the answer: a running portal serving people (NODE_ENV=production) never has them.
 */
export function testHooksStartRefusal(values: { NODE_ENV?: string; PORTAL_TEST_HOOKS: string; PORTAL_TEST_HOOKS_TOKEN?: string } = env): string | null {
  if (values.PORTAL_TEST_HOOKS !== "1") return null;
  if (values.NODE_ENV === "production") return "PORTAL_TEST_HOOKS=1 is for the test runs only and must not be set when NODE_ENV=production";
  if (!values.PORTAL_TEST_HOOKS_TOKEN) return "PORTAL_TEST_HOOKS=1 needs PORTAL_TEST_HOOKS_TOKEN, the secret every test hook request carries";
  return null;
}
