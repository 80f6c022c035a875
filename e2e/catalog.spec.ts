import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const results = (page: Page) => page.getByTestId("catalog-results").getByTestId("catalog-result");

/** Every picture in these results has loaded (a broken one has naturalWidth 0). */
async function loadedWidths(images: Locator): Promise<number[]> {
  return images.evaluateAll((imgs) =>
    Promise.all(
      (imgs as HTMLImageElement[]).map(async (img) => {
        img.loading = "eager";
        await img.decode().catch(() => undefined);
        return img.naturalWidth;
      }),
    ),
  );
}

test("the catalog and the item page show the price of one, and 'as low as' the deepest tier", async ({ buyerPage: page }) => {
  await page.goto("/catalog?q=FM-0014-LT");
  const letterhead = results(page).filter({ hasText: "FM-0014-LT" }).first();
  // Hygrade's documented tiers: $24.50 for 1-9, $21.75 for 10-99, $18.90 for 100+. One costs $24.50, not "from $18.90".
  await expect(letterhead.getByTestId("list-price")).toHaveText("$24.50 each · as low as $18.90 for 100+");
  await letterhead.getByRole("link", { name: /Letterhead/ }).click();
  await expect(page.getByText("Item code FM-0014-LT")).toBeVisible();
  await expect(page.getByTestId("list-price")).toHaveText("$24.50 each · as low as $18.90 for 100+");
  await expect(page.getByLabel("Quantity")).toHaveValue("1");
  await expect(page.getByTestId("price-tiers").locator('tr[aria-current="true"]')).toContainText("$24.50");
});

test("Yodify's pictures load from its sandbox, and a picture that fails leaves a placeholder of the same size", async ({ buyerPage: page }) => {
  await page.goto("/catalog?q=SafeGuard");
  await expect(results(page).first()).toBeVisible();
  await expect(results(page).getByTestId("result-supplier").first()).toHaveText("Yodify");
  const images = results(page).locator("img");
  await expect(images.first()).toBeVisible();
  const widths = await loadedWidths(images);
  expect(widths.length).toBeGreaterThan(0);
  expect(widths.every((w) => w > 0)).toBe(true);
  const loadedBox = await images.first().boundingBox();

  // The supplier's image host fails: each result shows the placeholder in the same box, so nothing moves.
  await page.route("**/product-images/**", (route) => route.abort());
  await page.reload();
  const placeholder = results(page).first().getByTestId("image-placeholder");
  await expect(placeholder).toBeVisible();
  await expect(results(page).first().locator("img")).toHaveCount(0);
  const placeholderBox = await placeholder.boundingBox();
  expect(placeholderBox?.width).toBe(loadedBox?.width);
  expect(placeholderBox?.height).toBe(loadedBox?.height);
});

test("search finds a word as it is typed and through a typo, in the catalog and in quick order", async ({ buyerPage: page }) => {
  await page.goto("/catalog");
  await page.getByRole("searchbox", { name: "Search" }).fill("nitr");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=nitr/);
  await expect(results(page).first()).toContainText(/Nitrile/i);
  await expect(results(page).filter({ hasNotText: /nitrile/i })).toHaveCount(0);

  await page.goto("/catalog?q=glvoes");
  await expect(results(page).first()).toContainText(/Gloves/i);
  await expect(results(page).filter({ hasNotText: /glove/i })).toHaveCount(0);

  await page.goto("/quick-order");
  await page.getByRole("combobox", { name: "Find an item code" }).fill("glvoes");
  const suggestions = page.getByRole("listbox", { name: "Suggested items" }).getByRole("option");
  await expect(suggestions.first()).toContainText(/Gloves/i);
  await page.getByRole("combobox", { name: "Find an item code" }).fill("FM-0014-LT");
  await expect(suggestions.filter({ hasText: "FM-0014-LT" }).first()).toContainText("$24.50 each · as low as $18.90 for 100+");
});

test("a result goes into the cart from the search, and Back to catalog returns to the same search", async ({ buyerPage: page }) => {
  const cartLink = page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: /^Cart/ });
  await page.goto("/catalog?q=letterhead&instock=1");
  const letterhead = results(page).filter({ hasText: "FM-0014-LT" }).first();
  await letterhead.getByRole("button", { name: "Add 1 × FM-0014-LT to cart" }).click();
  await expect(letterhead.getByRole("status")).toHaveText("Added: 1 in your cart");
  await expect(cartLink).toHaveAccessibleName(/^Cart\s*1 lines?$/);

  await letterhead.getByRole("link", { name: /Letterhead/ }).click();
  await expect(page.getByText("Item code FM-0014-LT")).toBeVisible();
  await page.getByRole("link", { name: "Back to catalog" }).click();
  await expect(page).toHaveURL(/\/catalog\?q=letterhead&instock=1$/);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("letterhead");
  await expect(page.getByLabel("In stock only")).toBeChecked();
});

test("brands and categories are two filters: Hygrade's categories, Yodify's brands", async ({ buyerPage: page }) => {
  await page.goto("/catalog");
  const category = page.getByLabel("Category", { exact: true });
  const brand = page.getByLabel("Brand", { exact: true });
  await expect(category.locator("option", { hasText: "Forms & Stationery" })).toHaveCount(1);
  await expect(category.locator("option", { hasText: "SafeGuard PPE" })).toHaveCount(0);
  await expect(brand.locator("option", { hasText: "SafeGuard PPE" })).toHaveCount(1);
  await expect(brand.locator("option", { hasText: "Forms & Stationery" })).toHaveCount(0);

  await brand.selectOption({ label: "SafeGuard PPE" });
  await expect(page).toHaveURL(/brand=/);
  await expect(results(page).first()).toContainText("SafeGuard PPE");
  await expect(results(page).filter({ hasNotText: "SafeGuard PPE" })).toHaveCount(0);
  await expect(results(page).getByTestId("result-supplier").filter({ hasNotText: "Yodify" })).toHaveCount(0);
});

test("home has a search box that searches the catalog", async ({ buyerPage: page }) => {
  await page.goto("/");
  const search = page.getByRole("search", { name: "Search the catalog" });
  await search.getByRole("searchbox").fill("nitrile gloves");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/catalog\?q=nitrile\+gloves$/);
  await expect(results(page).first()).toContainText(/Nitrile/i);
});
