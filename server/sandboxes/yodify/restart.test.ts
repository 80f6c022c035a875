/**
 * The Yodify sandbox on a state file: closed and started again (as `npm start` run twice does), it still
 * knows the orders, shipments and quotes the portal made, and new ones never take an old id.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { wireListOf, wireOrder, wireQuote, wireShipment, wireSku } from "@/server/suppliers/yodify/wire";
import { changeSandboxItem, sandboxControl, sandboxToken } from "../shared/control-client";
import { ACME_ACCOUNT_ID, SANDBOX_SKUS } from "./data";
import { startYodifySandbox, type YodifySandbox } from "./sandbox";

let dir: string;
let stateFile: string;
const running: YodifySandbox[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "yodify-state-"));
  stateFile = path.join(dir, "yodify.json");
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function start() {
  const sandbox = await startYodifySandbox({ port: 0, stateFile });
  running.push(sandbox);
  const token = await sandboxToken(sandbox);
  const call = async (method: string, apiPath: string, body?: unknown) => {
    const response = await fetch(`${sandbox.baseUrl}${apiPath}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  };
  return { sandbox, call };
}

async function restart(sandbox: YodifySandbox) {
  await sandbox.close();
  running.splice(running.indexOf(sandbox), 1);
  return start();
}

const orderFor = (clientIdentifier: string, quantity = 2) => ({
  client_identifier: clientIdentifier,
  account_id: ACME_ACCOUNT_ID,
  items: [{ sku_id: SANDBOX_SKUS.wrench, quantity }],
  shipping_address: { name: "Receiving", street1: "1200 Commerce Park Dr", city: "Dayton", state_code: "OH", country_code: "US", postal_code: "45404" },
  additional_information: { purchase_order_number: "PO-RESTART" },
});

describe("the Yodify sandbox across a restart on the same state file", () => {
  it("still has an order placed before the restart, with its shipment: GET it and advance it", async () => {
    const first = await start();
    const placed = wireOrder.parse((await first.call("POST", "/Orders", orderFor("REQ-1"))).json);
    await sandboxControl(first.sandbox, `/orders/${placed.id}/advance`, { status: "Shipped" });

    const second = await restart(first.sandbox);
    const again = await second.call("GET", `/Orders/${placed.id}`);
    expect(again.status).toBe(200);
    expect(wireOrder.parse(again.json)).toMatchObject({ id: placed.id, client_identifier: "REQ-1", order_status: "Shipped", total: placed.total });
    const shipments = wireListOf(wireShipment).parse((await second.call("GET", `/orders/${placed.id}/shipments`)).json);
    expect(shipments.data).toHaveLength(1);
    expect(((await sandboxControl(second.sandbox, `/orders/${placed.id}/advance`)) as { order_status: string }).order_status).toBe("Complete");

    const third = await restart(second.sandbox);
    expect(wireOrder.parse((await third.call("GET", `/Orders/${placed.id}`)).json).order_status).toBe("Complete");
  });

  it("answers a retried order (same client_identifier) with the order it already has, and gives a new order the next id", async () => {
    const first = await start();
    const earlier = wireOrder.parse((await first.call("POST", "/Orders", orderFor("REQ-1"))).json);
    const placed = wireOrder.parse((await first.call("POST", "/Orders", orderFor("REQ-2"))).json);
    expect(placed.id).toBe(earlier.id + 1);

    const second = await restart(first.sandbox);
    const retried = wireOrder.parse((await second.call("POST", "/Orders", orderFor("REQ-2"))).json);
    expect(retried).toEqual(placed);
    expect(second.sandbox.state.orders.size).toBe(2);
    const next = wireOrder.parse((await second.call("POST", "/Orders", orderFor("REQ-3"))).json);
    expect(next.id).toBe(placed.id + 1);
    expect(next.items[0]?.id).toBeGreaterThan(placed.items[0]?.id ?? Infinity);
  });

  it("keeps quotes, changed SKUs and SKUs added through the control API", async () => {
    const first = await start();
    const quote = wireQuote.parse(
      (
        await first.call("POST", "/Quotes", {
          client_identifier: "Q-1",
          customer: { account_id: ACME_ACCOUNT_ID },
          items: [{ sku_id: SANDBOX_SKUS.gloves, quantity: 12 }],
        })
      ).json,
    );
    await sandboxControl(first.sandbox, `/quotes/${quote.id}/advance`, { discountPercent: 10 });
    await changeSandboxItem(first.sandbox, SANDBOX_SKUS.wrench, { price: "14.00", stock: 3 });
    const added = (await sandboxControl(first.sandbox, "/skus/add", { copyOf: SANDBOX_SKUS.wrench, sku_identifier: "STF-NEW-1" })) as { id: number };

    const second = await restart(first.sandbox);
    expect(wireQuote.parse((await second.call("GET", `/Quotes/${quote.id}`)).json)).toMatchObject({ quote_status: "QuoteSent", client_identifier: "Q-1" });
    expect(wireSku.parse((await second.call("GET", `/SKUs/${SANDBOX_SKUS.wrench}`)).json)).toMatchObject({ list_price: 14, inventory: 3 });
    const newer = wireListOf(wireSku).parse((await second.call("GET", `/SKUs?SinceId=${added.id - 1}`)).json);
    expect(newer.data.map((s) => s.sku_identifier)).toEqual(["STF-NEW-1"]);
  });
});
