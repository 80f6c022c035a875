/**
 * The Yodify connector over real HTTP against the sandbox (random port). No
 * fetch mocks: faults are injected through the sandbox's control API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/suppliers";
import type { AttemptLogEntry, SupplierLogger } from "../http/logger";
import { clearSharedTokenCaches } from "../http/token-cache";
import { supplierFailure } from "../testing";
import type { CatalogItem, PlaceOrderRequest, SupplierConnectionSettings } from "../types";
import { clearYodifyCaches, createYodifyConnector, type YodifyConnector, type YodifyConnectorOptions } from "./connector";
import { ACME_ACCOUNT_ID, GLOBEX_ACCOUNT_ID, SANDBOX_SKUS } from "@/server/sandboxes/yodify/data";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { startYodifySandbox, YODIFY_SANDBOX_READONLY_CLIENT_ID, type YodifySandbox } from "@/server/sandboxes/yodify/sandbox";

let sandbox: YodifySandbox;
let settings: SupplierConnectionSettings;
const entries: AttemptLogEntry[] = [];
const lines: string[] = [];
const logger: SupplierLogger = {
  info(line, entry) {
    if (entry) entries.push(entry);
    else lines.push(line);
  },
};
const fast: YodifyConnectorOptions = {
  logger,
  retry: { baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 2000, deadlineMs: 15_000 },
  rateLimit: { ratePerSecond: 1000, burst: 1000 },
};
const connector = (overrides: Partial<SupplierConnectionSettings> = {}, options: YodifyConnectorOptions = fast): YodifyConnector =>
  createYodifyConnector({ ...settings, ...overrides }, options);
const control = (path: string, body: Record<string, unknown> = {}) => sandboxControl(sandbox.url, path, body);
const usd = (amount: number) => ({ amount, currency: "USD" });
const tiersOf = (item: CatalogItem) => item.priceTiers.map((t) => [t.minQuantity, t.unitPrice.amount]);

const order = (overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest => ({
  idempotencyKey: `so-${Math.random().toString(36).slice(2)}`,
  shipToAddressId: `account-${ACME_ACCOUNT_ID}`,
  costCenterCode: "CC-4420",
  poNumber: "PO-2026-0881",
  lines: [{ itemCode: "STF-COMBIN-08", quantity: 3 }],
  ...overrides,
});

async function syncAll(c: YodifyConnector, between?: (count: number) => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of c.catalogItems()) {
    ids.push(item.supplierItemId);
    if (between) await between(ids.length);
  }
  return ids;
}

beforeAll(async () => {
  sandbox = await startYodifySandbox({ port: 0 });
  settings = {
    baseUrl: sandbox.baseUrl,
    tokenUrl: sandbox.tokenUrl,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    accountId: String(ACME_ACCOUNT_ID),
  };
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await control("/reset", { orders: true, catalog: true });
  clearYodifyCaches();
  entries.length = 0;
  lines.length = 0;
});

describe("Yodify connector: catalog", () => {
  const expected = () => sandbox.state.catalog.skus.map((s) => String(s.id));

  it("syncs every SKU once, in order, page by page", async () => {
    const ids = await syncAll(connector());
    expect(ids.length).toBeGreaterThanOrEqual(250);
    expect(ids).toEqual(expected());
    expect(entries.filter((e) => e.path === "/api/v1/SKUs").length).toBe(Math.ceil(ids.length / 100));
  });

  it("syncs the same catalog through a 429 storm, 5xx bursts, a dropped connection and a page cut off mid-body", async () => {
    await control("/faults", { kind: "status429", count: 3, retryAfterSeconds: 0, pathPrefix: "/api/v1/skus" });
    const ids = await syncAll(connector(), async (n) => {
      if (n === 100) await control("/faults", { kind: "status5xx", count: 3, status: 503, pathPrefix: "/api/v1/skus" });
      if (n === 150) await control("/faults", { kind: "drop", count: 1, pathPrefix: "/api/v1/skus" });
      if (n === 200) await control("/faults", { kind: "truncate", count: 1, pathPrefix: "/api/v1/skus" });
    });
    expect(ids).toEqual(expected());
    const statuses = entries.filter((e) => e.path === "/api/v1/SKUs").map((e) => e.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(statuses.filter((s) => s === "network")).toHaveLength(2);
  });

  it("renews an expired token in the middle of a sync and carries on", async () => {
    const c = connector();
    const ids = await syncAll(c, async (n) => {
      if (n === 120) await control("/tokens/expire");
    });
    expect(ids).toEqual(expected());
    expect(entries.filter((e) => e.status === 401)).toHaveLength(1);
    expect(sandbox.state.tokensIssued).toBeGreaterThanOrEqual(2);
  });

  it("gives up with 'rate_limited' when the storm outlasts the retries, without inventing data", async () => {
    await control("/faults", { kind: "status429", count: 10, retryAfterSeconds: 0, pathPrefix: "/api/v1/skus" });
    const error = await supplierFailure(syncAll(connector()));
    expect(error.kind).toBe("rate_limited");
  });

  it("shows ACME's computed price tiers in cents: brand discount, cascaded quantity tiers, sub-cent list prices", async () => {
    const c = connector();
    // 12.345 less ACME's 12.5 % Stanfield discount = 10.801875 -> 10.80
    expect(tiersOf(await c.getItem(String(SANDBOX_SKUS.wrench)))).toEqual([[1, 1080]]);
    // 0.125 each, 15 % Kessler discount cascaded with 10/20/30 % at 100/500/1000: 0.10625, 0.095625, 0.085, 0.074375
    expect(tiersOf(await c.getItem(String(SANDBOX_SKUS.capScrew)))).toEqual([
      [1, 11],
      [100, 10],
      [500, 9],
      [1000, 7],
    ]);
    // A 20 % SKU-level price discount replaces the 15 % brand discount: 0.50 -> 0.40, then the same cascade.
    expect(tiersOf(await c.getItem(String(SANDBOX_SKUS.capScrewContract)))).toEqual([
      [1, 40],
      [100, 36],
      [500, 32],
      [1000, 28],
    ]);
    // Gloves on sale at 16.00 (list 19.999), discounts applied to the sale price, ACME's own tiers override the level's 10 %.
    expect(tiersOf(await c.getItem(String(SANDBOX_SKUS.gloves)))).toEqual([
      [1, 1440],
      [10, 1280],
      [50, 1120],
    ]);
    // The SKU's own quantity discount (not its product's): 1.005 -> 1.01; 100 at 10 % -> 0.9045 -> 0.90
    expect(await c.priceForQuantity(String(SANDBOX_SKUS.ownQuantityDiscount), 1)).toEqual(usd(101));
    expect(await c.priceForQuantity(String(SANDBOX_SKUS.ownQuantityDiscount), 100)).toEqual(usd(90));
  });

  it("prices the same SKU differently for an account without a discount level", async () => {
    const globex = connector({ accountId: String(GLOBEX_ACCOUNT_ID) });
    expect(tiersOf(await globex.getItem(String(SANDBOX_SKUS.gloves)))).toEqual([
      [1, 1600],
      [10, 1360],
      [50, 1200],
    ]);
    expect(tiersOf(await globex.getItem(String(SANDBOX_SKUS.wrench)))).toEqual([[1, 1235]]);
  });

  it("reports availability from inventory and backorders", async () => {
    const c = connector();
    expect(await c.getItem(String(SANDBOX_SKUS.outOfStock))).toMatchObject({ available: false, leadTimeDays: null });
    expect(await c.getItem(String(SANDBOX_SKUS.backorder))).toMatchObject({ available: true, leadTimeDays: 14 });
    expect(await c.getItem(String(SANDBOX_SKUS.wrench))).toMatchObject({
      available: true,
      leadTimeDays: null,
      itemCode: "STF-COMBIN-08",
      category: null,
      brand: { id: "101", name: "Stanfield Tools" },
    });
    // Yodify has brands, not categories: no SKU is in a category.
    expect((await c.searchCatalog({ categoryId: "101", limit: 100 })).items).toEqual([]);
  });

  it("searches by text and pages with cursors; names each SKU's brand and lists no categories", async () => {
    const c = connector();
    const first = await c.searchCatalog({ q: "nitrile", limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBe("2");
    const rest = await c.searchCatalog({ q: "nitrile", limit: 2, cursor: first.nextCursor ?? undefined });
    expect(new Set([...first.items, ...rest.items].map((i) => i.itemCode)).size).toBe(4);
    expect(first.items.every((i) => i.name.includes("Nitrile"))).toBe(true);
    expect(first.items.every((i) => i.brand?.name === "SafeGuard PPE" && i.category === null)).toBe(true);
    expect(await c.listCategories()).toEqual([]);
  });

  it("leaves out a malformed SKU with a logged reason, and refuses to show it alone", async () => {
    await control(`/skus/${SANDBOX_SKUS.wrench}/patch`, { list_price: "12.50" });
    await control(`/skus/${SANDBOX_SKUS.backorder}/patch`, { inventory: null });
    const ids = await syncAll(connector());
    expect(ids).toHaveLength(sandbox.state.catalog.skus.length - 2);
    expect(ids).not.toContain(String(SANDBOX_SKUS.wrench));
    expect(lines).toContain(`[supplier:yodify] left out SKU ${SANDBOX_SKUS.wrench}: field 'list_price' Invalid input: expected number, received string`);
    expect(lines.some((l) => l.includes(`left out SKU ${SANDBOX_SKUS.backorder}: field 'inventory'`))).toBe(true);
    const error = await supplierFailure(connector().getItem(String(SANDBOX_SKUS.wrench)));
    expect(error).toMatchObject({ kind: "malformed", details: { field: "list_price" } });
  });
});

describe("Yodify connector: account", () => {
  it("returns the account with its address as the ship-to, found by id or by account number", async () => {
    const expected = {
      accountId: "1001",
      name: "ACME Corporation",
      billingTerms: "NET30",
      approvalRequiredOver: null,
      addresses: [
        {
          supplierAddressId: "account-1001",
          label: "ACME Corporation, Dayton",
          attention: null,
          street1: "1200 Commerce Park Dr",
          street2: "Dock 4",
          city: "Dayton",
          region: "OH",
          postalCode: "45402",
          country: "US",
          isDefault: true,
        },
      ],
    };
    expect(await connector().getAccount()).toEqual(expected);
    expect(await connectorFor("yodify", { ...settings, accountId: "ACME" }).getAccount()).toEqual(expected);
    expect((await supplierFailure(connector({ accountId: "NOPE" }).getAccount())).kind).toBe("not_found");
  });

  it("maps bad credentials and a read-only client to 'auth'", async () => {
    clearSharedTokenCaches();
    expect((await supplierFailure(connector({ clientSecret: "wrong" }).getAccount())).kind).toBe("auth");
    const readonly = connector({ clientId: YODIFY_SANDBOX_READONLY_CLIENT_ID, clientSecret: "yodify-readonly-secret" });
    const refused = await supplierFailure(readonly.placeOrder(order()));
    expect(refused).toMatchObject({ kind: "auth", details: { status: 403 } });
    expect(sandbox.state.orders.size).toBe(0);
  });
});

describe("Yodify connector: orders", () => {
  it("places an order priced for ACME, with money in cents", async () => {
    const placed = await connector().placeOrder(order());
    expect(placed).toMatchObject({
      status: "awaiting_confirmation",
      supplierStatus: "New",
      poNumber: "PO-2026-0881",
      lines: [{ itemCode: "STF-COMBIN-08", quantity: 3, unitPrice: usd(1080), lineTotal: usd(3240) }],
      subtotal: usd(3240),
      shipping: usd(999),
      tax: usd(235), // 7.25 % of 32.40 = 2.349 -> 2.35
      total: usd(4474),
    });
    expect(await connector().getOrder(placed.supplierOrderId)).toEqual(placed);
  });

  it("a retried create with the same client_identifier returns the same order, never two", async () => {
    const request = order();
    const first = await connector().placeOrder(request);
    const second = await connector().placeOrder(request);
    expect(second.supplierOrderId).toBe(first.supplierOrderId);
    expect(sandbox.state.orders.size).toBe(1);
  });

  it("when the answer to the create is lost, finds the order it made instead of posting a second", async () => {
    await control("/faults", { kind: "truncate", count: 1, pathPrefix: "/api/v1/orders" });
    const placed = await connector().placeOrder(order());
    expect(sandbox.state.orders.size).toBe(1);
    expect(placed.supplierOrderId).toBe(String([...sandbox.state.orders.keys()][0]));
    expect(lines.some((l) => l.includes("found the record created by an earlier attempt"))).toBe(true);
  });

  it("when the create never arrived (connection dropped, 503), posts again and makes exactly one order", async () => {
    await control("/faults", { kind: "drop", count: 1, pathPrefix: "/api/v1/orders" });
    await connector().placeOrder(order());
    await control("/faults", { kind: "status5xx", count: 2, pathPrefix: "/api/v1/orders" });
    await connector().placeOrder(order());
    expect(sandbox.state.orders.size).toBe(2);
  });

  it("refuses unknown items and ship-tos before anything is created", async () => {
    expect(await supplierFailure(connector().placeOrder(order({ lines: [{ itemCode: "NOPE-1", quantity: 1 }] })))).toMatchObject({
      kind: "validation",
      details: { field: "lines[0].itemCode" },
    });
    expect(await supplierFailure(connector().placeOrder(order({ shipToAddressId: "addr_x" })))).toMatchObject({
      kind: "validation",
      details: { field: "shipToAddressId" },
    });
    const stock = await supplierFailure(connector().placeOrder(order({ lines: [{ itemCode: "STF-COMBIN-13", quantity: 1 }] })));
    expect(stock).toMatchObject({ kind: "validation", details: { status: 400, field: "items[0].quantity" } });
    expect(sandbox.state.orders.size).toBe(0);
  });

  it("cancels an order that has not shipped, and refuses one that has (Yodify requires a refund)", async () => {
    const c = connector();
    const open = await c.placeOrder(order());
    expect(await c.cancelOrder(open.supplierOrderId)).toMatchObject({ status: "cancelled", supplierStatus: "Cancelled" });
    expect((await c.cancelOrder(open.supplierOrderId)).status).toBe("cancelled");

    const shipped = await c.placeOrder(order());
    await control(`/orders/${shipped.supplierOrderId}/advance`, { status: "Processing" });
    expect((await c.getOrder(shipped.supplierOrderId)).status).toBe("approved");
    await control(`/orders/${shipped.supplierOrderId}/advance`, { status: "Shipped" });
    const refused = await supplierFailure(c.cancelOrder(shipped.supplierOrderId));
    expect(refused).toMatchObject({ kind: "conflict", details: { code: "order_not_cancellable" } });
    expect((await c.getOrder(shipped.supplierOrderId)).status).toBe("shipped");

    const complete = await c.placeOrder(order());
    await control(`/orders/${complete.supplierOrderId}/advance`, { status: "Complete" });
    expect(await supplierFailure(c.cancelOrder(complete.supplierOrderId))).toMatchObject({ kind: "conflict" });
  });

  it("treats another account's order as not found", async () => {
    const globex = await connector({ accountId: String(GLOBEX_ACCOUNT_ID) }).placeOrder(order({ shipToAddressId: `account-${GLOBEX_ACCOUNT_ID}` }));
    expect((await supplierFailure(connector().getOrder(globex.supplierOrderId))).kind).toBe("not_found");
    expect((await supplierFailure(connector().cancelOrder(globex.supplierOrderId))).kind).toBe("not_found");
    expect((await supplierFailure(connector().getOrder("999999"))).kind).toBe("not_found");
  });

  it("lists shipments with carrier and a tracking link, built from the carrier when Yodify leaves tracking_url empty", async () => {
    const c = connector();
    const fedex = await c.placeOrder(order());
    await control(`/orders/${fedex.supplierOrderId}/advance`, { status: "Shipped" });
    const [shipment] = await c.listShipments(fedex.supplierOrderId);
    expect(shipment).toMatchObject({ status: "InTransit", carrier: { name: "FedEx", slug: "FedEx" } });
    expect(shipment?.trackingUrl).toBe(`https://www.fedex.com/fedextrack/?trknbr=${shipment?.trackingNumber}`);

    const dhl = await c.placeOrder(order());
    await control(`/orders/${dhl.supplierOrderId}/advance`, { status: "Shipped", carrier: "DHL Express", trackingUrl: false });
    const [bare] = await c.listShipments(dhl.supplierOrderId);
    expect(bare?.carrier).toEqual({ name: "DHL Express", slug: "DHLExpress" });
    expect(bare?.trackingUrl).toBe(`https://www.dhl.com/en/express/tracking.html?AWB=${bare?.trackingNumber}`);

    expect(await c.listShipments((await c.placeOrder(order())).supplierOrderId)).toEqual([]);
  });

  it("lists shipping rates in cents, free options at zero", async () => {
    const rates = await connector().listShippingRates();
    expect(rates.map((r) => r.name)).toEqual(["Standard", "Heavy Items", "Small Parcel Free"]);
    expect(rates[0]).toMatchObject({ isDefault: true, economy: { first: usd(999), eachAdditional: usd(150), free: false, daysFrom: 3, daysTo: 6 } });
    expect(rates[1]?.economy?.eachAdditional).toEqual(usd(1213)); // 12.125 -> half away from zero
    expect(rates[2]).toMatchObject({ economy: { first: usd(0), free: true }, priority: { eachAdditional: usd(100) } }); // 0.995 -> 1.00
  });
});

describe("Yodify connector: quotes", () => {
  const quoteRequest = () => ({
    idempotencyKey: `q-${Math.random().toString(36).slice(2)}`,
    lines: [{ itemCode: "SGP-NITRIL-M", quantity: 12 }],
    reference: "RFQ-77",
  });

  it("creates a quote, accepts it once offered, and gets an order at the quoted price", async () => {
    const c = connector();
    const quote = await c.createQuote(quoteRequest());
    expect(quote).toMatchObject({
      status: "submitted",
      reference: "RFQ-77",
      lines: [{ itemCode: "SGP-NITRIL-M", quantity: 12, unitPrice: usd(1280), lineTotal: usd(15360) }],
      subtotal: usd(15360),
    });

    const early = await supplierFailure(c.acceptQuote(quote.quoteId, `account-${ACME_ACCOUNT_ID}`, "PO-Q-1"));
    expect(early).toMatchObject({ kind: "conflict", details: { code: "quote_not_offered" } });
    expect(sandbox.state.orders.size).toBe(0);

    await control(`/quotes/${quote.quoteId}/advance`);
    expect((await c.getQuote(quote.quoteId)).status).toBe("offered");
    // The store changes its list price after quoting: the order still follows the quote.
    await control(`/skus/${SANDBOX_SKUS.gloves}/patch`, { list_price: 25, sale_price: null, is_on_sale: false });
    const accepted = await c.acceptQuote(quote.quoteId, `account-${ACME_ACCOUNT_ID}`, "PO-Q-1");
    expect(accepted.quote).toMatchObject({ status: "ordered", orderId: accepted.order.supplierOrderId });
    expect(accepted.order.lines[0]).toMatchObject({ quantity: 12, unitPrice: usd(1280) });

    const again = await c.acceptQuote(quote.quoteId, `account-${ACME_ACCOUNT_ID}`, "PO-Q-1");
    expect(again.order.supplierOrderId).toBe(accepted.order.supplierOrderId);
    expect(sandbox.state.orders.size).toBe(1);
  });

  it("declines a quote, and cannot decline or accept one already ordered", async () => {
    const c = connector();
    const quote = await c.createQuote(quoteRequest());
    expect((await c.declineQuote(quote.quoteId, "Found it cheaper")).status).toBe("declined");
    expect(await supplierFailure(c.acceptQuote(quote.quoteId, `account-${ACME_ACCOUNT_ID}`, "PO"))).toMatchObject({ kind: "conflict" });

    const ordered = await c.createQuote(quoteRequest());
    await control(`/quotes/${ordered.quoteId}/advance`);
    await c.acceptQuote(ordered.quoteId, `account-${ACME_ACCOUNT_ID}`, "PO");
    expect(await supplierFailure(c.declineQuote(ordered.quoteId))).toMatchObject({ kind: "conflict", details: { code: "quote_not_changeable" } });
  });

  it("a retried quote create with the same key returns the first quote; an expired quote cannot be accepted", async () => {
    const c = connector();
    const request = quoteRequest();
    const a = await c.createQuote(request);
    const b = await c.createQuote(request);
    expect(b.quoteId).toBe(a.quoteId);
    await control(`/quotes/${a.quoteId}/advance`, { status: "Expired" });
    expect((await c.getQuote(a.quoteId)).status).toBe("expired");
    expect(await supplierFailure(c.acceptQuote(a.quoteId, `account-${ACME_ACCOUNT_ID}`, "PO"))).toMatchObject({ kind: "conflict" });
  });
});
