import { devices, type Browser, type Locator, type Page } from "@playwright/test";
import { advanceClock, createCompany, expect, pageFor, signInThroughApi, test as base, userWithRole, type TestCompany } from "./fixtures";
import { addToCart, checkout } from "./helpers";

// Three or four people in separate browsers take turns on one requisition: more steps than the other specs, so more time.
base.describe.configure({ timeout: 120_000 });

type Policy = "default" | "owner-then-finance" | "approver";

/** Each test gets its own company with the approval policy its describe block asks for, and a page for Bo Second too. */
const test = base.extend<{ policy: Policy; buyer2Page: Page }>({
  policy: ["approver", { option: true }],
  company: async ({ request, policy }, use) => use(await createCompany(request, { policy })),
  buyer2Page: async ({ browser, company }, use) => {
    const page = await pageFor(browser, userWithRole(company, "buyer2").email, company.password);
    await use(page);
    await page.context().close();
  },
});

/** One requisition's card in the signed-in approver's inbox. */
async function inboxCard(page: Page, label: string): Promise<Locator> {
  await page.goto("/approvals");
  const card = page
    .getByTestId("approval-inbox")
    .locator("li")
    .filter({ has: page.getByRole("link", { name: label, exact: true }) });
  await expect(card).toBeVisible();
  return card;
}

/** The inbox's notice about what was just decided: the sticky message above the list, with its Dismiss button. */
const notice = (page: Page) => page.getByRole("status").filter({ has: page.getByRole("button", { name: "Dismiss" }) });

async function phoneFor(browser: Browser, company: TestCompany, role: "approver"): Promise<Page> {
  // Pixel 7 is a Chromium device: same browser and launch options as the config's, only a phone's viewport, touch and user agent.
  const context = await browser.newContext({ ...devices["Pixel 7"] });
  await signInThroughApi(context, userWithRole(company, role).email, company.password);
  return context.newPage();
}

test.describe("owner then finance", () => {
  test.use({ policy: "owner-then-finance" });

  test("a two-level chain is previewed at checkout, approved by the owner then Finance, and the order is placed with Hygrade", async ({
    buyerPage: buyer,
    approverPage: abe,
    buyer2Page: bo,
    company,
  }) => {
    const abeName = userWithRole(company, "approver").name;
    const boName = userWithRole(company, "buyer2").name;

    await addToCart(buyer, "FM-0014-LT", 5); // 5 x $24.50 = $122.50
    await buyer.goto("/checkout");
    const costCenter = buyer.getByLabel("Cost center");
    await costCenter.selectOption((await costCenter.locator("option", { hasText: "CC-4420" }).getAttribute("value"))!);
    const preview = buyer.getByTestId("approval-preview");
    await expect(preview).toContainText("Needs approval");
    const levels = preview.getByRole("listitem");
    await expect(levels).toHaveCount(2);
    await expect(levels.nth(0)).toContainText(`Level 1: ${abeName}`);
    await expect(levels.nth(0)).toContainText("because total $122.50 is over $100.00");
    await expect(levels.nth(1)).toContainText(`Level 2: ${boName}`);
    await expect(levels.nth(1)).toContainText("because total $122.50 is over $100.00");

    const { url, label } = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-CHAIN-1" });
    await expect(buyer.getByText("Waiting for approval").first()).toBeVisible();
    const chain = buyer.getByTestId("approval-chain");
    await expect(chain).toContainText(`Next: ${abeName}`);
    await expect(chain.getByTestId("approval-step")).toHaveCount(2);

    // Level 2 is not Bo's yet.
    await bo.goto("/approvals");
    await expect(bo.getByText("Nothing is waiting for you.")).toBeVisible();

    const abeCard = await inboxCard(abe, label);
    await expect(abeCard).toContainText("Level 1 of 2");
    await expect(abeCard).toContainText("$122.50");
    await abeCard.getByRole("button", { name: `Approve ${label}` }).click();
    await expect(notice(abe)).toContainText(`${label} approved at level 1; it now waits for level 2.`);
    await expect(abe.getByRole("link", { name: label, exact: true })).toHaveCount(0);

    const boCard = await inboxCard(bo, label);
    await expect(boCard).toContainText("Level 2 of 2");
    await boCard.getByRole("button", { name: `Approve ${label}` }).click();
    await expect(notice(bo)).toContainText(`${label} approved. The order goes to the supplier now.`);

    await buyer.goto(url);
    await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(label);
    await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");
    const steps = buyer.getByTestId("approval-chain").getByTestId("approval-step");
    await expect(steps.nth(0)).toContainText("Level 1");
    await expect(steps.nth(0)).toContainText(`Approved by ${abeName}`);
    await expect(steps.nth(1)).toContainText("Level 2");
    await expect(steps.nth(1)).toContainText(`Approved by ${boName}`);
    await expect(buyer.getByTestId("approval-next")).toHaveCount(0);
    // The outbox sends it to Hygrade; the page keeps itself current until the supplier's state shows.
    await expect(buyer.getByTestId("supplier-order-ref")).toHaveText(/^ord_[0-9a-f]{16}$/);
    await expect(buyer.getByTestId("supplier-order-state")).toContainText("Accepted by Hygrade");
  });
});

