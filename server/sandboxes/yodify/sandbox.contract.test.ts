/**
 * The Yodify sandbox against the reference (shared/vendors/yodify.seed.txt):
 * the documented example request bodies are accepted, responses have the
 * documented shapes (checked with the wire schemas), errors are
 * ValidationProblemDetails naming the field, and 401/403/429 look as documented.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { changeSandboxItem, sandboxControl } from "../shared/control-client";
import { SANDBOX_SKUS, ACME_ACCOUNT_ID, GLOBEX_ACCOUNT_ID } from "./data";
import { startYodifySandbox, YODIFY_SANDBOX_READONLY_CLIENT_ID, type YodifySandbox } from "./sandbox";
import {
  wireAccount,
  wireBrand,
  wireCarrier,
  wireListOf,
  wireOrder,
  wireProblem,
  wireProduct,
  wireQuote,
  wireSearchResult,
  wireShipment,
  wireShippingRate,
  wireSku,
} from "@/server/suppliers/yodify/wire";

let sandbox: YodifySandbox;
let token: string;

async function tokenFor(clientId: string, clientSecret: string): Promise<Response> {
  return fetch(sandbox.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope: "yodify" }).toString(),
  });
}

async function api(method: string, path: string, body?: unknown, bearer: string | null = token) {
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    headers: {
      Accept: "application/json",
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as unknown) : null };
}

/** The POST /api/v1/Orders body parameter from the reference, with a real account and the (elided) items filled in. */
const documentedOrder = () => ({
  client_identifier: "string",
  order_number: "ORD-000009158381-123",
  customer_id: "e49fe4dd-b087-439f-8897-bcfc84b5dacc",
  account_id: ACME_ACCOUNT_ID,
  items: [{ sku_id: SANDBOX_SKUS.wrench, product_id: 4201, quantity: 3 }],
  shipping_address: {
    client_identifier: "string",
    id: 8,
    object: "address",
    created_on: "2020-12-01T08:00:00.000Z",
    name: "Main Office",
    first_name: "string",
    last_name: "string",
    company_name: "string",
    city: "Main Office",
    state_code: "TX",
    country_code: "US",
    street1: "915 W Dallas St",
    street2: "Unit 112",
    postal_code: "77019",
    phone_number: "+1 713-123-1234",
    is_primary: true,
    is_warehouse: true,
  },
  shipments: [],
  shipping_instructions: "",
  shipping_method: "Standard Shipping",
  currency_code: "CAD",
  seller_currency_code: "USD",
  order_status: "Processing",
  subtotal: 484.99,
  freight: 15.99,
  tax: 24.25,
  discount: 15,
  tax_rate: 0.05,
  total: 525.23,
  ordered_date: "2020-12-01T08:00:00.000Z",
  additional_information: { tax_id: "xx-xxxxxxx", purchase_order_number: "PO-89838", fields: [], comments: "" },
});

/** The POST /api/v1/Quotes body parameter from the reference (customer pointed at ACME, items filled in). */
const documentedQuote = () => ({
  client_identifier: "string",
  quote_number: "ORD-000009158381-123",
  customer_id: "e49fe4dd-b087-439f-8897-bcfc84b5dacc",
  customer: {
    id: "e49fe4dd-b087-439f-8897-bcfc84b5dacc",
    object: "customer",
    first_name: "John",
    last_name: "Smit",
    company_name: "Widgets Inc",
    email_address: "",
    phone_number: "555-123-1234",
    account_id: ACME_ACCOUNT_ID,
    account_name: "Widgets Inc",
    account_number: "123456",
    discount_level_id: 14,
    discount_level_name: "PRICELEVEL-1",
  },
  items: [{ sku_id: SANDBOX_SKUS.gloves, product_id: 4217, quantity: 12 }],
  currency_code: "CAD",
  quote_status: "Processing",
  activation_date: "2020-12-01T08:00:00.000Z",
  sent_to_customer_date: "2020-12-01T08:00:00.000Z",
  customer_reference: "Pipeline 2021-10-06",
  completion_date: "2020-12-01T08:00:00.000Z",
  order_id: 74,
  expiry_days: 30,
  expiry_date: "2020-12-01T08:00:00.000Z",
  address: {
    client_identifier: "string",
    name: "Main Office",
    first_name: "string",
    last_name: "string",
    company_name: "string",
    city: "Main Office",
    state_code: "TX",
    country_code: "US",
    street1: "915 W Dallas St",
    street2: "Unit 112",
    postal_code: "77019",
    phone_number: "+1 713-123-1234",
    is_primary: true,
    is_warehouse: true,
  },
  store_comments: "",
  customer_comments: "",
  industry: "",
  estimated_shipping: 0,
});

