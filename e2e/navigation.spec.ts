import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { expect, pageFor, signInThroughApi, test } from "./fixtures";
import { checkout } from "./helpers";

/** Acme's admin has every role and owns cost centers: the most the header ever holds, and a long name beside it. */
async function signInAsAcmeAdmin(page: Page) {
  await signInThroughApi(page.context(), "admin@acme.example", "acme-demo-2026");
}

/**
 * Where the header's entries sit: the top of each nav entry (all the same height, so one row means one top), the vertical
 * middle of everything in the header's row (brand, nav, bell, name, Sign out), and the header's height.
 */
async function headerRow(page: Page) {
  return page.getByRole("banner").evaluate((header) => {
    const shown = (el: Element) => el.getBoundingClientRect().width > 0 && !el.closest("ul");
    const navEntries = [...header.querySelectorAll("nav[aria-label=Main] > a, nav[aria-label=Main] > div > button")].filter(shown);
    const items = [...header.querySelectorAll("a, button, [data-testid=signed-in-as]")].filter(shown);
    const describe = (el: Element, at: number) => `${(el.textContent || el.getAttribute("aria-label") || "").trim()}@${Math.round(at)}`;
    return {
      navCount: navEntries.length,
      navTops: [...new Set(navEntries.map((el) => Math.round(el.getBoundingClientRect().top)))],
      navDescribed: navEntries.map((el) => describe(el, el.getBoundingClientRect().top)).join(", "),
      middlesSpread: (() => {
        const middles = items.map((el) => el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2);
        return Math.max(...middles) - Math.min(...middles);
      })(),
      described: items.map((el) => describe(el, el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2)).join(", "),
      // Entries whose own text runs onto a second line (a squeezed brand or name): the row is then two rows tall.
      wrapped: items
        .filter((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          // Boxes on one line overlap from top to bottom; one entirely below another is on a line of its own.
          return rects.some((upper) => rects.some((lower) => lower.top >= upper.bottom - 1));
        })
        .map((el) => (el.textContent || "").trim()),
      height: header.getBoundingClientRect().height,
    };
  });
}

test("the header holds every entry on one row at 1366, 1280, 1024 and 768 px, even with every role, counts and a long name", async ({ browser, page }) => {
  test.setTimeout(120_000);
  // The widest header there is: Acme's admin (every role, a long name and company) with a cart line and a requisition waiting.
  const jane = await pageFor(browser, "buyer@acme.example", "acme-demo-2026");
  try {
    await jane.goto("/quick-order");
    await jane.getByLabel("Order lines").fill("FM-0014-LT, 25");
    await jane.getByRole("button", { name: "Add to cart" }).click();
    await expect(jane.getByTestId("quick-order-summary")).toHaveText(/^1 of 1 lines? added/);
    await checkout(jane, { costCenter: "CC-4420", poNumber: "PO-WIDE-HEADER" });
  } finally {
    await jane.context().close();
  }
  await signInAsAcmeAdmin(page);
  await page.goto("/quick-order");
  await page.getByLabel("Order lines").fill("BR-0023-BB, 1");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("quick-order-summary")).toHaveText(/^1 of 1 lines? added/);

  for (const [width, entries] of [
    [1366, 8],
    [1280, 8],
    [1024, 8],
    [768, 6],
  ] as const) {
    await page.setViewportSize({ width, height: 768 });
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: /^Cart/ })).toContainText(/\d/);
    await expect(nav.getByRole("link", { name: /^Approvals/ })).toContainText(/\d/);
    const row = await headerRow(page);
    expect(row.navTops, `at ${width} px nav entries on more than one row: ${row.navDescribed}`).toHaveLength(1);
    expect(row.middlesSpread, `at ${width} px header entries not on one row: ${row.described}`).toBeLessThanOrEqual(1);
    expect(row.wrapped, `at ${width} px these wrap onto a second line`).toEqual([]);
    // One row of 44 px targets plus the header's padding and border: nothing in it (the brand, the name) wraps onto a second line.
    expect(row.height, `at ${width} px`).toBeLessThanOrEqual(44 + 2 * 8 + 1 + 0.5);
    expect(row.navCount, `at ${width} px: ${row.navDescribed}`).toBe(entries);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `at ${width} px the page scrolls sideways`).toBeLessThanOrEqual(width);
  }
});

