import { devices } from "@playwright/test";
import { invoicePdf } from "../server/sandboxes/hypatos/invoice-pdf";
import { expect, signInThroughApi, test, userWithRole } from "./fixtures";
import { addToCart, checkout } from "./helpers";

/**
 * Issue 16's journey: the buyer orders, receives part of it on a phone at the dock, accounts payable uploads the
 * supplier's invoice PDF (read by the Hypatos sandbox), sees the quantity mismatch, the rest is received, it matches.
 */
test("place an order, receive part on a phone, upload the invoice, see a quantity mismatch, receive the rest, see it matched", async ({
  browser,
  company,
  buyerPage: buyer,
}) => {
  await addToCart(buyer, "FM-0014-LT", 4); // 4 × $24.50, approved at once
  const { url, label } = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-E2E-INV" });
  await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");

  const phoneContext = await browser.newContext({ ...devices["Pixel 7"] });
  await signInThroughApi(phoneContext, userWithRole(company, "buyer").email, company.password);
  const phone = await phoneContext.newPage();
  await phone.goto(url);
  const receiving = phone.getByTestId("receiving");
  await receiving.getByRole("button", { name: "Receive" }).tap();
  await receiving.getByRole("button", { name: "Some of it, or damaged" }).tap();
  await phone.getByLabel(/^Received of /).fill("3");
  await phone.getByRole("button", { name: "Save receipt" }).tap();
  await expect(receiving.getByTestId("receiving-state")).toHaveText("1 of 1 lines outstanding");

  const ap = userWithRole(company, "ap");
  const payablesContext = await browser.newContext();
  await signInThroughApi(payablesContext, ap.email, company.password);
  const payables = await payablesContext.newPage();
  await payables.goto(url);
  const pdf = await invoicePdf({
    number: "INV-E2E-1",
    date: new Date().toISOString().slice(0, 10),
    supplierName: "Hygrade",
    poNumber: "PO-E2E-INV",
    currency: "USD",
    lines: [{ itemCode: "FM-0014-LT", description: "Nitrile gloves", quantity: 4, unitPrice: "24.50", lineTotal: "98.00" }],
    net: "98.00",
    tax: "0.00",
    total: "98.00",
  });
  await payables
    .getByTestId("invoice-upload")
    .locator('input[type="file"]')
    .setInputFiles({ name: "INV-E2E-1.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  await expect(payables.getByTestId("invoice-file-state")).toHaveText("Linked", { timeout: 30_000 });
  await expect(payables.getByTestId("match-standing")).toHaveText("Quantity mismatch");
  await expect(payables.getByTestId("match-line-mismatch")).toContainText("1 not received");

  await phone.reload();
  await receiving.getByRole("button", { name: "Receive" }).tap();
  await receiving.getByRole("button", { name: "Everything arrived" }).tap();
  await expect(receiving.getByTestId("receiving-state")).toHaveText("Received");

  await payables.reload();
  await expect(payables.getByTestId("match-standing")).toHaveText("Matched");
  await payables.goto("/invoices");
  const file = payables.getByTestId("invoice-file").filter({ hasText: "INV-E2E-1.pdf" });
  await expect(file.getByTestId("invoice-file-state")).toHaveText("Linked");
  await expect(file).toContainText("Invoice INV-E2E-1, $98.00");
  await expect(file.getByRole("link", { name: label })).toHaveAttribute("href", new URL(url).pathname);
  await phoneContext.close();
  await payablesContext.close();
});
