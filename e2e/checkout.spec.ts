import { expect, test } from "./fixtures";
import { addSupplierItemFromSearch, addToCart, chooseCostCenter } from "./helpers";

test("checkout keeps what the buyer typed across reload, back and forward, until it is submitted", async ({ buyerPage: buyer }) => {
  await addToCart(buyer, "FM-0014-LT", 2);
  await addSupplierItemFromSearch(buyer, "tape measure", "Yodify", 1);
  await buyer.goto("/checkout");
  await chooseCostCenter(buyer, "CC-4420");
  await buyer.getByLabel(/PO number/).fill("PO-DRAFT-7");
  await buyer.getByLabel(/Note for the approver/).fill("Leave at the loading dock");
  const hygradeAddresses = buyer.getByRole("group", { name: "Ship to (Hygrade)" }).getByRole("radio");
  await expect(hygradeAddresses).not.toHaveCount(1);
  await hygradeAddresses.last().check();

  await buyer.reload();
  await expect(buyer.getByLabel(/PO number/)).toHaveValue("PO-DRAFT-7");
  await expect(buyer.getByLabel(/Note for the approver/)).toHaveValue("Leave at the loading dock");
  await expect(hygradeAddresses.last()).toBeChecked();

  await buyer.goto("/cart");
  await buyer.goBack();
  await expect(buyer).toHaveURL(/\/checkout$/);
  await expect(buyer.getByLabel(/PO number/)).toHaveValue("PO-DRAFT-7");
  await buyer.goForward();
  await buyer.goBack();
  await expect(buyer.getByLabel(/Note for the approver/)).toHaveValue("Leave at the loading dock");

  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
  // Submitted: the next checkout starts clean.
  await addToCart(buyer, "FM-0014-LT", 1);
  await buyer.goto("/checkout");
  await expect(buyer.getByLabel(/PO number/)).toHaveValue("");
  await expect(buyer.getByLabel(/Note for the approver/)).toHaveValue("");
});

test("checkout says who needs a PO number, takes the buyer to a refused field, and refuses a long note instead of cutting it", async ({ buyerPage: buyer }) => {
  await addToCart(buyer, "FM-0014-LT", 12);
  await buyer.goto("/checkout");
  await chooseCostCenter(buyer, "CC-4420");
  // Marked required before anything is typed, with who asks for it.
  await expect(buyer.getByLabel("PO number (required)")).toBeVisible();
  await expect(buyer.getByText(/requires one on every order/)).toBeVisible();
  // The summary names the item, not only its code.
  await expect(buyer.getByRole("heading", { name: "Summary" }).locator("..")).toContainText("12 × Letterhead");

  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer.getByText(/Enter a PO number/)).toBeVisible();
  await expect(buyer.getByLabel(/PO number/)).toBeFocused();
  await expect(buyer).toHaveURL(/\/checkout$/);

  const note = buyer.getByLabel(/Note for the approver/);
  const countdown = buyer.getByTestId("character-countdown");
  await expect(countdown).toHaveText("1,000 of 1,000 characters left");
  await note.fill("x".repeat(995));
  await expect(countdown).toHaveText("5 of 1,000 characters left");
  const tooLong = `${"word ".repeat(200)}end`;
  await note.fill(tooLong);
  // Nothing is cut: the whole text stays in the box.
  await expect(note).toHaveValue(tooLong);
  await expect(countdown).toHaveText("3 characters over the 1,000-character limit: shorten it to submit");
  await buyer.getByLabel(/PO number/).fill("PO-LONG-NOTE");
  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer.getByText("Note can be at most 1,000 characters; this one has 1003")).toBeVisible();
  await expect(note).toBeFocused();
  await expect(buyer).toHaveURL(/\/checkout$/);
});

test("an address line the supplier gives ('Dock 4') is kept from the address book to the requisition", async ({ buyerPage: buyer }) => {
  await addSupplierItemFromSearch(buyer, "tape measure", "Yodify", 1);
  await buyer.goto("/checkout");
  await chooseCostCenter(buyer, "CC-4420");
  await expect(buyer.getByRole("group", { name: "Ship to" })).toContainText("1200 Commerce Park Dr, Dock 4, Dayton, OH 45402, US");
  await buyer.getByLabel(/PO number/).fill("PO-DOCK-4");
  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
  await expect(buyer.getByTestId("supplier-order-ship-to")).toContainText("1200 Commerce Park Dr, Dock 4, Dayton");
});

test("a quantity typed as '1e3' is refused, not read as a thousand units", async ({ buyerPage: buyer }) => {
  await addToCart(buyer, "FM-0014-LT", 1);
  await buyer.goto("/cart");
  const quantity = buyer.getByLabel("Quantity of FM-0014-LT");
  await quantity.fill("1e3");
  await quantity.press("Enter");
  await expect(buyer.getByText("Quantity must be a whole number in digits, like 12")).toBeVisible();
  await buyer.reload();
  await expect(buyer.getByLabel("Quantity of FM-0014-LT")).toHaveValue("1");
});

test("the chain preview shows Hygrade's own hold as part of the way to the supplier", async ({ buyerPage: buyer }) => {
  await addToCart(buyer, "FM-0014-LT", 30);
  await buyer.goto("/checkout");
  await chooseCostCenter(buyer, "CC-4420");
  await expect(buyer.getByTestId("supplier-hold-preview")).toHaveText(
    "Then Hygrade holds it for its own approval (over $500.00): an approver decides it in the portal under Approvals, Waiting at the supplier.",
  );
});

test("a needed-by date goes with the requisition and says which suppliers get it", async ({ buyerPage: buyer }) => {
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await addToCart(buyer, "FM-0014-LT", 1);
  await addSupplierItemFromSearch(buyer, "tape measure", "Yodify", 1);
  await buyer.goto("/checkout");
  await chooseCostCenter(buyer, "CC-4420");
  await expect(buyer.getByText("Shown to your approvers and sent to Yodify with the order; Hygrade takes no date through its API.")).toBeVisible();
  await buyer.getByLabel("Needed by (optional)").fill(inAWeek);
  await buyer.getByLabel(/PO number/).fill("PO-NEEDED-BY");
  await buyer.getByRole("button", { name: "Submit requisition" }).click();
  await expect(buyer).toHaveURL(/\/requisitions\/[0-9a-f-]{36}/);
  const neededBy = buyer.getByTestId("requisition-needed-by");
  await expect(neededBy).toContainText("Needed by");
  await expect(neededBy).toContainText("Sent to Yodify with the order.");
  await expect(neededBy).toContainText("Hygrade's API takes no date");
});
