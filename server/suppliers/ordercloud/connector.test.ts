/**
 * The OrderCloud connector over real HTTP against its sandbox (a fresh one per test, on a random port, so each test
 * has its own connection, tokens and limiter). No fetch mocks: expiry, rejected tokens, lost answers and failures come
 * from the sandbox's control API.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/suppliers";
import { SANDBOX_PRODUCTS } from "@/server/sandboxes/ordercloud/data";
import { startOrderCloudSandbox, type OrderCloudSandbox } from "@/server/sandboxes/ordercloud/sandbox";
import { changeSandboxItem, sandboxControl } from "@/server/sandboxes/shared/control-client";
import type { AttemptLogEntry, SupplierLogger } from "../http/logger";
import { supplierFailure } from "../testing";
import type { CatalogItem, PlaceOrderRequest, SupplierConnectionSettings } from "../types";
import { clearOrderCloudCaches, createOrderCloudConnector, type OrderCloudConnectorOptions } from "./connector";
import { clearOrderCloudTokens } from "./tokens";

let sandbox: OrderCloudSandbox;
let settings: SupplierConnectionSettings;
const entries: AttemptLogEntry[] = [];
const logger: SupplierLogger = {
  info(_line, entry) {
    if (entry) entries.push(entry);
  },
};
const fast: OrderCloudConnectorOptions = {
  logger,
  rateLimit: { ratePerSecond: 500, burst: 200 },
  retry: { baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 2000, deadlineMs: 15_000 },
};
const connector = (overrides: Partial<SupplierConnectionSettings> = {}) => createOrderCloudConnector({ ...settings, ...overrides }, fast);
const ordersAt = (id: string) => [...sandbox.state.orders.values()].filter((r) => r.order.ID === id);
const apiCalls = (prefix: string) => sandbox.state.core.requestLog.filter((r) => r.path.startsWith(prefix));

const request = (id: string, lines: PlaceOrderRequest["lines"] = [{ itemCode: SANDBOX_PRODUCTS.gelPens, quantity: 3 }]): PlaceOrderRequest => ({
  idempotencyKey: id,
  shipToAddressId: "acme-dayton-warehouse",
  costCenterCode: "CC-4420",
  poNumber: `PO-${id}`,
  lines,
});
const overLimit = [{ itemCode: SANDBOX_PRODUCTS.taskChair, quantity: 2 }];

beforeEach(async () => {
  clearOrderCloudTokens();
  clearOrderCloudCaches();
  entries.length = 0;
  sandbox = await startOrderCloudSandbox();
  settings = {
    baseUrl: sandbox.baseUrl,
    tokenUrl: sandbox.tokenUrl,
    clientId: sandbox.clientId,
    clientSecret: "",
    accountId: sandbox.buyerId,
    grant: { kind: "password", ...sandbox.users.buyer },
  };
});
afterEach(() => sandbox.close());

describe("tokens", () => {
  it("signs in by the buyer user's password grant and reuses the token", async () => {
    const c = connector();
    await c.getAccount();
    await c.listCategories();
    expect(sandbox.state.grants).toMatchObject({ password: 1, client_credentials: 0, refresh_token: 0 });
  });

  it("uses client credentials where the connection is configured so", async () => {
    const c = connector({ grant: { kind: "client_credentials" }, clientSecret: sandbox.clientSecret });
    expect((await c.getAccount()).accountId).toBe("acme");
    expect(sandbox.state.grants).toMatchObject({ password: 0, client_credentials: 1 });
  });

  it("uses the refresh token, not a new sign-in, when the short-lived token has run out", async () => {
    await sandboxControl(sandbox, "/config", { tokenTtlSeconds: 1 });
    const c = createOrderCloudConnector(settings, { ...fast, tokens: { refreshSkewMs: 0 } });
    await c.getAccount();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await c.getAccount();
    expect(sandbox.state.grants).toMatchObject({ password: 1, refresh_token: 1 });
  });

  it("answers a 401 from an expired token with one refresh and carries on", async () => {
    const c = connector();
    await c.getAccount();
    await sandboxControl(sandbox, "/tokens/expire");
    expect((await c.getAccount()).name).toBe("Acme Corporation");
    expect(sandbox.state.grants).toMatchObject({ password: 1, refresh_token: 1 });
  });

  // One request at a time (an item, not the account, which asks three things at once), so the refusals are counted in order.
  it("after a refreshed token is refused too, asks for one new token, and then stops: never a loop", async () => {
    const c = connector();
    await c.getItem(SANDBOX_PRODUCTS.gelPens);
    await sandboxControl(sandbox, "/tokens/reject", { count: 2 });
    await c.getItem(SANDBOX_PRODUCTS.gelPens);
    expect(sandbox.state.grants).toMatchObject({ password: 2, refresh_token: 1 });

    await sandboxControl(sandbox, "/tokens/reject", { count: 50 });
    const error = await supplierFailure(c.getItem(SANDBOX_PRODUCTS.gelPens));
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/refused a refreshed and a brand-new token/);
    expect(sandbox.state.grants).toMatchObject({ password: 3, refresh_token: 2 });
    expect(apiCalls(`/v1/me/products/${SANDBOX_PRODUCTS.gelPens}`).filter((r) => r.status === 401)).toHaveLength(5);
  });

  it("a refused refresh token falls back to the user's own sign-in", async () => {
    const c = connector();
    await c.getAccount();
    await sandboxControl(sandbox, "/tokens/expire", { refreshTokens: true });
    await c.getAccount();
    expect(sandbox.state.grants).toMatchObject({ password: 2, refused: 1 });
  });

  it("a wrong password is an auth error naming the password", async () => {
    const error = await supplierFailure(connector({ grant: { kind: "password", username: sandbox.users.buyer.username, password: "wrong" } }).getAccount());
    expect(error).toMatchObject({ kind: "auth", details: { code: "invalid_grant", field: "password" } });
  });
});

describe("catalog and account", () => {
  async function allItems(limit: number): Promise<CatalogItem[]> {
    const c = connector();
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

  it("maps price breaks to price tiers in cents, with the category's name and stock limits", async () => {
    const product = sandbox.state.catalog.products.find((p) => p.xp?.CategoryID === "desk-writing" && p.PriceSchedule!.PriceBreaks.length > 1)!;
    const item = await connector().getItem(product.ID);
    expect(item.priceTiers).toEqual(
      product.PriceSchedule!.PriceBreaks.map((b) => ({ minQuantity: b.Quantity, unitPrice: { amount: Math.round(b.Price * 100), currency: "USD" } })),
    );
    expect(item.priceTiers.length).toBeGreaterThan(1);
    expect(item.category).toEqual({ id: "desk-writing", name: "Desk & Writing" });
    expect(item.maxOrderQuantity).toBe(product.Inventory!.QuantityAvailable);
    expect((await connector().getItem(SANDBOX_PRODUCTS.sitStand)).available).toBe(false);
  });

  it("pages across more than 100 products at OrderCloud's maximum page size", async () => {
    for (let i = 0; i < 60; i++) {
      sandbox.state.catalog.products.push({ ...sandbox.state.catalog.products[0]!, ID: `MER-ZZ-${String(i).padStart(4, "0")}`, Name: `Extra ${i}` });
    }
    const total = sandbox.state.catalog.products.length;
    expect(total).toBeGreaterThan(100);
    const items = await allItems(500);
    expect(items).toHaveLength(total);
    expect(new Set(items.map((i) => i.supplierItemId)).size).toBe(total);
    expect(apiCalls("/v1/me/products")).toHaveLength(Math.ceil(total / 100));
  });

  it("searches and filters by category", async () => {
    const found = await connector().searchCatalog({ q: "stapler" });
    expect(found.items.map((i) => i.itemCode)).toContain(SANDBOX_PRODUCTS.stapler);
    const breakroom = await connector().searchCatalog({ categoryId: "breakroom", limit: 100 });
    expect(breakroom.items.length).toBeGreaterThan(0);
    expect(breakroom.items.every((i) => i.category?.id === "breakroom")).toBe(true);
    expect((await connector().listCategories()).map((c) => c.name)).toContain("Breakroom");
  });

  it("offers the buyer's shipping addresses as ship-to choices", async () => {
    const account = await connector().getAccount();
    expect(account).toMatchObject({ accountId: "acme", name: "Acme Corporation" });
    const ids = account.addresses.map((a) => a.supplierAddressId);
    expect(ids).toContain("acme-dayton-warehouse");
    expect(ids).not.toContain("acme-accounts-payable");
    expect(account.addresses.find((a) => a.supplierAddressId === "acme-dayton-warehouse")).toMatchObject({
      city: "Dayton",
      region: "OH",
      postalCode: "45402",
      country: "US",
    });
  });

  it("shows the buyer's spending accounts valid today with their balance in cents, leaving out last year's and one not begun", async () => {
    const year = new Date().getUTCFullYear();
    const day = 24 * 60 * 60 * 1000;
    const nextWeek = new Date(Date.now() + 7 * day).toISOString();
    await sandboxControl(sandbox, "/spendingaccounts", { ID: "acme-q1-fund", Name: "Next quarter fund", Balance: 900, StartDate: nextWeek });
    await sandboxControl(sandbox, "/spendingaccounts", { ID: "acme-stationery", Name: "Stationery allowance", Balance: 250.05, EndDate: nextWeek });
    const account = await connector().getAccount();
    expect(account.spendingAccounts).toEqual([
      {
        id: "acme-supplies",
        name: `Office & Facilities Supplies ${year}`,
        balance: { amount: 2_500_000, currency: "USD" },
        usableAsPayment: true,
        validFrom: `${year}-01-01T00:00:00+00:00`,
        validUntil: `${year}-12-31T23:59:59+00:00`,
      },
      {
        id: "acme-stationery",
        name: "Stationery allowance",
        balance: { amount: 25_005, currency: "USD" },
        usableAsPayment: false,
        validFrom: null,
        validUntil: nextWeek,
      },
    ]);
    // Last year's allowance and the one not begun are there at OrderCloud: their dates left them out.
    expect(sandbox.state.spendingAccounts.get("acme")!.map((a) => a.ID)).toEqual([
      "acme-supplies",
      "acme-supplies-previous",
      "acme-q1-fund",
      "acme-stationery",
    ]);
  });

  it("reads the balance again on every account read, since ordering spends it", async () => {
    const c = connector();
    await c.getAccount();
    await sandboxControl(sandbox, "/spendingaccounts", {
      ID: "acme-supplies",
      Name: "Office & Facilities Supplies",
      Balance: 24_100.5,
      AllowAsPaymentMethod: true,
    });
    expect((await c.getAccount()).spendingAccounts?.find((a) => a.id === "acme-supplies")?.balance).toEqual({ amount: 2_410_050, currency: "USD" });
  });

  it("maps OrderCloud's Errors to the portal's errors with the object or field named", async () => {
    const missing = await supplierFailure(connector().getItem("NOPE-1"));
    expect(missing).toMatchObject({ kind: "not_found", details: { code: "NotFound", field: "Product", status: 404 } });
    const badAddress = await supplierFailure(connector().placeOrder({ ...request("bad-ship-to"), shipToAddressId: "acme-accounts-payable" }));
    expect(badAddress).toMatchObject({ kind: "validation", details: { code: "InvalidRequest", field: "ShippingAddressID", status: 400 } });
    expect(badAddress.message).toMatch(/ShippingAddressID/);
    await sandboxControl(sandbox, "/faults", { kind: "status5xx", count: 10, status: 500 });
    const down = await supplierFailure(connector().getItem(SANDBOX_PRODUCTS.stapler));
    expect(down).toMatchObject({ kind: "unavailable", details: { code: "InternalServerError", status: 500 } });
  });
});

describe("placing orders", () => {
  it("places an order under the rule at the portal's ID: Open, with its lines, cost center and PO", async () => {
    const placed = await connector().placeOrder(request("so-1"));
    expect(placed).toMatchObject({ supplierOrderId: "so-1", status: "approved", poNumber: "PO-so-1", supplierNote: null });
    expect(placed.lines).toEqual([expect.objectContaining({ itemCode: SANDBOX_PRODUCTS.gelPens, quantity: 3 })]);
    const [there] = ordersAt("so-1");
    expect(there!.order.Status).toBe("Open");
    expect(there!.lineItems.map((l) => [l.ProductID, l.Quantity, l.CostCenter])).toEqual([[SANDBOX_PRODUCTS.gelPens, 3, "CC-4420"]]);
    expect(placed.total.amount).toBe(Math.round(there!.order.Total * 100));
  });

  it("a create whose answer was lost, retried, makes exactly one order", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "truncate", count: 1, pathPrefix: "/v1/orders/Outgoing" });
    const placed = await connector().placeOrder(request("so-2"));
    expect(placed.status).toBe("approved");
    expect(ordersAt("so-2")).toHaveLength(1);
    expect(ordersAt("so-2")[0]!.lineItems).toHaveLength(1);
    expect(apiCalls("/v1/orders/Outgoing").filter((r) => r.status === 409)).toHaveLength(1);
  });

  it("placing the same order again, after it went through, changes nothing at OrderCloud", async () => {
    await connector().placeOrder(request("so-3"));
    const again = await connector().placeOrder(request("so-3"));
    expect(again.status).toBe("approved");
    expect(ordersAt("so-3")).toHaveLength(1);
    expect(ordersAt("so-3")[0]!.lineItems).toHaveLength(1);
  });

  it("resumes from where it stopped when OrderCloud fails between line items and submit", async () => {
    const lines = [
      { itemCode: SANDBOX_PRODUCTS.gelPens, quantity: 2 },
      { itemCode: SANDBOX_PRODUCTS.stapler, quantity: 1 },
    ];
    // The order and its first line item are made; the second is refused (out of stock), so nothing is submitted.
    await changeSandboxItem(sandbox, SANDBOX_PRODUCTS.stapler, { stock: 0 });
    const first = await supplierFailure(connector().placeOrder(request("so-4", lines)));
    expect(first).toMatchObject({ kind: "validation", details: { code: "Inventory.Insufficient", field: "Quantity" } });
    expect(ordersAt("so-4")[0]!.order.Status).toBe("Unsubmitted");
    expect(ordersAt("so-4")[0]!.lineItems.map((l) => l.ID)).toEqual(["L1"]);
    await changeSandboxItem(sandbox, SANDBOX_PRODUCTS.stapler, { stock: 100 });

    const placed = await connector().placeOrder(request("so-4", lines));
    expect(placed.status).toBe("approved");
    expect(ordersAt("so-4")).toHaveLength(1);
    expect(apiCalls("/v1/orders/Outgoing").filter((r) => r.status === 409)).toHaveLength(1);
    expect(ordersAt("so-4")[0]!.lineItems.map((l) => [l.ID, l.ProductID, l.Quantity])).toEqual([
      ["L1", SANDBOX_PRODUCTS.gelPens, 2],
      ["L2", SANDBOX_PRODUCTS.stapler, 1],
    ]);
  });

  it("a line item and a submit whose answers were lost are neither doubled nor repeated", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "truncate", count: 1, pathPrefix: "/v1/orders/Outgoing/so-5/lineitems" });
    await sandboxControl(sandbox, "/faults", { kind: "truncate", count: 1, pathPrefix: "/v1/orders/Outgoing/so-5/submit" });
    const placed = await connector().placeOrder(request("so-5"));
    expect(placed.status).toBe("approved");
    expect(ordersAt("so-5")[0]!.lineItems).toHaveLength(1);
  });

  it("resumes an order left unsubmitted when submit failed on the first try", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "status5xx", count: 10, status: 502, pathPrefix: "/v1/orders/Outgoing/so-6/submit" });
    await supplierFailure(connector().placeOrder(request("so-6")));
    expect((await connector().getOrder("so-6")).status).toBe("awaiting_confirmation");
    await sandboxControl(sandbox, "/reset", {});
    expect((await connector().placeOrder(request("so-6"))).status).toBe("approved");
    expect(ordersAt("so-6")[0]!.lineItems).toHaveLength(1);
  });
});

describe("OrderCloud's approvals and the order's life", () => {
  it("holds an order over the rule: pending approval, saying which group must approve and why", async () => {
    const held = await connector().placeOrder(request("so-10", overLimit));
    expect(held.status).toBe("pending_approval");
    expect(held.supplierNote).toContain("Acme Managers");
    expect(held.supplierNote).toContain("Pat Lee");
    expect(held.supplierNote).toMatch(/must approve it at OrderCloud/);
  });

  it("brings a decline at OrderCloud back with its comment", async () => {
    await connector().placeOrder(request("so-11", overLimit));
    await sandboxControl(sandbox, "/orders/so-11/decline", { comments: "Chairs come from the facilities budget" });
    const order = await connector().getOrder("so-11");
    expect(order.status).toBe("declined");
    expect(order.supplierNote).toBe("Declined at OrderCloud by Pat Lee: Chairs come from the facilities budget");
  });

  it("follows an approval there to open, shipping to partly shipped and completed", async () => {
    await connector().placeOrder(request("so-12", [...overLimit, { itemCode: SANDBOX_PRODUCTS.gelPens, quantity: 1 }]));
    await sandboxControl(sandbox, "/orders/so-12/approve", {});
    expect((await connector().getOrder("so-12")).status).toBe("approved");
    const [line] = ordersAt("so-12")[0]!.lineItems;
    await sandboxControl(sandbox, "/orders/so-12/ship", { lines: [{ lineItemId: line!.ID, quantity: 1 }] });
    expect((await connector().getOrder("so-12")).status).toBe("partly_shipped");
    await sandboxControl(sandbox, "/orders/so-12/complete", {});
    expect((await connector().getOrder("so-12")).status).toBe("shipped");
  });

  it("lists the orders the connected user may approve and sends the portal's approval", async () => {
    await connector().placeOrder(request("so-13", overLimit));
    await connector().placeOrder(request("so-14"));
    const { approvals } = await connector().listPendingApprovals();
    expect(approvals).toEqual([
      expect.objectContaining({
        approvalId: "so-13",
        supplierOrderId: "so-13",
        status: "pending",
        approver: { login: "acme-managers", name: "Acme Managers" },
      }),
    ]);
    const decided = await connector().decideApproval("so-13", { approve: true });
    expect(decided.status).toBe("approved");
    expect(ordersAt("so-13")[0]!.order.Status).toBe("Open");
    const again = await supplierFailure(connector().decideApproval("so-13", { approve: true }));
    expect(again).toMatchObject({ kind: "conflict", details: { code: "approval_already_decided" } });
    expect(again.message).toMatch(/no longer waiting/);
  });

  it("sends the portal's decline with its reason", async () => {
    await connector().placeOrder(request("so-15", overLimit));
    const decided = await connector().decideApproval("so-15", { approve: false, reason: "Not this quarter" });
    expect(decided).toMatchObject({ status: "rejected", reason: "Not this quarter" });
    expect(ordersAt("so-15")[0]!.order.Status).toBe("Declined");
    expect((await connector().getOrder("so-15")).supplierNote).toContain("Not this quarter");
  });

  it("an unknown order is not found, also for a decision", async () => {
    expect(await supplierFailure(connector().getOrder("nope"))).toMatchObject({ kind: "not_found" });
    expect(await supplierFailure(connector().decideApproval("nope", { approve: true }))).toMatchObject({
      kind: "not_found",
      details: { code: "approval_not_found" },
    });
  });

  it("cancels where OrderCloud allows it, and says no once it has shipped", async () => {
    await connector().placeOrder(request("so-16"));
    expect((await connector().cancelOrder("so-16")).status).toBe("cancelled");
    await connector().placeOrder(request("so-17"));
    await sandboxControl(sandbox, "/orders/so-17/complete", {});
    expect(await supplierFailure(connector().cancelOrder("so-17"))).toMatchObject({ kind: "conflict", details: { code: "Order.CannotCancel" } });
  });

  it("is the connector connectorFor gives for the ordercloud kind", () => {
    const c = connectorFor("ordercloud", settings);
    expect(c.kind).toBe("ordercloud");
    expect(c.capabilities).toMatchObject({ placeOrder: true, supplierApprovals: true, cancelOrder: true });
  });
});