const problemOf = (json: unknown) => wireProblem.parse(json);

beforeAll(async () => {
  sandbox = await startYodifySandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandboxControl(sandbox.url, "/reset", { orders: true, catalog: true });
  await sandboxControl(sandbox.url, "/config", { rateLimit: { ratePerSecond: 1000, burst: 1000 } });
  token = ((await (await tokenFor(sandbox.clientId, sandbox.clientSecret)).json()) as { access_token: string }).access_token;
});

describe("authentication", () => {
  it("serves every product's primary_image itself, a picture at the sandbox's own origin (no token needed)", async () => {
    const products = sandbox.state.catalog.products;
    expect(products.length).toBeGreaterThan(0);
    for (const product of products.slice(0, 5)) {
      expect(product.primary_image?.startsWith(`${sandbox.url}/product-images/`)).toBe(true);
      const image = await fetch(product.primary_image!);
      expect(image.status).toBe(200);
      expect(image.headers.get("content-type")).toBe("image/svg+xml");
      expect(await image.text()).toContain(`aria-label="${product.name}"`);
    }
    expect((await fetch(`${sandbox.url}/product-images/999999.svg`)).status).toBe(404);
  });

  it("issues bearer tokens for the yodify scope and refuses a wrong secret", async () => {
    const ok = await tokenFor(sandbox.clientId, sandbox.clientSecret);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: "Bearer", scope: "yodify", expires_in: 3600 });
    const bad = await tokenFor(sandbox.clientId, "wrong");
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: "invalid_client" });
  });

  it("answers 401 with ValidationProblemDetails without a token, with a bad one and with an expired one", async () => {
    for (const bearer of [null, "not-a-token"]) {
      const r = await api("GET", "/SKUs", undefined, bearer);
      expect(r.status).toBe(401);
      expect(problemOf(r.json)).toMatchObject({ status: 401, title: "Unauthorized" });
    }
    await sandboxControl(sandbox.url, "/tokens/expire");
    const expired = await api("GET", "/SKUs");
    expect(expired.status).toBe(401);
    expect(problemOf(expired.json).detail).toMatch(/expired/);
  });

  it("answers 403 with no body when the client may not write", async () => {
    const readonly = ((await (await tokenFor(YODIFY_SANDBOX_READONLY_CLIENT_ID, "yodify-readonly-secret")).json()) as { access_token: string }).access_token;
    expect((await api("GET", "/SKUs?Limit=1", undefined, readonly)).status).toBe(200);
    const refused = await api("POST", "/Orders", documentedOrder(), readonly);
    expect(refused.status).toBe(403);
    expect(refused.text).toBe("");
  });

  it("answers 429 with Retry-After and no body past the configured rate", async () => {
    await sandboxControl(sandbox.url, "/config", { rateLimit: { ratePerSecond: 0.2, burst: 2 } });
    const statuses = [];
    let limited: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 3; i++) {
      const r = await api("GET", "/Brands");
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited?.text).toBe("");
  });
});

