import { runDueOutboxWork } from "@/server/jobs/outbox";
import { startHarness } from "@/server/testing/harness";
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
      const search = await timeEach(50, (i) => buyer.catalog.search({ connectionId: company.connectionId, q: ["label", "glove", "letterhead", "box", "tape"][i % 5] }));
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

export const benchmarks: Benchmark[] = [buyerPath];
