import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";

/**
 * Real parts only: the production build of the portal, its own PGlite data
 * folder and sandbox state folder (both wiped at start), the Hygrade, Yodify,
 * Orderspace and OrderCloud sandboxes on loopback, and Debian's Chromium (Playwright cannot
 * download browsers here).
 */
export const PORTAL_PORT = Number(process.env.E2E_PORT ?? 3210);
export const HYGRADE_SANDBOX_PORT = Number(process.env.E2E_HYGRADE_PORT ?? 4210);
export const YODIFY_SANDBOX_PORT = Number(process.env.E2E_YODIFY_PORT ?? 4211);
export const ORDERSPACE_SANDBOX_PORT = Number(process.env.E2E_ORDERSPACE_PORT ?? 4212);
export const ORDERCLOUD_SANDBOX_PORT = Number(process.env.E2E_ORDERCLOUD_PORT ?? 4213);
export const HYPATOS_SANDBOX_PORT = Number(process.env.E2E_HYPATOS_PORT ?? 4214);
/** A second portal with no demo company and an empty database, for the first-run journey. */
export const FRESH_PORTAL_PORT = Number(process.env.E2E_FRESH_PORT ?? 3220);
const FRESH_SANDBOX_PORTS = Number(process.env.E2E_FRESH_SANDBOX_PORTS ?? 4220);
export const FRESH_HYGRADE_SANDBOX_PORT = FRESH_SANDBOX_PORTS;
export const E2E_SESSION_SECRET = "e2e-session-secret-not-for-production";
/** The run's secret for the test hooks: every request of the run carries it (use.extraHTTPHeaders), nobody else can. */
// Chosen once by the runner's main process; its workers inherit it through the environment and so agree with the portal.
process.env.E2E_TEST_HOOKS_TOKEN ??= randomBytes(24).toString("base64url");
export const E2E_TEST_HOOKS_TOKEN = process.env.E2E_TEST_HOOKS_TOKEN;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * With TEST_DATABASE_URL (as in CI), the first-run portal runs on PostgreSQL, in a database made fresh for the run, so
 * the browser meets the PostgreSQL path as the integration suites do; the main portal stays on PGlite, the default.
 */
const freshDatabaseUrl = (() => {
  if (!process.env.TEST_DATABASE_URL) return null;
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/e2e_fresh_${FRESH_PORTAL_PORT}`;
  return url.toString();
})();

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${PORTAL_PORT}`,
    trace: "retain-on-failure",
    extraHTTPHeaders: { "x-portal-test-hooks-token": E2E_TEST_HOOKS_TOKEN },
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "desktop", testIgnore: "phone/**", use: { ...devices["Desktop Chrome"], channel: undefined } },
    // Phones get their own folder, run once per device: a Chromium phone (Pixel 7) and an iPhone's screen, touch and user agent in Chromium
    // too, since only Debian's Chromium is installed here (no WebKit). Kept lean: each spec there runs twice.
    { name: "pixel-7", testMatch: "phone/**/*.spec.ts", use: { ...devices["Pixel 7"], channel: undefined } },
    {
      name: "iphone-13",
      testMatch: "phone/**/*.spec.ts",
      use: { ...devices["iPhone 13"], browserName: "chromium", defaultBrowserType: "chromium", channel: undefined },
    },
  ],
  webServer: [
    {
      command: "npx tsx scripts/start.ts",
      url: `http://localhost:${PORTAL_PORT}/login`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(PORTAL_PORT),
        PGLITE_DATA_DIR: ".data/e2e-pglite",
        // The run's own sandbox state (wiped with the database at start), never a developer's demo orders.
        SANDBOX_STATE_DIR: ".data/e2e-sandboxes",
        PORTAL_RESET_DATA: "1",
        HYGRADE_SANDBOX_PORT: String(HYGRADE_SANDBOX_PORT),
        HYGRADE_SANDBOX_ADVANCE_MS: "0",
        YODIFY_SANDBOX_PORT: String(YODIFY_SANDBOX_PORT),
        YODIFY_SANDBOX_ADVANCE_MS: "0",
        ORDERSPACE_SANDBOX_PORT: String(ORDERSPACE_SANDBOX_PORT),
        ORDERCLOUD_SANDBOX_PORT: String(ORDERCLOUD_SANDBOX_PORT),
        HYPATOS_SANDBOX_PORT: String(HYPATOS_SANDBOX_PORT),
        // Reads an uploaded invoice in a second: long enough to see it being read, short enough for a test.
        HYPATOS_SANDBOX_PROCESSING_MS: "1000",
        PORTAL_TEST_HOOKS: "1",
        PORTAL_TEST_HOOKS_TOKEN: E2E_TEST_HOOKS_TOKEN,
        // The production build, run as a test: the portal refuses test hooks when NODE_ENV=production.
        NODE_ENV: "test",
        OUTBOX_POLL_MS: "500",
        NEXTAUTH_SECRET: E2E_SESSION_SECRET,
        SUPPLIER_LOG: "silent",
      },
    },
    {
      command: freshDatabaseUrl ? "npx tsx scripts/recreate-test-database.ts && npx tsx scripts/start.ts" : "npx tsx scripts/start.ts",
      url: `http://localhost:${FRESH_PORTAL_PORT}/setup`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(FRESH_PORTAL_PORT),
        PGLITE_DATA_DIR: ".data/e2e-fresh-pglite",
        ...(freshDatabaseUrl ? { DATABASE_URL: freshDatabaseUrl } : {}),
        SANDBOX_STATE_DIR: ".data/e2e-fresh-sandboxes",
        PORTAL_RESET_DATA: "1",
        DEMO_SEED: "0",
        HYGRADE_SANDBOX_PORT: String(FRESH_SANDBOX_PORTS),
        YODIFY_SANDBOX_PORT: String(FRESH_SANDBOX_PORTS + 1),
        ORDERSPACE_SANDBOX_PORT: String(FRESH_SANDBOX_PORTS + 2),
        ORDERCLOUD_SANDBOX_PORT: String(FRESH_SANDBOX_PORTS + 3),
        HYPATOS_SANDBOX_PORT: String(FRESH_SANDBOX_PORTS + 4),
        NEXTAUTH_SECRET: E2E_SESSION_SECRET,
        SUPPLIER_LOG: "silent",
      },
    },
  ],
});
