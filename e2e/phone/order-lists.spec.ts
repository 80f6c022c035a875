import type { Browser, Page, TestInfo } from "@playwright/test";
import { expect, signInThroughApi, test, userWithRole } from "../fixtures";
import { addToCart, openItemFromSearch } from "../helpers";

test.describe.configure({ timeout: 120_000 });

/** A second person on the same kind of phone as this project's (the `page` fixture is the first). */
async function phoneFor(browser: Browser, testInfo: TestInfo, email: string, password: string): Promise<Page> {
  const { viewport, userAgent, isMobile, hasTouch, deviceScaleFactor, baseURL } = testInfo.project.use;
  const context = await browser.newContext({ viewport, userAgent, isMobile, hasTouch, deviceScaleFactor, baseURL });
  await signInThroughApi(context, email, password);
  return context.newPage();
}

async function noSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
}

/** Buttons, form fields and list links in the page smaller than a fingertip (44 × 44); a checkbox counts its wrapping label. */
async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll(
      "main button, main input:not([type=hidden]), main select, main textarea, main [data-testid$='lists'] a, main [data-testid='list-item'] a",
    )) {
      let box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      const input = el as HTMLInputElement;
      if (input.type === "checkbox" && el.closest("label")) box = el.closest("label")!.getBoundingClientRect();
      if (box.width < 44 || box.height < 44)
        small.push(
          `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}" is ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
    }
    return small;
  });
}

test("a buyer saves the cart as a shared list; a colleague adds it all to their cart on a phone but cannot change it", async ({
  browser,
  page,
  company,
}, testInfo) => {
  const listName = `Site restock ${Date.now().toString(36)}`;
  const buyer = userWithRole(company, "buyer");
  await signInThroughApi(page.context(), buyer.email, company.password);

  // Buyer 1: a cart of one item, saved as a list shared with the company.
  await addToCart(page, "FM-0014-LT", 2);
  await page.goto("/cart");
  await page.getByRole("button", { name: "Save cart as an order list" }).click();
  const save = page.getByRole("form", { name: "Save cart as an order list" });
  // An empty name is refused on the field, and nothing is saved.
  await save.getByRole("button", { name: "Save list" }).click();
  await expect(save.getByText("Give the list a name")).toBeVisible();
  await save.getByLabel("List name").fill(listName);
  await save.getByLabel("Share with the company").check();
  await save.getByRole("button", { name: "Save list" }).click();
  await expect(page.getByText(`Saved as “${listName}” (1 item)`)).toBeVisible();

  // …and one more item from its page, with its usual quantity.
  await openItemFromSearch(page, "BR-0023-BB");
  await page.getByRole("button", { name: "Add to an order list" }).click();
  const addForm = page.getByRole("form", { name: "Add to an order list" });
  await addForm.getByLabel("List", { exact: true }).selectOption({ label: `${listName} (1 item)` });
  await addForm.getByLabel(/Usual quantity/).fill("3");
  await addForm.getByRole("button", { name: "Add to list" }).click();
  await expect(addForm.getByText(`Added 3 of BR-0023-BB to "${listName}".`)).toBeVisible();

  // The owner puts the items in the order they walk the stock room in; the colleague sees that order too.
  await page.goto("/lists");
  await page
    .getByTestId("my-lists")
    .getByRole("link", { name: new RegExp(listName) })
    .click();
  const ownerItems = page.getByTestId("list-item");
  await expect(ownerItems.first()).toContainText("FM-0014-LT");
  await page.getByRole("button", { name: "Move BR-0023-BB up" }).click();
  await expect(ownerItems.first()).toContainText("BR-0023-BB");
  await expect(page.getByRole("button", { name: "Move BR-0023-BB up" })).toBeDisabled();

  // Buyer 2, on a phone at the narrowest width: the list is under "Shared with the company".
  const colleague = await phoneFor(browser, testInfo, userWithRole(company, "buyer2").email, company.password);
  try {
    await colleague.setViewportSize({ width: 360, height: 760 });
    await colleague.goto("/lists");
    const sharedLists = colleague.getByTestId("shared-lists");
    await expect(sharedLists.getByRole("link", { name: new RegExp(listName) })).toContainText("2 items");
    await expect(colleague.getByTestId("my-lists")).toHaveCount(0);
    await noSideways(colleague);
    expect(await smallTapTargets(colleague)).toEqual([]);
    await sharedLists.getByRole("link", { name: new RegExp(listName) }).click();

    await expect(colleague.getByRole("heading", { level: 1 })).toHaveText(listName);
    await expect(colleague.getByText("only they can change it")).toBeVisible();
    // Not theirs to change: no rename, share, delete or quantity fields.
    await expect(colleague.getByRole("button", { name: "Rename" })).toHaveCount(0);
    await expect(colleague.getByRole("button", { name: /Delete/ })).toHaveCount(0);
    await expect(colleague.getByRole("spinbutton")).toHaveCount(0);
    await expect(colleague.getByRole("button", { name: /^Move / })).toHaveCount(0);
    await expect(colleague.getByTestId("list-item").first()).toContainText("BR-0023-BB");
    await expect(colleague.getByTestId("list-item").filter({ hasText: "FM-0014-LT" }).getByTestId("usual-quantity")).toContainText("2");

    await colleague.getByRole("button", { name: "Add all to cart" }).click();
    const outcome = colleague.getByTestId("add-all-outcome");
    await expect(outcome.getByText("Added 2 of 2 items to your cart")).toBeVisible();
    await noSideways(colleague);
    expect(await smallTapTargets(colleague)).toEqual([]);

    await outcome.getByRole("link", { name: "Go to cart" }).click();
    await expect(colleague).toHaveURL(/\/cart$/);
    await expect(colleague.locator('[data-testid="cart-line"][data-item-code="FM-0014-LT"]').getByLabel("Quantity of FM-0014-LT")).toHaveValue("2");
    await expect(colleague.locator('[data-testid="cart-line"][data-item-code="BR-0023-BB"]').getByLabel("Quantity of BR-0023-BB")).toHaveValue("3");
  } finally {
    await colleague.context().close();
  }

  // The owner still can, on the same narrow screen: quantities, rename, and delete behind a confirmation.
  await page.setViewportSize({ width: 360, height: 760 });
  await page.goto("/lists");
  await page
    .getByTestId("my-lists")
    .getByRole("link", { name: new RegExp(listName) })
    .click();
  await expect(page.getByLabel("Usual quantity of FM-0014-LT")).toHaveValue("2");
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByRole("button", { name: "Delete list" }).click();
  await noSideways(page);
  expect(await smallTapTargets(page)).toEqual([]);
  await page.getByRole("button", { name: "Keep it" }).click();
  await page.getByRole("form", { name: "Rename list" }).getByLabel("List name").fill(`${listName} (weekly)`);
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${listName} (weekly)`);
  await page.getByRole("button", { name: "Delete list" }).click();
  await page.getByRole("button", { name: "Yes, delete it" }).click();
  await expect(page).toHaveURL(/\/lists$/);
  await expect(page.getByText(`${listName} (weekly)`)).toHaveCount(0);
});
