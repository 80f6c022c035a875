import type { Locator } from "@playwright/test";
import { expect, signInThroughApi, test, userWithRole, type TestCompany } from "../fixtures";

/** On the first screen and not under the phone's bottom bar (fixed over the page's last 60-odd pixels). */
async function expectOnFirstScreen(locator: Locator) {
  await expect(locator).toBeInViewport({ ratio: 1 });
  const box = await locator.boundingBox();
  const bar = await locator.page().getByRole("navigation", { name: "Main (phone)" }).boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y + box!.height).toBeLessThanOrEqual(bar ? bar.y : locator.page().viewportSize()!.height);
}

test("catalog on a phone: the first result's picture, price and Add to cart are on the first screen", async ({ page, company }) => {
  await signInThroughApi(page.context(), userWithRole(company, "buyer").email, company.password);
  // Yodify's and Hygrade's nitrile gloves: pictures from both sandboxes.
  await page.goto("/catalog?q=nitrile+gloves");
  const first = page.getByTestId("catalog-results").getByTestId("catalog-result").first();
  await expect(first).toBeVisible();
  await expectOnFirstScreen(first.getByTestId("list-price"));
  await expectOnFirstScreen(first.getByRole("button", { name: /^Add .* to cart$/ }));

  const images = page.getByTestId("catalog-results").locator("img");
  await expect(images.first()).toBeVisible();
  const widths = await images.evaluateAll((imgs) =>
    Promise.all(
      (imgs as HTMLImageElement[]).slice(0, 4).map(async (img) => {
        img.loading = "eager";
        await img.decode().catch(() => undefined);
        return img.naturalWidth;
      }),
    ),
  );
  expect(widths.every((w) => w > 0)).toBe(true);

  // The filters fold behind one button, and open on a tap.
  await expect(page.getByLabel("Brand", { exact: true })).toBeHidden();
  await page.getByRole("button", { name: /^Filters/ }).click();
  await expect(page.getByLabel("Brand", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
});

test("item page on a phone: the picture stays small enough that price, quantity and Add to cart are on the first screen", async ({ page, company }) => {
  await signInThroughApi(page.context(), userWithRole(company, "buyer").email, company.password);
  await page.goto("/catalog?q=SafeGuard+nitrile");
  await page.getByTestId("catalog-results").getByTestId("catalog-result").first().getByRole("link").first().click();
  await expect(page.getByText(/^Item code /)).toBeVisible();
  await expect(page.getByRole("img", { name: /Nitrile/ }).first()).toBeVisible();
  await expectOnFirstScreen(page.getByTestId("list-price"));
  await expectOnFirstScreen(page.getByLabel("Quantity"));
  await expectOnFirstScreen(page.getByRole("button", { name: "Add to cart" }));
});

test("buy again on home says today's price for the quantity the tap adds", async ({ page, request }) => {
  // A default cost center, so only Hygrade's PO number is left to type at checkout.
  const response = await request.post("/api/test-hooks/company", { data: { poNumberRequired: false, buyerDefaultCostCenter: "CC-4420" } });
  expect(response.ok(), await response.text()).toBeTruthy();
  const company = (await response.json()) as TestCompany;
  await signInThroughApi(page.context(), userWithRole(company, "buyer").email, company.password);
  await page.goto("/quick-order");
  await page.getByLabel("Order lines").fill("FM-0014-LT, 12");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("quick-order-summary")).toHaveText("1 of 1 line added to your cart");
  await page.goto("/checkout");
  // Hygrade asks for a PO number on every order, whatever the company's own rules.
  await page.getByLabel(/PO number/).fill("PO-BUY-AGAIN");
  await page.getByRole("button", { name: "Submit requisition" }).click();
  await expect(page).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);

  await page.goto("/");
  // Twelve are in Hygrade's 10-99 tier: $21.75 each, then and now.
  const item = page.getByTestId("buy-again-list").locator("li").filter({ hasText: "FM-0014-LT" });
  await expect(item).toContainText("last 12 at $21.75 · now $21.75 each");
  await expect(item.getByRole("button", { name: "Add 12 × FM-0014-LT to cart" })).toBeVisible();
});
