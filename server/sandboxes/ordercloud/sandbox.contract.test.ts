/**
 * The OrderCloud sandbox against the reference (shared/vendors/ordercloud.md): the documented token grants and their
 * answer, /me endpoints with price schedules and price breaks, Meta paging with pageSize up to 100, the search / filter
 * / sortBy conventions, the {Errors:[{ErrorCode, Message, Data}]} shape, writable order IDs with the IdExists conflict,
 * the lifecycle through an approval rule, the control calls, faults, and orders kept across restarts.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sandboxControl } from "../shared/control-client";
import { SANDBOX_PRODUCTS } from "./data";
import { startOrderCloudSandbox, type OrderCloudSandbox } from "./sandbox";
import { wireCategory, wireError, wireListOf, wireOrder, wireOrderApproval, wireProduct, wireToken } from "@/server/suppliers/ordercloud/wire";

let sandbox: OrderCloudSandbox;

async function grant(form: Record<string, string>, target: OrderCloudSandbox = sandbox) {
  const response = await fetch(target.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({ client_id: target.clientId, ...form }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function login(who: "buyer" | "approver" | "otherBuyer" = "buyer", target: OrderCloudSandbox = sandbox): Promise<string> {
  const user = target.users[who];
  const answer = await grant({ grant_type: "password", username: user.username, password: user.password, scope: "Shopper MeAddressAdmin" }, target);
  return wireToken.parse(answer.json).access_token;
}

async function api(method: string, apiPath: string, token: string | null, body?: unknown, target: OrderCloudSandbox = sandbox) {
  const response = await fetch(`${target.baseUrl}${apiPath}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
}

let buyer: string;

async function placeOrder(id: string, lines: { ProductID: string; Quantity: number }[], token = buyer) {
  expect((await api("POST", "/orders/Outgoing", token, { ID: id, ShippingAddressID: "acme-dayton-warehouse" })).status).toBe(201);
  for (const line of lines) expect((await api("POST", `/orders/Outgoing/${id}/lineitems`, token, line)).status).toBe(201);
  return api("POST", `/orders/Outgoing/${id}/submit`, token);
}

beforeAll(async () => {
  sandbox = await startOrderCloudSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandboxControl(sandbox, "/reset", { orders: true, catalog: true });
  await sandboxControl(sandbox, "/approval-threshold", { amount: 500 });
  buyer = await login();
});

describe("authentication", () => {
  it("answers the documented password grant with a bearer token, its lifetime and a refresh token", async () => {
    const answer = await grant({ grant_type: "password", username: sandbox.users.buyer.username, password: sandbox.users.buyer.password, scope: "Shopper" });
    expect(answer.status).toBe(200);
    const token = wireToken.parse(answer.json);
    expect(token).toMatchObject({ token_type: "bearer", expires_in: 36000 });
    expect(token.refresh_token).toBeTruthy();
    expect((await api("GET", "/me", token.access_token)).json).toMatchObject({ Username: sandbox.users.buyer.username, AvailableRoles: ["Shopper"] });
  });

  it("answers client credentials as the client's default context user, and refuses a wrong secret in the OAuth shape", async () => {
    const ok = await grant({ grant_type: "client_credentials", client_secret: sandbox.clientSecret });
    expect(ok.status).toBe(200);
    expect((await api("GET", "/me", wireToken.parse(ok.json).access_token)).json).toMatchObject({ ID: "acme-buyer" });
    const wrong = await grant({ grant_type: "client_credentials", client_secret: "nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: "invalid_client" });
    expect(wrong.json).not.toHaveProperty("Errors");
  });

  it("refuses a wrong password with invalid_grant", async () => {
    const answer = await grant({ grant_type: "password", username: sandbox.users.buyer.username, password: "wrong" });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: "invalid_grant" });
  });

  it("a refresh token brings a new access token after the old one expired; an expired token is a 401 in the Errors shape", async () => {
    const first = wireToken.parse(
      (await grant({ grant_type: "password", username: sandbox.users.buyer.username, password: sandbox.users.buyer.password })).json,
    );
    await sandboxControl(sandbox, "/tokens/expire");
    const expired = await api("GET", "/me/products", first.access_token);
    expect(expired.status).toBe(401);
    expect(wireError.parse(expired.json).Errors[0]).toMatchObject({ ErrorCode: "InvalidToken" });
    const refreshed = await grant({ grant_type: "refresh_token", refresh_token: first.refresh_token! });
    expect(refreshed.status).toBe(200);
    expect((await api("GET", "/me", wireToken.parse(refreshed.json).access_token)).status).toBe(200);
  });

  it("the token lifetime is configurable, and an expired refresh token is refused", async () => {
    await sandboxControl(sandbox, "/config", { tokenTtlSeconds: 5 });
    const short = await grant({ grant_type: "password", username: sandbox.users.buyer.username, password: sandbox.users.buyer.password });
    expect(wireToken.parse(short.json).expires_in).toBe(5);
    await sandboxControl(sandbox, "/config", { tokenTtlSeconds: 36000 });
    await sandboxControl(sandbox, "/tokens/expire", { refreshTokens: true });
    const refused = await grant({ grant_type: "refresh_token", refresh_token: String(short.json.refresh_token) });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: "invalid_grant" });
  });
});

describe("/me and lists", () => {
  it("lists products with their price schedule and price breaks in the Meta envelope", async () => {
    const answer = await api("GET", "/me/products?pageSize=100", buyer);
    const page = wireListOf(wireProduct).parse(answer.json);
    expect(page.Meta).toMatchObject({ Page: 1, PageSize: 100, TotalCount: page.Items.length, TotalPages: 1, ItemRange: [1, page.Items.length] });
    const withBreaks = page.Items.find((p) => (p.PriceSchedule?.PriceBreaks.length ?? 0) > 1);
    expect(withBreaks?.PriceSchedule?.PriceBreaks[0]).toMatchObject({ Quantity: 1 });
  });

  it("pages 20 at a time by default and refuses a pageSize over 100 naming it", async () => {
    const first = wireListOf(wireProduct).parse((await api("GET", "/me/products", buyer)).json);
    expect(first.Meta).toMatchObject({ Page: 1, PageSize: 20, ItemRange: [1, 20] });
    const second = wireListOf(wireProduct).parse((await api("GET", "/me/products?page=2", buyer)).json);
    expect(second.Meta.ItemRange).toEqual([21, 40]);
    expect(second.Items[0]!.ID).not.toBe(first.Items[0]!.ID);
    const tooBig = await api("GET", "/me/products?pageSize=101", buyer);
    expect(tooBig.status).toBe(400);
    expect(wireError.parse(tooBig.json).Errors[0]).toMatchObject({ ErrorCode: "InvalidRequest", Data: { Field: "pageSize" } });
  });

  it("searches, filters with the documented syntax and sorts descending with !", async () => {
    const searched = wireListOf(wireProduct).parse((await api("GET", "/me/products?search=stapler", buyer)).json);
    expect(searched.Items.map((p) => p.ID)).toContain(SANDBOX_PRODUCTS.stapler);
    const wildcard = wireListOf(wireProduct).parse((await api("GET", "/me/products?ID=MER-DW-*&pageSize=100", buyer)).json);
    expect(wildcard.Items.length).toBeGreaterThan(1);
    expect(wildcard.Items.every((p) => p.ID.startsWith("MER-DW-"))).toBe(true);
    const notDesk = wireListOf(wireProduct).parse((await api("GET", "/me/products?xp.CategoryID=!desk-writing&pageSize=100", buyer)).json);
    expect(notDesk.Items.some((p) => p.ID.startsWith("MER-DW-"))).toBe(false);
    const sorted = wireListOf(wireProduct).parse((await api("GET", "/me/products?sortBy=!ID&pageSize=100", buyer)).json);
    const ids = sorted.Items.map((p) => p.ID);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it("lists categories, ship-to addresses, cost centers and spending accounts", async () => {
    expect(wireListOf(wireCategory).parse((await api("GET", "/me/categories", buyer)).json).Items.length).toBeGreaterThan(3);
    const addresses = (await api("GET", "/me/addresses?Shipping=true", buyer)).json as { Items: { ID: string }[] };
    expect(addresses.Items.map((a) => a.ID)).toContain("acme-dayton-warehouse");
    expect(addresses.Items.map((a) => a.ID)).not.toContain("acme-accounts-payable");
    expect(((await api("GET", "/me/costcenters", buyer)).json as { Items: { ID: string }[] }).Items.map((c) => c.ID)).toContain("CC-4420");
    expect(((await api("GET", "/me/spendingaccounts", buyer)).json as { Items: { Balance: number }[] }).Items[0]!.Balance).toBe(25000);
  });

  it("the control API sets a buyer's spending account, seen by that buyer only, and refuses one without a balance", async () => {
    await sandboxControl(sandbox, "/spendingaccounts", { ID: "globex-travel", Name: "Globex Travel", Balance: 75.5, buyerId: "globex" });
    const globex = (await api("GET", "/me/spendingaccounts", await login("otherBuyer"))).json as { Items: { ID: string; Balance: number }[] };
    expect(globex.Items).toContainEqual(expect.objectContaining({ ID: "globex-travel", Balance: 75.5 }));
    const acme = (await api("GET", "/me/spendingaccounts", buyer)).json as { Items: { ID: string }[] };
    expect(acme.Items.map((a) => a.ID)).not.toContain("globex-travel");
    await expect(sandboxControl(sandbox, "/spendingaccounts", { ID: "no-balance", Name: "No balance" })).rejects.toThrow(/answered 400.*Balance/);
  });

  it("an unknown product is a 404 NotFound with ObjectType and ObjectID", async () => {
    const answer = await api("GET", "/me/products/NOPE-1", buyer);
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ Errors: [{ ErrorCode: "NotFound", Message: expect.any(String), Data: { ObjectType: "Product", ObjectID: "NOPE-1" } }] });
  });
});

describe("orders", () => {
  it("takes the caller's ID; a second create with it is IdExists and makes no second order", async () => {
    const created = await api("POST", "/orders/Outgoing", buyer, { ID: "PO-1001" });
    expect(created.status).toBe(201);
    expect(wireOrder.parse(created.json)).toMatchObject({ ID: "PO-1001", Status: "Unsubmitted", IsSubmitted: false, LineItemCount: 0 });
    const again = await api("POST", "/orders/Outgoing", buyer, { ID: "PO-1001" });
    expect(again.status).toBe(409);
    expect(wireError.parse(again.json).Errors[0]).toMatchObject({ ErrorCode: "IdExists", Data: { ObjectType: "Order", ObjectID: "PO-1001" } });
    const all = (await sandboxControl(sandbox, "/orders", {}, "GET")) as { orders: unknown[] };
    expect(all.orders).toHaveLength(1);
  });

  it("refuses an ID with characters outside A-Z a-z 0-9 - _ naming the field", async () => {
    const answer = await api("POST", "/orders/Outgoing", buyer, { ID: "PO 1/2" });
    expect(answer.status).toBe(400);
    expect(wireError.parse(answer.json).Errors[0]).toMatchObject({ ErrorCode: "InvalidRequest", Data: { Field: "ID" } });
  });

  it("prices a line item by the price break for its quantity and totals the order", async () => {
    await api("POST", "/orders/Outgoing", buyer, { ID: "PO-1002" });
    const product = wireProduct.parse((await api("GET", `/me/products/${SANDBOX_PRODUCTS.stapler}`, buyer)).json);
    const top = product.PriceSchedule!.PriceBreaks.at(-1)!;
    const line = (await api("POST", "/orders/Outgoing/PO-1002/lineitems", buyer, { ProductID: product.ID, Quantity: top.Quantity })).json as {
      UnitPrice: number;
    };
    expect(line.UnitPrice).toBe(top.Price);
    const order = wireOrder.parse((await api("GET", "/orders/Outgoing/PO-1002", buyer)).json);
    expect(order).toMatchObject({ LineItemCount: 1, Subtotal: Math.round(top.Price * top.Quantity * 100) / 100 });
  });

  it("opens an order under the approval limit on submit, and it can be canceled before it ships", async () => {
    const submitted = await placeOrder("PO-1003", [{ ProductID: SANDBOX_PRODUCTS.gelPens, Quantity: 1 }]);
    expect(wireOrder.parse(submitted.json)).toMatchObject({ Status: "Open", IsSubmitted: true });
    const canceled = await api("POST", "/orders/Outgoing/PO-1003/cancel", buyer);
    expect(wireOrder.parse(canceled.json).Status).toBe("Canceled");
  });

  it("holds an order over the limit in AwaitingApproval with a pending approval naming the rule and the group", async () => {
    const submitted = await placeOrder("PO-1004", [{ ProductID: SANDBOX_PRODUCTS.taskChair, Quantity: 5 }]);
    expect(wireOrder.parse(submitted.json).Status).toBe("AwaitingApproval");
    const approvals = wireListOf(wireOrderApproval).parse((await api("GET", "/orders/Outgoing/PO-1004/approvals", buyer)).json);
    expect(approvals.Items).toEqual([expect.objectContaining({ ApprovalRuleID: "orders-over-500", ApprovingGroupID: "acme-managers", Status: "Pending" })]);
    const approvers = (await api("GET", "/orders/Outgoing/PO-1004/eligibleapprovers", buyer)).json as { Items: { Username: string }[] };
    expect(approvers.Items.map((u) => u.Username)).toContain("acme-approver");
  });

  it("an approver lists the order as approvable and approves it: Open", async () => {
    await placeOrder("PO-1005", [{ ProductID: SANDBOX_PRODUCTS.taskChair, Quantity: 5 }]);
    const approver = await login("approver");
    const approvable = wireListOf(wireOrder).parse((await api("GET", "/me/orders/approvable", approver)).json);
    expect(approvable.Items.map((o) => o.ID)).toEqual(["PO-1005"]);
    const approved = await api("POST", "/orders/Outgoing/PO-1005/approve", approver, { Comments: "fine", AllowResubmit: false });
    expect(wireOrder.parse(approved.json)).toMatchObject({ Status: "Open", DateApproved: expect.any(String) });
  });

  it("a user outside the approving group may not approve; another buyer's order is NotFound", async () => {
    await placeOrder("PO-1006", [{ ProductID: SANDBOX_PRODUCTS.taskChair, Quantity: 5 }]);
    const other = await login("otherBuyer");
    const answer = await api("POST", "/orders/Outgoing/PO-1006/approve", other, {});
    expect(answer.status).toBe(404);
    expect(wireError.parse(answer.json).Errors[0]!.ErrorCode).toBe("NotFound");
  });

  it("control calls decline with a comment, and approve then complete an order", async () => {
    await placeOrder("PO-1007", [{ ProductID: SANDBOX_PRODUCTS.taskChair, Quantity: 5 }]);
    await sandboxControl(sandbox, "/orders/PO-1007/decline", { comments: "Over this quarter's budget" });
    const declined = wireOrder.parse((await api("GET", "/orders/Outgoing/PO-1007", buyer)).json);
    expect(declined.Status).toBe("Declined");
    const approvals = wireListOf(wireOrderApproval).parse((await api("GET", "/orders/Outgoing/PO-1007/approvals", buyer)).json);
    expect(approvals.Items[0]).toMatchObject({ Status: "Declined", Comments: "Over this quarter's budget" });

    await placeOrder("PO-1008", [{ ProductID: SANDBOX_PRODUCTS.taskChair, Quantity: 5 }]);
    await sandboxControl(sandbox, "/orders/PO-1008/approve", {});
    await sandboxControl(sandbox, "/orders/PO-1008/complete", {});
    expect(wireOrder.parse((await api("GET", "/orders/Outgoing/PO-1008", buyer)).json).Status).toBe("Completed");
    const late = await api("POST", "/orders/Outgoing/PO-1008/cancel", buyer);
    expect(late.status).toBe(400);
    expect(wireError.parse(late.json).Errors[0]!.ErrorCode).toBe("Order.CannotCancel");
  });

  it("a submitted order can no longer take line items", async () => {
    await placeOrder("PO-1009", [{ ProductID: SANDBOX_PRODUCTS.gelPens, Quantity: 1 }]);
    const answer = await api("POST", "/orders/Outgoing/PO-1009/lineitems", buyer, { ProductID: SANDBOX_PRODUCTS.gelPens, Quantity: 1 });
    expect(answer.status).toBe(400);
    expect(wireError.parse(answer.json).Errors[0]!.ErrorCode).toBe("Order.NotEditable");
  });
});

describe("faults", () => {
  it("fails the next N requests with a 5xx in the Errors shape", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "status5xx", count: 2, status: 503 });
    expect((await api("GET", "/me", buyer)).status).toBe(503);
    const second = await api("GET", "/me", buyer);
    expect(second.status).toBe(503);
    expect(wireError.parse(second.json).Errors[0]!.ErrorCode).toBe("InternalServerError");
    expect((await api("GET", "/me", buyer)).status).toBe(200);
  });

  it("a truncated create answer still made the order (the work was done, the answer lost)", async () => {
    await sandboxControl(sandbox, "/faults", { kind: "truncate", pathPrefix: "/v1/orders/Outgoing" });
    await expect(api("POST", "/orders/Outgoing", buyer, { ID: "PO-2001" })).rejects.toThrow();
    expect(wireOrder.parse((await api("GET", "/orders/Outgoing/PO-2001", buyer)).json).ID).toBe("PO-2001");
  });

  it("tokens/reject answers the next request 401 whatever token it carries", async () => {
    await sandboxControl(sandbox, "/tokens/reject", { count: 1 });
    expect((await api("GET", "/me", buyer)).status).toBe(401);
    expect((await api("GET", "/me", buyer)).status).toBe(200);
  });
});

describe("restarts", () => {
  it("keeps orders and their approvals in the state file", async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), "oc-sandbox-")), "ordercloud.json");
    const first = await startOrderCloudSandbox({ stateFile });
    const token = await login("buyer", first);
    await api("POST", "/orders/Outgoing", token, { ID: "PO-3001" }, first);
    await api("POST", "/orders/Outgoing/PO-3001/lineitems", token, { ProductID: SANDBOX_PRODUCTS.taskChair, Quantity: 5 }, first);
    await api("POST", "/orders/Outgoing/PO-3001/submit", token, undefined, first);
    await first.close();
    const second = await startOrderCloudSandbox({ stateFile });
    try {
      const again = await login("buyer", second);
      const order = wireOrder.parse((await api("GET", "/orders/Outgoing/PO-3001", again, undefined, second)).json);
      expect(order).toMatchObject({ Status: "AwaitingApproval", LineItemCount: 1 });
    } finally {
      await second.close();
    }
  });
});
