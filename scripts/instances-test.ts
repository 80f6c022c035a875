/**
 * Several instances (issue 19), end to end with the real programs: a throwaway database on the PostgreSQL at
 * TEST_DATABASE_URL, PgBouncer (transaction pooling) in front of it, three portal instances (`next start` on the build
 * in .next, PORTAL_WORKER=off) and two worker processes (`npm run worker`) all through PgBouncer, and HAProxy in front
 * of the instances, checking /api/ready. Buyers check out and an approver approves through HAProxy over HTTP, retrying
 * a failed request as a person would, while one instance is killed with SIGKILL. Then the suppliers' sandboxes are
 * compared with the portal: every approved order placed exactly once, no 429 from Hygrade (whose sandbox is given a low
 * limit the instances must keep together), each catalog synced once, the outbox worked once, the token endpoints not
 * stampeded. Exits 1 naming every mismatch.
 *
 *   npm run test:instances          needs TEST_DATABASE_URL, a build in .next (`next build`), haproxy and pgbouncer
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { formatKeyring, generateKey } from "@/server/keys/keyring";

const HAPROXY = "/usr/sbin/haproxy";
const PGBOUNCER = "/usr/sbin/pgbouncer";
const INSTANCE_PORTS = [3431, 3432, 3433];
const BALANCER_PORT = 4431;
const POOLER_PORT = 6431;
const WORKERS = 2;
/** Hygrade's sandbox limit for the run, and the figure the instances are told: low enough that the load meets it. */
const HYGRADE_PER_SECOND = 8;
const BUYERS = 4;
const CHECKOUTS_PER_BUYER = Number(process.env.INSTANCES_CHECKOUTS_PER_BUYER ?? 12);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`· ${line}`);
const mismatches: string[] = [];

/**
 * Without what it needs it stops with the reason: exit 2, or, under `npm test` (--unless-missing), a skip that says so,
 * as the PostgreSQL-only suites do on a machine without PostgreSQL. `.ci/run` installs everything, so CI runs it.
 */
function refuse(message: string): never {
  if (process.argv.includes("--unless-missing")) {
    console.log(`test:instances skipped: ${message}`);
    process.exit(0);
  }
  console.error(`test:instances cannot run: ${message}`);
  process.exit(2);
}

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) refuse("set TEST_DATABASE_URL to a PostgreSQL server it may create a database on");
if (!existsSync(".next/BUILD_ID")) refuse("no production build in .next: run `next build` first (npm test builds it before the e2e suite)");
for (const program of [HAPROXY, PGBOUNCER]) if (!existsSync(program)) refuse(`${program} is missing (apt-get install haproxy pgbouncer)`);

// The run's keyring, set before any portal module reads the settings: the seed seals secrets the instances must open.
const keyring = formatKeyring([generateKey()]);
process.env.PORTAL_ENCRYPTION_KEY = keyring;
process.env.SUPPLIER_LOG = "silent";

const { openDatabase } = await import("@/db/client");
const { seedCompany } = await import("@/server/demo/seed");
const { startHygradeSandbox } = await import("@/server/sandboxes/hygrade/sandbox");
const { startYodifySandbox } = await import("@/server/sandboxes/yodify/sandbox");

const started = Date.now();
const seconds = () => Math.round((Date.now() - started) / 1000);
const children: { name: string; child: ChildProcess; output: string[] }[] = [];
const temp = mkdtempSync(path.join(tmpdir(), "portal-instances-"));
const dbName = `instances_${randomBytes(5).toString("hex")}`;

function startChild(name: string, command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 300) output.splice(0, output.length - 300);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  children.push({ name, child, output });
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(300);
  }
  const dead = children.filter((c) => c.child.exitCode !== null).map((c) => `${c.name} exited ${c.child.exitCode}: ${c.output.join("").slice(-1500)}`);
  throw new Error(`${what} did not happen within ${ms / 1000} s${dead.length ? `\n${dead.join("\n")}` : ""}`);
}

// ---- HTTP as a person's browser would do it, through the balancer ----
const BASE = `http://127.0.0.1:${BALANCER_PORT}`;
let retries = 0;
const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]!);

