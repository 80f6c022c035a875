/**
 * Faults (issue 18): approves N requisitions across Hygrade, Yodify and OrderCloud while the sandboxes answer 5xx,
 * drop connections, answer slower than the connector's timeout and send 429 storms, and the worker process is killed
 * with SIGKILL and started again several times. At the end each sandbox's order ledger is compared one to one with
 * the portal's supplier orders: every approved order placed exactly once, none missing, nothing unapproved sent, and
 * every cost center's budget position adding up to its spend.
 *
 *   npm run faults -- --n 1000 [--kills 8]     needs FAULTS_DATABASE_URL or TEST_DATABASE_URL (PostgreSQL)
 *
 * PostgreSQL, not PGlite: the worker is a process of its own (PGlite allows one), so it can be killed for real. The
 * run makes a throwaway database on that server and drops it at the end. Orderspace is not in the run: it takes
 * orders by email (a purchase order to its order address), so its API's faults never touch placing an order.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { and, eq, inArray } from "drizzle-orm";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { costCenterSpend, requisitions, supplierConnections, supplierOrders } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { seedCompany } from "@/server/demo/seed";
import { startHygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { startOrderCloudSandbox } from "@/server/sandboxes/ordercloud/sandbox";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import type { SandboxFaultKind } from "@/server/sandboxes/shared/faults";
import { startYodifySandbox } from "@/server/sandboxes/yodify/sandbox";
import { DEFAULT_RETRY_POLICY } from "@/server/suppliers/http/request";
import { budgetPositionAt } from "@/server/spend/ledger";
import { startSession } from "@/server/sessions/sessions";
import { createCaller } from "@/server/trpc/root";

export interface FaultsOptions {
  /** Requisitions to make (one supplier order each, spread over the suppliers). */
  n: number;
  /** A PostgreSQL server; the run makes and drops a database of its own on it. */
  databaseUrl: string;
  /** How many times the worker is killed with SIGKILL during the run. */
  kills: number;
  log?: (line: string) => void;
}

type Supplier = "hygrade" | "yodify" | "ordercloud";
const SUPPLIERS: Supplier[] = ["hygrade", "yodify", "ordercloud"];
/**
 * Where each supplier's orders live in its API. A reply slower than the timeout is aimed there: the order the worker
 * gave up waiting for is made anyway, the case an idempotency key exists for (an approver's recheck would only wait).
 */
const ORDER_PATHS: Record<Supplier, string> = { hygrade: "/v1/orders", yodify: "/api/v1/orders", ordercloud: "/v1/orders" };

export interface FaultsCounts {
  requisitions: number;
  approved: number;
  pending: number;
  rejected: number;
  perSupplier: Record<Supplier, { atPortal: number; atSupplier: number }>;
  duplicates: number;
  missing: number;
  unapprovedSent: number;
  budgetMismatches: number;
  faultsInjected: Record<SandboxFaultKind, number>;
  /** Requests the sandboxes answered with a fault (or dropped), as their request logs show. */
  faultedRequests: number;
  /** Decisions the approver had to make again because the supplier's recheck failed ("try again in a moment"). */
  approvalRetries: number;
  workerKills: number;
  seconds: number;
}

