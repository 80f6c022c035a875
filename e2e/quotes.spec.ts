import type { APIRequestContext, Page } from "@playwright/test";
import { YODIFY_SANDBOX_PORT } from "../playwright.config";
import { createCompany, expect, pageFor, test, userWithRole } from "./fixtures";
import { addSupplierItemFromSearch, approveFromInbox, chooseCostCenter } from "./helpers";

const yodifySandboxUrl = `http://127.0.0.1:${YODIFY_SANDBOX_PORT}`;

/** From the cart, asks Yodify to quote its lines; returns the quote's label (its Yodify quote number) once on the quote page. */
async function askYodifyForQuote(page: Page, note: string) {
  await page.goto("/cart");
  await page.getByRole("button", { name: "Ask Yodify for a quote" }).click();
  await expect(page.getByText("Yodify's lines move from your cart to the quote")).toBeVisible();
  await page.getByLabel("Note to Yodify").fill(note);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page).toHaveURL(/\/quotes\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("quote-status")).toHaveAttribute("data-status", "requested");
  const label = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
  expect(label).toMatch(/^QTE-\d+$/);
  return label;
}

/** The supplier sends the quote back: at the sandbox, by the quote's number (QTE-0000007001 is quote 7001). */
async function supplierSendsQuote(request: APIRequestContext, label: string, discountPercent: number) {
  const id = Number(label.replace(/^QTE-/, ""));
  const response = await request.post(`${yodifySandboxUrl}/_sandbox/quotes/${id}/advance`, { data: { discountPercent } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

const amountOf = (text: string | null) => Number((text ?? "").replace(/[^0-9.]/g, ""));

test("a buyer asks Yodify for a quote, checks the quoted prices out, and the order is placed after approval", async ({ browser, request }) => {
  const company = await createCompany(request, { policy: "approver" });
  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  await addSupplierItemFromSearch(buyer, "tape measure", "Yodify", 3);

  const label = await askYodifyForQuote(buyer, "Volume order for the new site");
  await expect(buyer.getByText("Waiting for Yodify")).toBeVisible();
  await expect(buyer.getByText("Volume order for the new site")).toBeVisible();
  // The lines left the cart: they wait on the quote now.
  await expect(buyer.getByRole("button", { name: "Submit requisition for approval" })).toHaveCount(0);

  await supplierSendsQuote(request, label, 20);
  await buyer.reload();
  await expect(buyer.getByTestId("quote-status")).toHaveAttribute("data-status", "offered");
  const line = buyer.getByTestId("quote-line").first();
  const listPrice = amountOf(await line.getByTestId("list-price").textContent());
  const quotedPrice = amountOf(await line.getByTestId("quoted-price").textContent());
  expect(quotedPrice).toBeCloseTo(listPrice * 0.8, 1);
  await expect(line.getByTestId("list-price")).toHaveCSS("text-decoration-line", "line-through");
  await expect(buyer.getByTestId("quote-savings")).toBeVisible();

  // On a 360 px phone the page fits the screen and its buttons are big enough to tap.
  await buyer.setViewportSize({ width: 360, height: 800 });
  await expect(buyer.getByRole("button", { name: "Submit requisition for approval" })).toBeVisible();
  expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  for (const name of ["Submit requisition for approval", "Decline quote…"]) {
    expect((await buyer.getByRole("button", { name }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }
  await buyer.setViewportSize({ width: 1280, height: 720 });

  // The default ship-to address comes preselected (test companies' buyers have no default cost center: choose one).
  await expect(buyer.getByLabel("Ship to")).not.toHaveValue("");
  await chooseCostCenter(buyer, "CC-4420");
  await buyer.getByLabel(/PO number/).fill("PO-QUOTE-1");
  await buyer.getByRole("button", { name: "Submit requisition for approval" }).click();
  await expect(buyer).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
  const requisition = (await buyer.getByRole("heading", { level: 1 }).textContent())!.trim();
  await expect(buyer.getByTestId("supplier-order-from-quote")).toHaveText(`At the prices of quote ${label}`);

  const approver = await pageFor(browser, userWithRole(company, "approver").email, company.password);
  await approveFromInbox(approver, requisition);

  // Placed with Yodify by accepting the quote: the order has Yodify's reference.
  await buyer.reload();
  await expect(buyer.getByTestId("supplier-order-ref")).toHaveCount(1, { timeout: 30_000 });
  await expect(buyer.getByTestId("supplier-order-state")).not.toHaveText(/Not sent|Sending|Refused/);

  // The quote links back to its requisition.
  await buyer.getByTestId("supplier-order-from-quote").getByRole("link", { name: label }).click();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(label);
  await expect(buyer.getByTestId("quote-requisition")).toContainText(requisition);
  await buyer.context().close();
  await approver.context().close();
});

test("a buyer declines a quote with a reason and puts its lines back in the cart", async ({ buyerPage: buyer }) => {
  await addSupplierItemFromSearch(buyer, "tape measure", "Yodify", 2);
  const label = await askYodifyForQuote(buyer, "Can you do better on these?");
  const itemCode = await buyer.getByTestId("quote-line").first().getAttribute("data-item-code");
  expect(itemCode).toBeTruthy();

  await buyer.goto("/quotes");
  await expect(buyer.getByTestId("quote-list").getByRole("link", { name: new RegExp(label) })).toBeVisible();
  await buyer
    .getByTestId("quote-list")
    .getByRole("link", { name: new RegExp(label) })
    .click();

  await buyer.getByRole("button", { name: "Decline quote…" }).click();
  const reason = buyer.getByLabel("Reason for Yodify");
  await reason.fill("no");
  await buyer.getByRole("button", { name: "Decline quote", exact: true }).click();
  await expect(buyer.getByTestId("decline-reason-error")).toHaveText("Tell the supplier why you decline (at least 3 characters)");
  await expect(reason).toHaveAttribute("aria-invalid", "true");

  await reason.fill("Found it cheaper elsewhere");
  await buyer.getByRole("button", { name: "Decline quote", exact: true }).click();
  await expect(buyer.getByTestId("quote-status")).toHaveAttribute("data-status", "declined");
  await expect(buyer.getByTestId("decline-reason")).toHaveText("Found it cheaper elsewhere");

  await buyer.getByRole("button", { name: "Put lines back in cart" }).click();
  await expect(buyer.getByTestId("put-back-result")).toContainText("1 line is back in your cart");
  await buyer.getByRole("link", { name: "Go to the cart" }).click();
  await expect(buyer).toHaveURL(/\/cart$/);
  await expect(buyer.locator(`[data-testid="cart-line"][data-item-code="${itemCode}"]`)).toBeVisible();
});
