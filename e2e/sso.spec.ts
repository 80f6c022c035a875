import { randomBytes } from "node:crypto";
import { startOidcSandbox, type OidcSandbox } from "../server/sandboxes/oidc/sandbox";
import { PORTAL_PORT } from "../playwright.config";
import { createCompany, expect, pageFor, test, userWithRole, type TestCompany } from "./fixtures";
import type { Page } from "@playwright/test";

/**
 * Single sign-on end to end in Chromium, against a real OpenID provider (oidc-provider) run by this spec on loopback:
 * an admin sets it up on /admin/sso, a person types their email at the portal, signs in on the provider's own page and
 * comes back signed in; the provider's wrong answers and the closed password path are refused on the login page.
 */
test.describe.configure({ mode: "serial" });

let idp: OidcSandbox;
let company: TestCompany;
const tag = randomBytes(4).toString("hex");
const domain = `sso-${tag}.example`;

test.beforeAll(async ({ request }) => {
  idp = await startOidcSandbox({ redirectUris: [`http://localhost:${PORTAL_PORT}/api/sso/callback`] });
  company = await createCompany(request);
});

test.afterAll(async () => {
  await idp?.close();
});

test.beforeEach(() => idp.tamper(null));

/** At the provider's own sign-in page (not the portal's): any login, any password. */
async function signInAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("whatever the provider checks");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

async function startAtPortal(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await expect(page.getByRole("button", { name: "Continue with single sign-on" })).toBeVisible();
  await page.getByRole("button", { name: "Continue with single sign-on" }).click();
}

test("an admin sets up single sign-on; a new person signs in at the provider and lands signed in with the roles of their group", async ({ browser }) => {
  const admin = await pageFor(browser, userWithRole(company, "admin").email, company.password);
  await admin.goto("/admin");
  await admin.getByRole("link", { name: "Single sign-on", exact: true }).click();
  await expect(admin.getByTestId("sso-redirect-uri")).toHaveText(`http://localhost:${PORTAL_PORT}/api/sso/callback`);
  // Plain http to a provider elsewhere is refused beside the field.
  await admin.getByLabel("Issuer").fill("http://login.example.com");
  await admin.getByLabel("Client id").fill(idp.clientId);
  await admin.getByLabel("Client secret").fill(idp.clientSecret);
  await admin.getByLabel("Allowed email domains").fill(domain);
  await admin.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(admin.getByText("Issuer must start with https://")).toBeVisible();
  await admin.getByLabel("Issuer").fill(idp.issuer);
  await admin.getByLabel("Role claim (optional)").fill("groups");
  await admin.getByRole("button", { name: "Add a mapping" }).click();
  await admin.getByLabel("Claim value 1").fill("Purchasing Approvers");
  await admin.getByRole("group", { name: "Roles for claim value 1" }).getByRole("checkbox", { name: "approver" }).check();
  await admin.getByRole("checkbox", { name: "Create people on their first sign-in" }).check();
  await admin.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(admin.getByText("Single sign-on saved.")).toBeVisible();
  await expect(admin.getByText(`Set, ends in ${idp.clientSecret.slice(-4)}. Leave empty to keep it.`)).toBeVisible();
  await admin.context().close();

  const email = `nia-${tag}@${domain}`;
  idp.setAccount(email, { email, name: "Nia Newcomer", groups: ["Purchasing Approvers", "Everyone"] });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/approvals");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fapprovals/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue with single sign-on" }).click();
  await signInAtProvider(page, email);
  await expect(page).toHaveURL(/\/approvals$/);
  await expect(page.getByRole("link", { name: "Approvals" }).first()).toBeVisible();
  await page.goto("/account/sessions");
  await expect(page.getByText("Nia Newcomer").first()).toBeVisible();
  await context.close();
});

test("the provider's ID token for another application is refused on the login page, and nobody is signed in", async ({ page }) => {
  idp.tamper({ kind: "wrong_audience" });
  await startAtPortal(page, `bo-${tag}@${domain}`);
  await signInAtProvider(page, `bo-${tag}@${domain}`);
  await expect(page).toHaveURL(/\/login\?sso_error=wrong_audience/);
  await expect(page.getByTestId("login-error")).toContainText("meant for another application (wrong audience)");
  await page.goto("/cart");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fcart/);
});

test("an email outside the company's domains is refused on the login page", async ({ page }) => {
  await startAtPortal(page, `cy-${tag}@${domain}`);
  // At the provider they are someone else, in a domain the company did not allow.
  await signInAtProvider(page, `cy-${tag}@elsewhere.example`);
  await expect(page.getByTestId("login-error")).toContainText("not in one of the domains this company signs in with");
});

test("once single sign-on is required, the company's password sign-in is refused with a message saying to use it", async ({ browser, request }) => {
  const admin = await pageFor(browser, userWithRole(company, "admin").email, company.password);
  await admin.goto("/admin/sso");
  await admin.getByRole("checkbox", { name: "Require single sign-on" }).check();
  await admin.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(admin.getByText("Single sign-on saved.")).toBeVisible();
  await admin.context().close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(userWithRole(company, "buyer").email);
  await page.getByLabel("Password").fill(company.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toContainText("Your company signs in with single sign-on");
  await page.goto("/cart");
  await expect(page).toHaveURL(/\/login/);
  await context.close();

  // Another company's people still sign in with their password.
  const other = await createCompany(request);
  const elsewhere = await pageFor(browser, userWithRole(other, "buyer").email, other.password);
  await elsewhere.goto("/cart");
  await expect(elsewhere.getByRole("heading", { name: "Cart" })).toBeVisible();
  await elsewhere.context().close();
});
