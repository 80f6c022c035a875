import { createCompany, expect, pageFor, test, userWithRole } from "./fixtures";
import { addToCart, checkout } from "./helpers";

test("a reason past its limit is counted down and refused, never cut, and the requisition stays as it was", async ({ browser, request }) => {
  const company = await createCompany(request, { policy: "approver" });
  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  await addToCart(buyer, "FM-0014-LT", 1);
  const { label, url } = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-LIMITS" });
  const approver = await pageFor(browser, userWithRole(company, "approver").email, company.password);
  try {
    await approver.goto("/approvals");
    await approver.getByRole("button", { name: "Reject…" }).first().click();
    const reason = approver.getByLabel(`Reason for rejecting ${label} (the requester sees this)`);
    const pasted = `${"Not this quarter ".repeat(59)}end`; // 1,006 characters
    await reason.fill(pasted);
    await expect(reason).toHaveValue(pasted);
    await expect(approver.getByTestId("character-countdown")).toHaveText("6 characters over the 1,000-character limit: shorten it to submit");
    await approver.getByRole("button", { name: `Reject ${label}` }).click();
    await expect(approver.getByText("Reason can be at most 1,000 characters")).toBeVisible();

    await buyer.goto(url);
    await expect(buyer.getByTestId("requisition-status")).toHaveText("Waiting for approval");
  } finally {
    await buyer.context().close();
    await approver.context().close();
  }
});
