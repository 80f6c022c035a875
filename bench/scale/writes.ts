/**
 * The scale benchmark's writes, over HTTP against the running portal: companies come from the test hooks (as the
 * Playwright fixtures make them), so each buyer has a cart of their own and the sandboxes are the portal's own.
 */
import type { LaunchedPortal } from "../production-portal";
import { signIn, trpc } from "../production-portal";
import { percentile } from "../stats";
import type { BenchSize } from "./scenario";

interface TestCompany {
  connectionId: string;
  yodifyConnectionId: string | null;
  orderspaceConnectionId: string | null;
  ordercloudConnectionId: string | null;
  password: string;
  users: { email: string }[];
  costCenters: { id: string; code: string }[];
}

async function testCompany(portal: LaunchedPortal, options: Record<string, unknown>): Promise<TestCompany> {
  const response = await fetch(`${portal.baseUrl}/api/test-hooks/company`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-portal-test-hooks-token": portal.hooksToken },
    body: JSON.stringify(options),
  });
  if (!response.ok) throw new Error(`test company: ${response.status} ${await response.text()}`);
  return (await response.json()) as TestCompany;
}

const emailOf = (company: TestCompany, prefix: string) => company.users.find((u) => u.email.startsWith(`${prefix}-`))!.email;

async function firstAvailable(portal: LaunchedPortal, cookie: string, connectionId: string): Promise<string> {
  const page = await trpc<{ items: { supplierItemId: string; available: boolean }[] }>(
    portal.baseUrl,
    cookie,
    "catalog.search",
    { connectionId, limit: 20 },
    "GET",
  );
  const item = page.items.find((i) => i.available);
  if (!item) throw new Error(`no available item at connection ${connectionId}`);
  return item.supplierItemId;
}

async function submit(portal: LaunchedPortal, cookie: string, costCenterId: string, poNumber: string) {
  const { suppliers } = await trpc<{ suppliers: { connectionId: string; defaultAddressId: string | null }[] }>(
    portal.baseUrl,
    cookie,
    "checkout.options",
    undefined,
    "GET",
  );
  const shipTo = suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! }));
  const started = performance.now();
  await trpc(portal.baseUrl, cookie, "checkout.submit", { shipTo, costCenterId, poNumber }, "POST");
  return performance.now() - started;
}

const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)) };
};

/**
 * Checkout submit with the sandboxes answering at once: many buyers (two per company) each submitting a one-line cart
 * again and again, all at the same time; only the submit is timed (its live re-check of the line included).
 */
export async function checkoutBench(portal: LaunchedPortal, size: BenchSize) {
  const companies = size === "quick" ? 3 : 10;
  const rounds = size === "quick" ? 4 : 10;
  const buyers: { cookie: string; connectionId: string; itemId: string; costCenterId: string }[] = [];
  for (let i = 0; i < companies; i++) {
    // Every requisition waits for approval: nothing is sent to a supplier while the submits are timed.
    const company = await testCompany(portal, { approvalThresholdMinor: 0 });
    const costCenterId = company.costCenters.find((c) => c.code === "CC-1100")!.id;
    for (const prefix of ["buyer", "buyer2"]) {
      const cookie = await signIn(portal.baseUrl, emailOf(company, prefix), company.password);
      buyers.push({ cookie, connectionId: company.connectionId, itemId: await firstAvailable(portal, cookie, company.connectionId), costCenterId });
    }
  }
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    buyers.map(async (buyer, b) => {
      for (let round = 0; round < rounds; round++) {
        await trpc(portal.baseUrl, buyer.cookie, "cart.add", { connectionId: buyer.connectionId, itemId: buyer.itemId, quantity: 1 }, "POST");
        times.push(await submit(portal, buyer.cookie, buyer.costCenterId, `PO-BENCH-${b}-${round}`));
      }
    }),
  );
  const { p50, p99 } = summary(times);
  return {
    bench: "checkout.submit (one Hygrade line, sandbox answering at once)",
    "concurrent buyers": buyers.length,
    submits: times.length,
    "p50 ms": p50,
    "p99 ms": p99,
    "submits/s": Math.round((times.length / ((performance.now() - started) / 1000)) * 10) / 10,
  };
}

