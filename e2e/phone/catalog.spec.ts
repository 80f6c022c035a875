import type { Locator } from "@playwright/test";
import { expect, signInThroughApi, test, userWithRole } from "../fixtures";

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
