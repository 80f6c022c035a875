import type { APIRequestContext, Page } from "@playwright/test";
import { ORDERCLOUD_SANDBOX_PORT } from "../playwright.config";
import { expect, pageFor, test, userWithRole, type TestCompany } from "./fixtures";
import { addSupplierItemFromSearch, addToCart, approveFromInbox, checkout } from "./helpers";

const ordercloud = `http://127.0.0.1:${ORDERCLOUD_SANDBOX_PORT}`;
const MERIDIAN = "Meridian Office & Industrial";

async function companyWithOrderCloud(request: APIRequestContext): Promise<TestCompany> {
  const made = await request.post("/api/test-hooks/company", { data: { policy: "approver", withOrderCloud: true } });
  expect(made.ok(), await made.text()).toBeTruthy();
  return (await made.json()) as TestCompany;
}

/** A Hygrade item and two task chairs from Meridian ($578.00, over its OrderCloud rule of $500) in one cart, approved in the portal. */
async function orderAcrossSuppliers(page: Page, approver: Page, poNumber: string) {
  await addToCart(page, "FM-0014-LT", 1);
  await addSupplierItemFromSearch(page, "mesh task chair", MERIDIAN, 2);
  const { label } = await checkout(page, { costCenter: "CC-4420", poNumber });
  await expect(page.getByTestId("supplier-order-state")).toHaveCount(2);
  await approveFromInbox(approver, label);
  await page.reload();
  const meridian = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: MERIDIAN, exact: true }) });
  await expect(meridian.getByTestId("supplier-order-state")).toHaveText(`Held for approval at ${MERIDIAN}`, { timeout: 30_000 });
  const ref = (await meridian.getByTestId("supplier-order-ref").textContent())!.trim();
  return { label, meridian, ref };
}

test("an OrderCloud item ordered with a Hygrade one is held by OrderCloud's own rule, approved there, and then open", async ({ browser, request }) => {
  const company = await companyWithOrderCloud(request);
  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  const approver = await pageFor(browser, userWithRole(company, "approver").email, company.password);
  const { meridian, ref } = await orderAcrossSuppliers(buyer, approver, `PO-OC-${company.name.slice(-8)}`);

  // What OrderCloud says about who must approve it is on the requisition.
  await expect(meridian.getByTestId("supplier-order-waiting-on")).toContainText(`Held for approval at ${MERIDIAN}`);
  await expect(meridian.getByTestId("supplier-order-waiting-on")).toContainText("Acme Managers");

  // An Acme manager approves it at OrderCloud; the portal sees it open.
  const approved = await request.post(`${ordercloud}/_sandbox/orders/${ref}/approve`, { data: { comments: "Fine for the new hires" } });
  expect(approved.ok(), await approved.text()).toBeTruthy();
  await buyer.reload();
  await expect(meridian.getByTestId("supplier-order-state")).toHaveText(`Accepted by ${MERIDIAN}`, { timeout: 30_000 });
  await expect(meridian.getByTestId("supplier-order-waiting-on")).toHaveCount(0);
  await buyer.context().close();
  await approver.context().close();
});

test("a decline at OrderCloud comes back to the requester with its comment", async ({ browser, request }) => {
  const company = await companyWithOrderCloud(request);
  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  const approver = await pageFor(browser, userWithRole(company, "approver").email, company.password);
  const { meridian, ref } = await orderAcrossSuppliers(buyer, approver, `PO-OCD-${company.name.slice(-8)}`);

  const declined = await request.post(`${ordercloud}/_sandbox/orders/${ref}/decline`, { data: { comments: "Chairs come from the facilities budget" } });
  expect(declined.ok(), await declined.text()).toBeTruthy();
  await buyer.reload();
  await expect(meridian.getByTestId("supplier-order-state")).toHaveText(`Declined at ${MERIDIAN}`, { timeout: 30_000 });
  await expect(meridian.getByTestId("supplier-order-declined")).toContainText("Chairs come from the facilities budget");
  await buyer.goto("/notifications");
  await expect(buyer.getByText(`declined at ${MERIDIAN}`).first()).toBeVisible();
  await buyer.context().close();
  await approver.context().close();
});

test("an approver decides OrderCloud's held order from the portal's inbox, and the decision reaches OrderCloud", async ({ browser, request }) => {
  const company = await companyWithOrderCloud(request);
  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  const approver = await pageFor(browser, userWithRole(company, "approver").email, company.password);
  const { label, meridian, ref } = await orderAcrossSuppliers(buyer, approver, `PO-OCI-${company.name.slice(-8)}`);

  await approver.goto("/approvals");
  const card = approver
    .getByRole("listitem")
    .filter({ has: approver.getByRole("link", { name: label }) })
    .filter({ hasText: ref });
  await card.getByRole("button", { name: `Approve at ${MERIDIAN}` }).click();
  await expect(card).toHaveCount(0, { timeout: 15_000 });

  const orders = (await (await request.get(`${ordercloud}/_sandbox/orders`)).json()) as { orders: { order: { ID: string; Status: string } }[] };
  expect(orders.orders.find((o) => o.order.ID === ref)?.order.Status).toBe("Open");
  await buyer.reload();
  await expect(meridian.getByTestId("supplier-order-state")).toHaveText(`Accepted by ${MERIDIAN}`, { timeout: 30_000 });
  await buyer.context().close();
  await approver.context().close();
});