/** Fixed latencies per supplier for the re-price; Hygrade's is the slowest, so its own answer is the yardstick. */
const LATENCY_MS = { hygrade: 250, yodify: 200, orderspace: 150, ordercloud: 100 } as const;
const SANDBOX_PORT_OFFSET = { hygrade: 1000, yodify: 1001, orderspace: 1002, ordercloud: 1003 } as const;

async function setLatency(portal: LaunchedPortal, supplier: keyof typeof LATENCY_MS, latencyMs: number | null) {
  const origin = `http://127.0.0.1:${Number(new URL(portal.baseUrl).port) + SANDBOX_PORT_OFFSET[supplier]}`;
  const body = latencyMs === null ? {} : { kind: "latency", count: 10_000, latencyMs };
  const response = await fetch(`${origin}/_sandbox/${latencyMs === null ? "reset" : "faults"}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${supplier} sandbox control: ${response.status} ${await response.text()}`);
  return origin;
}

/**
 * A cart with a line from each of four suppliers, re-priced live at checkout submit (every supplier asked at once) while
 * each sandbox answers after a fixed latency: how close the whole submit comes to the slowest supplier's own answer,
 * timed in the same run as a request straight to that sandbox.
 */
export async function repriceBench(portal: LaunchedPortal, size: BenchSize) {
  const rounds = size === "quick" ? 5 : 20;
  const company = await testCompany(portal, { approvalThresholdMinor: 0, withOrderspace: true, withOrderCloud: true });
  const connections = [company.connectionId, company.yodifyConnectionId, company.orderspaceConnectionId, company.ordercloudConnectionId];
  if (connections.some((c) => !c)) throw new Error("the test company lacks one of the four suppliers");
  const cookie = await signIn(portal.baseUrl, emailOf(company, "buyer"), company.password);
  const costCenterId = company.costCenters.find((c) => c.code === "CC-1100")!.id;
  const items = await Promise.all(
    connections.map(async (connectionId) => ({ connectionId: connectionId!, itemId: await firstAvailable(portal, cookie, connectionId!) })),
  );
  const fillCart = () =>
    Promise.all(items.map((i) => trpc(portal.baseUrl, cookie, "cart.add", { connectionId: i.connectionId, itemId: i.itemId, quantity: 1 }, "POST")));
  // Warm: tokens fetched and routes compiled before the latencies start.
  await fillCart();
  await submit(portal, cookie, costCenterId, "PO-REPRICE-WARM");

  const hygradeOrigin = await setLatency(portal, "hygrade", LATENCY_MS.hygrade);
  for (const supplier of ["yodify", "orderspace", "ordercloud"] as const) await setLatency(portal, supplier, LATENCY_MS[supplier]);
  const submits: number[] = [];
  const direct: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      await fillCart();
      // Orderspace allows one request a second (60 a minute, no burst), and adding its line just spent it: a buyer does
      // not add and submit within the second, so the submit waits that out first, keeping the limiter (which has a
      // benchmark of its own) out of a figure that is about the latencies.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      submits.push(await submit(portal, cookie, costCenterId, `PO-REPRICE-${round}`));
      // The slowest sandbox's own answer (the latency, then a refusal of the missing token): the floor the submit can reach.
      const t0 = performance.now();
      await (await fetch(`${hygradeOrigin}/v1/customers/ACME001`)).arrayBuffer();
      direct.push(performance.now() - t0);
    }
  } finally {
    for (const supplier of Object.keys(LATENCY_MS) as (keyof typeof LATENCY_MS)[]) await setLatency(portal, supplier, null);
  }
  const s = summary(submits);
  const d = summary(direct);
  return {
    bench: "live re-price at checkout submit, four suppliers (latencies 250/200/150/100 ms)",
    rounds,
    "submit p50 ms": s.p50,
    "submit p99 ms": s.p99,
    "slowest sandbox alone p50 ms": d.p50,
    "ratio p50 (submit / slowest sandbox)": Math.round((s.p50 / d.p50) * 100) / 100,
  };
}
