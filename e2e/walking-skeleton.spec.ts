import { advanceSandboxOrder, expect, test, userWithRole } from "./fixtures";
import { addToCart, checkout } from "./helpers";

test.describe("signing in", () => {
  test("signed-out visitors are sent to /login and come back after signing in", async ({ page, company }) => {
    await page.goto("/cart");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fcart/);
    await page.getByLabel("Email").fill(userWithRole(company, "buyer").email);
    await page.getByLabel("Password").fill(company.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByRole("heading", { name: "Cart" })).toBeVisible();
  });

  test("a wrong password gets one message that does not say which part was wrong", async ({ page, company }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(userWithRole(company, "buyer").email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const message = page.getByTestId("login-error");
    await expect(message).toBeVisible();
    const wrongPassword = await message.textContent();
    await page.getByLabel("Email").fill("nobody@nowhere.example");
    await page.getByLabel("Password").fill(company.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    await expect(message).toHaveText(wrongPassword ?? "");
    expect(wrongPassword).toContain("do not match an account");
    await expect(page).toHaveURL(/\/login/);
  });
});

test("catalog: search, category filter, in-stock only and paging", async ({ buyerPage: page }) => {
  await page.goto("/catalog");
  const results = page.getByTestId("catalog-results").locator("li");
  await expect(results).toHaveCount(24);
  const firstPageFirst = await results.first().textContent();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText(/^Page 2/)).toBeVisible();
  await expect(results.first()).not.toHaveText(firstPageFirst ?? "");
  await page.getByRole("button", { name: "Previous" }).click();
  await expect(results.first()).toHaveText(firstPageFirst ?? "");

  await page.getByLabel("Category").selectOption({ label: "Forms & Stationery" });
  // Waits for the filtered page itself: the unfiltered one also starts with a form, sorted by name.
  await expect(results.filter({ hasNotText: "Forms & Stationery" })).toHaveCount(0);
  await expect(results.first()).toContainText("Forms & Stationery");

  await page.getByLabel("In stock only").click();
  await expect(page.getByLabel("In stock only")).toBeChecked();
  await expect(page.getByText(/^Page 1/)).toBeVisible();
  await expect(results.filter({ hasText: "Unavailable" })).toHaveCount(0);

  await page.getByRole("searchbox", { name: "Search" }).fill("letterhead");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(results.filter({ hasText: "FM-0014-LT" })).toHaveCount(1);

  // A price that is not a number, or a range upside down, is named on its field instead of being ignored.
  await page.getByLabel("Price from").fill("ten");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("The lowest price must be a number")).toBeVisible();
  await expect(page.getByLabel("Price from")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Price from")).toHaveValue("ten");
  await page.goto("/catalog?min=50&max=10");
  await expect(page.getByText("The lowest price must not be above the highest")).toBeVisible();
  await expect(page.getByLabel("Price to")).toHaveAttribute("aria-invalid", "true");
});

test("item page shows tiers with the applying one highlighted, and the cart follows the tiers", async ({ buyerPage: page }) => {
  const cartLink = page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: /^Cart/ });
  await addToCart(page, "FM-0014-LT", 3);
  // The header's count follows the add without a reload.
  await expect(cartLink).toHaveAccessibleName(/^Cart\s*1 lines$/);
  const tiers = page.getByTestId("price-tiers");
  await page.getByLabel("Quantity").fill("12");
  await expect(tiers.locator('tr[aria-current="true"]')).toContainText("10–99");
  await expect(tiers.locator('tr[aria-current="true"]')).toContainText("$21.75");

  await page.goto("/cart");
  const line = page.locator('[data-testid="cart-line"][data-item-code="FM-0014-LT"]');
  await expect(line).toContainText("$73.50"); // 3 x $24.50
  await line.getByLabel("Quantity of FM-0014-LT").fill("10");
  await line.getByLabel("Quantity of FM-0014-LT").press("Enter");
  await expect(line).toContainText("$217.50"); // 10 x $21.75, the next tier
  await expect(page.getByTestId("cart-subtotal")).toContainText("$217.50");

  // The cart lives in the database: a fresh browser of the same buyer sees it.
  await page.context().clearCookies();
  await page.goto("/cart");
  await expect(page).toHaveURL(/\/login/);
});

