import type { APIRequestContext } from "@playwright/test";
import { YODIFY_SANDBOX_PORT } from "../playwright.config";
import { createCompany, expect, pageFor, test, userWithRole } from "./fixtures";
import { addSupplierItemFromSearch, approveFromInbox, checkout } from "./helpers";

const yodifySandboxUrl = `http://127.0.0.1:${YODIFY_SANDBOX_PORT}`;

/** Moves a Yodify order on at the sandbox, as Yodify's warehouse would; returns the order as Yodify now has it. */
async function advanceYodifyOrder(request: APIRequestContext, orderId: string, body: { status?: string; carrier?: string }) {
  const response = await request.post(`${yodifySandboxUrl}/_sandbox/orders/${orderId}/advance`, { data: body });
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()) as { order_status: string; shipments?: { carrier: string; tracking_number: string; tracking_url: string }[] };
}

test("a shipped Yodify order shows its carrier, tracking number and a Track link on the requisition", async ({ browser, request }) => {
  const company = await createCompany(request, { policy: "approver" });
  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);

  await addSupplierItemFromSearch(buyer, "tape measure", "Yodify", 1);
  const { label } = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-SHIPMENTS" });

  const approver = await pageFor(browser, userWithRole(company, "approver").email, company.password);
  await approveFromInbox(approver, label);
  await approver.context().close();

  // Placed with Yodify by the worker; nothing shipped yet, so no shipments block.
  await buyer.reload();
  const ref = buyer.getByTestId("supplier-order-ref");
  await expect(ref).toHaveCount(1, { timeout: 30_000 });
  const yodifyOrderId = (await ref.textContent())!.trim();
  await expect(buyer.getByTestId("shipments")).toHaveCount(0);

  const shipped = await advanceYodifyOrder(request, yodifyOrderId, { status: "Shipped", carrier: "UPS" });
  const shipment = shipped.shipments![0]!;
  expect(shipment.tracking_url).toMatch(/^https:\/\//);

  // The page keeps itself current while the order is open; its next status check brings the shipment in.
  const shipments = buyer.getByTestId("shipments");
  await expect(shipments).toBeVisible({ timeout: 30_000 });
  await expect(shipments.getByRole("heading", { name: "Shipments" })).toBeVisible();
  await expect(buyer.getByTestId("supplier-order-state")).toHaveText("Shipped");
  await expect(shipments.getByTestId("shipment-carrier")).toHaveText("UPS");
  await expect(shipments.getByTestId("shipment-tracking-number")).toHaveText(shipment.tracking_number);
  const track = shipments.getByRole("link", { name: /^Track/ });
  await expect(track).toHaveAttribute("href", shipment.tracking_url);
  await expect(track).toHaveAttribute("target", "_blank");
  await expect(track).toHaveAttribute("rel", "noopener noreferrer");
  await expect(shipments.getByTestId("shipment-shipped")).toContainText("Shipped");
  await expect(shipments.getByTestId("shipment-estimated-delivery")).toContainText("Estimated delivery");

  // On a 360 px phone the block wraps instead of scrolling sideways.
  await buyer.setViewportSize({ width: 360, height: 740 });
  await expect(track).toBeVisible();
  expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await buyer.context().close();
});
