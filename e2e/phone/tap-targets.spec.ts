import type { Page } from "@playwright/test";
import { createCompany, expect, pageFor, signInThroughApi, test, userWithRole } from "../fixtures";
import { checkout } from "../helpers";

// Setup (two requisitions, a list, a cart line) plus ten pages.
test.describe.configure({ timeout: 150_000 });

const MIN_HEIGHT = 44;

/**
 * Every visible link and button (and disclosure summary) on the page shorter than a fingertip, described so it can be
 * found: in main content, the header and the bottom bar alike. No exceptions, not even a link in a sentence: on a phone
 * the portal makes every link a target of its own (app/globals.css).
 */
async function shortTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const short: string[] = [];
    for (const el of document.querySelectorAll('a[href], button, summary, [role="button"]')) {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") continue; // not shown (sr-only, the desktop nav)
      if (el.closest(".sr-only, [hidden], [aria-hidden=true], dialog:not([open])")) continue;
      if (box.height >= min - 0.5) continue;
      const text = (el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 50);
      const where = el.closest("main") ? "main" : el.closest("header") ? "header" : el.closest("nav") ? "nav" : "page";
      short.push(`${where}: ${el.tagName.toLowerCase()} "${text}" is ${Math.round(box.height)} px tall`);
    }
    return short;
  }, MIN_HEIGHT);
}

test("on a phone every link and button on the main pages is at least 44 px tall", async ({ browser, page, request }) => {
  // Every requisition needs any approver, so Bo (who buys and approves) has an inbox and notifications as well as orders.
  const company = await createCompany(request, { approvalThresholdMinor: 0 });
  const bea = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  const boEmail = userWithRole(company, "buyer2").email;
  const bo = await pageFor(browser, boEmail, company.password);
  let requisitionUrl = "";
  try {
    const quickOrder = async (p: Page, line: string) => {
      await p.goto("/quick-order");
      await p.getByLabel("Order lines").fill(line);
      await p.getByRole("button", { name: "Add to cart" }).click();
      await expect(p.getByTestId("quick-order-summary")).toHaveText(/^1 of 1 lines? added/);
    };
    await Promise.all([
      (async () => {
        await quickOrder(bea, "FM-0014-LT, 2");
        await checkout(bea, { costCenter: "CC-4420", poNumber: "PO-TAP-1" });
      })(),
      (async () => {
        await quickOrder(bo, "FM-0014-LT, 1");
        ({ url: requisitionUrl } = await checkout(bo, { costCenter: "CC-1100", poNumber: "PO-TAP-2" }));
        await quickOrder(bo, "BR-0023-BB, 1");
        await bo.goto("/cart");
        await bo.getByRole("button", { name: "Save cart as an order list" }).click();
        await bo.getByLabel("List name").fill("Tap targets");
        await bo.getByRole("button", { name: "Save list" }).click();
        await expect(bo.getByText(/Saved as/)).toBeVisible();
      })(),
    ]);
  } finally {
    await bea.context().close();
    await bo.context().close();
  }

  await signInThroughApi(page.context(), boEmail, company.password);
  const pages = [
    ["home", "/"],
    ["catalog", "/catalog?q=label"],
    ["cart", "/cart"],
    ["order history", "/requisitions"],
    ["a requisition", new URL(requisitionUrl).pathname],
    ["notifications", "/notifications"],
    ["approvals", "/approvals"],
    ["order lists", "/lists"],
    ["quotes", "/quotes"],
    ["quick order", "/quick-order"],
  ] as const;
  const problems: Record<string, string[]> = {};
  let linksSeen = 0;
  for (const [name, path] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    linksSeen += await page.locator("main a[href]").count();
    const short = await shortTargets(page);
    if (short.length) problems[`${name} (${path})`] = short;
  }
  // The check looked at real links (REQ links on home, notification titles, the list's link), not empty pages.
  expect(linksSeen).toBeGreaterThan(10);
  expect(problems, `links and buttons under ${MIN_HEIGHT} px:\n${JSON.stringify(problems, null, 2)}`).toEqual({});
});
