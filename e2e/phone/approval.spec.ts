import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { createCompany, expect, pageFor, signInThroughApi, test, userWithRole, type TestCompany } from "../fixtures";
import { addToCart, checkout } from "../helpers";

// A buyer at a desk, an approver on the phone (this project's device), and two requisitions between them.
test.describe.configure({ timeout: 120_000 });

/** A $1 budget on CC-4420 for this month, so both requisitions arrive flagged over budget (set through tRPC as the admin; the admin screens are covered elsewhere). */
async function tinyBudget(request: APIRequestContext, company: TestCompany) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: userWithRole(company, "admin").email, password: company.password, json: "true" },
    maxRedirects: 0,
  });
  const now = new Date();
  const period = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
  const costCenterId = company.costCenters.find((c) => c.code === "CC-4420")!.id;
  const response = await request.post("/api/trpc/costCenters.addBudget", { data: { json: { costCenterId, period, amount: "1.00" } } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

/** The card in the phone's inbox for one requisition. */
const card = (phone: Page, label: string): Locator =>
  phone
    .getByTestId("approval-inbox")
    .locator("li")
    .filter({ has: phone.getByRole("link", { name: label, exact: true }) });

/** True when `locator`'s middle is what a finger there would touch: not under the bottom bar or anything else. */
async function reachable(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  });
}

test("on a phone the approver approves in two taps from the bottom bar, and rejects with a reason typed on the phone", async ({
  browser,
  page: phone,
  request,
}) => {
  const company = await createCompany(request, { policy: "approver" });
  await tinyBudget(request, company);

  const buyer = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
  try {
    await addToCart(buyer, "FM-0014-LT", 3);
    const first = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-PHONE-1" });
    await addToCart(buyer, "FM-0014-LT", 4);
    const second = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-PHONE-2" });

    // The approver, on this project's phone, starts from the home page.
    await signInThroughApi(phone.context(), userWithRole(company, "approver").email, company.password);
    await phone.goto("/");
    const bottomBar = phone.getByRole("navigation", { name: "Main (phone)" });
    await expect(bottomBar).toBeVisible();

    // Tap 1: the Approvals tab in the bottom bar.
    await bottomBar.getByRole("link", { name: /^Approvals/ }).tap();
    await expect(phone).toHaveURL(/\/approvals$/);
    const toApprove = card(phone, second.label);
    // What the approver decides on is on the card as it stands, with nothing to expand: total, cost center, over budget.
    await expect(toApprove).toContainText(/\$\d[\d,]*\.\d\d/);
    await expect(toApprove).toContainText("CC-4420");
    await expect(toApprove.getByText("Over budget", { exact: true })).toBeVisible();
    await expect(toApprove.getByTestId("inbox-budget")).toContainText("leaves -$");

    // Tap 2: Approve. No confirmation follows.
    await toApprove.getByRole("button", { name: `Approve ${second.label}` }).tap();
    // The inbox's notice above the list (the one with Dismiss), seen without scrolling back up.
    const notice = phone.getByRole("status").filter({ has: phone.getByRole("button", { name: "Dismiss" }) });
    await expect(notice).toContainText(`${second.label} approved`);
    await expect(notice).toBeInViewport();

    // Reject the other one with a reason typed on the phone.
    const toReject = card(phone, first.label);
    await toReject.getByRole("button", { name: "Reject…" }).tap();
    const reason = toReject.getByLabel(`Reason for rejecting ${first.label}`);
    await expect(reason).toBeVisible();
    await reason.tap();
    await expect(reason).toBeFocused();
    await expect(reason).toBeInViewport();
    // The bottom bar gives way while the keyboard is up, so it cannot sit over the field or its button.
    await expect(bottomBar).toBeHidden();
    expect(await reachable(reason), "the reason field is covered").toBe(true);
    await reason.pressSequentially("Not this month, sorry");
    const rejectButton = toReject.getByRole("button", { name: `Reject ${first.label}` });
    await rejectButton.scrollIntoViewIfNeeded();
    expect(await reachable(rejectButton), "the Reject button is covered").toBe(true);
    await rejectButton.tap();
    await expect(notice).toContainText(`${first.label} rejected`);
    await expect(phone.getByText("Nothing is waiting for you.")).toBeVisible();

    // The buyer sees both outcomes, and the reason in the approver's words.
    await buyer.goto(first.url);
    await expect(buyer.getByText("Rejected", { exact: true }).first()).toBeVisible();
    await expect(buyer.getByTestId("rejection-reason")).toHaveText("Not this month, sorry");
    await buyer.goto(second.url);
    await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");
  } finally {
    await buyer.context().close();
  }
});
