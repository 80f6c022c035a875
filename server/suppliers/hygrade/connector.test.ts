/**
 * The Hygrade connector over real HTTP against the sandbox (started here on a
 * random port). No fetch mocks: faults are injected through the sandbox's
 * control endpoints.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/suppliers";
import { isSupplierError } from "../errors";
import type { AttemptLogEntry, SupplierLogger } from "../http/logger";
import type { CatalogItem, PlaceOrderRequest, SupplierConnectionSettings, SupplierConnector } from "../types";
import { clearHygradeCaches, createHygradeConnector, type HygradeConnectorOptions } from "./connector";
import { startHygradeSandbox, type HygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { parseWire, wireCatalogItem, wireOrder } from "./wire";
import { supplierFailure } from "../testing";

let sandbox: HygradeSandbox;
let settings: SupplierConnectionSettings;
const entries: AttemptLogEntry[] = [];
const logger: SupplierLogger = {
  info(_line, entry) {
    if (entry) entries.push(entry);
  },
};
const fast: HygradeConnectorOptions = { logger, retry: { baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2000, deadlineMs: 15_000 } };

const connector = (overrides: Partial<SupplierConnectionSettings> = {}, options: HygradeConnectorOptions = fast) =>
  createHygradeConnector({ ...settings, ...overrides }, options);
const apiAttempts = (path?: string) => entries.filter((e) => e.path.startsWith("/v1") && (!path || e.path === path)).map((e) => e.status);

const failure = supplierFailure;

const order = (overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest => ({
  idempotencyKey: `po-${Math.random().toString(36).slice(2)}`,
  shipToAddressId: "addr_1c9d2f3b",
  costCenterCode: "CC-4420",
  poNumber: "PO-2026-0881",
  lines: [{ itemCode: "FM-0014-LT", quantity: 3 }],
  ...overrides,
});

async function allItems(c: SupplierConnector, query: { q?: string; categoryId?: string; availableOnly?: boolean } = {}): Promise<CatalogItem[]> {
  const items: CatalogItem[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await c.searchCatalog({ ...query, limit: 100, cursor });
    items.push(...page.items);
    if (!page.hasMore) return items;
    cursor = page.nextCursor ?? undefined;
  }
  throw new Error("paging did not end");
}

beforeAll(async () => {
  sandbox = await startHygradeSandbox({ port: 0 });
  settings = { baseUrl: sandbox.baseUrl, tokenUrl: sandbox.tokenUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, accountId: "ACME001" };
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandboxControl(sandbox.url, "/reset", { orders: true });
  entries.length = 0;
});

describe("Hygrade connector: catalog", () => {
  it("pages through the whole ACME001 catalog: every item once, as many as the sandbox holds", async () => {
    const items = await allItems(connector());
    const expected = sandbox.state.world.catalogs.get("ACME001") ?? [];
    expect(items.length).toBeGreaterThanOrEqual(500);
    expect(items.length).toBe(expected.length);
    expect(new Set(items.map((i) => i.supplierItemId)).size).toBe(items.length);
    expect(items.map((i) => i.supplierItemId)).toEqual(expected.map((i) => i.id));
  });

  it("maps items to portal types with integer-cent Money and sorted tiers", async () => {
    const item = await connector().getItem("itm_5e2c8d14");
    expect(item).toEqual({
      supplierItemId: "itm_5e2c8d14",
      itemCode: "FM-0014-LT",
      name: "Letterhead — #10 stock",
      description: "Full-color letterhead printed on 24lb cotton stock.",
      category: { id: "cat_forms", name: "Forms & Stationery" },
      brand: null,
      images: [`${sandbox.url}/catalog-images/ACME001/fm-0014-lt-1.svg`],
      priceTiers: [
        { minQuantity: 1, unitPrice: { amount: 2450, currency: "USD" } },
        { minQuantity: 10, unitPrice: { amount: 2175, currency: "USD" } },
        { minQuantity: 100, unitPrice: { amount: 1890, currency: "USD" } },
      ],
      available: true,
      leadTimeDays: 5,
    });
  });

  it("filters by q, category and availability", async () => {
    const c = connector();
    const letterhead = await c.searchCatalog({ q: "LETTERHEAD" });
    expect(letterhead.items.length).toBeGreaterThan(1);
    for (const i of letterhead.items) expect(`${i.name} ${i.description} ${i.itemCode}`.toLowerCase()).toContain("letterhead");

    const safety = await allItems(c, { categoryId: "cat_safety" });
    expect(safety.length).toBeGreaterThan(20);
    expect(safety.every((i) => i.category?.id === "cat_safety" && i.brand === null)).toBe(true);

    const available = await allItems(c, { availableOnly: true });
    const all = sandbox.state.world.catalogs.get("ACME001") ?? [];
    expect(available.every((i) => i.available)).toBe(true);
    expect(available.length).toBe(all.filter((i) => i.available).length);

    const combined = await allItems(c, { q: "gloves", categoryId: "cat_safety", availableOnly: true });
    expect(combined.length).toBeGreaterThan(0);
    expect(combined.every((i) => i.available && i.category?.id === "cat_safety" && /gloves/i.test(`${i.name} ${i.description}`))).toBe(true);
    expect((await c.searchCatalog({ q: "no such thing anywhere" })).items).toEqual([]);
  });

  it("caps page size at Hygrade's 100", async () => {
    const page = await connector().searchCatalog({ limit: 1000 });
    expect(page.items).toHaveLength(100);
    expect(page.hasMore).toBe(true);
  });

  it("derives categories from the whole catalog once, then serves them from the per-connection cache", async () => {
    clearHygradeCaches();
    const [a, b] = await Promise.all([connector().listCategories(), connector().listCategories()]);
    expect(a).toEqual(b);
    expect(a.map((c) => c.name)).toEqual(["Breakroom", "Forms & Stationery", "Janitorial", "Labels", "Office Supplies", "Packaging", "Promotional", "Safety"]);
    const pages = Math.ceil((sandbox.state.world.catalogs.get("ACME001")?.length ?? 0) / 100);
    expect(apiAttempts("/v1/catalog/items")).toHaveLength(pages);
    entries.length = 0;
    await connector().listCategories(); // a new connector object, same connection
    expect(apiAttempts()).toEqual([]);
  });

  it("scopes everything to the connection's account", async () => {
    const globex = connector({ accountId: "GLOBEX01" });
    const item = await globex.getItem("itm_5e2c8d14");
    expect(item.priceTiers[0]?.unitPrice.amount).not.toBe(2450);
    const categories = await globex.listCategories();
    expect(categories.some((c) => c.id === "cat_promo")).toBe(false);
    const promo = (sandbox.state.world.catalogs.get("ACME001") ?? []).find((i) => i.category.id === "cat_promo");
    expect((await failure(globex.getItem(promo?.id ?? ""))).kind).toBe("not_found");
    const acmeOrder = await connector().placeOrder(order());
    expect((await failure(globex.getOrder(acmeOrder.supplierOrderId))).kind).toBe("not_found");
    expect((await failure(globex.cancelOrder(acmeOrder.supplierOrderId))).kind).toBe("not_found");
    expect(sandbox.state.orders.get(acmeOrder.supplierOrderId)?.order.status).toBe("approved");
  });

  it("unknown item is not_found", async () => {
    const error = await failure(connector().getItem("itm_00000000"));
    expect(error).toMatchObject({ kind: "not_found", supplier: "hygrade", details: { status: 404 } });
  });
});

describe("Hygrade connector: account", () => {
  it("maps the customer account with its shipping addresses and approval threshold", async () => {
    const account = await connector().getAccount();
    expect(account).toMatchObject({
      accountId: "ACME001",
      name: "Acme Corporation",
      approvalRequiredOver: { amount: 50000, currency: "USD" },
      billingTerms: "NET30",
    });
    expect(account.addresses.map((a) => [a.supplierAddressId, a.label, a.isDefault])).toEqual([
      ["addr_1c9d2f3b", "HQ - Cincinnati", true],
      ["addr_7a4e90d2", "Warehouse - Dayton", false],
    ]);
  });
});

describe("Hygrade connector: orders", () => {
  it("places an order priced like the documentation", async () => {
    const placed = await connector().placeOrder(order());
    expect(placed).toMatchObject({
      supplierOrderId: expect.stringMatching(/^ord_[0-9a-f]{16}$/),
      status: "approved",
      poNumber: "PO-2026-0881",
      lines: [
        {
          itemCode: "FM-0014-LT",
          description: "Letterhead — 500 ct, #10 stock",
          quantity: 3,
          unitPrice: { amount: 2450, currency: "USD" },
          lineTotal: { amount: 7350, currency: "USD" },
        },
      ],
      subtotal: { amount: 7350, currency: "USD" },
      tax: { amount: 514, currency: "USD" },
      shipping: { amount: 1200, currency: "USD" },
      total: { amount: 9064, currency: "USD" },
    });
    expect(placed.submittedAt).toBeInstanceOf(Date);
    expect(await connector().getOrder(placed.supplierOrderId)).toEqual(placed);
  });

  it("idempotent replay: the same key twice is one Hygrade order", async () => {
    const request = order({ idempotencyKey: "portal-order-42" });
    const first = await connector().placeOrder(request);
    const second = await connector().placeOrder(request);
    expect(second.supplierOrderId).toBe(first.supplierOrderId);
    expect(second).toEqual(first);
    expect(sandbox.state.orders.size).toBe(1);

    const reused = await failure(connector().placeOrder({ ...request, poNumber: "PO-DIFFERENT" }));
    expect(reused).toMatchObject({ kind: "validation", details: { code: "idempotency_key_reused", status: 422 } });
    expect(sandbox.state.orders.size).toBe(1);
  });

  it("a lost answer is retried with the same key and still makes one order", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "drop", count: 1 });
    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 2 });
    const placed = await connector().placeOrder(order());
    expect(apiAttempts("/v1/orders")).toEqual(["network", 503, 503, 201]);
    expect(sandbox.state.orders.size).toBe(1);
    expect(sandbox.state.orders.has(placed.supplierOrderId)).toBe(true);
  });

  it("a 422 becomes a validation error with the field and Hygrade's message", async () => {
    const address = await failure(connector().placeOrder(order({ shipToAddressId: "addr_nope" })));
    expect(address).toMatchObject({ kind: "validation", supplier: "hygrade", details: { field: "shipping_address_id", code: "invalid_value", status: 422 } });
    expect(address.message).toContain("addr_nope");
    expect(address.retryable).toBe(false);

    const item = await failure(
      connector().placeOrder(
        order({
          lines: [
            { itemCode: "FM-0014-LT", quantity: 1 },
            { itemCode: "XX-0000-XX", quantity: 2 },
          ],
        }),
      ),
    );
    expect(item).toMatchObject({ kind: "validation", details: { field: "items[1].item_code" } });

    const quantity = await failure(connector().placeOrder(order({ lines: [{ itemCode: "FM-0014-LT", quantity: 0 }] })));
    expect(quantity).toMatchObject({ kind: "validation", details: { field: "items[0].quantity" } });
    expect(quantity.message).toBe("The field 'items[0].quantity' must be a positive integer.");

    const po = await failure(connector().placeOrder(order({ poNumber: "" })));
    expect(po).toMatchObject({ kind: "validation", details: { field: "po_number", code: "missing_required_field" } });
    expect(po.message).toBe("The field 'po_number' is required.");
    expect(sandbox.state.orders.size).toBe(0);
  });

  it("orders above the account's approval threshold come back pending_approval", async () => {
    const placed = await connector().placeOrder(order({ lines: [{ itemCode: "FM-0014-LT", quantity: 100 }] }));
    expect(placed.status).toBe("pending_approval");
    expect(placed.total.amount).toBeGreaterThan(50000);
  });

  it("cancels only in pending_approval or approved", async () => {
    const c = connector();
    const approved = await c.placeOrder(order());
    expect((await c.cancelOrder(approved.supplierOrderId)).status).toBe("cancelled");
    // Cancelling again replays the same answer (the cancel is keyed by order): still cancelled, no error.
    expect((await c.cancelOrder(approved.supplierOrderId)).status).toBe("cancelled");

    const held = await c.placeOrder(order({ lines: [{ itemCode: "FM-0014-LT", quantity: 100 }] }));
    expect((await c.cancelOrder(held.supplierOrderId)).status).toBe("cancelled");

    for (const status of ["in_production", "shipped", "delivered"]) {
      const placed = await c.placeOrder(order());
      await sandboxControl(sandbox.url, `/orders/${placed.supplierOrderId}/advance`, { status });
      const refused = await failure(c.cancelOrder(placed.supplierOrderId));
      expect(refused).toMatchObject({ kind: "conflict", details: { code: "order_not_cancellable", status: 409 } });
      expect((await c.getOrder(placed.supplierOrderId)).status).toBe(status);
    }
    // The connector declares what the sandbox just showed, so the portal offers Cancel only where Hygrade still takes it.
    expect(c.capabilities).toEqual({
      placeOrder: true,
      cancelOrder: true,
      cancellableStatuses: ["pending_approval", "approved"],
      supplierApprovals: true,
      requiresPoNumber: true,
    });
  });

  it("follows status changes made at Hygrade", async () => {
    const c = connector();
    const placed = await c.placeOrder(order());
    await sandboxControl(sandbox.url, `/orders/${placed.supplierOrderId}/advance`);
    expect((await c.getOrder(placed.supplierOrderId)).status).toBe("in_production");
    expect((await failure(c.getOrder("ord_0000000000000000"))).kind).toBe("not_found");
  });
});

describe("Hygrade connector: supplier approvals", () => {
  // 100 letterheads: $1,890.00 + tax, over ACME001's $500.00, so Hygrade holds it for Sam Rivera.
  const held = () => connector().placeOrder(order({ lines: [{ itemCode: "FM-0014-LT", quantity: 100 }] }));
  const pendingIds = async (c = connector()) => (await c.listPendingApprovals()).approvals.map((a) => a.approvalId);

  it("lists the account's held orders in portal terms, oldest first, and nothing else", async () => {
    const first = await held();
    await connector().placeOrder(order()); // under the threshold: nothing to approve
    const second = await held();
    const { approvals, unreadable } = await connector().listPendingApprovals();
    expect(unreadable).toBe(0);
    expect(approvals.map((a) => a.supplierOrderId)).toEqual([first.supplierOrderId, second.supplierOrderId]);
    expect(approvals[0]).toEqual({
      approvalId: expect.stringMatching(/^apr_[0-9a-f]{12}$/),
      supplierOrderId: first.supplierOrderId,
      status: "pending",
      approver: { login: "srivera", name: "Sam Rivera" },
      requestedAt: expect.any(Date),
      decidedAt: null,
      reason: null,
      orderTotal: first.total,
    });
    expect(approvals[0]!.orderTotal).toEqual({ amount: 189_000 + 13_230, currency: "USD" });
  });

  it("scopes the queue to the connection's account and, when set, its approver login", async () => {
    const placed = await held();
    expect(await pendingIds(connector({ accountId: "GLOBEX01" }))).toEqual([]);
    expect(await pendingIds(connector({ approverLogin: "someone-else" }))).toEqual([]);
    expect(await pendingIds(connector({ approverLogin: "srivera" }))).toHaveLength(1);
    // Another account's connection cannot decide it, and the order stays held.
    const [approvalId] = await pendingIds();
    const foreign = await failure(connector({ accountId: "GLOBEX01" }).decideApproval(approvalId!, { approve: true }));
    expect(foreign).toMatchObject({ kind: "conflict", details: { code: "approval_not_pending" } });
    expect((await connector().getOrder(placed.supplierOrderId)).status).toBe("pending_approval");
  });

  it("approving releases the order at Hygrade; deciding it again is a conflict, not a second decision", async () => {
    const c = connector();
    const placed = await held();
    const [approvalId] = await pendingIds(c);
    const decided = await c.decideApproval(approvalId!, { approve: true });
    expect(decided).toMatchObject({ approvalId, supplierOrderId: placed.supplierOrderId, status: "approved", decidedAt: expect.any(Date), reason: null });
    expect((await c.getOrder(placed.supplierOrderId)).status).toBe("approved");
    expect(await pendingIds(c)).toEqual([]);

    const again = await failure(c.decideApproval(approvalId!, { approve: false, reason: "Too late" }));
    expect(again).toMatchObject({ kind: "conflict", supplier: "hygrade", details: { code: "approval_not_pending" } });
    expect(again.message).toContain("already decided");
    expect((await c.getOrder(placed.supplierOrderId)).status).toBe("approved");
  });

  it("two approvers clicking at once: one decision counts, the other is told it was already decided", async () => {
    const c = connector();
    await held();
    const [approvalId] = await pendingIds(c);
    const results = await Promise.allSettled([
      c.decideApproval(approvalId!, { approve: true }),
      c.decideApproval(approvalId!, { approve: false, reason: "No" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason).toMatchObject({ kind: "conflict", details: { code: "approval_not_pending" } });
  });

  it("Hygrade's own 409 for an approval that is no longer pending is the same typed conflict", async () => {
    const c = connector();
    const placed = await held();
    const [approvalId] = await pendingIds(c);
    // Hygrade moved the order on without closing the approval record: our check passes, Hygrade answers 409.
    sandbox.state.orders.get(placed.supplierOrderId)!.order.status = "approved";
    const refused = await failure(c.decideApproval(approvalId!, { approve: true }));
    expect(refused).toMatchObject({ kind: "conflict", details: { code: "approval_not_pending", status: 409 } });
    expect(apiAttempts(`/v1/approvals/${approvalId}/approve`)).toEqual([409]);
  });

  it("rejecting sends the reason and Hygrade cancels the order", async () => {
    const c = connector();
    const placed = await held();
    const [approvalId] = await pendingIds(c);
    const decided = await c.decideApproval(approvalId!, { approve: false, reason: "  Over budget for this quarter.  " });
    expect(decided).toMatchObject({ status: "rejected", reason: "Over budget for this quarter." });
    expect((await c.getOrder(placed.supplierOrderId)).status).toBe("cancelled");
  });

  it("a rejection without a reason is refused before anything is sent", async () => {
    const c = connector();
    await held();
    const [approvalId] = await pendingIds(c);
    entries.length = 0;
    const refused = await failure(c.decideApproval(approvalId!, { approve: false, reason: "   " }));
    expect(refused).toMatchObject({ kind: "validation", details: { field: "reason" } });
    expect(apiAttempts()).toEqual([]);
    expect(await pendingIds(c)).toEqual([approvalId]);
  });

  it("a malformed approval is left out with a logged reason; the others still show", async () => {
    const lines: string[] = [];
    const c = connector({}, { ...fast, logger: { info: (line) => void lines.push(line) } });
    const placed = await held();
    sandbox.state.approvals.set("apr_badbadbadbad", {
      id: "apr_badbadbadbad",
      object: "approval",
      order_id: "ord_0000000000000000",
      cust_id: "ACME001",
      status: "pending",
      approver: { login: "srivera", name: "Sam Rivera" },
      requested_at: "2026-04-12T18:22:03Z",
      order_total: { amount: 1234.5, currency: "USD" },
    });
    const { approvals, unreadable } = await c.listPendingApprovals();
    expect(approvals.map((a) => a.supplierOrderId)).toEqual([placed.supplierOrderId]);
    expect(unreadable).toBe(1);
    expect(lines.find((l) => l.includes("apr_badbadbadbad"))).toContain("order_total.amount");
  });

  it("a Hygrade that stays down is unavailable", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 10 });
    const error = await failure(connector().listPendingApprovals());
    expect(error).toMatchObject({ kind: "unavailable", retryable: true });
  });
});

describe("Hygrade connector: resilience", () => {
  it("waits out 429s and succeeds, having taken the retry", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status429", count: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const account = await connector().getAccount();
    expect(account.accountId).toBe("ACME001");
    expect(apiAttempts()).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("survives a burst of 5xx and a dropped connection on a GET", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 2 });
    await sandboxControl(sandbox.url, "/faults", { kind: "drop", count: 1 });
    const item = await connector().getItem("itm_5e2c8d14");
    expect(item.itemCode).toBe("FM-0014-LT");
    expect(apiAttempts()).toEqual([503, 503, "network", 200]);
  });

  it("a supplier that stays down is 'unavailable' (retryable) after the bounded tries", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 10 });
    const error = await failure(connector().getAccount());
    expect(error.kind).toBe("unavailable");
    expect(error.retryable).toBe(true);
    expect(apiAttempts()).toHaveLength(4);
  });

  it("renews an expired token once and carries on", async () => {
    const c = connector();
    await c.getAccount(); // a token is cached
    const issued = sandbox.state.tokensIssued;
    await sandboxControl(sandbox.url, "/tokens/expire");
    entries.length = 0;
    const results = await Promise.all([c.getAccount(), c.getItem("itm_5e2c8d14"), c.searchCatalog({ q: "toner" })]);
    expect(results).toHaveLength(3);
    expect(sandbox.state.tokensIssued - issued).toBe(1);
    expect(entries.filter((e) => e.path === "/oauth/token")).toHaveLength(1);
  });

  it("wrong credentials are an auth error, not retried", async () => {
    const error = await failure(connector({ clientSecret: "wrong-secret" }).getAccount());
    expect(error).toMatchObject({ kind: "auth", supplier: "hygrade" });
    expect(error.retryable).toBe(false);
    expect(entries.filter((e) => e.path === "/oauth/token")).toHaveLength(1);
    expect(apiAttempts()).toEqual([]);
  });

  it("an unreachable Hygrade is unavailable", async () => {
    const closed = await startHygradeSandbox();
    const gone = { baseUrl: closed.baseUrl, tokenUrl: closed.tokenUrl };
    await closed.close();
    const error = await failure(connector(gone, { ...fast, retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 } }).getAccount());
    expect(error.kind).toBe("unavailable");
  });

  it("connectorFor('hygrade') gives a working connector", async () => {
    const c = connectorFor("hygrade", settings);
    expect(c.kind).toBe("hygrade");
    expect((await c.searchCatalog({ q: "FM-0014-LT" })).items.map((i) => i.itemCode)).toEqual(["FM-0014-LT"]);
  });
});

describe("Hygrade wire parsing", () => {
  const item = {
    id: "itm_5e2c8d14",
    object: "catalog_item",
    item_code: "FM-0014-LT",
    name: "Letterhead",
    category: { id: "cat_forms", name: "Forms & Stationery" },
    pricing: [{ min_qty: 1, unit_price: { amount: 2450, currency: "USD" } }],
    available: true,
  };

  it("ignores unknown fields (additive changes) and keeps them", () => {
    const parsed = parseWire(wireCatalogItem, { ...item, brand_new_field: { x: 1 }, category: { ...item.category, parent_id: null } }, "catalog item");
    expect(parsed.item_code).toBe("FM-0014-LT");
    expect(parsed.brand_new_field).toEqual({ x: 1 });
  });

  it("malformed data names the field", () => {
    const fractional = (() => {
      try {
        parseWire(wireCatalogItem, { ...item, pricing: [{ min_qty: 1, unit_price: { amount: 24.5, currency: "USD" } }] }, "catalog item");
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isSupplierError(fractional) && fractional.kind).toBe("malformed");
    expect(isSupplierError(fractional) && fractional.details.field).toBe("pricing[0].unit_price.amount");
    expect(isSupplierError(fractional) && fractional.message).toContain("pricing[0].unit_price.amount");

    const status = (() => {
      try {
        parseWire(
          wireOrder,
          {
            id: "ord_1",
            object: "order",
            cust_id: "ACME001",
            status: "lost",
            items: [],
            subtotal: { amount: 1, currency: "USD" },
            total: { amount: 1, currency: "USD" },
          },
          "order",
        );
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isSupplierError(status) && status.details.field).toBe("status");
  });
});
