import type { APIRequestContext, Page } from "@playwright/test";
import { YODIFY_SANDBOX_PORT } from "../../playwright.config";
import { expect, signInThroughApi, test, userWithRole, type TestCompany } from "../fixtures";

test.describe.configure({ timeout: 120_000 });

const yodifySandboxUrl = `http://127.0.0.1:${YODIFY_SANDBOX_PORT}`;

/** A company whose buyer has a default cost center and whose own rules ask for no PO number (Hygrade still does). */
async function phoneReadyCompany(request: APIRequestContext): Promise<TestCompany> {
  const response = await request.post("/api/test-hooks/company", { data: { poNumberRequired: false, buyerDefaultCostCenter: "CC-4420" } });
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()) as TestCompany;
}

/** Checks out the cart as it stands (defaults preselected, Hygrade's PO number typed) and returns the new requisition's label. */
async function submitCart(page: Page, poNumber: string) {
  await page.goto("/checkout");
  await page.getByLabel(/PO number/).fill(poNumber);
  await page.getByRole("button", { name: "Submit requisition" }).click();
  await expect(page).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
  return (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
}

/** Fills the cart through the quick order page (one paste instead of one item page per line). */
async function fillCart(page: Page, lines: string[]) {
  await page.goto("/quick-order");
  await page.getByLabel("Order lines").fill(lines.join("\n"));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("quick-order-summary")).toHaveText(
    `${lines.length} of ${lines.length} line${lines.length === 1 ? "" : "s"} added to your cart`,
  );
}

/** The supplier's own id of an item, from its catalog result's link (/catalog/{connection}/{item}?back=the search). */
async function supplierItemId(page: Page, itemCode: string) {
  await page.goto(`/catalog?q=${encodeURIComponent(itemCode)}`);
  const href = await page.getByTestId("catalog-results").locator("li").filter({ hasText: itemCode }).first().getByRole("link").first().getAttribute("href");
  return decodeURIComponent(new URL(href!, "http://portal").pathname.split("/").pop()!);
}

test("three taps from home to a submitted requisition: home, Reorder, Submit", async ({ page, request }) => {
  const company = await phoneReadyCompany(request);
  await signInThroughApi(page.context(), userWithRole(company, "buyer").email, company.password);
  await fillCart(page, ["FM-0014-LT, 2"]);
  const first = await submitCart(page, "PO-PHONE-1");

  let taps = 0;
  await page.goto("/");
  const card = page.getByTestId("reorder-last");
  await expect(card.getByRole("heading", { name: `Reorder ${first}` })).toBeVisible();
  await expect(card).toContainText("2 × FM-0014-LT");

  const phoneCart = page.getByRole("navigation", { name: "Main (phone)" }).getByRole("link", { name: /^Cart/ });
  await expect(phoneCart).not.toContainText(/\d/);
  await card.getByRole("button", { name: `Reorder ${first}` }).click();
  taps++;
  await expect(page).toHaveURL(/\/checkout$/);
  // The bottom bar's count follows: the reordered line is in the cart.
  await expect(phoneCart).toContainText("1");
  await expect(page.getByTestId("reorder-changes")).toContainText(`Reordered ${first}`);
  await expect(page.getByTestId("reorder-changes")).toContainText("same prices as before");
  // Preselected: the buyer's default cost center and the supplier's default address.
  await expect(page.getByLabel("Cost center").locator("option:checked")).toContainText("CC-4420");
  await expect(page.getByRole("radio", { checked: true })).toHaveCount(1);
  // The PO number comes with the reorder, said where from: no keyboard needed.
  await expect(page.getByLabel(/PO number/)).toHaveValue("PO-PHONE-1");
  await expect(page.getByText(`The PO number of ${first}`)).toBeVisible();

  await page.getByRole("button", { name: "Submit requisition" }).click();
  taps++;
  await expect(page).toHaveURL(/\/requisitions\/[0-9a-f-]{36}\?submitted=1/);
  const second = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
  expect(second).not.toBe(first);
  // Its status follows the order once Hygrade has it.
  await expect(page.getByTestId("requisition-status")).toHaveText("Ordered");
  await expect(page.getByText("Requisition submitted")).toBeVisible();
  await expect(phoneCart).not.toContainText(/\d/);
  await expect(page.getByText("FM-0014-LT").first()).toBeVisible();
  expect(taps + 1 /* opening home */).toBeLessThanOrEqual(3);

  // Order history: filters are kept in the URL, and a backwards date range is refused on the field.
  await page.goto("/requisitions");
  await page.getByRole("button", { name: /^Filters/ }).click();
  await page.getByLabel("Supplier").selectOption({ label: "Hygrade" });
  await page.getByLabel("Status").selectOption({ label: "Ordered" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=ordered&supplier=[0-9a-f-]{36}/);
  await expect(page.getByTestId("requisition-list").getByRole("link")).toHaveCount(2);
  await page.goto("/requisitions?from=2026-12-31&to=2026-01-01");
  await expect(page.getByText("The end date must be on or after the start date")).toBeVisible();
  await expect(page.getByText("No requisitions match these filters.")).toBeVisible();

  // Any past order reorders from the history list too, one tap per row.
  await page.goto("/requisitions");
  await page
    .getByTestId("requisition-list")
    .getByRole("button", { name: `Reorder ${first}` })
    .click();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByTestId("reorder-changes")).toContainText(`Reordered ${first}`);
});

