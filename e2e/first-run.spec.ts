import { expect, test } from "@playwright/test";
import { setupCodeFor } from "../server/companies/setup-code";
import { E2E_SESSION_SECRET, FRESH_HYGRADE_SANDBOX_PORT, FRESH_PORTAL_PORT } from "../playwright.config";

// The second portal of the run: an empty database and no demo company (DEMO_SEED=0).
test.use({ baseURL: `http://localhost:${FRESH_PORTAL_PORT}` });
const FRESH_HYGRADE = `http://127.0.0.1:${FRESH_HYGRADE_SANDBOX_PORT}`;

test("on an empty portal, its installer creates the company and the first admin, is signed in, connects and tests a supplier", async ({ page }) => {
  await page.goto("/");
  // Nobody can sign in yet: the portal sends its visitor to set it up.
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Company name").fill("Northwind Traders");
  await page.getByLabel("Currency").fill("EUR");
  await page.getByLabel("Time zone").selectOption("Europe/Berlin");
  await page.getByLabel("Your name").fill("Nora North");
  await page.getByLabel("Your work email").fill("nora@northwind.example");
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Setup code").fill("WRONG-CODE");
  await page.getByRole("button", { name: "Create the company" }).click();
  await expect(page.getByText(/That is not the setup code/)).toBeVisible();

  await page.getByLabel("Setup code").fill(setupCodeFor(E2E_SESSION_SECRET));
  await page.getByRole("button", { name: "Create the company" }).click();
  await expect(page.getByText("Choose a password of at least 12 characters.")).toBeVisible();
  await page.getByLabel("Password").fill("orchard lantern river stone");
  await page.getByRole("button", { name: "Create the company" }).click();

  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByText("Settings for everyone at Northwind Traders.")).toBeVisible();
  const steps = page.getByTestId("setup-step");
  await expect(steps).toHaveText(["○Connect a supplier(to do)", "○Add cost centers(to do)", "○Invite people(to do)", "○Review the approval policy(to do)"]);

  // The first step: connect Hygrade (this portal's own sandbox), first with a mistyped secret, and test it.
  await page.getByRole("link", { name: "Connect a supplier" }).click();
  await page.getByRole("button", { name: "Add a connection" }).click();
  const form = page.getByRole("form", { name: "Add connection" });
  await form.getByLabel("Name buyers see").fill("Hygrade");
  await form.getByLabel("Base URL").fill(`${FRESH_HYGRADE}/v1`);
  await form.getByLabel("Token URL").fill(`${FRESH_HYGRADE}/oauth/token`);
  await form.getByLabel("Client id").fill("portal-demo");
  await form.getByLabel("Client secret").fill("hygrade-sandbox-secrte");
  await form.getByLabel("Customer id").fill("ACME001");
  await form.getByRole("button", { name: "Add connection" }).click();
  const hygrade = page.getByTestId("connections").getByRole("listitem").filter({ hasText: "Hygrade" });
  await hygrade.getByRole("button", { name: "Test connection" }).click();
  await expect(hygrade.getByText("The connection does not work yet.")).toBeVisible();
  await expect(hygrade.getByTestId("connection-test-steps")).toContainText("✗ Sign in (token)");
  await hygrade.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("form", { name: "Change connection" }).getByLabel("Client secret").fill("hygrade-sandbox-secret");
  await page.getByRole("button", { name: "Save changes" }).click();
  // Tested once the new secret is saved: a test clicked while the save is on its way would try the old one.
  await expect(page.getByRole("form", { name: "Change connection" })).toBeHidden();
  await hygrade.getByRole("button", { name: "Test connection" }).click();
  await expect(hygrade.getByText("The connection works.")).toBeVisible();
  await expect(hygrade.getByTestId("connection-test-steps")).toContainText("✓ Read one page of the catalog");
  await page.goto("/admin");
  await expect(steps.first()).toHaveText("✓Connect a supplier(done)");

  // Set up once: the form is gone for good, and the company settings say what was chosen.
  await page.goto("/admin/company");
  await expect(page.getByLabel("Currency")).toHaveValue("EUR");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
  await page.context().clearCookies();
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill("nora@northwind.example");
  await page.getByLabel("Password").fill("orchard lantern river stone");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Northwind Traders").first()).toBeVisible();
});