test("the header's More holds the pages used less often, and Admin leads to the admin home", async ({ page }) => {
  await signInAsAcmeAdmin(page);
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText([/Home/, /Catalog/, /Cart/, /Orders/, /Approvals/, /Lists/, /Quotes/]);
  const more = nav.getByRole("button", { name: "More" });
  await more.click();
  await expect(more).toHaveAttribute("aria-expanded", "true");
  const menu = page.locator("#header-more");
  await expect(menu.getByRole("link")).toHaveText(["Quick order", "Buy again", "Spend", "To match", "Invoices", "Admin", "Your account"]);
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await more.click();
  await menu.getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(menu).toBeHidden();
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
});

/** Every admin page there is: each folder under app/(portal)/admin with a page of its own. */
function adminPagePaths(): string[] {
  const root = fileURLToPath(new URL("../app/(portal)/admin/", import.meta.url));
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${root}${d.name}/page.tsx`))
    .map((d) => `/admin/${d.name}`);
}

test("/admin is the admin's home: a link to every admin page with a line of what it is for; for anyone else it is not found", async ({
  adminPage: admin,
  buyerPage: buyer,
}) => {
  const response = await admin.goto("/admin");
  expect(response?.status()).toBe(200);
  const cards = admin.getByTestId("admin-pages").locator("li");
  const expected = adminPagePaths();
  expect(expected.length).toBeGreaterThanOrEqual(3);
  await expect(cards).toHaveCount(expected.length);
  for (const href of expected) {
    const card = cards.filter({ has: admin.locator(`a[href="${href}"]`) });
    await expect(card, `no card for ${href}`).toHaveCount(1);
    expect((await card.locator("p").textContent())?.trim().length, `${href} has no line saying what it is for`).toBeGreaterThan(20);
  }
  for (const href of expected) {
    await admin.goto("/admin");
    await cards.locator(`a[href="${href}"]`).click();
    await expect(admin).toHaveURL(new RegExp(`${href}$`));
    await expect(admin.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(admin.getByTestId("page-not-found")).toHaveCount(0);
  }

  // A buyer gets the page any unknown address gets, with nothing saying an admin area exists.
  const refused = await buyer.goto("/admin");
  expect(refused?.status()).toBe(404);
  await expect(buyer.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
  await expect(buyer.getByText("Admin", { exact: true })).toHaveCount(0);
});

test("an unknown address and an unknown requisition get the portal's own not-found page, with its navigation", async ({ buyerPage: page }) => {
  const response = await page.goto("/no-such-page/at-all");
  expect(response?.status()).toBe(404);
  const expectPortalNotFound = async () => {
    await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog" })).toBeVisible();
    await expect(page.getByRole("main").getByRole("link", { name: "Go to home" })).toHaveAttribute("href", "/");
  };
  await expectPortalNotFound();
  // Its search hint searches the catalog.
  await page.getByRole("searchbox").fill("FM-0014-LT");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/catalog\?q=FM-0014-LT/);
  await expect(page.getByTestId("catalog-results").getByText("FM-0014-LT").first()).toBeVisible();

  // A requisition that does not exist, and an address that cannot be one.
  await page.goto(`/requisitions/${randomUUID()}`);
  await expectPortalNotFound();
  await page.goto("/requisitions/not-a-requisition");
  await expectPortalNotFound();
  await page.goto(`/lists/${randomUUID()}`);
  await expectPortalNotFound();
  await page.goto(`/quotes/${randomUUID()}`);
  await expectPortalNotFound();

  // An API address nothing answers is a plain 404 for the program that asked, not a page.
  const api = await page.request.get("/api/no-such-endpoint");
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: "No such API address" });

  // Signed out, an unknown address asks for sign-in first and then says it is not found.
  await page.context().clearCookies();
  await page.goto("/no-such-page");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fno-such-page/);
});
