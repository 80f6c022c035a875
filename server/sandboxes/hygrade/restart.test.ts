/**
 * The Hygrade sandbox on a state file: closed and started again (as `npm start` run twice does), it still
 * knows the orders the portal placed, so the portal's status polling and retries keep working.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changeSandboxItem, sandboxControl, sandboxToken } from "../shared/control-client";
import { DOCUMENTED_HYGRADE_ORDER } from "./data";
import { startHygradeSandbox, type HygradeSandbox } from "./sandbox";

let dir: string;
let stateFile: string;
const running: HygradeSandbox[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "hygrade-state-"));
  stateFile = path.join(dir, "hygrade.json");
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<{
  sandbox: HygradeSandbox;
  call: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;
}> {
  const sandbox = await startHygradeSandbox({ port: 0, stateFile });
  running.push(sandbox);
  const token = await sandboxToken(sandbox);
  const call = async (method: string, apiPath: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${sandbox.baseUrl}${apiPath}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };
  return { sandbox, call };
}

async function restart(sandbox: HygradeSandbox) {
  await sandbox.close();
  running.splice(running.indexOf(sandbox), 1);
  return start();
}

describe("the Hygrade sandbox across a restart on the same state file", () => {
  it("still has an order placed before the restart: GET it, advance it, and its approval can be decided", async () => {
    const first = await start();
    const placed = await first.call("POST", "/orders", DOCUMENTED_HYGRADE_ORDER, { "Idempotency-Key": "req-1" });
    const held = await first.call("POST", "/orders", { ...DOCUMENTED_HYGRADE_ORDER, items: [{ item_code: "FM-0014-LT", quantity: 100 }] });
    expect([placed.status, held.body.status]).toEqual([201, "pending_approval"]);

    const second = await restart(first.sandbox);
    const again = await second.call("GET", `/orders/${String(placed.body.id)}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(placed.body);
    expect(((await sandboxControl(second.sandbox, `/orders/${String(placed.body.id)}/advance`)) as { status: string }).status).toBe("in_production");
    const approvals = (await second.call("GET", "/approvals?approver=srivera")).body.data as { id: string; order_id: string }[];
    expect(approvals.map((a) => a.order_id)).toEqual([held.body.id]);
    expect((await second.call("POST", `/approvals/${approvals[0]!.id}/approve`)).body.status).toBe("approved");

    // And what happened after the restart is there after the next one.
    const third = await restart(second.sandbox);
    expect((await third.call("GET", `/orders/${String(placed.body.id)}`)).body.status).toBe("in_production");
    expect((await third.call("GET", `/orders/${String(held.body.id)}`)).body.status).toBe("approved");
  });

  it("replays a retried POST with the same Idempotency-Key instead of ordering twice, and lists new orders first", async () => {
    const first = await start();
    const placed = await first.call("POST", "/orders", DOCUMENTED_HYGRADE_ORDER, { "Idempotency-Key": "req-2" });

    const second = await restart(first.sandbox);
    const retried = await second.call("POST", "/orders", DOCUMENTED_HYGRADE_ORDER, { "Idempotency-Key": "req-2" });
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.body.id).toBe(placed.body.id);
    expect(second.sandbox.state.orders.size).toBe(1);
    const next = await second.call("POST", "/orders", { ...DOCUMENTED_HYGRADE_ORDER, po_number: "PO-after-restart" });
    const listed = (await second.call("GET", "/orders?cust_id=ACME001")).body.data as { id: string }[];
    expect(listed.map((o) => o.id)).toEqual([next.body.id, placed.body.id]);
  });

  it("keeps an item's changed price and availability for the account it was changed for", async () => {
    const first = await start();
    await changeSandboxItem(first.sandbox, "itm_5e2c8d14", { account: "ACME001", price: "31.00", available: false });
    const second = await restart(first.sandbox);
    expect((await second.call("GET", "/catalog/items/itm_5e2c8d14?cust_id=ACME001")).body).toMatchObject({
      pricing: [{ min_qty: 1, unit_price: { amount: 3100 } }],
      available: false,
    });
    expect((await second.call("GET", "/catalog/items/itm_5e2c8d14?cust_id=GLOBEX01")).body.available).toBe(true);
  });

  it("does not keep tokens: one issued before the restart is refused, and a new one works", async () => {
    const first = await startHygradeSandbox({ port: 0, stateFile });
    running.push(first);
    const old = await sandboxToken(first);
    const second = await restart(first);
    const refused = await fetch(`${second.sandbox.baseUrl}/customers/ACME001`, { headers: { Authorization: `Bearer ${old}` } });
    expect(refused.status).toBe(401);
    expect((await second.call("GET", "/customers/ACME001")).status).toBe(200);
  });
});