test("above the threshold: approver approves, the order is placed with Hygrade and its status shown", async ({
  buyerPage: buyer,
  approverPage: approver,
  company,
  request,
}) => {
  await addToCart(buyer, "FM-0014-LT", 30); // 30 x $21.75 = $652.50, over Hygrade's $500.00
  await buyer.goto("/checkout");
  // The chain is previewed per cost center (the approval-chains policy can differ by cost center).
  await expect(buyer.getByTestId("approval-preview")).toContainText("Choose a cost center to see who approves this order.");
  const costCenter = buyer.getByLabel("Cost center");
  await costCenter.selectOption((await costCenter.locator("option", { hasText: "CC-4420" }).getAttribute("value"))!);
  await expect(buyer.getByTestId("approval-preview")).toContainText("because total $652.50 is over $500.00");
  const { label, url } = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-E2E-1", note: "For the Cincinnati office" });
  await expect(buyer.getByText("Waiting for approval").first()).toBeVisible();
  await buyer.goto("/cart");
  await expect(buyer.getByText("Your cart is empty.")).toBeVisible();

  await approver.goto("/approvals");
  const card = approver.getByTestId("approval-inbox").locator("li").filter({ hasText: label });
  await expect(card).toContainText(userWithRole(company, "buyer").name);
  await expect(card).toContainText("$652.50");
  await expect(card).toContainText("CC-4420");
  await expect(card).toContainText("FM-0014-LT");
  await card.getByRole("button", { name: `Approve ${label}` }).click();
  await expect(approver.getByText(`${label} approved`).first()).toBeVisible();

  await buyer.goto(url);
  await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");
  const ref = buyer.getByTestId("supplier-order-ref");
  await expect(ref).toHaveText(/^ord_[0-9a-f]{16}$/);
  // Hygrade holds orders over the account's threshold for its own approval.
  await expect(buyer.getByTestId("supplier-order-state")).toContainText("Held for approval at Hygrade");

  await advanceSandboxOrder(request, (await ref.textContent())!, "in_production");
  await buyer.reload();
  await expect(buyer.getByTestId("supplier-order-state")).toContainText("In production");
});

test("rejection: the reason is required and reaches the buyer", async ({ buyerPage: buyer, approverPage: approver }) => {
  await addToCart(buyer, "FM-0014-LT", 40);
  const { url, label } = await checkout(buyer, { costCenter: "CC-1100", poNumber: "PO-E2E-2" });

  await approver.goto("/approvals");
  const card = approver.getByTestId("approval-inbox").locator("li").filter({ hasText: label });
  await card.getByRole("button", { name: "Reject…" }).click();
  await card.getByRole("button", { name: `Reject ${label}` }).click();
  await expect(card.getByText(/Give the requester a reason/)).toBeVisible();
  await card.getByLabel(/Reason for rejecting/).fill("Over budget this quarter; order 20 instead.");
  await card.getByRole("button", { name: `Reject ${label}` }).click();
  await expect(approver.getByText(`${label} rejected`).first()).toBeVisible();

  await buyer.goto(url);
  await expect(buyer.getByText("Rejected").first()).toBeVisible();
  await expect(buyer.getByTestId("rejection-reason")).toHaveText("Over budget this quarter; order 20 instead.");
  await expect(buyer.getByTestId("supplier-order-state")).toContainText("Not sent");
});

test("below the threshold: approved at once and placed with Hygrade", async ({ buyerPage: buyer }) => {
  await addToCart(buyer, "FM-0014-LT", 2); // $49.00
  await buyer.goto("/checkout");
  const costCenter = buyer.getByLabel("Cost center");
  await costCenter.selectOption((await costCenter.locator("option", { hasText: "CC-4420" }).getAttribute("value"))!);
  await expect(buyer.getByTestId("approval-preview")).toContainText("No approval needed");
  await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-E2E-3" });
  await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");
  await expect(buyer.getByTestId("supplier-order-ref")).toHaveText(/^ord_[0-9a-f]{16}$/);
  await expect(buyer.getByTestId("supplier-order-state")).toContainText("Accepted by Hygrade");
});

test("checkout refuses a missing PO number and cost center, naming the field, and keeps the cart", async ({ buyerPage: buyer }) => {
  await addToCart(buyer, "FM-0014-LT", 1);
  await buyer.goto("/checkout");
  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer.getByText(/costCenterId|cost center/i).first()).toBeVisible();
  const costCenter = buyer.getByLabel("Cost center");
  await costCenter.selectOption((await costCenter.locator("option", { hasText: "CC-4420" }).getAttribute("value"))!);
  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer.getByText(/Enter a PO number/)).toBeVisible();
  await buyer.goto("/cart");
  await expect(buyer.locator('[data-testid="cart-line"][data-item-code="FM-0014-LT"]')).toBeVisible();
});
