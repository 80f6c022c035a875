/**
 * A production server for the browser benchmarks, started as playwright.config.ts starts it (scripts/start.ts with the test
 * hooks) but on ports and a data folder of its own, so a bench can run beside the tests. Uses the build in .next as it is:
 * run `next build` first to measure what would ship.
 */
import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

export const BENCH_PORTAL_PORT = Number(process.env.BENCH_PORT ?? 3310);

export interface ProductionPortal {
  baseUrl: string;
  /** A signed-in session for someone who both buys and approves, with one line in the cart and one requisition waiting. */
  cookie: string;
  close: () => Promise<void>;
}

async function waitForLogin(baseUrl: string, child: ChildProcess) {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`scripts/start.ts exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/login`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no portal at ${baseUrl} after 4 minutes`);
}

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]!);

/** Signs in through next-auth's credentials endpoint, as e2e/fixtures.ts does, and returns the Cookie header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: "/" }),
    redirect: "manual",
  });
  const session = cookiesOf(response).find((c) => c.includes("next-auth.session-token"));
  if (!session) throw new Error(`could not sign in ${email}: ${response.status}`);
  return session;
}

export async function trpc<T>(baseUrl: string, cookie: string, procedure: string, input: unknown, method: "GET" | "POST"): Promise<T> {
  const body = JSON.stringify({ json: input });
  const response =
    method === "GET"
      ? await fetch(`${baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(body)}`, { headers: { cookie } })
      : await fetch(`${baseUrl}/api/trpc/${procedure}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body });
  if (!response.ok) throw new Error(`${procedure}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

export const hasProductionBuild = () => existsSync(".next/BUILD_ID");

const BENCH_HOOKS_TOKEN = randomBytes(24).toString("base64url");

export interface LaunchedPortal {
  baseUrl: string;
  hooksToken: string;
  close: () => Promise<void>;
}

/**
 * `scripts/start.ts` (the sandboxes, then `next start` on the build in .next) on a port of its own, waited for until
 * its sign-in page answers. `env` chooses the database (PGLITE_DATA_DIR or DATABASE_URL) and anything else.
 */
export async function launchPortal(options: { port: number; env: Record<string, string>; quiet?: boolean }): Promise<LaunchedPortal> {
  const baseUrl = `http://localhost:${options.port}`;
  const child = spawn("npx", ["tsx", "scripts/start.ts"], {
    detached: true,
    stdio: ["ignore", process.env.BENCH_PORTAL_STDOUT ? "inherit" : "ignore", options.quiet ? "ignore" : "inherit"],
    env: {
      ...process.env,
      // The production build (next start), run as a test: the portal refuses its test hooks when NODE_ENV=production.
      NODE_ENV: "test",
      PORT: String(options.port),
      HYGRADE_SANDBOX_PORT: String(options.port + 1000),
      HYGRADE_SANDBOX_ADVANCE_MS: "0",
      YODIFY_SANDBOX_PORT: String(options.port + 1001),
      YODIFY_SANDBOX_ADVANCE_MS: "0",
      ORDERSPACE_SANDBOX_PORT: String(options.port + 1002),
      ORDERCLOUD_SANDBOX_PORT: String(options.port + 1003),
      HYPATOS_SANDBOX_PORT: String(options.port + 1004),
      PORTAL_TEST_HOOKS: "1",
      PORTAL_TEST_HOOKS_TOKEN: BENCH_HOOKS_TOKEN,
      NEXTAUTH_SECRET: "bench-session-secret-not-for-production",
      SUPPLIER_LOG: "silent",
      ...options.env,
    },
  });
  const close = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    // start.ts forwards the signal to `next start`, which closes PGlite before exiting.
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  };
  try {
    await waitForLogin(baseUrl, child);
  } catch (error) {
    await close();
    throw error;
  }
  return { baseUrl, hooksToken: BENCH_HOOKS_TOKEN, close };
}

export async function startProductionPortal(): Promise<ProductionPortal> {
  const { baseUrl, close } = await launchPortal({
    port: BENCH_PORTAL_PORT,
    env: {
      PGLITE_DATA_DIR: ".data/bench-pglite",
      // PORTAL_RESET_DATA wipes the sandbox state folder too: a folder of the bench's own, not the demo's.
      SANDBOX_STATE_DIR: ".data/bench-sandboxes",
      PORTAL_RESET_DATA: "1",
    },
  });
  try {
    const company = (await (
      await fetch(`${baseUrl}/api/test-hooks/company`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-portal-test-hooks-token": BENCH_HOOKS_TOKEN },
        body: JSON.stringify({ approvalThresholdMinor: 0 }),
      })
    ).json()) as {
      connectionId: string;
      password: string;
      users: { email: string }[];
      costCenters: { id: string; code: string }[];
    };
    const email = (prefix: string) => company.users.find((u) => u.email.startsWith(`${prefix}-`))!.email;
    // Bo Second buys and approves: every tab of the phone bar. The buyer's requisition gives his inbox and order history a row each.
    const buyer = await signIn(baseUrl, email("buyer"), company.password);
    const cookie = await signIn(baseUrl, email("buyer2"), company.password);
    const found = await trpc<{ items: { supplierItemId: string; available: boolean }[] }>(
      baseUrl,
      cookie,
      "catalog.search",
      { connectionId: company.connectionId, q: "FM-0014-LT" },
      "GET",
    );
    const itemId = found.items.find((i) => i.available)!.supplierItemId;
    const addLine = (who: string) => trpc(baseUrl, who, "cart.add", { connectionId: company.connectionId, itemId, quantity: 1 }, "POST");
    const submit = async (who: string) => {
      const { suppliers } = await trpc<{ suppliers: { connectionId: string; defaultAddressId: string | null }[] }>(
        baseUrl,
        who,
        "checkout.options",
        undefined,
        "GET",
      );
      const shipTo = suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! }));
      await trpc(
        baseUrl,
        who,
        "checkout.submit",
        { shipTo, costCenterId: company.costCenters.find((c) => c.code === "CC-1100")!.id, poNumber: "PO-BENCH" },
        "POST",
      );
    };
    for (const who of [buyer, cookie]) {
      await addLine(who);
      await submit(who);
    }
    await addLine(cookie);
    return { baseUrl, cookie, close };
  } catch (error) {
    await close();
    throw error;
  }
}
