import { count } from "drizzle-orm";
import { catalogItems } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { clientPaceFor } from "@/server/suppliers/http/rate-limiter";
import { HYGRADE_RATE_LIMIT } from "@/server/suppliers/hygrade/connector";
import { ORDERSPACE_RATE_LIMIT_PROFILE, YODIFY_RATE_LIMIT_PROFILE } from "@/server/suppliers/http/rate-limits";
import { startHygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { ACME_CUSTOMER_ID } from "@/server/sandboxes/orderspace/data";
import { startOrderspaceSandbox } from "@/server/sandboxes/orderspace/sandbox";
import { ACME_ACCOUNT_ID } from "@/server/sandboxes/yodify/data";
import { startYodifySandbox } from "@/server/sandboxes/yodify/sandbox";
import { sandboxToken } from "@/server/sandboxes/shared/control-client";
import { offerLoad } from "@/server/testing/offered-load";
import { startHarness } from "@/server/testing/harness";
import { firstLoadJsBench } from "./first-load-js";
import { lighthouseBench } from "./lighthouse";
import { timeEach } from "./stats";

export interface Benchmark {
  name: string;
  run: () => Promise<Record<string, number | string>>;
}

/** The buyer's path through tRPC callers, PGlite and the Hygrade sandbox: what each step costs on this machine. */
const buyerPath: Benchmark = {
  name: "buyer path (tRPC caller + PGlite + Hygrade sandbox)",
  run: async () => {
    const h = await startHarness("pglite");
    try {
      const company = await h.createCompany({ approvalThreshold: null });
      const buyer = company.callerFor("buyer1@harness.example");
      const search = await timeEach(50, (i) =>
        buyer.catalog.search({ connectionId: company.connectionId, q: ["label", "glove", "letterhead", "box", "tape"][i % 5] }),
      );
      const page = await buyer.catalog.search({ connectionId: company.connectionId, limit: 100 });
      const ids = page.items.filter((i) => i.available).map((i) => i.supplierItemId);
      const add = await timeEach(50, (i) => buyer.cart.add({ connectionId: company.connectionId, itemId: ids[i % ids.length]!, quantity: 1 }));
      const cart = await timeEach(50, () => buyer.cart.get());
      const options = await buyer.checkout.options();
      const shipTo = options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! }));
      const submitStart = performance.now();
      await buyer.checkout.submit({ shipTo, costCenterId: company.costCenters[0]!.id, poNumber: "PO-BENCH", note: undefined });
      const submitMs = performance.now() - submitStart;
      const placeStart = performance.now();
      await runDueOutboxWork(h.db);
      const placeMs = performance.now() - placeStart;
      return {
        "catalog.search p50 ms": search.p50,
        "catalog.search p95 ms": search.p95,
        "cart.add p50 ms (live price from supplier)": add.p50,
        "cart.add p95 ms": add.p95,
        "cart.get (50 lines) p50 ms": cart.p50,
        "checkout.submit (50 lines, live re-check) ms": submitMs,
        "outbox: place one 50-line order ms": placeMs,
      };
    } finally {
      await h.close();
    }
  },
};

