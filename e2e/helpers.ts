import { expect, type Page } from "@playwright/test";

/** Finds an item by code through the catalog's search box and opens it. */
export async function openItemFromSearch(page: Page, itemCode: string) {
  await page.goto("/catalog");
  await page.getByRole("searchbox", { name: "Search" }).fill(itemCode);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const results = page.getByTestId("catalog-results");
  await expect(results.getByText(itemCode, { exact: false }).first()).toBeVisible();
  await results.locator("li").filter({ hasText: itemCode }).first().getByRole("link").click();
  await expect(page.getByText(`Item code ${itemCode}`)).toBeVisible();
}

export async function addToCart(page: Page, itemCode: string, quantity: number) {
  await openItemFromSearch(page, itemCode);
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText(/Added to your cart/)).toBeVisible();
}

/** Searches the catalog for `query` and adds the first result from `supplierName` (e.g. "Yodify"). */
export async function addSupplierItemFromSearch(page: Page, query: string, supplierName: string, quantity: number) {
  await page.goto(`/catalog?q=${encodeURIComponent(query)}`);
  const result = page
    .getByTestId("catalog-results")
    .locator("li")
    .filter({ has: page.getByTestId("result-supplier").getByText(supplierName, { exact: true }) })
    .first();
  await result.getByRole("link").click();
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText(/Added to your cart/)).toBeVisible();
}

/** Picks a cost center by its code in the form's "Cost center" select. */
export async function chooseCostCenter(page: Page, code: string) {
  const costCenter = page.getByLabel("Cost center");
  const value = await costCenter.locator("option", { hasText: code }).getAttribute("value");
  await costCenter.selectOption(value ?? "");
}

/** From the approver's inbox, approves the requisition labelled e.g. "REQ-12" and waits for the confirmation. */
export async function approveFromInbox(page: Page, label: string) {
  await page.goto("/approvals");
  await page.getByRole("button", { name: `Approve ${label}` }).click();
  await expect(page.getByText(`${label} approved`).first()).toBeVisible();
}

export async function checkout(page: Page, options: { costCenter: string; poNumber: string; note?: string }) {
  await page.goto("/checkout");
  await chooseCostCenter(page, options.costCenter);
  await page.getByLabel(/PO number/).fill(options.poNumber);
  if (options.note) await page.getByLabel(/Note for the approver/).fill(options.note);
  await page.getByRole("button", { name: "Submit requisition" }).click();
  await expect(page).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  return { url: page.url(), label: heading?.trim() ?? "" };
}
