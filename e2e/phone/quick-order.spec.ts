import { expect, signInThroughApi, test, userWithRole } from "../fixtures";

test("quick order on a phone: good lines go to the cart, bad lines are reported by line number", async ({ page, company }) => {
  await signInThroughApi(page.context(), userWithRole(company, "buyer").email, company.password);
  await page.goto("/quick-order");

  // Type-ahead: part of a code, then tap the suggestion to make it a line.
  await page.getByRole("combobox", { name: "Find an item code" }).fill("FM-0014");
  await page.getByRole("listbox", { name: "Suggested items" }).getByRole("option").filter({ hasText: "FM-0014-LT" }).first().getByRole("button").click();
  await expect(page.getByLabel("Order lines")).toHaveValue("FM-0014-LT, 1\n");

  await page.getByLabel("Order lines").fill(["fm-0014-lt, 2", "NOPE-404\t3", ", 4", "BR-0023-BB 1.5", "FM-0014-LT 0"].join("\n"));
  await page.getByRole("button", { name: "Add to cart" }).click();

  await expect(page.getByTestId("quick-order-summary")).toHaveText("1 of 5 lines added to your cart");
  const results = page.getByTestId("quick-order-results");
  await expect(results.locator('[data-status="added"]')).toContainText("Line 1: 2 × FM-0014-LT from Hygrade added to your cart");
  await expect(results.locator('[data-status="not_found"]')).toContainText("Line 2: no supplier of yours lists item code NOPE-404");
  await expect(results.locator('[data-status="invalid"]').nth(0)).toContainText("Line 3: No item code");
  await expect(results.locator('[data-status="invalid"]').nth(1)).toContainText('Line 4: Quantity "1.5" is not a whole number');
  await expect(results.locator('[data-status="invalid"]').nth(2)).toContainText("Line 5: Quantity must be at least 1");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));

  await page.getByRole("link", { name: "Go to cart" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByText("FM-0014-LT").first()).toBeVisible();
});
