import { format } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { supplierOrders } from "@/db/schema";
import { signIn } from "@/server/auth";
import { syncCatalog } from "@/server/catalog/sync";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT";
const PASSWORD = "harness-password";

/**
 * Everything the portal writes while a requisition is checked out, approved and placed, with the suppliers failing
 * on the way (errors are where secrets usually leak: a request's headers inside a logged error), must hold no
 * credential: no supplier secret or token, no person's password, no session or encryption key.
 */
describe("the portal's log during a full checkout, approval and placement", () => {
  let h: Harness;
  const lines: string[] = [];
  const supplierLog = process.env.SUPPLIER_LOG;

  beforeAll(async () => {
    h = await startHarness("pglite");
    // The supplier attempt lines are part of the log under test: on, as in production.
    process.env.SUPPLIER_LOG = "";
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
    }
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        lines.push(String(chunk));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
    }
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    process.env.SUPPLIER_LOG = supplierLog;
    await h?.close();
  });

  it("holds no password, supplier secret, token or key", async () => {
    const acme = await h.createCompany({ withYodify: true });
    const buyer = acme.callerFor("buyer1@harness.example");
    const approver = acme.callerFor("approver1@harness.example");
    const headers = { "x-forwarded-for": "203.0.113.7", "user-agent": "log-test" };

    // A wrong password, then the right one.
    await expect(signIn(h.db, { email: "buyer1@harness.example", password: "not-the-password" }, headers)).resolves.toBeNull();
    await expect(signIn(h.db, { email: "buyer1@harness.example", password: PASSWORD }, headers)).resolves.toBeTruthy();

    await syncCatalog(h.db, acme.yodifyConnectionId!);
    const page = await buyer.catalog.search({ connectionId: acme.connectionId, q: FM });
    const item = page.items.find((i) => i.itemCode === FM)!;
    await buyer.cart.add({ connectionId: acme.connectionId, itemId: item.supplierItemId, quantity: 40 });
    const submitted = await buyer.checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-LOGS",
      shipTo: [{ connectionId: acme.connectionId, addressId: "addr_1c9d2f3b" }],
    });
    expect(submitted.status).toBe("pending_approval");
    await approver.approvals.approve({ requisitionId: submitted.requisitionId });

    // Placement meets an expired token, a server error and a dropped connection before it gets through.
    await sandboxControl(h.sandbox, "/tokens/expire");
    await sandboxControl(h.sandbox, "/faults", { kind: "status5xx", count: 1, pathPrefix: "/v1/orders" });
    await sandboxControl(h.sandbox, "/faults", { kind: "drop", count: 1, pathPrefix: "/v1/orders" });
    for (let round = 0; round < 5; round++) {
      await runDueOutboxWork(h.db, new Date(Date.now() + round * 3_600_000));
    }
    const orders = await h.db.select({ state: supplierOrders.state }).from(supplierOrders).where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    expect(orders.map((o) => o.state)).toEqual(["placed"]);

    const log = lines.join("\n");
    // The capture works: the supplier attempts, failures included, are in it.
    expect(log).toMatch(/\[supplier:hygrade\] POST \/v1\/orders 50\d/);
    const secrets = [
      PASSWORD,
      "not-the-password",
      h.sandbox.clientSecret,
      h.yodify.clientSecret,
      process.env.NEXTAUTH_SECRET!,
      process.env.PORTAL_ENCRYPTION_KEY!.split(":")[1]!,
      ...h.sandbox.state.core.tokens.handedOut(),
      ...h.yodify.state.core.tokens.handedOut(),
    ];
    expect(h.sandbox.state.core.tokens.handedOut().length).toBeGreaterThan(1);
    for (const secret of secrets) expect(secret.length).toBeGreaterThan(7);
    const leaked = secrets.filter((secret) => log.includes(secret));
    expect(leaked).toEqual([]);
    expect(log).not.toMatch(/Bearer\s+\S{8,}/i);
  });
});
