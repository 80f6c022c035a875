import { expect, signInThroughApi, test, userWithRole } from "../fixtures";

test("catalog on a phone: the first result's picture, price and Add to cart are on the first screen", async ({ page, company }) => {
  await signInThroughApi(page.context(), userWithRole(company, "buyer").email, company.password);
  // Yodify's and Hygrade's nitrile gloves: pictures from both sandboxes.
  await page.goto("/catalog?q=nitrile+gloves");
  const first = page.getByTestId("catalog-results").getByTestId("catalog-result").first();
  await expect(first).toBeVisible();
  await expect(first.getByTestId("list-price")).toBeInViewport({ ratio: 1 });
  await expect(first.getByRole("button", { name: /^Add .* to cart$/ })).toBeInViewport({ ratio: 1 });

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