/** What budget checking costs: checkouts serialised on one cost center's lock, and the spend report over them. */
const spend: Benchmark = {
  name: "budgets and spend (tRPC caller + PGlite + Hygrade sandbox)",
  run: async () => {
    const h = await startHarness("pglite");
    try {
      const buyers = Array.from({ length: 20 }, (_, i) => ({
        email: `b${i}@bench.example`,
        name: `Buyer ${i}`,
        password: "bench-password",
        roles: ["buyer" as const],
      }));
      const company = await h.createCompany({
        approvalThreshold: null,
        users: [...buyers, { email: "admin@bench.example", name: "Admin", password: "bench-password", roles: ["admin", "approver"] }],
        costCenters: [{ code: "CC-1", name: "Shared", budgets: [{ period: "month", amountMinor: 100_000 }] }],
      });
      const centerId = company.costCenters[0]!.id;
      const admin = company.callerFor("admin@bench.example");
      const first = company.callerFor(buyers[0]!.email);
      const itemId = (await first.catalog.search({ connectionId: company.connectionId, q: "letterhead" })).items.find((i) => i.available)!.supplierItemId;
      const shipTo = [{ connectionId: company.connectionId, addressId: "addr_1c9d2f3b" }];
      const submit = (email: string) => company.callerFor(email).checkout.submit({ shipTo, costCenterId: centerId, poNumber: "PO-BENCH" });

      // One after another: the cost of the budget lock and position query inside each checkout.
      const sequential = await timeEach(100, async (i) => {
        const email = buyers[i % buyers.length]!.email;
        await company.callerFor(email).cart.add({ connectionId: company.connectionId, itemId, quantity: 1 });
        return submit(email);
      });
      // All at once: twenty checkouts queue on one cost center's row lock.
      for (const b of buyers) await company.callerFor(b.email).cart.add({ connectionId: company.connectionId, itemId, quantity: 1 });
      const burstStart = performance.now();
      await Promise.all(buyers.map((b) => submit(b.email)));
      const burstMs = performance.now() - burstStart;
      await runDueOutboxWork(h.db, new Date(), 200);

      const today = new Date().toISOString().slice(0, 10);
      const range = { from: `${today.slice(0, 4)}-01-01`, to: today };
      const report = await timeEach(30, () => admin.spend.report(range));
      const csv = await timeEach(30, () => admin.spend.csv({ ...range, groupBy: "month" }));
      return {
        "checkout.submit with budget check p50 ms (add + submit, 1 line)": sequential.p50,
        "checkout.submit with budget check p95 ms": sequential.p95,
        "20 checkouts at once on one cost center, wall ms": burstMs,
        "spend.report (120 requisitions) p50 ms": report.p50,
        "spend.csv p50 ms": csv.p50,
      };
    } finally {
      await h.close();
    }
  },
};

/** The approver's side: the inbox with many requisitions waiting, and a decision through a two-level chain. */
const approvals: Benchmark = {
  name: "approval chains (tRPC caller + PGlite + Hygrade sandbox)",
  run: async () => {
    const h = await startHarness("pglite");
    try {
      const company = await h.createCompany({
        users: [
          { email: "buyer@bench.example", name: "Buyer", password: "bench-password", roles: ["buyer"] },
          { email: "owner@bench.example", name: "Owner", password: "bench-password", roles: ["approver"] },
          { email: "finance@bench.example", name: "Finance", password: "bench-password", roles: ["approver"] },
        ],
        costCenters: [{ code: "CC-1", name: "Shared", ownerEmail: "owner@bench.example" }],
        policy: [
          { id: "owner", conditions: [], step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } },
          { id: "finance", conditions: [], step: { level: 2, approvers: [{ kind: "role", role: "approver" }], mode: "any" } },
        ],
      });
      const buyer = company.callerFor("buyer@bench.example");
      const owner = company.callerFor("owner@bench.example");
      const finance = company.callerFor("finance@bench.example");
      const itemId = (await buyer.catalog.search({ connectionId: company.connectionId, q: "letterhead" })).items.find((i) => i.available)!.supplierItemId;
      const shipTo = [{ connectionId: company.connectionId, addressId: "addr_1c9d2f3b" }];
      const ids: string[] = [];
      const submit = await timeEach(100, async () => {
        await buyer.cart.add({ connectionId: company.connectionId, itemId, quantity: 1 });
        ids.push((await buyer.checkout.submit({ shipTo, costCenterId: company.costCenters[0]!.id, poNumber: "PO-BENCH" })).requisitionId);
      });
      const inbox = await timeEach(20, () => owner.approvals.inbox());
      const count = await timeEach(20, () => owner.approvals.count());
      const firstLevel = await timeEach(50, (i) => owner.approvals.approve({ requisitionId: ids[i]! }));
      // The last level also re-checks prices with Hygrade before the order may go.
      const lastLevel = await timeEach(50, (i) => finance.approvals.approve({ requisitionId: ids[i]! }));
      return {
        "checkout.submit with a 2-level chain p50 ms (add + submit)": submit.p50,
        "approvals.inbox (100 waiting) p50 ms": inbox.p50,
        "approvals.count p50 ms": count.p50,
        "approve, level 1 of 2 p50 ms": firstLevel.p50,
        "approve, last level (with live re-check) p50 ms": lastLevel.p50,
        "approve, last level p95 ms": lastLevel.p95,
      };
    } finally {
      await h.close();
    }
  },
};

