import { createHmac } from "node:crypto";
import { ORDERSPACE_SANDBOX_PORT, PORTAL_PORT } from "../playwright.config";
import { expect, pageFor, test, userWithRole, type TestCompany } from "./fixtures";
import { addToCart, approveFromInbox, checkout } from "./helpers";

const orderspace = `http://127.0.0.1:${ORDERSPACE_SANDBOX_PORT}`;
const GLOVES = "GL01-9";

test("an Orderspace item is ordered by purchase order, entered by the seller, and shown linked with its dispatch", async ({ browser, request }) => {
  const made = await request.post("/api/test-hooks/company", { data: { policy: "approver", withOrderspace: true } });
  expect(made.ok(), await made.text()).toBeTruthy();
  const company = (await made.json()) as TestCompany & { orderspaceWebhook: { key: string; secret: string } };
  // The seller's webhook for this company's connection, as its admin would set it up.
  const hook = await request.post(`${orderspace}/_sandbox/webhooks`, {
    data: {
      endpoint: `http://127.0.0.1:${PORTAL_PORT}/api/suppliers/webhooks/${company.orderspaceWebhook.key}`,
      signing_key: company.orderspaceWebhook.secret,
      events: ["order.created", "order.updated", "dispatch.created"],
    },
  });
  expect(hook.ok(), await hook.text()).toBeTruthy();

  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  await addToCart(buyer, GLOVES, 10);
  const poNumber = `PO-E2E-${company.name.slice(-8)}`;
  const { label } = await checkout(buyer, { costCenter: "CC-4420", poNumber });

  const approver = await pageFor(browser, userWithRole(company, "approver").email, company.password);
  await approveFromInbox(approver, label);

  // No order endpoint: a purchase order instead, waiting for the seller to enter it.
  await buyer.reload();
  await expect(buyer.getByTestId("supplier-order-state")).toHaveText(/Purchase order sent, waiting for .* to enter it/, { timeout: 30_000 });
  const download = buyer.waitForEvent("download");
  await buyer.getByTestId("purchase-order-download").click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toMatch(/^purchase-order-.*\.pdf$/);

  // The seller's staff enter it with the PO number, then dispatch it.
  const entered = await request.post(`${orderspace}/_sandbox/orders`, {
    data: { customer_id: "cu_AcMe2026", customer_po_number: poNumber, lines: [{ sku: GLOVES, quantity: 10 }] },
  });
  expect(entered.ok(), await entered.text()).toBeTruthy();
  const { order } = (await entered.json()) as { order: { id: string; number: number } };
  await expect(async () => {
    await buyer.reload();
    await expect(buyer.getByTestId("purchase-order-linked")).toContainText(String(order.number), { timeout: 1_000 });
  }).toPass({ timeout: 45_000 });

  const dispatched = await request.post(`${orderspace}/_sandbox/orders/${order.id}/dispatch`, { data: { comments: "UPS 1Z999AA10123456784" } });
  expect(dispatched.ok(), await dispatched.text()).toBeTruthy();
  await expect(async () => {
    await buyer.reload();
    await expect(buyer.getByTestId("shipment-tracking-number")).toHaveText("1Z999AA10123456784", { timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  await expect(buyer.getByTestId("shipment-carrier")).toHaveText("UPS");
  await buyer.context().close();
  await approver.context().close();
});

test("the webhook route answers 401 to a bad or missing signature, 413 to an oversized body, and 200 to a signed delivery, once", async ({ request }) => {
  const made = await request.post("/api/test-hooks/company", { data: { withOrderspace: true } });
  expect(made.ok(), await made.text()).toBeTruthy();
  const { orderspaceWebhook } = (await made.json()) as { orderspaceWebhook: { key: string; secret: string } };
  const url = `/api/suppliers/webhooks/${orderspaceWebhook.key}`;
  const body = JSON.stringify([{ event: "inventory_level.updated", data: { inventory_level: { sku: GLOVES, on_hand: 20.0, available: 20.0 } } }]);
  const signature = createHmac("sha256", orderspaceWebhook.secret).update(body).digest("base64");
  const post = (data: string, headers: Record<string, string>) => request.post(url, { data, headers: { "Content-Type": "application/json", ...headers } });

  const unsigned = await post(body, {});
  expect(unsigned.status()).toBe(401);
  expect(await unsigned.text()).toBe("");
  expect((await post(body, { "X-Orderspace-Signature": createHmac("sha256", "wrong").update(body).digest("base64") })).status()).toBe(401);
  expect((await post(`${body} `, { "X-Orderspace-Signature": signature })).status()).toBe(401);
  expect(
    (await request.post("/api/suppliers/webhooks/os-no-such-key-0000000000", { data: body, headers: { "X-Orderspace-Signature": signature } })).status(),
  ).toBe(401);
  expect((await post("x".repeat(1024 * 1024 + 1), { "X-Orderspace-Signature": signature })).status()).toBe(413);

  const first = await post(body, { "X-Orderspace-Signature": signature });
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ received: true, duplicate: false });
  expect(await (await post(body, { "X-Orderspace-Signature": signature })).json()).toEqual({ received: true, duplicate: true });
});