describe("lists and paging", () => {
  it("pages SKUs with the documented envelope: count, total_items, has_more, url", async () => {
    const all = sandbox.state.catalog.skus.length;
    const first = await api("GET", "/SKUs?Limit=100&Page=1");
    const page = wireListOf(wireSku).parse(first.json);
    expect(page).toMatchObject({ object: "list", has_more: true, total_items: all, count: 100, url: "/api/v1/SKUs" });
    const last = wireListOf(wireSku).parse((await api("GET", `/SKUs?Limit=100&Page=${Math.ceil(all / 100)}`)).json);
    expect(last.has_more).toBe(false);
    expect(last.count).toBe(all % 100 || 100);
    expect(last.data.length).toBe(last.count);
  });

  it.each([
    ["Limit=0", "Limit"],
    ["Limit=101", "Limit"],
    ["Limit=ten", "Limit"],
    ["Page=0", "Page"],
    ["Ids=abc", "Ids"],
    ["BrandId=x", "BrandId"],
  ])("rejects %s with a 400 ValidationProblemDetails naming %s", async (query, field) => {
    const r = await api("GET", `/SKUs?${query}`);
    expect(r.status).toBe(400);
    const p = problemOf(r.json);
    expect(p.status).toBe(400);
    expect(Object.keys(p.errors ?? {})).toEqual([field]);
  });

  it("filters SKUs by Ids (repeated) and BrandId, and expands product and quantity_discount only when asked", async () => {
    const byIds = wireListOf(wireSku).parse((await api("GET", `/SKUs?Ids=${SANDBOX_SKUS.wrench}&Ids=${SANDBOX_SKUS.gloves}`)).json);
    expect(byIds.data.map((s) => s.id)).toEqual([SANDBOX_SKUS.wrench, SANDBOX_SKUS.gloves]);
    expect(byIds.data[0]?.product).toBeNull();
    const expanded = wireSku.parse((await api("GET", `/SKUs/${SANDBOX_SKUS.gloves}?Expand=product&Expand=quantity_discount`)).json);
    expect(expanded.product?.quantity_discount?.calculation).toBe("OverrideDiscountLevelPercentDiscount");
    const brand = wireListOf(wireSku).parse((await api("GET", "/SKUs?BrandId=104")).json);
    expect(brand.data.every((s) => s.brand?.id === 104)).toBe(true);
    expect(brand.total_items).toBeGreaterThan(10);
  });

  it("serves brands, accounts (with discount_level expanded), shipping rates and search results in their documented shapes", async () => {
    expect(wireListOf(wireBrand).parse((await api("GET", "/Brands")).json).total_items).toBe(8);
    const account = wireAccount.parse((await api("GET", `/Accounts/${ACME_ACCOUNT_ID}?Expand=discount_level`)).json);
    expect(account.discount_level?.brand_discounts?.length).toBeGreaterThan(0);
    expect(wireListOf(wireShippingRate).parse((await api("GET", "/ShippingRates")).json).count).toBe(3);
    const search = wireListOf(wireSearchResult).parse((await api("GET", "/Search?Term=nitrile&Types=Inventory")).json);
    expect(search.data.every((r) => r.type === "Inventory")).toBe(true);
    expect(search.total_items).toBe(5);
    expect((await api("GET", "/Search?Types=Widget")).status).toBe(400);
  });

  it("answers GET /Products and GET /Carriers with bare arrays, as their documented 200 schemas say", async () => {
    expect(z.array(wireProduct).parse((await api("GET", "/Products?Limit=5")).json)).toHaveLength(5);
    expect(
      z
        .array(wireCarrier)
        .parse((await api("GET", "/Carriers")).json)
        .map((c) => c.slug),
    ).toContain("DHLExpress");
  });

  it("answers an unknown id with 404 ValidationProblemDetails", async () => {
    const r = await api("GET", "/SKUs/1");
    expect(r.status).toBe(404);
    expect(problemOf(r.json).errors).toHaveProperty("id");
  });
});

