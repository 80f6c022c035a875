import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { HYGRADE_SANDBOX_PORT } from "../playwright.config";

export interface TestCompany {
  companyId: string;
  connectionId: string;
  name: string;
  password: string;
  users: { id: string; email: string; name: string; roles: string[] }[];
  costCenters: { id: string; code: string; name: string }[];
}

export const sandboxUrl = `http://127.0.0.1:${HYGRADE_SANDBOX_PORT}`;

/** A company of our own for each test, made through the running portal's test hooks. */
export async function createCompany(
  request: APIRequestContext,
  options: { approvalThresholdMinor?: number | null; policy?: "default" | "owner-then-finance" | "approver" } = {},
): Promise<TestCompany> {
  const response = await request.post("/api/test-hooks/company", { data: options });
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()) as TestCompany;
}

/** Signs in through next-auth's credentials endpoint (not the form), so the browser context carries the session cookie. */
export async function signInThroughApi(context: BrowserContext, email: string, password: string): Promise<void> {
  const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(response.status());
  const cookies = await context.cookies();
  expect(
    cookies.some((c) => c.name.includes("next-auth.session-token")),
    `no session for ${email}`,
  ).toBeTruthy();
}

export async function pageFor(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  await signInThroughApi(context, email, password);
  return context.newPage();
}

export const userWithRole = (company: TestCompany, prefix: "buyer" | "approver" | "buyer2" | "admin" | "ap") => {
  const user = company.users.find((u) => u.email.startsWith(`${prefix}-`));
  if (!user) throw new Error(`no ${prefix} in ${company.name}`);
  return user;
};

export const test = base.extend<{ company: TestCompany; buyerPage: Page; approverPage: Page; adminPage: Page }>({
  company: async ({ request }, use) => use(await createCompany(request)),
  buyerPage: async ({ browser, company }, use) => {
    const page = await pageFor(browser, userWithRole(company, "buyer").email, company.password);
    await use(page);
    await page.context().close();
  },
  approverPage: async ({ browser, company }, use) => {
    const page = await pageFor(browser, userWithRole(company, "approver").email, company.password);
    await use(page);
    await page.context().close();
  },
  adminPage: async ({ browser, company }, use) => {
    const page = await pageFor(browser, userWithRole(company, "admin").email, company.password);
    await use(page);
    await page.context().close();
  },
});

export { expect };

/** Moves a Hygrade order on, as Hygrade's own process would over days. */
export async function advanceSandboxOrder(request: APIRequestContext, hygradeOrderId: string, status?: string) {
  const response = await request.post(`${sandboxUrl}/_sandbox/orders/${hygradeOrderId}/advance`, { data: status ? { status } : {} });
  expect(response.ok(), await response.text()).toBeTruthy();
}

export async function sandboxFaults(request: APIRequestContext, kind: "status5xx" | "status429" | "latency" | "drop", count: number) {
  const response = await request.post(`${sandboxUrl}/_sandbox/faults`, { data: { kind, count } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

/** Runs the reminder and escalation pass for one company as if `advanceHours` had passed (the portal's test clock). */
export async function advanceClock(request: APIRequestContext, companyId: string, advanceHours: number): Promise<{ reminded: number; escalated: number }> {
  const response = await request.post("/api/test-hooks/clock", { data: { companyId, advanceHours } });
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()) as { reminded: number; escalated: number };
}
