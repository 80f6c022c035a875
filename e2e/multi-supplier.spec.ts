import { createCompany, expect, pageFor, test, userWithRole } from "./fixtures";
import { addSupplierItemFromSearch, addToCart, approveFromInbox, chooseCostCenter } from "./helpers";

test("one search finds items from Hygrade and Yodify, naming the supplier of each", async ({ buyerPage: page }) => {
  await page.goto("/catalog?q=tape");
  const suppliers = page.getByTestId("catalog-results").getByTestId("result-supplier");
  await expect(suppliers.first()).toBeVisible();
  const names = new Set(await suppliers.allTextContents());
  expect(names).toEqual(new Set(["Hygrade", "Yodify"]));

  // Narrowing to one supplier leaves only its items.
  // The box follows the URL, so it turns checked once the page has moved to the narrowed search.
  const yodify = page.getByRole("group", { name: "Suppliers" }).getByLabel("Yodify");
  await yodify.click();
  await expect(yodify).toBeChecked();
  await expect(page).toHaveURL(/supplier=/);
  await expect(suppliers.filter({ hasNotText: "Yodify" })).toHaveCount(0);
  await expect(suppliers.first()).toHaveText("Yodify");
});

test("a two-supplier cart checks out into two supplier orders, both placed after approval", async ({ browser, request }) => {
  const company = await createCompany(request, { policy: "approver" });
  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  await addToCart(buyer, "FM-0014-LT", 2);

  // A Yodify item, found by name and opened from its result.
  await addSupplierItemFromSearch(buyer, "tape measure", "Yodify", 1);

  await buyer.goto("/checkout");
  await expect(buyer.getByText("Ship to (Hygrade)")).toBeVisible();
  await expect(buyer.getByText("Ship to (Yodify)")).toBeVisible();
  await chooseCostCenter(buyer, "CC-4420");
  await buyer.getByLabel(/PO number/).fill("PO-TWO-SUPPLIERS");
  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
  const label = (await buyer.getByRole("heading", { level: 1 }).textContent())!.trim();
  await expect(buyer.getByTestId("supplier-order-state")).toHaveCount(2);

  const approver = await pageFor(browser, userWithRole(company, "approver").email, company.password);
  await approveFromInbox(approver, label);

  // Each supplier order goes through its own connector: two supplier references.
  await buyer.reload();
  await expect(buyer.getByTestId("supplier-order-ref")).toHaveCount(2, { timeout: 30_000 });
  const refs = await buyer.getByTestId("supplier-order-ref").allTextContents();
  expect(new Set(refs).size).toBe(2);
  await buyer.context().close();
  await approver.context().close();
});

test("admins see each supplier's catalog mirror and can sync it again; buyers cannot", async ({ adminPage: admin, buyerPage: buyer }) => {
  await admin.goto("/admin/catalog-sync");
  const cards = admin.getByTestId("catalog-sync").locator("li");
  await expect(cards).toHaveCount(2);
  await expect(cards.filter({ hasText: "Hygrade" }).getByTestId("mirrored-items")).toHaveText("529");
  await expect(cards.filter({ hasText: "Yodify" }).getByTestId("mirrored-items")).not.toHaveText("0");
  await admin.getByRole("button", { name: "Sync Yodify now" }).click();
  await expect(admin.getByText("Syncing Yodify's catalog now.")).toBeVisible();
  await expect(cards.filter({ hasText: "Yodify" }).getByText("Up to date")).toBeVisible();

  await buyer.goto("/admin/catalog-sync");
  await expect(buyer.getByRole("alert").filter({ hasText: /\w/ })).toContainText("This needs the admin role.");
});