describe("orders", () => {
  it("accepts the documented order body and answers a documented Order", async () => {
    const r = await api("POST", "/Orders", documentedOrder());
    expect(r.status).toBe(200);
    const order = wireOrder.parse(r.json);
    expect(order).toMatchObject({ object: "order", client_identifier: "string", order_status: "New", currency_code: "USD" });
    expect(order.customer?.account_id).toBe(ACME_ACCOUNT_ID);
    expect(order.additional_information?.purchase_order_number).toBe("PO-89838");
    // The documented body's totals are not trusted: the store prices the order itself.
    expect(order.subtotal).toBe(32.4);
  });

  it("returns the same order for the same client_identifier, and refuses it with different lines", async () => {
    const a = wireOrder.parse((await api("POST", "/Orders", documentedOrder())).json);
    const b = wireOrder.parse((await api("POST", "/Orders", documentedOrder())).json);
    expect(b.id).toBe(a.id);
    expect(sandbox.state.orders.size).toBe(1);
    const changed = await api("POST", "/Orders", { ...documentedOrder(), items: [{ sku_id: SANDBOX_SKUS.wrench, quantity: 4 }] });
    expect(changed.status).toBe(400);
    expect(Object.keys(problemOf(changed.json).errors ?? {})).toEqual(["client_identifier"]);
  });

  it.each([
    ["no items", { items: [] }, "items"],
    ["a quantity as a string", { items: [{ sku_id: SANDBOX_SKUS.wrench, quantity: "3" }] }, "items[0].quantity"],
    ["an unknown SKU", { items: [{ sku_id: 1, quantity: 1 }] }, "items[0].sku_id"],
    ["more than in stock", { items: [{ sku_id: SANDBOX_SKUS.outOfStock, quantity: 1 }] }, "items[0].quantity"],
    ["no street", { shipping_address: { city: "Dayton", country_code: "US", postal_code: "45402" } }, "shipping_address.street1"],
    ["an unknown account", { account_id: 4 }, "account_id"],
  ])("rejects an order with %s, naming the field", async (_name, patch, field) => {
    const r = await api("POST", "/Orders", { ...documentedOrder(), client_identifier: null, ...patch });
    expect(r.status).toBe(400);
    expect(problemOf(r.json).errors).toHaveProperty([field]);
  });

  it("cancels with the documented OrderCancelOptions, but not once a shipment was added", async () => {
    const first = wireOrder.parse((await api("POST", "/Orders", documentedOrder())).json);
    const cancelled = await api("PUT", `/Orders/cancel/${first.id}`, { expand: [], message: "string" });
    expect(wireOrder.parse(cancelled.json).order_status).toBe("Cancelled");

    const second = wireOrder.parse((await api("POST", "/Orders", { ...documentedOrder(), client_identifier: "other" })).json);
    expect(wireOrder.parse((await api("PUT", `/Orders/confirm/${second.id}`, { expand: [], confirm_stock: true })).json).order_status).toBe("Processing");
    await sandboxControl(sandbox.url, `/orders/${second.id}/advance`);
    const shipments = wireListOf(wireShipment).parse((await api("GET", `/orders/${second.id}/shipments`)).json);
    expect(shipments.data[0]).toMatchObject({ carrier: "FedEx", shipment_type: "Tracked", status: "InTransit" });
    const refused = await api("PUT", `/Orders/cancel/${second.id}`, { message: "too late" });
    expect(refused.status).toBe(400);
    expect(problemOf(refused.json).errors).toHaveProperty("id");
  });
});

describe("quotes", () => {
  it("accepts the documented quote body, prices it for the account and moves through its statuses", async () => {
    const created = await api("POST", "/Quotes", documentedQuote());
    expect(created.status).toBe(200);
    const quote = wireQuote.parse(created.json);
    expect(quote).toMatchObject({ object: "quote", quote_status: "Active", customer_reference: "Pipeline 2021-10-06", order_id: null });
    // ACME's own tier for gloves at 12: 20 % off the 16.00 sale price.
    expect(quote.items[0]?.price_per_unit).toBe(12.8);

    const early = await api("PUT", `/Quotes/${quote.id}`, { quote_status: "AcceptedOrdered", order_id: 1 });
    expect(early.status).toBe(400);
    expect(problemOf(early.json).errors).toHaveProperty("quote_status");

    const sent = wireQuote.parse(
      (await api("PUT", `/Quotes/sendtocustomer/${quote.id}`, { expand: [], message: "string", expiry_date: "2099-08-24T14:15:22Z", resend_email: true })).json,
    );
    expect(sent.quote_status).toBe("QuoteSent");
    const declined = wireQuote.parse((await api("PUT", `/Quotes/decline/${quote.id}`, { expand: [], message: "string" })).json);
    expect(declined.quote_status).toBe("Declined");
    const again = await api("PUT", `/Quotes/decline/${quote.id}`, { message: "twice" });
    expect(again.status).toBe(400);
  });
});

