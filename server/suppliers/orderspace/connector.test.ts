/**
 * The Orderspace connector over real HTTP against its sandbox (a fresh one per test, on a random port, so each test
 * has its own connection: its own token and limiter). No fetch mocks: faults come from the sandbox's control API.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/suppliers";
import { startOrderspaceSandbox, type OrderspaceSandbox } from "@/server/sandboxes/orderspace/sandbox";
import { ACME_CUSTOMER_ID, GLOBEX_CUSTOMER_ID, SANDBOX_SKUS } from "@/server/sandboxes/orderspace/data";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import type { AttemptLogEntry, SupplierLogger } from "../http/logger";
import { clearSharedTokenCaches } from "../http/token-cache";
import { supplierFailure } from "../testing";
import type { CatalogItem, SupplierConnectionSettings } from "../types";
import { clearOrderspaceCaches, createOrderspaceConnector, readTracking, type OrderspaceConnectorOptions } from "./connector";

let sandbox: OrderspaceSandbox;
let settings: SupplierConnectionSettings;
const entries: AttemptLogEntry[] = [];
const logger: SupplierLogger = {
  info(_line, entry) {
    if (entry) entries.push(entry);
  },
};
/** Fast pacing and a short wait after a 429, for tests that are not about the documented numbers. */
const fast: OrderspaceConnectorOptions = {
  logger,
  rateLimit: { ratePerSecond: 200, burst: 50, cooldownAfter429Ms: 300 },
  retry: { baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2000, deadlineMs: 15_000, maxRetryAfterMs: 5_000 },
};
const connector = (options: OrderspaceConnectorOptions = fast, overrides: Partial<SupplierConnectionSettings> = {}) =>
  createOrderspaceConnector({ ...settings, ...overrides }, options);
const apiStatuses = () => sandbox.state.core.requestLog.map((r) => r.status);
const state = async () => (await sandboxControl(sandbox, "/state", {}, "GET")) as { tokensIssued: number; apiRequests: number };

async function allItems(c: ReturnType<typeof connector>, limit = 200): Promise<CatalogItem[]> {
  const items: CatalogItem[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await c.searchCatalog({ limit, cursor });
    items.push(...page.items);
    if (!page.hasMore) return items;
    cursor = page.nextCursor ?? undefined;
  }
  throw new Error("paging did not end");
}

beforeEach(async () => {
  clearSharedTokenCaches();
  clearOrderspaceCaches();
  entries.length = 0;
  sandbox = await startOrderspaceSandbox();
  settings = {
    baseUrl: sandbox.baseUrl,
    tokenUrl: sandbox.tokenUrl,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    accountId: ACME_CUSTOMER_ID,
  };
});
afterEach(() => sandbox.close());

describe("catalog", () => {
  it("mirrors every variant with its SKU, options and the customer's price-list price", async () => {
    const c = connector();
    expect(c.capabilities.placeOrder).toBe(false);
    const items = await allItems(c, 60);
    const variants = sandbox.state.catalog.products.flatMap((p) => p.product_variants);
    expect(items).toHaveLength(variants.length);
    expect(new Set(items.map((i) => i.supplierItemId)).size).toBe(variants.length);

    const vest = items.find((i) => i.itemCode === SANDBOX_SKUS.vestYellowM)!;
    expect(vest.supplierItemId).toMatch(/^pv_[A-Za-z0-9]{8}$/);
    expect(vest.name).toBe("Hi-Vis Vest Classic (Colour: Yellow, Size: M)");
    expect(vest.category?.name).toBe("High Visibility");

    // A variant with its own price on the customer's list is sold at that price, not the base price.
    const override = variants.find((v) => (v.price_list_prices ?? []).length > 0)!;
    const item = items.find((i) => i.itemCode === override.sku)!;
    expect(item.priceTiers).toEqual([
      { minQuantity: 1, unitPrice: { amount: Math.round(override.price_list_prices![0]!.unit_price! * 100), currency: "USD" } },
    ]);
    const plain = variants.find((v) => (v.price_list_prices ?? []).length === 0)!;
    expect(items.find((i) => i.itemCode === plain.sku)!.priceTiers[0]!.unitPrice.amount).toBe(Math.round(plain.unit_price * 100));

    // Out of stock is not orderable.
    const empty = [...sandbox.state.catalog.inventory.values()].find((l) => l.available === 0)!;
    expect(items.find((i) => i.itemCode === empty.sku)!.available).toBe(false);
  });

  it("finds one variant by its id and shows a price change the seller made", async () => {
    const c = connector();
    const [first] = (await c.searchCatalog({ limit: 1 })).items;
    await sandboxControl(sandbox, `/items/${first!.supplierItemId}`, { price: "12.34" });
    clearOrderspaceCaches();
    const again = await connector().getItem(first!.supplierItemId);
    expect(again.itemCode).toBe(first!.itemCode);
    expect(again.priceTiers[0]!.unitPrice).toEqual({ amount: 1234, currency: "USD" });
    expect((await supplierFailure(c.getItem("pv_NoSuch00"))).kind).toBe("not_found");
  });
});