test("reorder with a changed price and a discontinued item: old and new price, the item flagged with substitutes", async ({ page, request }, testInfo) => {
  // Each phone project runs at the same time against one Yodify sandbox, so each changes its own items.
  const [priced, gone] = testInfo.project.name === "iphone-13" ? ["STF-COMBIN-14", "STF-COMBIN-17"] : ["STF-COMBIN-12", "STF-COMBIN-19"];
  const company = await phoneReadyCompany(request);
  await signInThroughApi(page.context(), userWithRole(company, "buyer").email, company.password);
  await fillCart(page, ["FM-0014-LT, 1", `${priced}, 2`, `${gone}, 1`]);
  const pricedId = await supplierItemId(page, priced);
  const goneId = await supplierItemId(page, gone);
  const label = await submitCart(page, "PO-PHONE-2");

  // Yodify raises one price and stops stocking the other, with no backorders.
  for (const [id, patch] of [
    [pricedId, { list_price: 123.45, sale_price: null, is_on_sale: false }],
    [goneId, { inventory: 0, always_in_stock: false, allow_backorders: false }],
  ] as const) {
    const response = await request.post(`${yodifySandboxUrl}/_sandbox/skus/${id}/patch`, { data: patch });
    expect(response.ok(), await response.text()).toBeTruthy();
  }

  // The cart is not empty when the buyer reorders: one of the same item, and one the requisition never had.
  await fillCart(page, ["FM-0014-LT, 1", "BR-0023-BB, 1"]);

  await page.goto("/");
  await page.getByRole("button", { name: `Reorder ${label}` }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  const changes = page.getByTestId("reorder-changes");
  await expect(changes).toContainText(`2 of 3 lines are in your cart`);
  // Reordering adds to the cart: the buyer sees the line that grew and the line that would go out with the reorder.
  await expect(page.getByTestId("reorder-topped-up")).toContainText("FM-0014-LT");
  await expect(page.getByTestId("reorder-topped-up")).toContainText("you already had 1, so the cart now holds 2");
  const summary = page.getByRole("heading", { name: "Summary" }).locator("..");
  await expect(summary).toContainText("BR-0023-BB");
  await page.getByTestId("reorder-other-lines").getByRole("button", { name: "Remove BR-0023-BB from the cart" }).click();
  await expect(page.getByTestId("reorder-other-lines")).toHaveCount(0);
  await expect(summary).not.toContainText("BR-0023-BB");

  const priceLine = page.getByTestId("reorder-price-changes").locator("li").filter({ hasText: priced });
  // Old struck through, new beside it: the list price went to $123.45, less this account's Yodify discount.
  await expect(priceLine).toContainText(/\$\d+\.\d\d → \$\d+\.\d\d each/);
  const [oldShown, newShown] = (await priceLine.textContent())!
    .match(/\$(\d+\.\d\d) → \$(\d+\.\d\d)/)!
    .slice(1)
    .map(Number);
  expect(newShown).toBeGreaterThan(oldShown! * 3);

  const goneLine = page
    .getByTestId("reorder-not-added")
    .locator("li")
    .filter({ hasText: `1 × ${gone}` })
    .first();
  await expect(goneLine).toContainText("Not available");
  await expect(goneLine).toContainText(`is not available from Yodify right now`);
  const addButtons = goneLine.getByRole("button", { name: /^Add .* instead$/ });
  expect(await addButtons.count()).toBeGreaterThan(0);
  expect(await addButtons.count()).toBeLessThanOrEqual(3);
  // The best match is another size of the same wrench; one tap puts it in the cart.
  await expect(goneLine.locator("li").first()).toContainText("Combination Wrench");
  await addButtons.first().click();
  await expect(goneLine.getByText("Added", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Submit requisition" })).toBeEnabled();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
});