interface LimitedSandbox {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  close: () => Promise<void>;
}

/**
 * Ten times a supplier's allowed rate offered for ten seconds through the portal's limiter (at the pace its connector
 * keeps, clientPaceFor): the 429s its sandbox answered, and how much of the allowed rate got through. The allowed rate
 * is Hygrade's and Orderspace's documented one; Yodify documents none, so it is the connector's own choice (its sandbox
 * allows more).
 */
function limiterBench(supplier: string, limit: { ratePerSecond: number; burst: number }, start: () => Promise<LimitedSandbox>, path: string): Benchmark {
  return {
    name: `rate limiter vs ${supplier} sandbox (10x the allowed rate for 10 s)`,
    run: async () => {
      const sandbox = await start();
      try {
        const token = await sandboxToken(sandbox);
        const result = await offerLoad({
          url: `${sandbox.baseUrl}${path}`,
          headers: { authorization: `Bearer ${token}` },
          rate: clientPaceFor(limit),
          offeredPerSecond: limit.ratePerSecond * 10,
          seconds: 10,
        });
        // Allowed in the window: the burst plus the steady rate for ten seconds.
        const allowed = limit.burst + limit.ratePerSecond * 10;
        return {
          "offered (requests)": result.offered,
          "answered within the window": result.ok,
          "429 from the sandbox": result.rateLimited,
          "allowed in the window (burst + 10 s x rate)": allowed,
          "throughput, share of the allowed rate %": Math.round((result.ok / allowed) * 1000) / 10,
        };
      } finally {
        await sandbox.close();
      }
    },
  };
}

const limiters: Benchmark[] = [
  limiterBench("Hygrade", HYGRADE_RATE_LIMIT, () => startHygradeSandbox({ port: 0, autoAdvanceMs: null }), "/customers/ACME001"),
  limiterBench("Yodify", YODIFY_RATE_LIMIT_PROFILE, () => startYodifySandbox({ port: 0, autoAdvanceMs: null }), `/Accounts/${ACME_ACCOUNT_ID}`),
  limiterBench("Orderspace", ORDERSPACE_RATE_LIMIT_PROFILE, () => startOrderspaceSandbox({ port: 0 }), `/customers/${ACME_CUSTOMER_ID}`),
];

/**
 * The catalog page's search over the mirror (every supplier at once): several companies' mirrors in one table, as on a
 * shared database, and a mix of what buyers type: whole words, an item code, a prefix while typing, a typo.
 */
const mirrorSearch: Benchmark = {
  name: "catalog mirror search (tRPC caller + PGlite, Hygrade and Yodify mirrored for 4 companies)",
  run: async () => {
    const h = await startHarness("pglite");
    try {
      const companies = [];
      for (let i = 0; i < 4; i++) {
        const company = await h.createCompany({ approvalThreshold: null, withYodify: true });
        await syncCatalog(h.db, company.connectionId);
        if (company.yodifyConnectionId) await syncCatalog(h.db, company.yodifyConnectionId);
        companies.push(company);
      }
      const [items] = await h.db.select({ n: count() }).from(catalogItems);
      const buyer = companies[0]!.callerFor(companies[0]!.users.find((u) => u.roles.includes("buyer"))!.email);
      const queries = ["gloves", "FM-0014-LT", "nitr", "glvoes", "letterhead paper", "tape"];
      const search = await timeEach(60, (i) => buyer.catalog.searchAll({ q: queries[i % queries.length] }));
      return {
        "mirrored items (all companies)": items?.n ?? 0,
        "catalog.searchAll p50 ms": search.p50,
        "catalog.searchAll p95 ms": search.p95,
      };
    } finally {
      await h.close();
    }
  },
};

// Last, and against the production build in .next (`npx next build` first): what a phone downloads and how Lighthouse scores it.
export const benchmarks: Benchmark[] = [buyerPath, spend, approvals, mirrorSearch, ...limiters, firstLoadJsBench, lighthouseBench];
