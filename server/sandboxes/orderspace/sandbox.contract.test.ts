/**
 * The Orderspace sandbox against the reference (shared/vendors/orderspace.md and orderspace.seed.txt): the documented
 * token request and answer, the empty-bodied 401 with its WWW-Authenticate header, cursor paging with limit up to 200,
 * {"message"} errors, 60 a minute with a wait after a 429, no order endpoint, orders entered, dispatched and invoiced
 * the way the seller's staff would, signed webhook deliveries in the array shape, and orders kept across restarts.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { sandboxControl, sandboxToken } from "../shared/control-client";
import { ACME_CUSTOMER_ID, SANDBOX_SKUS, TRADE_PRICE_LIST_ID } from "./data";
import { startOrderspaceSandbox, type OrderspaceSandbox } from "./sandbox";
import {
  wireCustomer,
  wireDispatch,
  wireInventoryLevel,
  wireInvoice,
  wireListOf,
  wireOne,
  wireOrder,
  wireProduct,
  wireToken,
} from "@/server/suppliers/orderspace/wire";

let sandbox: OrderspaceSandbox;
let token: string;

async function api(method: string, apiPath: string, body?: unknown, bearer: string | null = token) {
  const response = await fetch(`${sandbox.baseUrl}${apiPath}`, {
    method,
    headers: { ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as unknown) : null };
}

const enter = async (po: string, lines: { sku: string; quantity: number; unit_price?: number }[] = [{ sku: SANDBOX_SKUS.gloves9, quantity: 12 }]) =>
  wireOne("order", wireOrder).parse(await sandboxControl(sandbox, "/orders", { customer_id: ACME_CUSTOMER_ID, customer_po_number: po, lines })).order;

beforeAll(async () => {
  sandbox = await startOrderspaceSandbox();
  token = await sandboxToken(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => sandboxControl(sandbox, "/reset", { orders: true, catalog: true }));

describe("authentication", () => {
  it("answers the documented client-credentials request with a 30-minute Bearer token and no refresh token", async () => {
    const response = await fetch(sandbox.tokenUrl, {
      method: "POST",
      body: new URLSearchParams({ client_id: sandbox.clientId, client_secret: sandbox.clientSecret, grant_type: "client_credentials" }),
    });
    expect(response.status).toBe(200);
    const body = wireToken.parse(await response.json());
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 1800, scope: "read write" });
    expect(body).not.toHaveProperty("refresh_token");
  });

  it("refuses wrong client credentials", async () => {
    const response = await fetch(sandbox.tokenUrl, {
      method: "POST",
      body: new URLSearchParams({ client_id: sandbox.clientId, client_secret: "wrong", grant_type: "client_credentials" }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });

  it("answers a missing or expired token with an empty 401 and the documented WWW-Authenticate header", async () => {
    const missing = await api("GET", "/customers", undefined, null);
    expect(missing.status).toBe(401);
    expect(missing.text).toBe("");
    expect(missing.headers.get("content-length")).toBe("0");
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer realm="Orderspace", error="invalid_token"/);

    const mine = await sandboxToken(sandbox);
    await sandboxControl(sandbox, "/tokens/expire");
    const expired = await api("GET", "/customers", undefined, mine);
    expect(expired.status).toBe(401);
    expect(expired.text).toBe("");
    expect(expired.headers.get("www-authenticate")).toBe('Bearer realm="Orderspace", error="invalid_token", error_description="The access token expired"');
    token = await sandboxToken(sandbox);
  });
});

describe("resources, paging and errors", () => {
  it("wraps one record in a singular key and says {message} for an unknown id", async () => {
    const customer = await api("GET", `/customers/${ACME_CUSTOMER_ID}`);
    expect(customer.status).toBe(200);
    const parsed = wireOne("customer", wireCustomer).parse(customer.json).customer;
    expect(parsed).toMatchObject({ id: ACME_CUSTOMER_ID, price_list_id: TRADE_PRICE_LIST_ID, status: "active" });

    const unknown = await api("GET", "/customers/cu_nothere1");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ message: expect.any(String) });
  });

  it("pages products 50 at a time by default and up to 200, newest first, every id prefixed", async () => {
    const first = wireListOf("products", wireProduct).parse((await api("GET", "/products")).json);
    expect(first.products).toHaveLength(50);
    expect(first.has_more).toBe(true);

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = wireListOf("products", wireProduct).parse((await api("GET", `/products?limit=200${after ? `&starting_after=${after}` : ""}`)).json);
      seen.push(...page.products.map((p) => p.id));
      if (!page.has_more) break;
      after = page.products.at(-1)!.id;
    }
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
    for (const id of seen) expect(id).toMatch(/^pr_[A-Za-z0-9]{8}$/);
    const withVariants = first.products.find((p) => p.variant_options.length === 2)!;
    expect(withVariants.product_variants.length).toBeGreaterThan(1);
    for (const v of withVariants.product_variants) expect(v.id).toMatch(/^pv_[A-Za-z0-9]{8}$/);

    const tooMany = await api("GET", "/products?limit=201");
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toEqual({ message: expect.stringContaining("limit") });
  });

  it("pages inventory levels by SKU, in SKU order", async () => {
    const first = wireListOf("inventory_levels", wireInventoryLevel).parse((await api("GET", "/inventory_levels?limit=3")).json);
    const skus = first.inventory_levels.map((l) => l.sku);
    expect(skus).toEqual([...skus].sort());
    const next = wireListOf("inventory_levels", wireInventoryLevel).parse((await api("GET", `/inventory_levels?limit=3&starting_after=${skus[2]}`)).json);
    expect(next.inventory_levels[0]!.sku > skus[2]!).toBe(true);
  });

  it("has no endpoint that creates an order", async () => {
    const create = await api("POST", "/orders", { order: { customer_id: ACME_CUSTOMER_ID } });
    expect(create.status).toBe(404);
    expect(create.json).toEqual({ message: expect.any(String) });
  });

  it("takes the documented inventory update (on_hand or available, never both)", async () => {
    const ok = await api("POST", "/inventory_levels", { inventory_levels: [{ sku: SANDBOX_SKUS.gloves9, on_hand: 30 }] });
    expect(ok.status).toBe(200);
    expect(wireListOf("inventory_levels", wireInventoryLevel).parse(ok.json).inventory_levels[0]).toMatchObject({ sku: SANDBOX_SKUS.gloves9, on_hand: 30 });
    const both = await api("POST", "/inventory_levels", { inventory_levels: [{ sku: SANDBOX_SKUS.gloves9, on_hand: 30, available: 20 }] });
    expect(both.status).toBe(422);
  });
});

describe("throttling", () => {
  afterAll(() => sandboxControl(sandbox, "/config", { limit: { requests: 60, windowMs: 60_000, waitAfter429Ms: 60_000 } }));

  it("answers 429 {message} over the limit and keeps refusing until the wait after it has passed", async () => {
    await sandboxControl(sandbox, "/config", { limit: { requests: 3, windowMs: 60_000, waitAfter429Ms: 400 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api("GET", "/tax_rates")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const during = await api("GET", "/tax_rates");
    expect(during.status).toBe(429);
    expect(during.json).toEqual({ message: expect.stringContaining("60 seconds") });
    expect(during.headers.get("retry-after")).toBeNull();
    // The window is still full after the wait: the next one is refused again, which is what a client that paces itself never sees.
    await sandboxControl(sandbox, "/config", { limit: { requests: 60 } });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await api("GET", "/tax_rates")).status).toBe(200);
  });
});

describe("orders entered by the seller's staff", () => {
  it("lists the customer's order with its PO number, priced at the customer's price list, then dispatches and invoices it", async () => {
    const order = await enter("PO-77", [
      { sku: SANDBOX_SKUS.gloves9, quantity: 12 },
      { sku: SANDBOX_SKUS.earPlugs, quantity: 2 },
    ]);
    expect(order.id).toMatch(/^or_[A-Za-z0-9]{8}$/);
    expect(order).toMatchObject({ status: "new", customer_po_number: "PO-77", currency: "USD" });

    const listed = wireListOf("orders", wireOrder).parse((await api("GET", `/orders?customer_id=${ACME_CUSTOMER_ID}`)).json);
    expect(listed.orders.map((o) => o.customer_po_number)).toContain("PO-77");

    const product = wireListOf("products", wireProduct)
      .parse((await api("GET", "/products?limit=200")).json)
      .products.flatMap((p) => p.product_variants)
      .find((v) => v.sku === SANDBOX_SKUS.gloves9)!;
    const listPrice = product.price_list_prices?.find((p) => p.id === TRADE_PRICE_LIST_ID)?.unit_price ?? product.unit_price;
    expect(order.order_lines[0]).toMatchObject({ sku: SANDBOX_SKUS.gloves9, quantity: 12, unit_price: listPrice });

    const part = wireOne("dispatch", wireDispatch).parse(
      await sandboxControl(sandbox, `/orders/${order.id}/dispatch`, {
        comments: "UPS 1Z999AA10123456784",
        lines: [{ sku: SANDBOX_SKUS.gloves9, quantity: 12 }],
      }),
    ).dispatch;
    expect(part.id).toMatch(/^di_/);
    expect(wireOne("order", wireOrder).parse((await api("GET", `/orders/${order.id}`)).json).order.status).toBe("part_fulfilled");

    const rest = await api("POST", "/dispatches", { dispatch: { order_id: order.id } });
    expect(rest.status).toBe(200);
    expect(wireOne("order", wireOrder).parse((await api("GET", `/orders/${order.id}`)).json).order.status).toBe("fulfilled");
    const again = await api("POST", "/dispatches", { dispatch: { order_id: order.id } });
    expect(again).toMatchObject({ status: 422, json: { message: "The order has already been fulfilled" } });

    const dispatches = wireListOf("dispatches", wireDispatch).parse((await api("GET", `/dispatches?order_id=${order.id}`)).json).dispatches;
    expect(dispatches).toHaveLength(2);

    await sandboxControl(sandbox, `/orders/${order.id}/invoice`);
    const invoices = wireListOf("invoices", wireInvoice).parse((await api("GET", `/invoices?customer_id=${ACME_CUSTOMER_ID}`)).json).invoices;
    expect(invoices[0]).toMatchObject({ orders: [{ id: order.id, number: order.number }], net_total: order.net_total, paid: false });
    expect(invoices[0]!.number).toMatch(/^INV-/);
  });
});

describe("webhooks", () => {
  it("refuses an endpoint that is not HTTPS", async () => {
    const refused = await api("POST", "/webhooks", { webhook: { endpoint: "http://example.com/hook", events: ["order.created"] } });
    expect(refused.status).toBe(422);
    expect(refused.json).toEqual({ message: expect.stringContaining("HTTPS") });
  });

  it("delivers an entered order as a signed array of events, and tries again after a refusal", async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    let refuseFirst = true;
    const receiver = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (refuseFirst) {
          refuseFirst = false;
          res.writeHead(500).end();
          return;
        }
        received.push({ body: Buffer.concat(chunks).toString("utf8"), signature: req.headers["x-orderspace-signature"] as string | undefined });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const hook = z
        .object({ webhook: z.object({ id: z.string(), signing_key: z.string() }) })
        .parse(await sandboxControl(sandbox, "/webhooks", { endpoint: `http://127.0.0.1:${port}/hook`, events: ["order.created"] })).webhook;
      expect(hook.id).toMatch(/^wh_/);
      const order = await enter("PO-HOOK");
      await sandbox.deliveriesSettled();
      expect(received).toHaveLength(1);
      const { body, signature } = received[0]!;
      expect(signature).toBe(createHmac("sha256", hook.signing_key).update(body).digest("base64"));
      const events = JSON.parse(body) as { event: string; data: { order: { id: string } } }[];
      expect(events).toEqual([{ event: "order.created", data: { order: expect.objectContaining({ id: order.id, customer_po_number: "PO-HOOK" }) } }]);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe("state across restarts", () => {
  it("keeps entered orders and their number counter in the state file", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "orderspace-state-")), "orderspace.json");
    const first = await startOrderspaceSandbox({ stateFile: file });
    const entered = wireOne("order", wireOrder).parse(
      await sandboxControl(first, "/orders", {
        customer_id: ACME_CUSTOMER_ID,
        customer_po_number: "PO-KEEP",
        lines: [{ sku: SANDBOX_SKUS.gloves9, quantity: 1 }],
      }),
    ).order;
    await first.close();
    const second = await startOrderspaceSandbox({ stateFile: file });
    try {
      const again = await sandboxToken(second);
      const response = await fetch(`${second.baseUrl}/orders/${entered.id}`, { headers: { Authorization: `Bearer ${again}` } });
      expect(wireOne("order", wireOrder).parse(await response.json()).order).toMatchObject({ id: entered.id, customer_po_number: "PO-KEEP" });
      const next = wireOne("order", wireOrder).parse(
        await sandboxControl(second, "/orders", { customer_id: ACME_CUSTOMER_ID, lines: [{ sku: SANDBOX_SKUS.gloves9, quantity: 1 }] }),
      ).order;
      expect(next.number).toBe(entered.number + 1);
    } finally {
      await second.close();
    }
  });
});