test.describe("one approver", () => {
  test.use({ policy: "approver" });

  test("a rejected requisition is edited and resubmitted as revision 2 and approved", async ({ buyerPage: buyer, approverPage: abe, company }) => {
    const abeName = userWithRole(company, "approver").name;
    await addToCart(buyer, "FM-0014-LT", 6); // $147.00
    const { url, label } = await checkout(buyer, { costCenter: "CC-1100", poNumber: "PO-RESUB-1" });

    const card = await inboxCard(abe, label);
    await card.getByRole("button", { name: "Reject…" }).click();
    await card.getByLabel(`Reason for rejecting ${label}`).fill("Six is too many; order four.");
    await card.getByRole("button", { name: `Reject ${label}` }).click();
    await expect(notice(abe)).toContainText(`${label} rejected`);

    await buyer.goto(url);
    await expect(buyer.getByText("Rejected").first()).toBeVisible();
    await expect(buyer.getByTestId("rejection-reason")).toHaveText("Six is too many; order four.");
    await expect(buyer.getByText(`Rejected by ${abeName}`).first()).toBeVisible();

    const form = buyer.getByRole("form", { name: "Edit and resubmit" });
    await expect(form).toBeVisible();
    await form.getByLabel("Quantity of FM-0014-LT").fill("4");
    await form.getByRole("button", { name: `Resubmit ${label}` }).click();
    await expect(buyer.getByTestId("resubmitted")).toContainText(`${label} resubmitted as revision 2`);
    await expect(buyer.getByTestId("resubmitted")).toContainText("Waiting for approval");
    await expect(buyer.getByText("Revision", { exact: true })).toBeVisible();
    await expect(buyer.getByRole("heading", { name: "Earlier revisions" })).toBeVisible();
    await expect(buyer.getByTestId("earlier-revisions")).toContainText("Revision 1 · 1 line");
    await expect(buyer.getByTestId("earlier-revisions")).toContainText("$147.00");
    await expect(buyer.getByTestId("approval-chain")).toContainText(`Next: ${abeName}`);
    await expect(buyer.getByRole("form", { name: "Edit and resubmit" })).toHaveCount(0);

    const again = await inboxCard(abe, label);
    await expect(again).toContainText("$98.00"); // 4 x $24.50
    await again.getByRole("button", { name: `Approve ${label}` }).click();
    await expect(notice(abe)).toContainText(`${label} approved. The order goes to the supplier now.`);

    await buyer.goto(url);
    await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");
    await expect(buyer.getByTestId("approval-step").first()).toContainText(`Approved by ${abeName}`);
    await expect(buyer.getByTestId("supplier-order-ref")).toHaveText(/^ord_[0-9a-f]{16}$/);
  });

  test("out of office: Bo stands in for Abe and approves as a delegate until Abe ends it", async ({
    buyerPage: buyer,
    approverPage: abe,
    buyer2Page: bo,
    company,
  }) => {
    const abeName = userWithRole(company, "approver").name;
    const boName = userWithRole(company, "buyer2").name;

    await abe.goto("/approvals");
    const today = await abe.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    });
    await abe.getByLabel("Who stands in for you").selectOption({ label: boName });
    await expect(abe.getByLabel("First day away")).toHaveValue(today);
    await abe.getByLabel("Last day away").fill(today);
    await abe.getByRole("button", { name: "Set out of office" }).click();
    await expect(abe.getByText(`${boName} stands in for you from ${today} to ${today}.`)).toBeVisible();
    const mine = abe.getByRole("list", { name: "Who stands in for you" });
    await expect(mine).toContainText("In force now");

    await bo.goto("/approvals");
    await expect(bo.getByRole("list", { name: "Whom you stand in for" })).toContainText(`You stand in for ${abeName}`);

    await addToCart(buyer, "FM-0014-LT", 2);
    const { url, label } = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-OOO-1" });

    const card = await inboxCard(bo, label);
    await expect(card).toContainText(`Standing in for ${abeName}`);
    await card.getByRole("button", { name: `Approve ${label}` }).click();
    await expect(notice(bo)).toContainText(`${label} approved`);

    await buyer.goto(url);
    await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");
    const step = buyer.getByTestId("approval-step").first();
    await expect(step).toContainText(`Approved by ${abeName}`);
    await expect(step).toContainText("approved by a delegate");
    await expect(buyer.getByTestId("requisition-history")).toContainText("As a delegate, for an approver who is away");

    // Abe is back: Bo no longer gets his items.
    await abe.reload();
    await abe.getByRole("button", { name: `End delegation to ${boName}` }).click();
    await expect(abe.getByText("Delegation ended. Your approvals come only to you again.")).toBeVisible();
    await expect(abe.getByRole("list", { name: "Who stands in for you" })).toHaveCount(0);

    await addToCart(buyer, "FM-0014-LT", 3);
    const second = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-OOO-2" });
    await inboxCard(abe, second.label);
    await bo.goto("/approvals");
    await expect(bo.getByText("Nothing is waiting for you.")).toBeVisible();
    await expect(bo.getByRole("link", { name: second.label, exact: true })).toHaveCount(0);
    await expect(bo.getByRole("list", { name: "Whom you stand in for" })).toHaveCount(0);
  });

  test("a waiting requisition reminds its approver after 24 h and escalates to the admins after 48 h", async ({
    buyerPage: buyer,
    approverPage: abe,
    adminPage: ada,
    company,
    request,
  }) => {
    const adaName = userWithRole(company, "admin").name;
    await addToCart(buyer, "FM-0014-LT", 2);
    const { url, label } = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-ESC-1" });

    // Abe was told when it arrived; he has read that, so the bell is quiet.
    await abe.goto("/notifications");
    await expect(abe.getByTestId("notification-list")).toContainText(label);
    await abe.getByRole("button", { name: "Mark all as read" }).click();
    await expect(abe.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
    // Nothing yet waits long enough to remind anyone.
    expect(await advanceClock(request, company.companyId, 1)).toEqual({ reminded: 0, escalated: 0 });

    expect(await advanceClock(request, company.companyId, 25)).toEqual({ reminded: 1, escalated: 0 });
    await abe.goto("/approvals");
    await expect(abe.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible();
    await abe.getByRole("link", { name: "Notifications, 1 unread" }).click();
    await expect(abe.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
    const reminder = abe
      .getByTestId("notification-list")
      .locator("li")
      .filter({ hasText: `Reminder: ${label} still waits for your approval` });
    await expect(reminder).toBeVisible();
    await expect(reminder).toContainText("New");

    // Ada is not in the chain yet.
    await ada.goto("/approvals");
    await expect(ada.getByText("Nothing is waiting for you.")).toBeVisible();

    expect(await advanceClock(request, company.companyId, 49)).toEqual({ reminded: 0, escalated: 1 });
    const card = await inboxCard(ada, label);
    await expect(card.getByText("Escalated", { exact: true })).toBeVisible();
    await card.getByRole("button", { name: `Approve ${label}` }).click();
    await expect(notice(ada)).toContainText(`${label} approved. The order goes to the supplier now.`);

    await buyer.goto(url);
    await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");
    const step = buyer.getByTestId("approval-step").first();
    await expect(step).toContainText("Escalated to admins");
    await expect(step).toContainText(`Approved by ${adaName} (admin, after escalation)`);
    await expect(buyer.getByTestId("requisition-history")).toContainText(`the portal escalated it to the admins (${adaName})`);
  });

  test("on a phone the approver approves with one tap and rejects with a typed reason, with no sideways scrolling", async ({
    browser,
    buyerPage: buyer,
    company,
  }) => {
    await addToCart(buyer, "FM-0014-LT", 3);
    const older = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-PHONE-1" });
    await addToCart(buyer, "FM-0014-LT", 4);
    const newer = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-PHONE-2" });

    const phone = await phoneFor(browser, company, "approver");
    const noSidewaysScroll = async () => expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(412);
    try {
      expect(phone.viewportSize()?.width).toBe(412);
      // Oldest first: the newer one is further down the list, below the first card.
      const top = await inboxCard(phone, older.label);
      const lower = phone
        .getByTestId("approval-inbox")
        .locator("li")
        .filter({ has: phone.getByRole("link", { name: newer.label, exact: true }) });
      await expect(lower).toBeVisible();
      await noSidewaysScroll();

      // Tap 1 of at most 2: the item's own Approve button. No confirmation is asked for.
      await lower.getByRole("button", { name: `Approve ${newer.label}` }).tap();
      await expect(notice(phone)).toContainText(`${newer.label} approved. The order goes to the supplier now.`);
      await expect(phone.getByRole("link", { name: newer.label, exact: true })).toHaveCount(0);
      // The approver sees the outcome where they are, without scrolling back up.
      await expect(notice(phone)).toBeInViewport();
      await noSidewaysScroll();

      await top.getByRole("button", { name: "Reject…" }).tap();
      const reason = top.getByLabel(`Reason for rejecting ${older.label}`);
      await reason.tap();
      await reason.pressSequentially("Not this month, sorry");
      await noSidewaysScroll();
      await top.getByRole("button", { name: `Reject ${older.label}` }).tap();
      await expect(notice(phone)).toContainText(`${older.label} rejected`);
      await expect(phone.getByText("Nothing is waiting for you.")).toBeVisible();
      await expect(notice(phone)).toBeInViewport();
      await noSidewaysScroll();
    } finally {
      await phone.context().close();
    }

    await buyer.goto(older.url);
    await expect(buyer.getByTestId("rejection-reason")).toHaveText("Not this month, sorry");
    await buyer.goto(newer.url);
    await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");
  });

  test("an approver takes one line out with a reason and approves the rest", async ({ buyerPage: buyer, approverPage: abe, company }) => {
    const abeName = userWithRole(company, "approver").name;
    await addToCart(buyer, "FM-0014-LT", 2); // $49.00
    await addToCart(buyer, "BR-0023-BB", 1); // $75.30
    const { url, label } = await checkout(buyer, { costCenter: "CC-4420", poNumber: "PO-LINES-1" });
    await expect(buyer.getByText("$124.30").first()).toBeVisible();

    const card = await inboxCard(abe, label);
    await expect(card).toContainText("$124.30");
    await card.getByRole("button", { name: "Reject this line… BR-0023-BB" }).click();
    await card.getByLabel("Reason for rejecting BR-0023-BB").fill("We have coffee until January");
    await card.getByRole("button", { name: `Approve the rest of ${label}` }).click();
    await expect(notice(abe)).toContainText(`${label} approved. The order goes to the supplier now.`);

    await buyer.goto(url);
    await expect(buyer.getByTestId("requisition-status")).toHaveText("Ordered");
    const coffee = buyer.getByRole("row").filter({ hasText: "BR-0023-BB" });
    await expect(coffee.getByTestId("line-rejected-reason")).toHaveText("Rejected by approver: We have coffee until January");
    // Struck through: its quantity and its total (the cells a sighted buyer reads).
    await expect(coffee.getByRole("cell").nth(1)).toHaveCSS("text-decoration-line", "line-through");
    await expect(coffee.getByRole("cell").last()).toHaveCSS("text-decoration-line", "line-through");
    const letterhead = buyer.getByRole("row").filter({ hasText: "FM-0014-LT" });
    await expect(letterhead.getByRole("cell").last()).not.toHaveCSS("text-decoration-line", "line-through");
    await expect(letterhead.getByTestId("line-rejected-reason")).toHaveCount(0);
    // The requisition's total is what is still bought.
    // No earlier order with Hygrade to estimate tax and shipping from: the expected total is the kept lines.
    await expect(buyer.getByTestId("requisition-total")).toHaveText("$49.00");
    await expect(buyer.getByTestId("requisition-history")).toContainText(`${abeName} took lines out of it.`);
    await expect(buyer.getByTestId("requisition-history")).toContainText("New total $49.00");
    await expect(buyer.getByTestId("approval-step").first()).toContainText(`Approved by ${abeName}`);
    await expect(buyer.getByTestId("supplier-order-ref")).toHaveText(/^ord_[0-9a-f]{16}$/);
  });
});
