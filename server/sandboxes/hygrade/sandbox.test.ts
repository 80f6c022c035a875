/**
 * The sandbox against the Hygrade documentation, over raw HTTP (no connector):
 * what a developer reading shared/vendors/hygrade.seed.txt would expect.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { changeSandboxItem, sandboxControl } from "../shared/control-client";
import { buildWorld, DOCUMENTED_HYGRADE_ORDER } from "./data";
import { HYGRADE_SANDBOX_CLIENT_ID, HYGRADE_SANDBOX_CLIENT_SECRET, percentHalfEven, priceOrder, startHygradeSandbox, type HygradeSandbox } from "./sandbox";

let sandbox: HygradeSandbox;
let token: string;

interface Json {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function getToken(): Promise<string> {
  const response = await fetch(sandbox.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: HYGRADE_SANDBOX_CLIENT_ID, client_secret: HYGRADE_SANDBOX_CLIENT_SECRET }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

async function api(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; auth?: string | null } = {}): Promise<Json> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  const auth = options.auth === undefined ? token : options.auth;
  if (auth) headers.Authorization = `Bearer ${auth}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${sandbox.baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const exampleOrder = DOCUMENTED_HYGRADE_ORDER;

function expectErrorEnvelope(res: Json, status: number, code: string, param?: string) {
  expect(res.status).toBe(status);
  const error = res.body.error as Record<string, unknown>;
  expect(error).toMatchObject({ code, type: expect.any(String), message: expect.any(String), request_id: expect.stringMatching(/^req_[0-9a-f]{16}$/) });
  if (param !== undefined) expect(error.param).toBe(param);
  return error;
}

beforeAll(async () => {
  sandbox = await startHygradeSandbox({ port: 0 });
  token = await getToken();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandboxControl(sandbox.url, "/reset", { orders: true });
});

describe("sandbox: auth", () => {
  it("issues bearer tokens for client credentials (form body or HTTP Basic)", async () => {
    const form = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=portal-demo&client_secret=hygrade-sandbox-secret",
    });
    expect(form.status).toBe(200);
    expect(form.headers.get("cache-control")).toBe("no-store");
    expect(await form.json()).toEqual({ access_token: expect.stringMatching(/^hgs_/), token_type: "Bearer", expires_in: 1800 });

    const basic = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from("portal-demo:hygrade-sandbox-secret").toString("base64")}`,
      },
      body: "grant_type=client_credentials",
    });
    expect(basic.status).toBe(200);
  });

  it("refuses wrong credentials and other grants", async () => {
    const wrong = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=portal-demo&client_secret=nope",
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
    const grant = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=password&client_id=portal-demo&client_secret=hygrade-sandbox-secret",
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: "unsupported_grant_type" });
  });

  it("every /v1 endpoint needs a valid bearer token, answered in the error envelope", async () => {
    for (const path of ["/catalog/items?cust_id=ACME001", "/customers/ACME001", "/customers", "/orders", "/approvals?approver=srivera"]) {
      const none = await api("GET", path, { auth: null });
      expectErrorEnvelope(none, 401, "missing_token");
      expect(none.headers.get("www-authenticate")).toContain("Bearer");
      expect(none.headers.get("x-ratelimit-remaining")).not.toBeNull();
      expectErrorEnvelope(await api("GET", path, { auth: "hgs_forged" }), 401, "invalid_token");
    }
    expectErrorEnvelope(await api("POST", "/orders", { auth: null, body: exampleOrder }), 401, "missing_token");
    expect(sandbox.state.orders.size).toBe(0);
  });

  it("expired tokens (control call) get 401 token_expired", async () => {
    const mine = await getToken();
    await sandboxControl(sandbox.url, "/tokens/expire");
    expectErrorEnvelope(await api("GET", "/customers/ACME001", { auth: mine }), 401, "token_expired");
    token = await getToken();
  });

  it("token lifetime is configurable", async () => {
    const short = await startHygradeSandbox({ tokenTtlSeconds: 60 });
    try {
      const res = await fetch(short.tokenUrl, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: short.clientId, client_secret: short.clientSecret }),
      });
      expect(((await res.json()) as { expires_in: number }).expires_in).toBe(60);
    } finally {
      await short.close();
    }
  });
});

describe("sandbox: catalog", () => {
  it("is deterministic, >= 520 items for ACME001 over ~8 categories, ~8% unavailable, 1-4 decreasing tiers", () => {
    const a = buildWorld("http://a");
    const b = buildWorld("http://a");
    const acme = a.catalogs.get("ACME001") ?? [];
    expect(acme.length).toBeGreaterThanOrEqual(520);
    expect(acme).toEqual(b.catalogs.get("ACME001"));
    expect(new Set(acme.map((i) => i.id)).size).toBe(acme.length);
    expect(new Set(acme.map((i) => i.item_code)).size).toBe(acme.length);
    expect(new Set(acme.map((i) => i.category.id)).size).toBe(8);
    const unavailable = acme.filter((i) => !i.available).length / acme.length;
    expect(unavailable).toBeGreaterThan(0.04);
    expect(unavailable).toBeLessThan(0.12);
    for (const item of acme) {
      expect(item.id).toMatch(/^itm_[0-9a-f]{8}$/);
      expect(item.item_code).toMatch(/^[A-Z]{2}-\d{4}-[A-Z0-9]{2}$/);
      expect(item.pricing.length).toBeGreaterThanOrEqual(1);
      expect(item.pricing.length).toBeLessThanOrEqual(4);
      expect(item.pricing[0]?.min_qty).toBe(1);
      for (let i = 1; i < item.pricing.length; i++) {
        expect(item.pricing[i]!.min_qty).toBeGreaterThan(item.pricing[i - 1]!.min_qty);
        expect(item.pricing[i]!.unit_price.amount).toBeLessThan(item.pricing[i - 1]!.unit_price.amount);
      }
      expect(item.lead_time_days).toBeGreaterThanOrEqual(1);
      expect(item.lead_time_days).toBeLessThanOrEqual(21);
    }
    // GLOBEX01 sees fewer items at other prices.
    const globex = a.catalogs.get("GLOBEX01") ?? [];
    expect(globex.length).toBeLessThan(acme.length);
    expect(globex.some((i) => i.category.id === "cat_promo")).toBe(false);
  });

  it("serves the documented example item exactly", async () => {
    const res = await api("GET", "/catalog/items/itm_5e2c8d14?cust_id=ACME001");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: "itm_5e2c8d14",
      object: "catalog_item",
      item_code: "FM-0014-LT",
      name: "Letterhead — #10 stock",
      description: "Full-color letterhead printed on 24lb cotton stock.",
      category: { id: "cat_forms", name: "Forms & Stationery" },
      flags: ["form", "imprint"],
      images: [`${sandbox.url}/catalog-images/ACME001/fm-0014-lt-1.svg`],
      pricing: [
        { min_qty: 1, unit_price: { amount: 2450, currency: "USD" } },
        { min_qty: 10, unit_price: { amount: 2175, currency: "USD" } },
        { min_qty: 100, unit_price: { amount: 1890, currency: "USD" } },
      ],
      available: true,
      lead_time_days: 5,
    });
    expect(res.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
    expect(res.headers.get("x-ratelimit-reset")).toMatch(/^\d{10}$/);
  });

  it("serves item images itself, without auth", async () => {
    const image = await fetch(`${sandbox.url}/catalog-images/ACME001/fm-0014-lt-1.svg`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/svg+xml");
    const svg = await image.text();
    expect(svg).toContain("<svg");
    expect(svg).toContain("FM-0014-LT");
    expect(svg).toContain("#2b6cb0");
    expect((await fetch(`${sandbox.url}/catalog-images/ACME001/zz-9999-zz-1.svg`)).status).toBe(404);
  });

  it("pages with the documented envelope: default 25, starting_after, has_more, next_cursor", async () => {
    const first = await api("GET", "/catalog/items?cust_id=ACME001");
    expect(first.body).toMatchObject({ object: "list", url: "/v1/catalog/items", has_more: true });
    const data = first.body.data as { id: string }[];
    expect(data).toHaveLength(25);
    expect(first.body.next_cursor).toBe(data[24]?.id);
    const second = await api("GET", `/catalog/items?cust_id=ACME001&limit=25&starting_after=${String(first.body.next_cursor)}`);
    const all = sandbox.state.world.catalogs.get("ACME001") ?? [];
    expect((second.body.data as { id: string }[]).map((i) => i.id)).toEqual(all.slice(25, 50).map((i) => i.id));
    const last = await api("GET", `/catalog/items?cust_id=ACME001&limit=100&starting_after=${all[all.length - 3]?.id}`);
    expect(last.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(last.body.data).toHaveLength(2);
  });

  it("validates cust_id, limit, available and starting_after with 422", async () => {
    expectErrorEnvelope(await api("GET", "/catalog/items"), 422, "missing_required_field", "cust_id");
    for (const limit of ["101", "0", "abc", "2.5", "-1"])
      expectErrorEnvelope(await api("GET", `/catalog/items?cust_id=ACME001&limit=${limit}`), 422, "invalid_value", "limit");
    expect((await api("GET", "/catalog/items?cust_id=ACME001&limit=100")).body.data).toHaveLength(100);
    expectErrorEnvelope(await api("GET", "/catalog/items?cust_id=ACME001&available=maybe"), 422, "invalid_value", "available");
    expectErrorEnvelope(await api("GET", "/catalog/items?cust_id=ACME001&starting_after=itm_nope"), 422, "invalid_value", "starting_after");
    expectErrorEnvelope(await api("GET", "/catalog/items?cust_id=NOPE"), 422, "invalid_value", "cust_id");
  });

  it("filters by q (case-insensitive over name, description, item code), category_id and available", async () => {
    const byCode = await api("GET", "/catalog/items?cust_id=ACME001&q=fm-0014");
    expect((byCode.body.data as { item_code: string }[]).map((i) => i.item_code)).toEqual(["FM-0014-LT"]);
    const byWords = await api("GET", "/catalog/items?cust_id=ACME001&q=NITRILE%20large&limit=100");
    const gloves = byWords.body.data as { name: string; description: string }[];
    expect(gloves.length).toBeGreaterThan(0);
    for (const g of gloves) expect(`${g.name} ${g.description}`.toLowerCase()).toMatch(/nitrile[\s\S]*large|large[\s\S]*nitrile/);
    const byDescription = await api("GET", "/catalog/items?cust_id=ACME001&q=cotton%20stock");
    expect((byDescription.body.data as { id: string }[]).map((i) => i.id)).toContain("itm_5e2c8d14");
    const safety = await api("GET", "/catalog/items?cust_id=ACME001&category_id=cat_safety&limit=100");
    expect((safety.body.data as { category: { id: string } }[]).every((i) => i.category.id === "cat_safety")).toBe(true);
    const available = await api("GET", "/catalog/items?cust_id=ACME001&available=true&limit=100");
    expect((available.body.data as { available: boolean }[]).every((i) => i.available)).toBe(true);
  });

  it("scopes the catalog per account: other prices, hidden items are 404", async () => {
    const globex = await api("GET", "/catalog/items/itm_5e2c8d14?cust_id=GLOBEX01");
    expect(globex.status).toBe(200);
    expect((globex.body.pricing as { unit_price: { amount: number } }[])[0]?.unit_price.amount).not.toBe(2450);
    const promo = (sandbox.state.world.catalogs.get("ACME001") ?? []).find((i) => i.category.id === "cat_promo");
    const hidden = await api("GET", `/catalog/items/${promo?.id}?cust_id=GLOBEX01`);
    expectErrorEnvelope(hidden, 404, "resource_missing", "id");
    expectErrorEnvelope(await api("GET", "/catalog/items/itm_00000000?cust_id=ACME001"), 404, "resource_missing");
    expectErrorEnvelope(await api("GET", "/catalog/items/itm_5e2c8d14"), 422, "missing_required_field", "cust_id");
  });
});

describe("sandbox: customers", () => {
  it("GET /v1/customers/ACME001 as documented (plus a second, non-default address)", async () => {
    const res = await api("GET", "/customers/ACME001");
    expect(res.body).toEqual({
      id: "ACME001",
      object: "customer",
      name: "Acme Corporation",
      parent_cust_id: null,
      created_at: "2023-11-14T00:00:00Z",
      addresses: [
        {
          id: "addr_1c9d2f3b",
          type: "shipping",
          label: "HQ - Cincinnati",
          street_1: "4420 Industrial Blvd",
          city: "Cincinnati",
          region: "OH",
          postal_code: "45241",
          country: "US",
          default: true,
        },
        {
          id: "addr_7a4e90d2",
          type: "shipping",
          label: "Warehouse - Dayton",
          street_1: "1200 Commerce Park Dr",
          city: "Dayton",
          region: "OH",
          postal_code: "45404",
          country: "US",
          default: false,
        },
      ],
      approval_required_over: { amount: 50000, currency: "USD" },
      billing_terms: "NET30",
    });
  });

  it("lists both accounts; unknown is 404", async () => {
    const list = await api("GET", "/customers");
    expect(list.body).toMatchObject({ object: "list", has_more: false });
    expect((list.body.data as { id: string; name: string }[]).map((c) => [c.id, c.name])).toEqual([
      ["ACME001", "Acme Corporation"],
      ["GLOBEX01", "Globex Industries"],
    ]);
    expectErrorEnvelope(await api("GET", "/customers/NOPE"), 404, "resource_missing");
  });
});

describe("sandbox: orders", () => {
  it("reproduces the documented order example", async () => {
    const res = await api("POST", "/orders", { body: exampleOrder, headers: { "Idempotency-Key": "doc-example" } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^ord_[0-9a-f]{16}$/),
      object: "order",
      cust_id: "ACME001",
      ordered_by: { login: "jdoe", name: "Jane Doe" },
      status: "approved",
      submitted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      approved_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      shipping_address: { attention: "Jane Doe", street_1: "4420 Industrial Blvd", city: "Cincinnati", region: "OH", postal_code: "45241", country: "US" },
      cost_center: "CC-4420",
      po_number: "PO-2026-0881",
      items: [
        {
          id: expect.stringMatching(/^oi_[0-9a-f]{8}$/),
          item_code: "FM-0014-LT",
          description: "Letterhead — 500 ct, #10 stock",
          quantity: 3,
          unit_price: { amount: 2450, currency: "USD" },
          line_total: { amount: 7350, currency: "USD" },
        },
      ],
      subtotal: { amount: 7350, currency: "USD" },
      tax: { amount: 514, currency: "USD" },
      shipping: { amount: 1200, currency: "USD" },
      total: { amount: 9064, currency: "USD" },
    });
    const fetched = await api("GET", `/orders/${String(res.body.id)}`);
    expect(fetched.body).toEqual(res.body);
  });

  it("prices from the tier for the quantity; tax 7% (half to even), free shipping above 50000", async () => {
    expect(percentHalfEven(7350, 7)).toBe(514); // 514.5 -> 514, the documented example
    expect(percentHalfEven(7450, 7)).toBe(522); // 521.5 -> 522
    expect(percentHalfEven(1000, 7)).toBe(70);
    expect(priceOrder(50000)).toEqual({ tax: 3500, shipping: 1200, total: 54700 });
    expect(priceOrder(50001).shipping).toBe(0);
    const res = await api("POST", "/orders", { body: { ...exampleOrder, items: [{ item_code: "FM-0014-LT", quantity: 12 }] } });
    expect(res.body).toMatchObject({ subtotal: { amount: 26100 }, items: [{ unit_price: { amount: 2175 } }] });
  });

  it("holds orders above approval_required_over in pending_approval", async () => {
    const res = await api("POST", "/orders", { body: { ...exampleOrder, items: [{ item_code: "FM-0014-LT", quantity: 100 }] } });
    expect(res.body).toMatchObject({ status: "pending_approval", approved_at: null, subtotal: { amount: 189000 }, shipping: { amount: 0 } });
  });

  it("422s in the documented shape, with the right param", async () => {
    const { po_number: _omitted, ...noPo } = exampleOrder;
    const missingPo = expectErrorEnvelope(await api("POST", "/orders", { body: noPo }), 422, "missing_required_field", "po_number");
    expect(missingPo).toMatchObject({ type: "invalid_request", message: "The field 'po_number' is required." });
    expectErrorEnvelope(
      await api("POST", "/orders", { body: { ...exampleOrder, shipping_address_id: "addr_nope" } }),
      422,
      "invalid_value",
      "shipping_address_id",
    );
    expectErrorEnvelope(
      await api("POST", "/orders", {
        body: {
          ...exampleOrder,
          items: [
            { item_code: "FM-0014-LT", quantity: 1 },
            { item_code: "ZZ-9999-ZZ", quantity: 1 },
          ],
        },
      }),
      422,
      "invalid_value",
      "items[1].item_code",
    );
    for (const quantity of [0, -2, 1.5, "3"]) {
      expectErrorEnvelope(
        await api("POST", "/orders", { body: { ...exampleOrder, items: [{ item_code: "FM-0014-LT", quantity }] } }),
        422,
        "invalid_value",
        "items[0].quantity",
      );
    }
    expectErrorEnvelope(
      await api("POST", "/orders", { body: { ...exampleOrder, items: [{ quantity: 1 }] } }),
      422,
      "missing_required_field",
      "items[0].item_code",
    );
    expectErrorEnvelope(await api("POST", "/orders", { body: { ...exampleOrder, items: [] } }), 422, "invalid_value", "items");
    const unavailable = (sandbox.state.world.catalogs.get("ACME001") ?? []).find((i) => !i.available);
    expectErrorEnvelope(
      await api("POST", "/orders", { body: { ...exampleOrder, items: [{ item_code: unavailable?.item_code, quantity: 1 }] } }),
      422,
      "item_unavailable",
      "items[0].item_code",
    );
    const badJson = await fetch(`${sandbox.baseUrl}/orders`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: "{nope",
    });
    expect(badJson.status).toBe(400);
    expect(sandbox.state.orders.size).toBe(0);
  });

  it("ignores unknown fields in the body", async () => {
    const res = await api("POST", "/orders", {
      body: { ...exampleOrder, notes: "leave at dock", items: [{ item_code: "FM-0014-LT", quantity: 1, colour: "blue" }] },
    });
    expect(res.status).toBe(201);
  });

  it("Idempotency-Key: same key replays the original response; a different body is refused", async () => {
    const first = await api("POST", "/orders", { body: exampleOrder, headers: { "Idempotency-Key": "idem-1" } });
    const again = await api("POST", "/orders", { body: exampleOrder, headers: { "Idempotency-Key": "idem-1" } });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(sandbox.state.orders.size).toBe(1);
    expectErrorEnvelope(
      await api("POST", "/orders", { body: { ...exampleOrder, po_number: "PO-OTHER" }, headers: { "Idempotency-Key": "idem-1" } }),
      422,
      "idempotency_key_reused",
      "Idempotency-Key",
    );
    // A validation error is replayed too (same status and body).
    const bad = await api("POST", "/orders", { body: { ...exampleOrder, shipping_address_id: "addr_x" }, headers: { "Idempotency-Key": "idem-2" } });
    const badAgain = await api("POST", "/orders", { body: { ...exampleOrder, shipping_address_id: "addr_x" }, headers: { "Idempotency-Key": "idem-2" } });
    expect([bad.status, badAgain.status]).toEqual([422, 422]);
    expect(badAgain.body).toEqual(bad.body);
    expect(sandbox.state.orders.size).toBe(1);
  });

  it("lists orders newest first with cust_id, status, created_after, limit and starting_after", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(String((await api("POST", "/orders", { body: { ...exampleOrder, po_number: `PO-${i}` } })).body.id));
    const big = await api("POST", "/orders", { body: { ...exampleOrder, items: [{ item_code: "FM-0014-LT", quantity: 100 }] } });
    const page1 = await api("GET", "/orders?cust_id=ACME001&limit=4");
    expect(page1.body).toMatchObject({ object: "list", url: "/v1/orders", has_more: true });
    const page2 = await api("GET", `/orders?cust_id=ACME001&limit=4&starting_after=${String(page1.body.next_cursor)}`);
    const seen = [...(page1.body.data as { id: string }[]), ...(page2.body.data as { id: string }[])].map((o) => o.id);
    expect(seen).toEqual([String(big.body.id), ...ids.reverse()]);
    const pending = await api("GET", "/orders?status=pending_approval");
    expect((pending.body.data as { id: string }[]).map((o) => o.id)).toEqual([String(big.body.id)]);
    expect((await api("GET", "/orders?cust_id=GLOBEX01")).body.data).toEqual([]);
    expect((await api("GET", `/orders?created_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.data).toEqual([]);
    expect((await api("GET", "/orders?created_after=2020-01-01T00:00:00Z")).body.data).toHaveLength(6);
    expectErrorEnvelope(await api("GET", "/orders?status=lost"), 422, "invalid_value", "status");
    expectErrorEnvelope(await api("GET", "/orders?created_after=yesterday"), 422, "invalid_value", "created_after");
  });

  it("cancels only pending_approval or approved orders; otherwise 409 order_not_cancellable", async () => {
    const approved = await api("POST", "/orders", { body: exampleOrder });
    const cancelled = await api("POST", `/orders/${String(approved.body.id)}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expectErrorEnvelope(await api("POST", `/orders/${String(approved.body.id)}/cancel`), 409, "order_not_cancellable");

    const held = await api("POST", "/orders", { body: { ...exampleOrder, items: [{ item_code: "FM-0014-LT", quantity: 100 }] } });
    expect((await api("POST", `/orders/${String(held.body.id)}/cancel`)).body.status).toBe("cancelled");

    for (const status of ["in_production", "shipped", "delivered"]) {
      const order = await api("POST", "/orders", { body: exampleOrder });
      await sandboxControl(sandbox.url, `/orders/${String(order.body.id)}/advance`, { status });
      expectErrorEnvelope(await api("POST", `/orders/${String(order.body.id)}/cancel`), 409, "order_not_cancellable");
    }
    expectErrorEnvelope(await api("POST", "/orders/ord_0000000000000000/cancel"), 404, "resource_missing");
  });

  it("advances through the statuses by control call", async () => {
    const order = await api("POST", "/orders", { body: { ...exampleOrder, items: [{ item_code: "FM-0014-LT", quantity: 100 }] } });
    const id = String(order.body.id);
    const seen: string[] = [String(order.body.status)];
    for (let i = 0; i < 4; i++) seen.push(String(((await sandboxControl(sandbox.url, `/orders/${id}/advance`)) as { status: string }).status));
    expect(seen).toEqual(["pending_approval", "approved", "in_production", "shipped", "delivered"]);
    expect((await api("GET", `/orders/${id}`)).body.approved_at).toEqual(expect.any(String));
    await expect(sandboxControl(sandbox.url, `/orders/${id}/advance`)).rejects.toThrow(/409/);
  });

  it("advances on its own when autoAdvanceMs is set", async () => {
    const demo = await startHygradeSandbox({ autoAdvanceMs: 60 });
    try {
      const form = new URLSearchParams({ grant_type: "client_credentials", client_id: demo.clientId, client_secret: demo.clientSecret });
      const { access_token } = (await (await fetch(demo.tokenUrl, { method: "POST", body: form })).json()) as { access_token: string };
      const created = (await (
        await fetch(`${demo.baseUrl}/orders`, {
          method: "POST",
          headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
          body: JSON.stringify(exampleOrder),
        })
      ).json()) as { id: string };
      const deadline = Date.now() + 5000;
      let status = "";
      while (Date.now() < deadline && status !== "delivered") {
        await new Promise((r) => setTimeout(r, 50));
        status = demo.state.orders.get(created.id)?.order.status ?? "";
      }
      expect(status).toBe("delivered");
    } finally {
      await demo.close();
    }
  });
});

describe("sandbox: item changes through the control API", () => {
  const letterhead = "itm_5e2c8d14";
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const tiersOf = (res: Json) => (res.body.pricing as { min_qty: number; unit_price: { amount: number } }[]).map((t) => [t.min_qty, t.unit_price.amount]);
  afterEach(async () => {
    await sandboxControl(sandbox, "/reset", { orders: true, catalog: true });
  });

  it("a new price for one account shows in its GET /v1/catalog/items/{id} and prices its next order; the other account keeps its own", async () => {
    const globexBefore = tiersOf(await api("GET", `/catalog/items/${letterhead}?cust_id=GLOBEX01`));
    const changed = await changeSandboxItem(sandbox, letterhead, {
      account: "ACME001",
      price: [
        { minQty: 1, price: "30.00" },
        { minQty: 10, price: 27.5 },
      ],
    });
    expect(changed.map((c) => c.account)).toEqual(["ACME001"]);
    expect(tiersOf(await api("GET", `/catalog/items/${letterhead}?cust_id=ACME001`))).toEqual([
      [1, 3000],
      [10, 2750],
    ]);
    const listed = await api("GET", "/catalog/items?cust_id=ACME001&q=FM-0014");
    expect((listed.body.data as { pricing: { unit_price: { amount: number } }[] }[])[0]?.pricing[0]?.unit_price.amount).toBe(3000);
    expect(tiersOf(await api("GET", `/catalog/items/${letterhead}?cust_id=GLOBEX01`))).toEqual(globexBefore);
    const order = await api("POST", "/orders", { body: { ...exampleOrder, items: [{ item_code: "FM-0014-LT", quantity: 12 }] } });
    expect(order.body).toMatchObject({ items: [{ unit_price: { amount: 2750 } }], subtotal: { amount: 33000 } });
  });

  it("one price without an account reaches every account that sees the item, as a single tier", async () => {
    const changed = await changeSandboxItem(sandbox, letterhead, { price: 19.95 });
    expect(changed.map((c) => c.account)).toEqual(["ACME001", "GLOBEX01"]);
    for (const cust of ["ACME001", "GLOBEX01"]) expect(tiersOf(await api("GET", `/catalog/items/${letterhead}?cust_id=${cust}`))).toEqual([[1, 1995]]);
  });

  it("an item made unavailable is refused in an order and left out of available=true; made available again, it sells", async () => {
    await changeSandboxItem(sandbox, letterhead, { account: "ACME001", available: false });
    expect((await api("GET", `/catalog/items/${letterhead}?cust_id=ACME001`)).body.available).toBe(false);
    const available = await api("GET", "/catalog/items?cust_id=ACME001&available=true&q=FM-0014");
    expect(available.body.data).toEqual([]);
    expectErrorEnvelope(await api("POST", "/orders", { body: exampleOrder }), 422, "item_unavailable", "items[0].item_code");
    await changeSandboxItem(sandbox, letterhead, { account: "ACME001", available: true });
    expect((await api("POST", "/orders", { body: exampleOrder })).status).toBe(201);
  });

  it("refuses an unknown item with 404 and bad input with 400 naming the field, in Hygrade's envelope", async () => {
    const unknown = await control("/items/itm_00000000", { price: 10 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ type: "invalid_request", code: "resource_missing", param: "id" });
    const hidden = (sandbox.state.world.catalogs.get("ACME001") ?? []).find((i) => i.category.id === "cat_promo");
    expect((await control(`/items/${hidden?.id}`, { account: "GLOBEX01", available: false })).status).toBe(404);
    for (const [body, param] of [
      [{ price: "12.345" }, "price"],
      [{ price: -1 }, "price"],
      [{ price: [{ minQty: 5, price: 10 }] }, "price[0].minQty"],
      [
        {
          price: [
            { minQty: 1, price: 10 },
            { minQty: 1, price: 9 },
          ],
        },
        "price[1].minQty",
      ],
      [{ available: "no" }, "available"],
      [{ stock: 5 }, "stock"],
      [{ account: "NOPE", price: 10 }, "account"],
      [{ cost: 10 }, "cost"],
      [{}, "price"],
    ] as const) {
      const refused = await control(`/items/${letterhead}`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect((refused.body.error as { param?: string }).param, JSON.stringify(body)).toBe(param);
    }
    // Nothing refused was half applied.
    expect(tiersOf(await api("GET", `/catalog/items/${letterhead}?cust_id=ACME001`))).toEqual([
      [1, 2450],
      [10, 2175],
      [100, 1890],
    ]);
  });
});

describe("sandbox: approvals", () => {
  async function heldOrder(): Promise<string> {
    return String((await api("POST", "/orders", { body: { ...exampleOrder, items: [{ item_code: "FM-0014-LT", quantity: 100 }] } })).body.id);
  }

  it("lists pending approvals for an approver and approves", async () => {
    const orderId = await heldOrder();
    const list = await api("GET", "/approvals?approver=srivera");
    const approvals = list.body.data as { id: string; order_id: string; status: string }[];
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({
      id: expect.stringMatching(/^apr_[0-9a-f]{12}$/),
      object: "approval",
      order_id: orderId,
      status: "pending",
      approver: { login: "srivera" },
    });
    expect((await api("GET", "/approvals?approver=someone-else")).body.data).toEqual([]);
    const approvalId = approvals[0]?.id ?? "";
    const decided = await api("POST", `/approvals/${approvalId}/approve`);
    expect(decided.body).toMatchObject({ status: "approved", decided_at: expect.any(String) });
    expect((await api("GET", `/orders/${orderId}`)).body).toMatchObject({ status: "approved", approved_at: expect.any(String) });
    expect((await api("GET", "/approvals?approver=srivera")).body.data).toEqual([]);
    expectErrorEnvelope(await api("POST", `/approvals/${approvalId}/approve`), 409, "approval_not_pending");
  });

  it("rejecting needs a reason and cancels the order", async () => {
    const orderId = await heldOrder();
    const approvalId = ((await api("GET", "/approvals?approver=srivera")).body.data as { id: string }[])[0]?.id ?? "";
    expectErrorEnvelope(await api("POST", `/approvals/${approvalId}/reject`, { body: {} }), 422, "missing_required_field", "reason");
    const rejected = await api("POST", `/approvals/${approvalId}/reject`, { body: { reason: "Over budget for this quarter. Resubmit after 2026-07-01." } });
    expect(rejected.body).toMatchObject({ status: "rejected", reason: "Over budget for this quarter. Resubmit after 2026-07-01." });
    expect((await api("GET", `/orders/${orderId}`)).body.status).toBe("cancelled");
    expectErrorEnvelope(await api("POST", "/approvals/apr_000000000000/approve"), 404, "resource_missing");
  });
});

describe("sandbox: rate limit and faults", () => {
  it("a tight burst past 240 gets 429 with Retry-After and the rate-limit headers", async () => {
    const burstToken = await getToken();
    // Bursts of 300 at once until the bucket runs dry (the first one does unless the machine is very slow).
    const responses: Response[] = [];
    for (let burst = 0; burst < 5 && !responses.some((r) => r.status === 429); burst++) {
      responses.push(
        ...(await Promise.all(
          Array.from({ length: 300 }, () => fetch(`${sandbox.baseUrl}/customers/ACME001`, { headers: { Authorization: `Bearer ${burstToken}` } })),
        )),
      );
    }
    const ok = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok.length + limited.length).toBe(responses.length);
    expect(ok.length).toBeGreaterThanOrEqual(240);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of [...ok, ...limited]) {
      expect(r.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
      expect(r.headers.get("x-ratelimit-reset")).toMatch(/^\d{10}$/);
    }
    const one = limited[0];
    expect(Number(one?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await one?.json()).toMatchObject({ error: { type: "rate_limit_error", code: "rate_limited", request_id: expect.stringMatching(/^req_/) } });
    await Promise.all(responses.filter((r) => r !== one).map((r) => r.arrayBuffer()));
    // Another token has its own bucket.
    expect((await api("GET", "/customers/ACME001")).status).toBe(200);
  });

  it("cuts an answer half way under a path only; the order was made, and the same Idempotency-Key gets it back", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "truncate", count: 1, pathPrefix: "/v1/orders" });
    expect((await api("GET", "/customers/ACME001")).status).toBe(200);
    await expect(api("POST", "/orders", { body: exampleOrder, headers: { "Idempotency-Key": "cut-1" } })).rejects.toThrow();
    expect(sandbox.state.orders.size).toBe(1);
    const retried = await api("POST", "/orders", { body: exampleOrder, headers: { "Idempotency-Key": "cut-1" } });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.body.id).toBe([...sandbox.state.orders.keys()][0]);
  });

  it("injects 5xx, 429, latency and dropped connections into the next N /v1 requests only", async () => {
    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 2 });
    expectErrorEnvelope(await api("GET", "/customers/ACME001"), 503, "service_unavailable");
    // The token endpoint and images are not /v1: never faulted.
    expect((await fetch(`${sandbox.url}/catalog-images/ACME001/fm-0014-lt-1.svg`)).status).toBe(200);
    expectErrorEnvelope(await api("GET", "/customers/ACME001"), 503, "service_unavailable");
    expect((await api("GET", "/customers/ACME001")).status).toBe(200);

    await sandboxControl(sandbox.url, "/faults", { kind: "status429", count: 1, retryAfterSeconds: 3 });
    const limited = await api("GET", "/customers/ACME001");
    expectErrorEnvelope(limited, 429, "rate_limited");
    expect(limited.headers.get("retry-after")).toBe("3");

    await sandboxControl(sandbox.url, "/faults", { kind: "drop", count: 1 });
    await expect(api("GET", "/customers/ACME001")).rejects.toThrow(TypeError);

    await sandboxControl(sandbox.url, "/faults", { kind: "latency", count: 1, latencyMs: 300 });
    const started = Date.now();
    expect((await api("GET", "/customers/ACME001")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);

    await sandboxControl(sandbox.url, "/faults", { kind: "status5xx", count: 5 });
    await sandboxControl(sandbox.url, "/reset");
    expect((await api("GET", "/customers/ACME001")).status).toBe(200);
    // One control API for every sandbox: bad input is a 400 naming the field, in the supplier's error envelope.
    await expect(sandboxControl(sandbox.url, "/faults", { kind: "meteor" })).rejects.toThrow(/400.*"param":"kind"/);
  });
});
