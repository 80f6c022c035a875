import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "@playwright/test";
import { createCompany, expect, pageFor, signInThroughApi, test, userWithRole } from "../fixtures";
import { checkout } from "../helpers";

test.describe.configure({ timeout: 120_000 });

/**
 * Where `locator` sits on the screen as the page opens (no scrolling): its box, the top of whatever is fixed to the bottom
 * (the bottom bar, the cart's bar), and how far the page is scrolled.
 */
async function placeOnScreen(locator: Locator) {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const fixedTops = [...document.querySelectorAll("body *")]
      .filter((e) => !e.contains(el) && getComputedStyle(e).position === "fixed" && e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().top > 0)
      .map((e) => e.getBoundingClientRect().top);
    return { top: box.top, bottom: box.bottom, clearOfFixedAt: Math.min(window.innerHeight, ...fixedTops), scrollY: window.scrollY };
  });
}

/** True when `locator`'s middle is what a finger there would touch: not under the bottom bar or anything else. */
async function reachable(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  });
}

async function expectOnFirstScreen(locator: Locator, what: string) {
  await expect(locator).toBeVisible();
  const place = await placeOnScreen(locator);
  expect(place.scrollY, `${what}: the page was scrolled`).toBe(0);
  expect(place.top, `${what} starts above the screen`).toBeGreaterThanOrEqual(0);
  expect(place.bottom, `${what} is below the first screen (or under the bar fixed at the bottom)`).toBeLessThanOrEqual(place.clearOfFixedAt);
  expect(await reachable(locator), `${what} is covered`).toBe(true);
}

/** Puts lines in the person's cart through quick order, at desktop size in its own context. */
async function fillCart(page: Page, lines: string[]) {
  await page.goto("/quick-order");
  await page.getByLabel("Order lines").fill(lines.join("\n"));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("quick-order-summary")).toHaveText(new RegExp(`^${lines.length} of ${lines.length} lines? added to your cart`));
}

test("on a phone the approvals inbox opens on its first card's Approve, with the filters folded behind one button", async ({ browser, page, request }) => {
  const company = await createCompany(request, { approvalThresholdMinor: 0 });
  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  let label: string;
  try {
    await fillCart(buyer, ["FM-0014-LT, 2"]);
    ({ label } = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-FIRST-SCREEN" }));
  } finally {
    await buyer.context().close();
  }
  await signInThroughApi(page.context(), userWithRole(company, "approver").email, company.password);
  await page.goto("/approvals");
  const firstCard = page.getByTestId("approval-inbox").locator("li").first();
  await expectOnFirstScreen(firstCard.getByRole("button", { name: `Approve ${label}` }), "the first card's Approve");

  // The filters are one tap away, and the button says how many are on.
  const toggle = page.getByRole("button", { name: /^Filters/ });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByLabel("Search requisitions")).toBeHidden();
  await toggle.tap();
  await expect(page.getByLabel("Search requisitions")).toBeVisible();
  await page.getByLabel("Sort by").selectOption({ label: "Newest first" });
  await expect(page).toHaveURL(/sort=newest/);
  await expect(toggle).toContainText("1 filter on");
  await page.getByRole("combobox", { name: "Supplier" }).selectOption({ label: "Hygrade" });
  await expect(toggle).toContainText("2 filters on");
  await expect(firstCard.getByRole("button", { name: `Approve ${label}` })).toBeVisible();
});

test("on a phone the catalog opens on its first item, its search box at hand and the filters folded behind one button", async ({ page, company }) => {
  await signInThroughApi(page.context(), userWithRole(company, "buyer").email, company.password);
  await page.goto("/catalog");
  const firstItem = page.getByTestId("catalog-results").locator("li").first();
  // The whole card, so whatever it offers (its name, price and Add to cart) is on the first screen.
  await expectOnFirstScreen(firstItem, "the first catalog item");
  await expectOnFirstScreen(firstItem.getByRole("button", { name: /^Add .* to cart$/ }).first(), "the first item's Add to cart");

  const toggle = page.getByRole("button", { name: /^Filters/ });
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
  await expect(page.getByLabel("Category")).toBeHidden();
  await toggle.tap();
  await expect(page.getByLabel("Category")).toBeVisible();
  await page.getByRole("searchbox", { name: "Search" }).fill("FM-0014-LT");
  await page.getByRole("button", { name: "Search", exact: true }).tap();
  await expect(page).toHaveURL(/q=FM-0014-LT/);
  // Searching folds the filters again, so the results it asked for are what the screen shows.
  await expect(page.getByLabel("Category")).toBeHidden();
  await expectOnFirstScreen(page.getByTestId("catalog-results").locator("li").filter({ hasText: "FM-0014-LT" }).first(), "the item searched for");

  // A refused price opens the filters on its field, so the reason is seen.
  await page.goto("/catalog?min=abc");
  await expect(page.getByLabel("Price from")).toBeVisible();
  await expect(page.getByLabel("Price from")).toHaveAttribute("aria-invalid", "true");
});

test("without JavaScript a phone shows the catalog's search and filters unfolded, so they still work", async ({ browser, company }, testInfo) => {
  const { viewport, userAgent, isMobile, hasTouch, deviceScaleFactor, baseURL } = testInfo.project.use;
  const context = await browser.newContext({ viewport, userAgent, isMobile, hasTouch, deviceScaleFactor, baseURL, javaScriptEnabled: false });
  try {
    await signInThroughApi(context, userWithRole(company, "buyer").email, company.password);
    const page = await context.newPage();
    await page.goto("/catalog");
    await expect(page.getByRole("button", { name: /^Filters/ })).toBeHidden();
    await expect(page.getByLabel("Category")).toBeVisible();
    await page.getByRole("searchbox", { name: "Search" }).fill("FM-0014-LT");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/q=FM-0014-LT/);
    await expect(page.getByTestId("catalog-results").getByText("FM-0014-LT").first()).toBeVisible();
  } finally {
    await context.close();
  }
});

