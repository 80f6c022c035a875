import { readFile } from "node:fs/promises";
import { expect, pageFor, test, userWithRole } from "./fixtures";
import { addToCart } from "./helpers";

const monthLabel = () => new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date());

test("a budget set by an admin shows in checkout, makes an over-budget order need approval, and adds up in the spend report", async ({
  adminPage: admin,
  buyerPage: buyer,
  company,
  browser,
}) => {
  const month = monthLabel();

  // The admin gives Facilities $100 for this month, then raises it to $200 with a reason.
  await admin.goto("/admin/cost-centers");
  await admin.getByTestId("cost-center-row-CC-4420").getByRole("link", { name: "CC-4420" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("CC-4420 · Facilities");
  const addForm = admin.getByRole("form", { name: "Add budget" });
  await expect(addForm.getByTestId("add-budget-period")).toHaveText(`For ${month}`);
  await addForm.getByLabel("Amount", { exact: true }).fill("100");
  await addForm.getByRole("button", { name: "Add budget" }).click();
  await expect(admin.getByText(`Budget of $100.00 added for ${month}.`)).toBeVisible();

  // The same period again is refused, and says which budget it clashes with.
  await addForm.getByLabel("Amount", { exact: true }).fill("50");
  await addForm.getByRole("button", { name: "Add budget" }).click();
  await expect(addForm.getByText(`CC-4420 already has a budget for ${month}`, { exact: false })).toBeVisible();
  // A negative amount is refused at its field.
  await addForm.getByLabel("Amount", { exact: true }).fill("-5");
  await addForm.getByRole("button", { name: "Add budget" }).click();
  await expect(addForm.getByText("A budget cannot be negative")).toBeVisible();

  await admin.getByRole("button", { name: `Change budget for ${month}` }).click();
  const change = admin.getByTestId("change-budget-form");
  await change.getByLabel("New amount").fill("200");
  await change.getByLabel("Reason for the change").fill("Office move this month");
  await change.getByRole("button", { name: "Save change" }).click();
  await expect(admin.getByText(`Budget for ${month} changed from $100.00 to $200.00.`)).toBeVisible();
  await expect(admin.getByTestId("budget-history-entry").filter({ hasText: "Office move this month" })).toContainText("Changed from $100.00 to $200.00");

  // The buyer's 9 letterhead packs ($220.50) would overdraw it: checkout says so before submitting.
  await addToCart(buyer, "FM-0014-LT", 9);
  await buyer.goto("/checkout");
  const costCenter = buyer.getByLabel("Cost center");
  await costCenter.selectOption(await costCenter.locator("option", { hasText: "CC-4420" }).getAttribute("value"));
  const budget = buyer.getByTestId("cost-center-budget");
  await expect(budget).toContainText(`CC-4420 · ${month} budget $200.00: $200.00 left`);
  await expect(budget).toContainText("This order leaves -$20.50 — over budget, so it will need approval.");
  await expect(buyer.getByTestId("approval-preview")).toContainText("because over budget on CC-4420 ($200.00 left)");
  await buyer.getByLabel(/PO number/).fill("PO-BUDGET-1");
  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
  await expect(buyer.getByText("Over budget", { exact: true })).toBeVisible();

  // The approver sees the same figure in the inbox.
  const approver = await pageFor(browser, userWithRole(company, "approver").email, company.password);
  await approver.goto("/approvals");
  await expect(approver.getByTestId("inbox-budget")).toContainText(`CC-4420 ${month} budget $200.00: leaves -$20.50 with this order`);
  await approver.context().close();

  // The report shows it reserved against the budget, and the CSV carries the same row in major units.
  await admin.goto("/spend");
  const byCostCenter = admin.getByTestId("spend-by-cost-center");
  const row = byCostCenter.getByRole("row").filter({ hasText: "CC-4420" });
  await expect(row).toContainText("$220.50");
  await expect(row).toContainText("Over budget");
  await expect(admin.getByTestId("spend-budget-vs-actual")).toContainText(month);
  const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("link", { name: "Download spend by cost center as CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^spend-by-cost-center-\d{4}-01-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("Cost center,Name,Currency,Reserved,Committed,Total,Budget,Remaining");
  expect(csv).toContain("CC-4420,Facilities,USD,220.50,0.00,220.50,200.00,-20.50\r\n");
});

test("spend and budgets stay with admins and cost center owners", async ({ buyerPage: buyer, approverPage: owner }) => {
  await buyer.goto("/spend");
  // (Next's route announcer is an empty alert too; ours is the one with words.)
  await expect(buyer.getByRole("alert").filter({ hasText: /\w/ })).toHaveText("Spend reports are for admins and cost center owners.");
  await buyer.goto("/admin/cost-centers");
  await expect(buyer.getByRole("alert").filter({ hasText: /\w/ })).toContainText("This needs the admin role.");
  // The approver owns Facilities only: the report offers that one and no other.
  await owner.goto("/spend");
  await expect(owner.getByRole("heading", { name: "Spend", level: 1 })).toBeVisible();
  await expect(owner.getByLabel("Cost center").locator("option")).toHaveText(["All cost centers", "CC-4420 · Facilities"]);
});