describe("one token and one limiter per connection", () => {
  it("shares one token between every connector object of the connection, and renews it once after it expires mid-sync", async () => {
    const a = connector();
    const b = connectorFor("orderspace", settings);
    await Promise.all([a.getAccount(), b.getAccount(), a.searchCatalog({ limit: 5 })]);
    expect((await state()).tokensIssued).toBe(1);

    const first = await a.searchCatalog({ limit: 50 });
    await sandboxControl(sandbox, "/tokens/expire");
    const second = await a.searchCatalog({ limit: 50, cursor: first.nextCursor ?? undefined });
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items[0]!.supplierItemId).not.toBe(first.items[0]!.supplierItemId);
    expect((await state()).tokensIssued).toBe(2);
    expect(apiStatuses()).toContain(401);
  });

  it("renews the token before it runs out, so a request never meets a 401 for an expired token", async () => {
    // Two-second tokens: renewed at half their life (the 30 s margin is capped at half a short token's life).
    await sandboxControl(sandbox, "/config", { tokenTtlSeconds: 2 });
    const c = connector();
    await c.listCategories();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await c.listCategories();
    expect((await state()).tokensIssued).toBe(2);
    expect(apiStatuses()).not.toContain(401);
  });

  it("keeps under 60 a minute at the documented pace: a sandbox allowing 3 in any 3 s never answers 429", async () => {
    await sandboxControl(sandbox, "/config", { limit: { requests: 3, windowMs: 3_000, waitAfter429Ms: 60_000 } });
    const documented = connector({ logger, retry: { timeoutMs: 2000 } });
    await Promise.all(Array.from({ length: 6 }, () => documented.listCategories()));
    expect(apiStatuses()).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("after a 429 waits for the whole connection, so the requests queued behind it meet no second 429", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "status429", count: 1 });
    const a = connector();
    const b = connector();
    const [x, y, z] = await Promise.all([a.listCategories(), b.listCategories(), a.listCategories()]);
    expect([x.length, y.length, z.length].every((n) => n > 0)).toBe(true);
    expect(apiStatuses().filter((s) => s === 429)).toHaveLength(1);
    expect(apiStatuses().filter((s) => s === 200)).toHaveLength(3);
  });

  it("rides out a 429 storm, waiting the (shortened) pause after each 429 before asking again", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "status429", count: 3 });
    const c = connector({ ...fast, retry: { ...fast.retry, maxAttempts: 6 } });
    expect((await c.listCategories()).length).toBeGreaterThan(0);
    // One request per pause, never a burst of retries into the limit.
    expect(apiStatuses()).toEqual([429, 429, 429, 200]);
  });

  it("says rate_limited, with the wait, when the 60 s pause outlasts what the caller will wait", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "status429", count: 1 });
    const impatient = connector({ logger, rateLimit: { ratePerSecond: 200, burst: 50 }, retry: { maxRetryAfterMs: 1_000, deadlineMs: 5_000 } });
    const error = await supplierFailure(impatient.listCategories());
    expect(error.kind).toBe("rate_limited");
    expect(error.details.retryAfterMs).toBeGreaterThanOrEqual(59_000);
    // The rest of the connection is held too: nothing more reaches the supplier.
    const before = sandbox.state.core.apiRequests;
    expect((await supplierFailure(impatient.getAccount())).kind).toBe("rate_limited");
    expect(sandbox.state.core.apiRequests).toBe(before);
  });
});