export interface FaultsResult {
  counts: FaultsCounts;
  /** Every difference between what the portal says and what the suppliers hold, in words. */
  mismatches: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomBetween = (low: number, high: number) => low + Math.random() * (high - low);

/** A decision per requisition: most approved, some left pending, some rejected. */
const decisionFor = (i: number): "approve" | "pending" | "reject" => (i % 8 === 5 ? "pending" : i % 8 === 7 ? "reject" : "approve");

async function createRunDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `faults_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const own = new URL(serverUrl);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** The worker in a process of its own; `final` works everything left and exits. */
function startWorkerProcess(databaseUrl: string, final: boolean, output: string[]): ChildProcess {
  const script = path.join(process.cwd(), "scripts", "faults-worker.ts");
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const child = spawn(tsx, [script], {
    env: { ...process.env, FAULTS_WORKER_DATABASE_URL: databaseUrl, FAULTS_FINAL: final ? "1" : "0", DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

export async function runFaults(options: FaultsOptions): Promise<FaultsResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const mismatches: string[] = [];
  const run = await createRunDatabase(options.databaseUrl);
  let database: DatabaseHandle | null = null;
  const [hygrade, yodify, ordercloud] = await Promise.all([
    startHygradeSandbox({ port: 0, autoAdvanceMs: null }),
    startYodifySandbox({ port: 0, autoAdvanceMs: null }),
    startOrderCloudSandbox({ port: 0 }),
  ]);
  const sandboxes = { hygrade, yodify, ordercloud };
  const workerOutput: string[] = [];
  let worker: ChildProcess | null = null;
  try {
    database = await openDatabase({ url: run.url });
    await database.migrate();
    const db = database.db;
    log(`database ${new URL(run.url).pathname.slice(1)} migrated; sandboxes on ${hygrade.url}, ${yodify.url}, ${ordercloud.url}`);

    const password = "faults-password";
    const company = await seedCompany(db, {
      name: "Faults Co",
      approvalThreshold: null,
      users: [
        { email: "buyer@faults.example", name: "Faye Buyer", password, roles: ["buyer"] },
        { email: "approver@faults.example", name: "Abe Approver", password, roles: ["approver"] },
      ],
      costCenters: [
        { code: "CC-4420", name: "Facilities", budgets: [{ period: "month", amountMinor: 1_000_000_000 }] },
        { code: "CC-1100", name: "Marketing", budgets: [{ period: "month", amountMinor: 1_000_000_000 }] },
      ],
      hygrade: { baseUrl: hygrade.baseUrl, tokenUrl: hygrade.tokenUrl, clientId: hygrade.clientId, clientSecret: hygrade.clientSecret, accountId: "ACME001" },
      yodify: { baseUrl: yodify.baseUrl, tokenUrl: yodify.tokenUrl, clientId: yodify.clientId, clientSecret: yodify.clientSecret, accountId: "ACME" },
      ordercloud: {
        baseUrl: ordercloud.baseUrl,
        tokenUrl: ordercloud.tokenUrl,
        clientId: ordercloud.clientId,
        clientSecret: "",
        accountId: ordercloud.buyerId,
        grant: { kind: "password" as const, ...ordercloud.users.buyer },
      },
      // Every requisition waits for the approver: the run decides each one.
      policy: [{ id: "approver", conditions: [], step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" } }],
    });
    const connectionOf: Record<Supplier, string> = {
      hygrade: company.connectionId,
      yodify: company.yodifyConnectionId!,
      ordercloud: company.ordercloudConnectionId!,
    };
    const callerFor = (email: string) => {
      const user = company.users.find((u) => u.email === email)!;
      let session: Promise<{ sessionId: string }> | undefined;
      return createCaller(async () => ({
        db,
        sessionId: (await (session ??= startSession(db, { id: user.id, companyId: company.companyId }, {}))).sessionId,
      }));
    };
    const buyer = callerFor("buyer@faults.example");
    const approver = callerFor("approver@faults.example");

    // The items each supplier's run orders, from its synced catalog: a few cheap ones in stock, one of each per order.
    const itemsOf = {} as Record<Supplier, string[]>;
    for (const supplier of SUPPLIERS) {
      const synced = await syncCatalog(db, connectionOf[supplier]);
      if (synced.state !== "done") throw new Error(`the ${supplier} catalog did not sync: ${synced.state}`);
      const found = await buyer.catalog.searchAll({ q: "", supplierIds: [connectionOf[supplier]], inStockOnly: true, sort: "price_asc" });
      itemsOf[supplier] = found.items.slice(0, 4).map((i) => i.supplierItemId);
      if (itemsOf[supplier].length === 0) throw new Error(`no ${supplier} item in stock to order`);
    }
    const costCenterIds = company.costCenters.map((c) => c.id);

    // The requisitions, as the buyer makes them, before anything fails: the faults are about sending, not shopping.
    const made: { requisitionId: string; supplier: Supplier; poNumber: string; decision: ReturnType<typeof decisionFor> }[] = [];
    const addressOf: Record<string, string> = {};
    for (let i = 0; i < options.n; i++) {
      const supplier = SUPPLIERS[i % SUPPLIERS.length]!;
      const items = itemsOf[supplier];
      await buyer.cart.add({ connectionId: connectionOf[supplier], itemId: items[Math.floor(i / SUPPLIERS.length) % items.length]!, quantity: 1 });
      if (!addressOf[connectionOf[supplier]]) {
        for (const s of (await buyer.checkout.options()).suppliers) addressOf[s.connectionId] = s.defaultAddressId!;
      }
      const poNumber = `PO-FLT-${i + 1}`;
      const submitted = await buyer.checkout.submit({
        costCenterId: costCenterIds[i % costCenterIds.length]!,
        poNumber,
        shipTo: [{ connectionId: connectionOf[supplier], addressId: addressOf[connectionOf[supplier]]! }],
      });
      made.push({ requisitionId: submitted.requisitionId, supplier, poNumber, decision: decisionFor(i) });
    }
    log(`${made.length} requisitions submitted (${Math.round((Date.now() - started) / 1000)} s)`);

    // Faults, queued at a random sandbox every few hundred milliseconds until the final pass.
    const faultsInjected: Record<SandboxFaultKind, number> = { status5xx: 0, status429: 0, latency: 0, drop: 0, truncate: 0 };
    const slowerThanTimeout = DEFAULT_RETRY_POLICY.timeoutMs + 500;
    let faulting = true;
    const faultLoop = (async () => {
      while (faulting) {
        const supplier = SUPPLIERS[Math.floor(Math.random() * SUPPLIERS.length)]!;
        const target = sandboxes[supplier];
        const roll = Math.random();
        const fault =
          roll < 0.35
            ? { kind: "status5xx" as const, count: 1 + Math.floor(Math.random() * 3), status: [500, 502, 503][Math.floor(Math.random() * 3)] }
            : roll < 0.65
              ? { kind: "drop" as const, count: 1 + Math.floor(Math.random() * 2) }
              : roll < 0.93
                ? { kind: "status429" as const, count: 2 + Math.floor(Math.random() * 4), retryAfterSeconds: 1 }
                : { kind: "latency" as const, count: 1, latencyMs: slowerThanTimeout, pathPrefix: ORDER_PATHS[supplier] };
        // One fault at a time per sandbox: queued faster than requests arrive, they would pile up into an outage.
        const queued = (await sandboxControl(target, "/faults", {}, "GET")) as { faults: unknown[] };
        if (queued.faults.length > 0) {
          await sleep(randomBetween(200, 600));
          continue;
        }
        await sandboxControl(target, "/faults", fault);
        faultsInjected[fault.kind] += fault.count;
        await sleep(randomBetween(400, 1000));
      }
    })();

    // The approver decides while the worker runs and is killed; each decision is retried if a supplier call fails.
    let workerKills = 0;
    worker = startWorkerProcess(run.url, false, workerOutput);
    let deciding = true;
    let approvalRetries = 0;
    const decisions = (async () => {
      for (const requisition of made) {
        if (requisition.decision === "pending") continue;
        for (let attempt = 0; ; attempt++) {
          try {
            if (requisition.decision === "approve") await approver.approvals.approve({ requisitionId: requisition.requisitionId });
            else await approver.approvals.reject({ requisitionId: requisition.requisitionId, reason: "Not this quarter" });
            break;
          } catch (error) {
            // The approval rechecks prices and stock at the supplier first: a supplier having a bad day is told to the
            // approver as "try again in a moment", and the approver does.
            if (attempt >= 40 || (error as { code?: string }).code !== "SERVICE_UNAVAILABLE") throw error;
            approvalRetries++;
            await sleep(500);
          }
        }
        await sleep(randomBetween(0, 40));
      }
      deciding = false;
    })();
    while (workerKills < options.kills || deciding) {
      await sleep(randomBetween(1000, 3000));
      if (workerKills >= options.kills) continue;
      worker.kill("SIGKILL");
      await exited(worker);
      workerKills++;
      log(`worker killed (${workerKills}/${options.kills})`);
      worker = startWorkerProcess(run.url, false, workerOutput);
    }
    await decisions;
    log(`all decided (${Math.round((Date.now() - started) / 1000)} s)`);
    worker.kill("SIGKILL");
    await exited(worker);
    worker = null;
    faulting = false;
    await faultLoop;
    const faultedRequests = Object.values(sandboxes)
      .flatMap((s) => s.state.core?.requestLog ?? [])
      .filter((r) => r.status === "dropped" || r.status === 429 || (typeof r.status === "number" && r.status >= 500)).length;
    for (const sandbox of Object.values(sandboxes)) await sandboxControl(sandbox, "/reset", {});
    // A request held by a latency fault still reaches the supplier after its client is gone; let those land first.
    if (faultsInjected.latency > 0) await sleep(slowerThanTimeout + 500);

    log(`final worker pass (${Math.round((Date.now() - started) / 1000)} s)`);
    worker = startWorkerProcess(run.url, true, workerOutput);
    const finalCode = await exited(worker);
    worker = null;
    if (finalCode !== 0) mismatches.push(`the final worker pass exited with ${finalCode}: ${workerOutput.join("").slice(-2000)}`);

    // The portal's side.
    const portal = await db
      .select({
        orderId: supplierOrders.id,
        state: supplierOrders.state,
        ref: supplierOrders.supplierOrderRef,
        supplier: supplierConnections.supplier,
        requisitionId: requisitions.id,
        status: requisitions.status,
        poNumber: requisitions.poNumber,
      })
      .from(supplierOrders)
      .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
      .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
      .where(eq(supplierOrders.companyId, company.companyId));
    const byRequisition = new Map(portal.map((o) => [o.requisitionId, o]));

    // Each supplier's side: its own order id and the PO number it was sent.
    const ledgers: Record<Supplier, { ref: string; poNumber: string | null }[]> = {
      hygrade: [...hygrade.state.orders.values()].map((r) => ({ ref: r.order.id, poNumber: r.order.po_number ?? null })),
      yodify: [...yodify.state.orders.values()].map((r) => ({
        ref: String(r.order.id),
        poNumber: r.order.additional_information?.purchase_order_number ?? null,
      })),
      ordercloud: [...ordercloud.state.orders.values()].map((r) => ({ ref: r.order.ID, poNumber: r.order.xp?.PONumber ?? null })),
    };

    let duplicates = 0;
    let missing = 0;
    let unapprovedSent = 0;
    const perSupplier = Object.fromEntries(SUPPLIERS.map((s) => [s, { atPortal: 0, atSupplier: ledgers[s].length }])) as FaultsCounts["perSupplier"];
    for (const supplier of SUPPLIERS) {
      const byPo = new Map<string, number>();
      for (const entry of ledgers[supplier])
        byPo.set(entry.poNumber ?? `(no PO, ${entry.ref})`, (byPo.get(entry.poNumber ?? `(no PO, ${entry.ref})`) ?? 0) + 1);
      for (const [po, times] of byPo) {
        if (times > 1) {
          duplicates += times - 1;
          mismatches.push(`${supplier} holds ${times} orders for ${po}`);
        }
      }
      const refs = new Set(ledgers[supplier].map((e) => e.ref));
      const portalRefs = new Set(portal.filter((o) => o.supplier === supplier && o.ref).map((o) => o.ref!));
      for (const entry of ledgers[supplier]) {
        if (!portalRefs.has(entry.ref)) mismatches.push(`${supplier} order ${entry.ref} (${entry.poNumber}) is not a supplier order the portal knows`);
      }
      for (const requisition of made.filter((r) => r.supplier === supplier)) {
        const order = byRequisition.get(requisition.requisitionId);
        const atSupplier = ledgers[supplier].filter((e) => e.poNumber === requisition.poNumber).length;
        if (requisition.decision === "approve") {
          if (order?.state === "placed") perSupplier[supplier].atPortal++;
          if (!order || order.state !== "placed" || !order.ref || !refs.has(order.ref) || atSupplier === 0) {
            missing++;
            mismatches.push(
              `${requisition.poNumber} was approved but is ${order ? `${order.state} at the portal (ref ${order.ref ?? "none"})` : "not a supplier order"} and ${atSupplier ? "at" : "not at"} ${supplier}`,
            );
          }
        } else {
          const expected = requisition.decision === "pending" ? "pending_approval" : "rejected";
          if (order?.status !== expected) mismatches.push(`${requisition.poNumber} should be ${expected} but is ${order?.status}`);
          if (atSupplier > 0 || order?.state === "placed" || order?.ref) {
            unapprovedSent++;
            mismatches.push(`${requisition.poNumber} was ${requisition.decision === "pending" ? "never decided" : "rejected"} but reached ${supplier}`);
          }
        }
      }
    }

    // Budgets: every order's spend in the state its requisition calls for, and each cost center's position the sum of them.
    let budgetMismatches = 0;
    const spend = await db.select().from(costCenterSpend).where(eq(costCenterSpend.companyId, company.companyId));
    for (const requisition of made) {
      const rows = spend.filter((s) => s.requisitionId === requisition.requisitionId);
      const want = requisition.decision === "approve" ? "committed" : requisition.decision === "pending" ? "reserved" : "released";
      if (rows.length !== 1 || rows[0]!.state !== want) {
        budgetMismatches++;
        mismatches.push(`${requisition.poNumber}: spend ${rows.map((r) => r.state).join(", ") || "none"}, expected one ${want}`);
      }
    }
    for (const costCenterId of costCenterIds) {
      const position = await budgetPositionAt(db, costCenterId, new Date());
      const sum = (state: string) => spend.filter((s) => s.costCenterId === costCenterId && s.state === state).reduce((t, s) => t + s.amountMinor, 0);
      if (!position || position.committed.amount !== sum("committed") || position.reserved.amount !== sum("reserved")) {
        budgetMismatches++;
        mismatches.push(
          `cost center ${costCenterId}: position committed ${position?.committed.amount} reserved ${position?.reserved.amount}, spend rows committed ${sum("committed")} reserved ${sum("reserved")}`,
        );
      } else if (position.remaining.amount !== position.budget.amount - position.committed.amount - position.reserved.amount) {
        budgetMismatches++;
        mismatches.push(`cost center ${costCenterId}: remaining ${position.remaining.amount} is not budget less committed and reserved`);
      }
    }
    // Committed at what the supplier charges: an order's committed amount is its total at the supplier.
    const placedIds = portal.filter((o) => o.state === "placed").map((o) => o.orderId);
    if (placedIds.length > 0) {
      const placedSpend = await db
        .select({ id: costCenterSpend.id })
        .from(costCenterSpend)
        .where(and(inArray(costCenterSpend.supplierOrderId, placedIds), eq(costCenterSpend.state, "released")));
      if (placedSpend.length > 0) {
        budgetMismatches += placedSpend.length;
        mismatches.push(`${placedSpend.length} placed orders have their spend released`);
      }
    }

    return {
      counts: {
        requisitions: made.length,
        approved: made.filter((r) => r.decision === "approve").length,
        pending: made.filter((r) => r.decision === "pending").length,
        rejected: made.filter((r) => r.decision === "reject").length,
        perSupplier,
        duplicates,
        missing,
        unapprovedSent,
        budgetMismatches,
        faultsInjected,
        faultedRequests,
        approvalRetries,
        workerKills,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      },
      mismatches,
    };
  } finally {
    if (worker) {
      worker.kill("SIGKILL");
      await exited(worker);
    }
    await Promise.all([hygrade.close(), yodify.close(), ordercloud.close()]);
    await database?.close();
    await run.drop();
  }
}

function printCounts(result: FaultsResult) {
  const c = result.counts;
  const rows: [string, string | number][] = [
    ["requisitions", c.requisitions],
    ["approved", c.approved],
    ["left pending", c.pending],
    ["rejected", c.rejected],
    ...SUPPLIERS.map((s): [string, string] => [`${s} orders (portal / supplier)`, `${c.perSupplier[s].atPortal} / ${c.perSupplier[s].atSupplier}`]),
    ["duplicates at a supplier", c.duplicates],
    ["approved but missing", c.missing],
    ["unapproved but sent", c.unapprovedSent],
    ["budget mismatches", c.budgetMismatches],
    ...Object.entries(c.faultsInjected)
      .filter(([kind]) => kind !== "truncate")
      .map(([kind, n]): [string, number] => [`faults queued: ${kind}`, n]),
    ["requests answered with a fault", c.faultedRequests],
    ["decisions retried (supplier recheck failed)", c.approvalRetries],
    ["worker kills (SIGKILL)", c.workerKills],
    ["seconds", c.seconds],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  for (const m of result.mismatches) console.log(`MISMATCH ${m}`);
}

async function main() {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    if (at < 0) return fallback;
    const value = Number(args[at + 1]);
    if (!Number.isInteger(value) || value < 1) {
      console.error(`--${name} takes a whole number of at least 1, e.g. --${name} ${fallback}`);
      process.exit(2);
    }
    return value;
  };
  const databaseUrl = process.env.FAULTS_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    console.error("npm run faults needs PostgreSQL: set FAULTS_DATABASE_URL (or TEST_DATABASE_URL) to a server it may create a database on.");
    process.exit(2);
  }
  const n = arg("n", 24);
  const result = await runFaults({ n, databaseUrl, kills: arg("kills", Math.max(3, Math.min(10, Math.round(n / 60)))), log: (l) => console.log(`· ${l}`) });
  printCounts(result);
  process.exit(result.mismatches.length > 0 ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
