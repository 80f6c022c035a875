import { expect, test } from "./fixtures";
import { addToCart, chooseCostCenter } from "./helpers";

test("an admin sets the company's PO number format; checkout says it and refuses a PO number that does not fit", async ({
  adminPage: admin,
  buyerPage: buyer,
  company,
}) => {
  await admin.goto("/admin");
  await admin.getByRole("link", { name: "Company settings" }).click();
  await admin.getByLabel("PO number format (optional)").fill("PO-######");
  await admin.getByLabel("Example PO number").fill("PO-12");
  await admin.getByRole("button", { name: "Save settings" }).click();
  // The example is checked against the format before anything is saved.
  await expect(admin.getByText("The example PO-12 does not fit the format PO-###### (PO- then 6 digits).")).toBeVisible();
  await admin.getByLabel("Example PO number").fill("PO-004211");
  await admin.getByLabel("Time zone").selectOption("Europe/Berlin");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Settings saved.")).toBeVisible();
  await expect(admin.getByTestId("settings-history")).toContainText("PO number format from none to PO-######");
  await expect(admin.getByTestId("settings-history")).toContainText("Time zone from UTC to Europe/Berlin");

  await addToCart(buyer, "FM-0014-LT", 1);
  await buyer.goto("/checkout");
  await chooseCostCenter(buyer, "CC-4420");
  const format = `${company.name}'s PO numbers are PO- then 6 digits, like PO-004211.`;
  await expect(buyer.getByText(format)).toBeVisible();
  await buyer.getByLabel(/PO number/).fill("4211");
  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer.locator("p.text-red-700", { hasText: format })).toBeVisible();
  await expect(buyer.getByLabel(/PO number/)).toBeFocused();
  await buyer.getByLabel(/PO number/).fill("PO-004211");
  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
});