describe("item changes through the control API", () => {
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  };
  const sku = async (id: number) => wireSku.parse((await api("GET", `/SKUs/${id}`)).json);
  const order = (accountId: number, skuId: number, quantity: number) =>
    api("POST", "/Orders", { ...documentedOrder(), client_identifier: null, account_id: accountId, items: [{ sku_id: skuId, quantity }] });

  it("a new price shows in GET /SKUs/{id} as the list price, ends the sale, and orders are priced from it with the account's discounts", async () => {
    const changed = await changeSandboxItem(sandbox, SANDBOX_SKUS.gloves, { price: "25.00" });
    expect(changed).toEqual([{ account: null, item: expect.objectContaining({ id: SANDBOX_SKUS.gloves, list_price: 25 }) }]);
    expect(await sku(SANDBOX_SKUS.gloves)).toMatchObject({ list_price: 25, sale_price: null, is_on_sale: false });

    await changeSandboxItem(sandbox, SANDBOX_SKUS.wrench, { price: 20 });
    // GLOBEX has no discount level: the list price. ACME's 12.5 % Stanfield discount still applies on top.
    expect(wireOrder.parse((await order(GLOBEX_ACCOUNT_ID, SANDBOX_SKUS.wrench, 1)).json).items[0]?.price_per_unit).toBe(20);
    expect(wireOrder.parse((await order(ACME_ACCOUNT_ID, SANDBOX_SKUS.wrench, 1)).json).items[0]?.price_per_unit).toBe(17.5);
  });

  it("stock and availability show in GET /SKUs/{id} and decide what an order may take", async () => {
    await changeSandboxItem(sandbox, SANDBOX_SKUS.wrench, { stock: 2 });
    expect(await sku(SANDBOX_SKUS.wrench)).toMatchObject({ inventory: 2, always_in_stock: false });
    const tooMany = await order(ACME_ACCOUNT_ID, SANDBOX_SKUS.wrench, 3);
    expect(tooMany.status).toBe(400);
    expect(problemOf(tooMany.json).errors).toHaveProperty(["items[0].quantity"]);
    expect((await order(ACME_ACCOUNT_ID, SANDBOX_SKUS.wrench, 2)).status).toBe(200);

    await changeSandboxItem(sandbox, SANDBOX_SKUS.gloves, { available: false });
    expect(await sku(SANDBOX_SKUS.gloves)).toMatchObject({ inventory: 0, always_in_stock: false, allow_backorders: false });
    expect((await order(ACME_ACCOUNT_ID, SANDBOX_SKUS.gloves, 1)).status).toBe(400);

    await changeSandboxItem(sandbox, SANDBOX_SKUS.outOfStock, { available: true });
    expect(await sku(SANDBOX_SKUS.outOfStock)).toMatchObject({ inventory: 0, allow_backorders: true });
    expect((await order(ACME_ACCOUNT_ID, SANDBOX_SKUS.outOfStock, 5)).status).toBe(200);

    await changeSandboxItem(sandbox, SANDBOX_SKUS.gloves, { stock: null });
    expect(await sku(SANDBOX_SKUS.gloves)).toMatchObject({ always_in_stock: true });
    expect((await order(ACME_ACCOUNT_ID, SANDBOX_SKUS.gloves, 5000)).status).toBe(200);
  });

  it("refuses an unknown SKU with 404 and bad input with 400 ValidationProblemDetails naming the field", async () => {
    for (const id of ["1", "not-a-number"]) {
      const unknown = await control(`/items/${id}`, { price: 10 });
      expect(unknown.status).toBe(404);
      expect(problemOf(unknown.json).errors).toHaveProperty("id");
    }
    for (const [body, field] of [
      [{ price: "ten" }, "price"],
      [{ price: 0 }, "price"],
      [
        {
          price: [
            { minQty: 1, price: 10 },
            { minQty: 10, price: 9 },
          ],
        },
        "price",
      ],
      [{ stock: -1 }, "stock"],
      [{ stock: 2.5 }, "stock"],
      [{ available: false, stock: 5 }, "available"],
      [{ account: "ACME", price: 10 }, "account"],
    ] as const) {
      const refused = await control(`/items/${SANDBOX_SKUS.wrench}`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(problemOf(refused.json).errors ?? {}), JSON.stringify(body)).toEqual([field]);
    }
    expect(await sku(SANDBOX_SKUS.wrench)).toMatchObject({ list_price: 12.345, inventory: 140 });
  });

  it("keeps the raw field overwrite (/skus/{id}/patch) for malformed data", async () => {
    await sandboxControl(sandbox, `/skus/${SANDBOX_SKUS.wrench}/patch`, { list_price: "12.50" });
    expect(((await api("GET", `/SKUs/${SANDBOX_SKUS.wrench}`)).json as { list_price: unknown }).list_price).toBe("12.50");
  });
});