describe("faults and errors", () => {
  it("rides out 5xx answers and a dropped connection", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "status5xx", count: 2, status: 500 });
    await sandboxControl(sandbox, "/faults", { kind: "drop", count: 1 });
    const account = await connector().getAccount();
    // Acme's own tax rate from Orderspace's tax rates (7.25%), so its expected totals quote the tax.
    expect(account).toMatchObject({ accountId: ACME_CUSTOMER_ID, name: "Acme Corporation", billingTerms: "30 Days", taxRateBps: 725 });
    expect(account.addresses[0]).toMatchObject({ supplierAddressId: "0", city: "Cincinnati", isDefault: true });
    expect(apiStatuses().slice(0, 3)).toEqual([500, 500, "dropped"]);
  });

  it("maps the supplier's answers to the portal's typed errors", async () => {
    const c = connector();
    const unknown = await supplierFailure(c.getOrder("or_NoSuch00"));
    expect(unknown).toMatchObject({ kind: "not_found", message: "Order not found" });
    expect(
      (await supplierFailure(c.placeOrder({ idempotencyKey: "x", shipToAddressId: "0", costCenterCode: "C", poNumber: "P", lines: [] }))).details.code,
    ).toBe("orders_not_supported");
    const wrongSecret = await supplierFailure(connector(fast, { clientSecret: "nope" }).getAccount());
    expect(wrongSecret.kind).toBe("auth");
    // Another customer's order is not this connection's to see.
    const theirs = (await sandboxControl(sandbox, "/orders", { customer_id: GLOBEX_CUSTOMER_ID, lines: [{ sku: SANDBOX_SKUS.gloves9, quantity: 1 }] })) as {
      order: { id: string };
    };
    expect((await supplierFailure(c.getOrder(theirs.order.id))).kind).toBe("not_found");
  });
});

describe("the customer's orders, dispatches and invoices", () => {
  it("finds an entered order by its PO number, with its lines, totals, dispatch tracking and invoice", async () => {
    const since = new Date();
    const entered = (await sandboxControl(sandbox, "/orders", {
      customer_id: ACME_CUSTOMER_ID,
      customer_po_number: "PO-4711",
      lines: [
        { sku: SANDBOX_SKUS.gloves9, quantity: 10, unit_price: 3.2 },
        { sku: SANDBOX_SKUS.earPlugs, quantity: 1, unit_price: 24 },
      ],
      shipping: { name: "Ground", price: 9.5 },
    })) as { order: { id: string; number: number } };
    const c = connector();
    const found = (await c.findEnteredOrders(since)).find((o) => o.poNumber === "PO-4711")!;
    expect(found).toMatchObject({
      supplierOrderId: entered.order.id,
      orderNumber: String(entered.order.number),
      status: "approved",
      subtotal: { amount: 5600, currency: "USD" },
      shipping: { amount: 950, currency: "USD" },
    });
    expect(found.lines).toEqual([
      expect.objectContaining({
        itemCode: SANDBOX_SKUS.gloves9,
        quantity: 10,
        unitPrice: { amount: 320, currency: "USD" },
        lineTotal: { amount: 3200, currency: "USD" },
      }),
      expect.objectContaining({ itemCode: SANDBOX_SKUS.earPlugs, quantity: 1 }),
    ]);
    expect(found.total.amount).toBe(6550 + Math.round(6550 * 0.0725));

    await sandboxControl(sandbox, `/orders/${entered.order.id}/dispatch`, {
      comments: "Sent with UPS 1Z999AA10123456784",
      lines: [{ sku: SANDBOX_SKUS.gloves9, quantity: 10 }],
    });
    expect((await c.getOrder(entered.order.id)).status).toBe("partly_shipped");
    const [shipment] = await c.listShipments(entered.order.id);
    expect(shipment).toMatchObject({
      carrier: { name: "UPS" },
      trackingNumber: "1Z999AA10123456784",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    });
    await sandboxControl(sandbox, `/orders/${entered.order.id}/dispatch`, {});
    expect((await c.getOrder(entered.order.id)).status).toBe("shipped");

    await sandboxControl(sandbox, `/orders/${entered.order.id}/invoice`);
    const [invoice] = await c.listInvoices(entered.order.id);
    expect(invoice).toMatchObject({ orderIds: [entered.order.id], paid: false, net: { amount: 6550, currency: "USD" } });
  });

  it("reads a carrier and tracking number out of a dispatch's free text only when both are there", () => {
    expect(readTracking("FedEx 123456789012")).toMatchObject({
      carrier: "FedEx",
      trackingNumber: "123456789012",
      trackingUrl: expect.stringContaining("fedex.com"),
    });
    expect(readTracking("Left with reception")).toEqual({ carrier: null, trackingNumber: null, trackingUrl: null });
    expect(readTracking("")).toEqual({ carrier: null, trackingNumber: null, trackingUrl: null });
  });
});