test("on a phone the cart keeps its total and Check out in a bar above the bottom bar, clear of the cart's last line", async ({ browser, page, company }) => {
  const buyerEmail = userWithRole(company, "buyer").email;
  const desk = await pageFor(browser, buyerEmail, company.password);
  try {
    await fillCart(desk, ["FM-0014-LT, 2", "BR-0023-BB, 3"]);
  } finally {
    await desk.context().close();
  }
  await signInThroughApi(page.context(), buyerEmail, company.password);
  await page.goto("/cart");
  const bar = page.getByRole("region", { name: "Cart total" });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId("cart-line")).toHaveCount(2);
  // The same total as the cart's own summary, however far down that is.
  const subtotal = (await page.getByTestId("cart-subtotal").locator("span").last().textContent())!.trim();
  expect(subtotal).toMatch(/^\$\d/);
  await expect(bar).toContainText(subtotal);
  const checkOut = bar.getByRole("link", { name: "Check out" });
  await expectOnFirstScreen(checkOut, "the bar's Check out");

  // It sits on the bottom bar, not over it.
  const barBox = (await bar.boundingBox())!;
  const navBox = (await page.getByRole("navigation", { name: "Main (phone)" }).boundingBox())!;
  expect(barBox.y + barBox.height).toBeLessThanOrEqual(navBox.y + 0.5);

  // Scrolled to the end, the cart's last line is clear of the bar: the page leaves room for it.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const last = page.getByRole("button", { name: "Save cart as an order list" });
  const lastBox = (await last.boundingBox())!;
  const barNow = (await bar.boundingBox())!;
  expect(lastBox.y + lastBox.height, "the last line is under the cart bar").toBeLessThanOrEqual(barNow.y);
  expect(await reachable(last)).toBe(true);

  await checkOut.tap();
  await expect(page).toHaveURL(/\/checkout$/);
});

/** The portal's pages a person opens from the navigation: every folder of app/(portal) with a page, but checkout (reached from the cart). */
function portalPagePaths(): string[] {
  const root = fileURLToPath(new URL("../../app/(portal)/", import.meta.url));
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("[") && d.name !== "checkout" && existsSync(`${root}${d.name}/page.tsx`))
    .map((d) => `/${d.name}`);
}

test("on a phone More in the bottom bar opens every page the person's roles allow", async ({ page, company }) => {
  // Acme's admin has every role and owns cost centers: the fullest navigation there is.
  await signInThroughApi(page.context(), "admin@acme.example", "acme-demo-2026");
  await page.goto("/");
  const bottomBar = page.getByRole("navigation", { name: "Main (phone)" });
  await bottomBar.getByRole("button", { name: /^More/ }).tap();
  const sheet = page.getByRole("dialog", { name: "More" });
  await expect(sheet).toBeVisible();
  const offered = new Set([
    ...(await bottomBar.getByRole("link").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))),
    ...(await sheet.getByRole("link").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))),
  ]);
  for (const p of portalPagePaths()) expect(offered, `nothing in the phone's navigation leads to ${p}`).toContain(p);
  await expect(sheet.getByRole("link")).toHaveText([
    /Lists/,
    /Quotes/,
    /Quick order/,
    /Buy again/,
    /Spend/,
    /To match/,
    /Invoices/,
    /Notifications/,
    /Admin/,
    /Your account/,
  ]);
  for (const link of await sheet.getByRole("link").all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);

  await sheet.getByRole("link", { name: "Quick order" }).tap();
  await expect(page).toHaveURL(/\/quick-order$/);
  await expect(sheet).toBeHidden();
  await expect(bottomBar.getByRole("button", { name: /^More/ })).toHaveClass(/font-semibold/);

  // Close leaves the page as it was.
  await bottomBar.getByRole("button", { name: /^More/ }).tap();
  await sheet.getByRole("button", { name: "Close" }).tap();
  await expect(sheet).toBeHidden();
  await expect(page).toHaveURL(/\/quick-order$/);

  // A buyer alone: the buyer's pages and notifications, no admin or spend.
  await page.context().clearCookies();
  await signInThroughApi(page.context(), userWithRole(company, "buyer").email, company.password);
  await page.goto("/");
  await bottomBar.getByRole("button", { name: /^More/ }).tap();
  await expect(sheet.getByRole("link")).toHaveText([/Lists/, /Quotes/, /Quick order/, /Buy again/, /Notifications/, /Your account/]);

  // An admin and approver who does not buy: no buyer's pages in the bar or under More.
  await page.context().clearCookies();
  await signInThroughApi(page.context(), userWithRole(company, "admin").email, company.password);
  await page.goto("/");
  await expect(bottomBar.getByRole("link")).toHaveText([/Home/, /Orders/, /Approvals/]);
  await bottomBar.getByRole("button", { name: /^More/ }).tap();
  await expect(sheet.getByRole("link")).toHaveText([/Spend/, /To match/, /Invoices/, /Notifications/, /Admin/, /Your account/]);
  await sheet.getByRole("link", { name: "Admin" }).tap();
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
});