async function signIn(email: string, password: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const csrf = await fetch(`${BASE}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const response = await fetch(`${BASE}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
        body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: "/" }),
        redirect: "manual",
      });
      const session = cookiesOf(response).find((c) => c.includes("next-auth.session-token"));
      if (session) return session;
      throw new Error(`sign-in answered ${response.status}`);
    } catch (error) {
      if (attempt >= 10) throw error;
      retries++;
      await sleep(500);
    }
  }
}

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(cookie: string, procedure: string, input: unknown, method: "GET" | "POST", requestId: string): Promise<T> {
  const body = JSON.stringify({ json: input });
  const headers = { cookie, "content-type": "application/json", "x-request-id": requestId };
  const response =
    method === "GET"
      ? await fetch(`${BASE}/api/trpc/${procedure}?input=${encodeURIComponent(body)}`, { headers })
      : await fetch(`${BASE}/api/trpc/${procedure}`, { method: "POST", headers, body });
  const text = await response.text();
  if (!response.ok) throw new Refused(response.status, `${procedure}: ${response.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

/** Tries again after a dropped connection, a 5xx or "try again in a moment" (503), as a person would; a 4xx is final. */
async function patiently<T>(work: () => Promise<T>, what: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const final = error instanceof Refused && error.status < 500;
      if (final || attempt >= 30) throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
      retries++;
      await sleep(400 + Math.random() * 400);
    }
  }
}

let pool: pg.Pool | null = null;
let hygrade: Awaited<ReturnType<typeof startHygradeSandbox>> | null = null;
let yodify: Awaited<ReturnType<typeof startYodifySandbox>> | null = null;
try {
  // ---- the database, migrated and seeded before anything else opens it ----
  await admin((c) => c.query(`create database ${dbName}`));
  const directUrl = new URL(serverUrl);
  directUrl.pathname = `/${dbName}`;
  const handle = await openDatabase({ url: directUrl.toString() });
  await handle.migrate();
  [hygrade, yodify] = await Promise.all([
    startHygradeSandbox({ port: 0, autoAdvanceMs: null, rateLimit: { ratePerSecond: HYGRADE_PER_SECOND, burst: HYGRADE_PER_SECOND } }),
    startYodifySandbox({ port: 0, autoAdvanceMs: null }),
  ]);
  const password = "instances-password";
  const company = await seedCompany(handle.db, {
    name: "Instances Co",
    approvalThreshold: null,
    users: [
      ...Array.from({ length: BUYERS }, (_, i) => ({ email: `buyer${i}@instances.example`, name: `Buyer ${i}`, password, roles: ["buyer" as const] })),
      { email: "approver@instances.example", name: "Ann Approver", password, roles: ["approver"] },
    ],
    costCenters: [{ code: "CC-4420", name: "Facilities", budgets: [{ period: "month", amountMinor: 1_000_000_000 }] }],
    hygrade: { baseUrl: hygrade.baseUrl, tokenUrl: hygrade.tokenUrl, clientId: hygrade.clientId, clientSecret: hygrade.clientSecret, accountId: "ACME001" },
    yodify: { baseUrl: yodify.baseUrl, tokenUrl: yodify.tokenUrl, clientId: yodify.clientId, clientSecret: yodify.clientSecret, accountId: "ACME" },
    policy: [{ id: "approver", conditions: [], step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" } }],
  });
  await handle.close();
  const tokensBefore = { hygrade: hygrade.state.tokensIssued, yodify: yodify.state.tokensIssued };
  log(`database ${dbName} migrated and seeded; sandboxes on ${hygrade.url}, ${yodify.url} (${seconds()} s)`);

  // ---- PgBouncer, transaction pooling, run as the postgres user (it refuses root) ----
  const server = new URL(serverUrl);
  writeFileSync(path.join(temp, "users.txt"), `"${decodeURIComponent(server.username || "postgres")}" ""\n`);
  writeFileSync(
    path.join(temp, "pgbouncer.ini"),
    [
      "[databases]",
      `${dbName} = host=${server.hostname} port=${server.port || 5432} dbname=${dbName}`,
      "[pgbouncer]",
      `listen_addr = 127.0.0.1`,
      `listen_port = ${POOLER_PORT}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(temp, "users.txt")}`,
      "pool_mode = transaction",
      "max_client_conn = 500",
      "default_pool_size = 20",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(temp, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["-R", "postgres", temp]);
  startChild(
    "pgbouncer",
    asRoot ? "runuser" : PGBOUNCER,
    asRoot ? ["-u", "postgres", "--", PGBOUNCER, path.join(temp, "pgbouncer.ini")] : [path.join(temp, "pgbouncer.ini")],
  );
  const pooledUrl = `postgres://${server.username || "postgres"}@127.0.0.1:${POOLER_PORT}/${dbName}`;
  await waitFor(
    "PgBouncer listening",
    async () => {
      const c = new pg.Client({ connectionString: pooledUrl });
      await c.connect();
      await c.end();
      return true;
    },
    15_000,
  );
  pool = new pg.Pool({ connectionString: directUrl.toString(), max: 2 });
  const db = pool;
  log(`PgBouncer on ${POOLER_PORT} (transaction pooling) (${seconds()} s)`);

  // ---- the worker processes and the portal instances, all through PgBouncer ----
  const common = {
    DATABASE_URL: pooledUrl,
    PORTAL_ENCRYPTION_KEY: keyring,
    NEXTAUTH_SECRET: randomBytes(24).toString("base64url"),
    NEXTAUTH_URL: BASE,
    HYGRADE_REQUESTS_PER_SECOND: String(HYGRADE_PER_SECOND),
    SUPPLIER_LOG: "silent",
    DEMO_SEED: "0",
  };
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const next = path.join(process.cwd(), "node_modules", ".bin", "next");
  for (let i = 0; i < WORKERS; i++) startChild(`worker ${i + 1}`, tsx, ["scripts/worker.ts"], { ...common, NODE_ENV: "production", OUTBOX_POLL_MS: "300" });
  const instances = INSTANCE_PORTS.map((port, i) =>
    startChild(`instance ${i + 1}`, next, ["start", "-p", String(port), "-H", "127.0.0.1"], {
      ...common,
      NODE_ENV: "production",
      PORT: String(port),
      PORTAL_WORKER: "off",
      NEXT_MANUAL_SIG_HANDLE: "true",
    }),
  );
  for (const port of INSTANCE_PORTS) {
    await waitFor(`instance on ${port} ready`, async () => (await fetch(`http://127.0.0.1:${port}/api/ready`)).ok, 120_000);
  }
  log(`${INSTANCE_PORTS.length} instances ready, ${WORKERS} workers (${seconds()} s)`);

  // ---- HAProxy in front, sending only to instances whose /api/ready says 200 ----
  writeFileSync(
    path.join(temp, "haproxy.cfg"),
    [
      "global",
      "  maxconn 2000",
      "defaults",
      "  mode http",
      "  timeout connect 2s",
      "  timeout client 60s",
      "  timeout server 60s",
      "  retries 3",
      "  option redispatch",
      "  retry-on conn-failure empty-response",
      "frontend portal",
      `  bind 127.0.0.1:${BALANCER_PORT}`,
      "  default_backend instances",
      "backend instances",
      "  balance roundrobin",
      "  option httpchk GET /api/ready",
      "  http-check expect status 200",
      "  default-server inter 1s fall 2 rise 2",
      ...INSTANCE_PORTS.map((port, i) => `  server instance${i + 1} 127.0.0.1:${port} check`),
      "",
    ].join("\n"),
  );
  startChild("haproxy", HAPROXY, ["-f", path.join(temp, "haproxy.cfg"), "-db"]);
  await waitFor("HAProxy answering", async () => (await fetch(`${BASE}/api/health`)).ok, 15_000);
  log(`HAProxy on ${BALANCER_PORT} (${seconds()} s)`);

  // The workers sync each new connection's catalog at once; the buyers shop from it.
  const connections = [company.connectionId, company.yodifyConnectionId!];
  await waitFor(
    "both catalogs synced",
    async () => (await db.query(`select count(distinct connection_id)::int as n from catalog_sync_runs where state = 'done'`)).rows[0].n === 2,
    90_000,
  );
  log(`catalogs synced (${seconds()} s)`);

  // ---- the load: buyers check out while the approver approves, through the balancer ----
  const buyers = await Promise.all(Array.from({ length: BUYERS }, (_, i) => signIn(`buyer${i}@instances.example`, password)));
  const approver = await signIn("approver@instances.example", password);
  const itemsOf: Record<string, string[]> = {};
  for (const connectionId of connections) {
    const found = await patiently(
      () =>
        call<{ items: { supplierItemId: string }[] }>(
          buyers[0]!,
          "catalog.searchAll",
          { q: "", supplierIds: [connectionId], inStockOnly: true, sort: "price_asc" },
          "GET",
          "search",
        ),
      "search",
    );
    itemsOf[connectionId] = found.items.slice(0, 4).map((i) => i.supplierItemId);
    if (itemsOf[connectionId]!.length === 0) throw new Error(`no item in stock at ${connectionId}`);
  }
  const addressOf: Record<string, string> = {};
  const costCenterId = company.costCenters[0]!.id;

  const total = BUYERS * CHECKOUTS_PER_BUYER;
  let submitted = 0;
  const toApprove: string[] = [];
  let killedAt: number | null = null;
  const checkouts = buyers.map(async (cookie, b) => {
    for (let k = 0; k < CHECKOUTS_PER_BUYER; k++) {
      const n = b * CHECKOUTS_PER_BUYER + k;
      const connectionId = connections[n % connections.length]!;
      const requestId = `checkout-${n}`;
      const items = itemsOf[connectionId]!;
      await patiently(() => call(cookie, "cart.add", { connectionId, itemId: items[n % items.length]!, quantity: 1 }, "POST", requestId), `cart.add ${n}`);
      if (!addressOf[connectionId]) {
        // Checkout offers the addresses of the suppliers in the cart: known once one of theirs is in it.
        const options = await patiently(
          () =>
            call<{ suppliers: { connectionId: string; defaultAddressId: string | null; addresses: { id: string }[] }[] }>(
              cookie,
              "checkout.options",
              undefined,
              "GET",
              requestId,
            ),
          "checkout.options",
        );
        for (const s of options.suppliers) {
          const address = s.defaultAddressId ?? s.addresses[0]?.id;
          if (address) addressOf[s.connectionId] = address;
        }
      }
      const answer = await patiently(async () => {
        // A person who lost the answer looks at the cart first: an empty one means the requisition went in.
        const cart = await call<{ lines?: unknown[]; groups?: unknown[] }>(cookie, "cart.get", undefined, "GET", requestId);
        const lines = Array.isArray(cart.lines) ? cart.lines.length : Array.isArray(cart.groups) ? cart.groups.length : 1;
        if (lines === 0) return null;
        return call<{ requisitionId: string }>(
          cookie,
          "checkout.submit",
          { costCenterId, poNumber: `PO-INST-${n}`, shipTo: [{ connectionId, addressId: addressOf[connectionId]! }] },
          "POST",
          requestId,
        );
      }, `checkout ${n}`);
      if (answer) toApprove.push(answer.requisitionId);
      submitted++;
      if (killedAt === null && submitted >= total / 2) {
        killedAt = submitted;
        killGroup(instances[1]!, "SIGKILL");
        log(`instance 2 killed with SIGKILL after ${submitted} checkouts (${seconds()} s)`);
      }
    }
  });
  let checkingOut = true;
  const approving = (async () => {
    const approveOne = (requisitionId: string) =>
      patiently(async () => {
        try {
          await call(approver, "approvals.approve", { requisitionId }, "POST", `approve-${requisitionId.slice(0, 8)}`);
        } catch (error) {
          // Approved already by an earlier try whose answer was lost.
          if (error instanceof Refused && (error.status === 409 || error.status === 412 || error.status === 404)) {
            const row = (await db.query(`select status from requisitions where id = $1`, [requisitionId])).rows[0];
            if (row && row.status !== "pending_approval") return;
          }
          throw error;
        }
      }, `approve ${requisitionId}`);
    while (checkingOut || toApprove.length > 0) {
      const batch = toApprove.splice(0, 3);
      if (batch.length === 0) {
        await sleep(200);
        continue;
      }
      await Promise.all(batch.map(approveOne));
    }
    // Requisitions whose submit answer was lost are in the approver's inbox all the same.
    for (const row of (await db.query(`select id from requisitions where status = 'pending_approval'`)).rows as { id: string }[]) await approveOne(row.id);
  })();
  await Promise.all(checkouts);
  checkingOut = false;
  await approving;
  log(`${total} checkouts and their approvals done, ${retries} requests retried (${seconds()} s)`);

  // ---- the workers finish sending ----
  await waitFor(
    "every supplier order sent",
    async () =>
      (await db.query(`select count(*)::int as n from outbox where kind = 'place_supplier_order' and state = 'pending'`)).rows[0].n === 0 &&
      (await db.query(`select count(*)::int as n from supplier_orders where state in ('queued', 'awaiting_approval')`)).rows[0].n === 0,
    90_000,
  );
  log(`outbox empty (${seconds()} s)`);

  // ---- compare ----
  const portal = (
    await db.query(
      `select so.id, so.state, so.supplier_order_ref as ref, sc.supplier, r.status, r.po_number as po
       from supplier_orders so join requisitions r on r.id = so.requisition_id join supplier_connections sc on sc.id = so.supplier_connection_id`,
    )
  ).rows as { id: string; state: string; ref: string | null; supplier: string; status: string; po: string }[];
  const ledgers: Record<string, { ref: string; po: string | null }[]> = {
    hygrade: [...hygrade.state.orders.values()].map((r) => ({ ref: r.order.id, po: r.order.po_number ?? null })),
    yodify: [...yodify.state.orders.values()].map((r) => ({ ref: String(r.order.id), po: r.order.additional_information?.purchase_order_number ?? null })),
  };
  const approvedCount = new Set(portal.filter((o) => o.status !== "pending_approval" && o.status !== "rejected").map((o) => o.id)).size;
  if (portal.length < total) mismatches.push(`${total} checkouts made but the portal holds ${portal.length} supplier orders`);
  for (const order of portal) {
    const ledger = ledgers[order.supplier] ?? [];
    const atSupplier = ledger.filter((e) => e.po === order.po).length;
    const atPortal = portal.filter((o) => o.supplier === order.supplier && o.po === order.po).length;
    if (order.status === "pending_approval") mismatches.push(`${order.po} is still waiting for approval`);
    if (order.state !== "placed" || !order.ref) mismatches.push(`${order.po} is ${order.state} at the portal (ref ${order.ref ?? "none"})`);
    else if (!ledger.some((e) => e.ref === order.ref)) mismatches.push(`${order.po}: ${order.supplier} has no order ${order.ref}`);
    if (atSupplier !== atPortal) mismatches.push(`${order.po}: ${order.supplier} holds ${atSupplier} orders, the portal ${atPortal}`);
  }
  for (const [supplier, ledger] of Object.entries(ledgers)) {
    for (const entry of ledger) {
      if (!portal.some((o) => o.ref === entry.ref)) mismatches.push(`${supplier} order ${entry.ref} (${entry.po}) is not one the portal knows`);
    }
  }
  const rateLimited = {
    hygrade: hygrade.state.core.requestLog.filter((r) => r.status === 429).length,
    yodify: yodify.state.core.requestLog.filter((r) => r.status === 429).length,
  };
  const hygradeRequests = hygrade.state.core.requestLog.length;
  for (const [supplier, n] of Object.entries(rateLimited))
    if (n > 0) mismatches.push(`${supplier} answered ${n} requests with 429: the instances together went over its limit`);
  const tokens = { hygrade: hygrade.state.tokensIssued - tokensBefore.hygrade, yodify: yodify.state.tokensIssued - tokensBefore.yodify };
  const processes = INSTANCE_PORTS.length + WORKERS;
  for (const [supplier, n] of Object.entries(tokens)) {
    if (n > 1) mismatches.push(`${supplier}'s token endpoint issued ${n} tokens to ${processes} processes sharing one connection (expected 1)`);
  }
  const syncs = (await db.query(`select connection_id, count(*)::int as n from catalog_sync_runs group by connection_id`)).rows as { n: number }[];
  for (const s of syncs) if (s.n !== 1) mismatches.push(`a catalog was synced ${s.n} times at once by the workers (expected once)`);
  const outbox = (await db.query(`select state, count(*)::int as n, max(attempts)::int as most from outbox group by state`)).rows as {
    state: string;
    n: number;
    most: number;
  }[];
  for (const row of outbox) if (row.state !== "done") mismatches.push(`${row.n} outbox rows are ${row.state}`);
  let carried = 0;
  const leases = (await db.query(`select count(*)::int as n from worker_job_leases`)).rows[0].n as number;
  const beats = (await db.query(`select count(*)::int as n from worker_heartbeats where beat_at > now() - interval '30 seconds'`)).rows[0].n as number;
  if (beats < WORKERS) mismatches.push(`${beats} workers wrote a heartbeat lately, expected ${WORKERS}`);
  // The request id the person's request sent (x-request-id: the approval queues the order) follows it into the worker process's JSON line about it.
  const workerLines = children
    .filter((c) => c.name.startsWith("worker"))
    .flatMap((c) => c.output.join("").split("\n"))
    .filter((l) => l.includes('"supplier order worked"'));
  carried = workerLines.filter((l) => /"requestId":"(checkout-\d+|approve-[0-9a-f]+)"/.test(l)).length;
  if (carried === 0)
    mismatches.push(`no worker line about a supplier order carried the request id of the approval that queued it (${workerLines.length} lines seen)`);

  const rows: [string, string | number][] = [
    ["instances (one killed) / workers", `${INSTANCE_PORTS.length} / ${WORKERS}`],
    ["checkouts", total],
    ["supplier orders approved / at portal", `${approvedCount} / ${portal.length}`],
    ["hygrade orders (portal / supplier)", `${portal.filter((o) => o.supplier === "hygrade" && o.state === "placed").length} / ${ledgers.hygrade!.length}`],
    ["yodify orders (portal / supplier)", `${portal.filter((o) => o.supplier === "yodify" && o.state === "placed").length} / ${ledgers.yodify!.length}`],
    [`hygrade requests (limit ${HYGRADE_PER_SECOND}/s) / 429s`, `${hygradeRequests} / ${rateLimited.hygrade}`],
    ["yodify 429s", rateLimited.yodify],
    ["tokens issued (hygrade / yodify)", `${tokens.hygrade} / ${tokens.yodify}`],
    ["catalog sync runs per connection", syncs.map((s) => s.n).join(", ")],
    ["outbox rows by state", outbox.map((r) => `${r.state} ${r.n} (most attempts ${r.most})`).join(", ")],
    ["periodic job leases", leases],
    ["worker lines with the approval's request id", carried],
    ["requests retried by the people", retries],
    ["seconds", seconds()],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
} catch (error) {
  mismatches.push(`the run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  for (const { child } of children.reverse()) killGroup(child, "SIGTERM");
  await Promise.race([Promise.all(children.map((c) => exited(c.child))), sleep(10_000)]);
  for (const { child } of children) killGroup(child, "SIGKILL");
  await pool?.end();
  await Promise.all([hygrade?.close(), yodify?.close()]);
  await admin((c) => c.query(`drop database if exists ${dbName} with (force)`)).catch(() => undefined);
  if (mismatches.length > 0) {
    const bouncerLog = path.join(temp, "pgbouncer.log");
    if (existsSync(bouncerLog) && mismatches.some((m) => m.startsWith("the run failed"))) console.log(readFileSync(bouncerLog, "utf8").slice(-1500));
  }
  rmSync(temp, { recursive: true, force: true });
}
for (const m of mismatches) console.log(`MISMATCH ${m}`);
console.log(mismatches.length === 0 ? "several instances: 1 passed, 0 failed" : "several instances: 0 passed, 1 failed");
process.exit(mismatches.length === 0 ? 0 : 1);
