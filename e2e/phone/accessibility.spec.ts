import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createCompany, expect, pageFor, signInThroughApi, test, userWithRole } from "../fixtures";
import { addToCart, checkout } from "../helpers";

// Setup (two requisitions and a cart line) plus six pages, each checked three ways.
test.describe.configure({ timeout: 120_000 });

/** The pages a buyer and approver use on a phone; the catalog with a search, the cart with a line. */
const PAGES = [
  { name: "home", path: "/" },
  { name: "catalog (search)", path: "/catalog?q=label" },
  { name: "cart", path: "/cart" },
  { name: "checkout", path: "/checkout" },
  { name: "orders", path: "/requisitions" },
  { name: "approvals inbox", path: "/approvals" },
] as const;

const NARROWEST_PHONE = 360;
const MIN_TARGET = 44;

/** A short CSS path for an element, good enough to find it again in the page's source. */
const describeElementSource = `(el) => {
  const part = (e) => {
    let s = e.tagName.toLowerCase();
    if (e.id) return s + "#" + e.id;
    const testId = e.getAttribute("data-testid");
    if (testId) return s + '[data-testid="' + testId + '"]';
    const name = e.getAttribute("aria-label") || e.getAttribute("name") || (e.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return name ? s + ' "' + name + '"' : s;
  };
  const parts = [part(el)];
  for (let p = el.parentElement; p && parts.length < 3 && p !== document.body; p = p.parentElement) {
    if (p.id || p.getAttribute("data-testid") || p.tagName === "MAIN" || p.tagName === "NAV" || p.tagName === "HEADER" || p.tagName === "FORM") parts.unshift(part(p));
  }
  return parts.join(" > ");
}`;

/**
 * Every visible button (header, main, bottom bar), link in the bottom bar, and form control in <main> smaller than 44×44 CSS px.
 * A checkbox or radio counts its label as the target when the label wraps it, as a finger may tap either.
 */
async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ min, describe }) => {
      const describeElement = new Function(`return ${describe}`)() as (el: Element) => string;
      const candidates = new Set<Element>([
        ...document.querySelectorAll("button"),
        ...document.querySelectorAll('nav[aria-label="Main (phone)"] a'),
        ...document.querySelectorAll("main input:not([type=hidden]), main select, main textarea"),
      ]);
      const offenders: string[] = [];
      for (const el of candidates) {
        const style = getComputedStyle(el);
        let box = el.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden" || style.display === "none") continue; // not shown (e.g. sr-only, desktop nav)
        if (el.closest(".sr-only, [hidden], [aria-hidden=true]")) continue;
        const input = el as HTMLInputElement;
        if (el.tagName === "INPUT" && (input.type === "checkbox" || input.type === "radio")) {
          const label = el.closest("label");
          if (label) box = label.getBoundingClientRect();
        }
        if (box.width < min || box.height < min) offenders.push(`${describeElement(el)} is ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
      return offenders;
    },
    { min: MIN_TARGET, describe: describeElementSource },
  );
}

test("phone pages: no serious axe violations, no sideways scrolling at 360 px, and tap targets of at least 44 px", async ({ browser, page, request }) => {
  const viewport = page.viewportSize()!;
  // Every requisition needs any approver, so the approver's inbox is not empty. Bo Second buys and approves: the fullest phone bar.
  const company = await createCompany(request, { approvalThresholdMinor: 0 });
  const bea = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  await signInThroughApi(page.context(), userWithRole(company, "buyer2").email, company.password);
  const bo = await pageFor(browser, userWithRole(company, "buyer2").email, company.password);
  try {
    // Setup at desktop size in their own contexts: something for Bo's inbox, his order history, and his cart.
    await Promise.all([
      (async () => {
        await addToCart(bea, "FM-0014-LT", 2);
        await checkout(bea, { costCenter: "CC-4420", poNumber: "PO-A11Y-1" });
      })(),
      (async () => {
        await addToCart(bo, "FM-0014-LT", 1);
        await checkout(bo, { costCenter: "CC-1100", poNumber: "PO-A11Y-2" });
        await addToCart(bo, "FM-0014-LT", 1);
      })(),
    ]);
  } finally {
    await bea.context().close();
    await bo.context().close();
  }

  const problems: Record<string, string[]> = {};
  for (const { name, path } of PAGES) {
    const found: string[] = [];
    await page.setViewportSize(viewport);
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    for (const v of axe.violations) {
      if (v.impact !== "serious" && v.impact !== "critical") continue;
      for (const node of v.nodes) found.push(`axe ${v.id} (${v.impact}): ${node.target.join(" ")}`);
    }
    for (const small of await smallTapTargets(page)) found.push(`tap target ${small}`);

    await page.setViewportSize({ width: NARROWEST_PHONE, height: viewport.height });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > NARROWEST_PHONE) {
      const wide = await page.evaluate((limit) => {
        // The elements reaching past the screen's edge, innermost first, to say what to fix.
        return [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > limit + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > limit + 0.5))
          .slice(0, 5)
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].slice(0, 4).join(".")} (right edge ${Math.round(el.getBoundingClientRect().right)})`,
          );
      }, NARROWEST_PHONE);
      found.push(`scrolls sideways at ${NARROWEST_PHONE} px: scrollWidth ${scrollWidth}; ${wide.join(", ")}`);
    }
    if (found.length > 0) problems[`${name} (${path})`] = found;
  }
  expect(problems, `problems on phone pages:\n${JSON.stringify(problems, null, 2)}`).toEqual({});
});
