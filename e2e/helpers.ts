import { expect, type Page } from "@playwright/test";

/** Finds an item by code through the catalog's search box and opens it. */
export async function openItemFromSearch(page: Page, itemCode: string) {
  await page.goto("/catalog");
  await page.getByRole("searchbox", { name: "Search" }).fill(itemCode);
  await page.getByRole("button", { name: "Search" }).click();
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

export async function checkout(page: Page, options: { costCenter: string; poNumber: string; note?: string }) {
  await page.goto("/checkout");
  const costCenter = page.getByLabel("Cost center");
  const value = await costCenter.locator("option", { hasText: options.costCenter }).getAttribute("value");
  await costCenter.selectOption(value ?? "");
  await page.getByLabel(/PO number/).fill(options.poNumber);
  if (options.note) await page.getByLabel(/Note for the approver/).fill(options.note);
  await page.getByRole("button", { name: "Submit requisition" }).click();
  await expect(page).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  return { url: page.url(), label: heading?.trim() ?? "" };
}
