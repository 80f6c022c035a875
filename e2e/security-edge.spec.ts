import { expect, test } from "./fixtures";

test("every answer carries the security headers, and a page's scripts run under its own nonce", async ({ page, request }) => {
  const answer = await request.get("/login");
  const headers = answer.headers();
  const csp = headers["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers).toMatchObject({
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
  });
  expect(headers["permissions-policy"]).toContain("camera=()");
  // Over plain http (this run) there is no HSTS: a browser ignores it there.
  expect(headers["strict-transport-security"]).toBeUndefined();
  // Each request its own nonce.
  const again = (await request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);
  // API answers too.
  expect((await request.get("/api/trpc/setup.status")).headers()["x-content-type-options"]).toBe("nosniff");

  // The page works under the policy: nothing is refused, and the form reacts (its scripts ran).
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  const document = await page.goto("/login");
  // Browsers hide a nonce from getAttribute once the policy took it; the property still holds it.
  const nonce = await page
    .locator("script[nonce]")
    .first()
    .evaluate((script: HTMLScriptElement) => script.nonce);
  expect(nonce).toBeTruthy();
  expect(document!.headers()["content-security-policy"]).toContain(`'nonce-${nonce}'`);
  await page.getByLabel("Email").fill("nobody@example.com");
  await expect(page.getByRole("button", { name: /continue|sign in/i }).first()).toBeEnabled();
  expect(refused).toEqual([]);
});

test("a signed-in page cannot be framed, even by the portal's own origin", async ({ adminPage: admin, baseURL }) => {
  // The page answers the person (they are signed in), marked so that nothing may frame it.
  const answer = await admin.request.get("/approvals");
  expect(answer.status()).toBe(200);
  expect(answer.headers()["x-frame-options"]).toBe("DENY");
  expect(answer.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  // And the browser refuses to show it in a frame on the portal's own origin: the frame holds Chromium's error page.
  await admin.goto("/");
  await admin.setContent(`<iframe id="f" src="${new URL("/approvals", baseURL).toString()}"></iframe>`, { waitUntil: "domcontentloaded" });
  await expect
    .poll(
      () =>
        admin
          .frames()
          .find((f) => f !== admin.mainFrame())
          ?.url() ?? "",
      { timeout: 20_000 },
    )
    .toMatch(/^chrome-error:/);
  await expect(admin.frameLocator("#f").getByRole("heading", { name: "Approvals" })).toHaveCount(0);
});

test("a state change from another site is refused, with the person's own cookie", async ({ adminPage: admin, baseURL }) => {
  const call = (headers: Record<string, string>) =>
    admin.request.post("/api/trpc/groups.create", {
      data: { json: { name: `Crafted ${Date.now()}` } },
      headers: { "content-type": "application/json", ...headers },
    });
  const fromEvil = await call({ origin: "http://evil.example" });
  expect(fromEvil.status()).toBe(403);
  expect(await fromEvil.text()).toContain("another site");
  expect((await call({ "sec-fetch-site": "cross-site" })).status()).toBe(403);
  expect((await call({ "sec-fetch-site": "same-site", origin: "http://shop.localhost" })).status()).toBe(403);
  // The same call from the portal's own page goes through (the person is an admin).
  const own = await call({ origin: new URL(baseURL!).origin, "sec-fetch-site": "same-origin" });
  expect(own.status()).toBe(200);
});

test("the test hooks answer only this run's token", async ({ playwright, baseURL }) => {
  const stranger = await playwright.request.newContext({ baseURL, extraHTTPHeaders: {} });
  expect((await stranger.post("/api/test-hooks/company", { data: {} })).status()).toBe(404);
  expect((await stranger.post("/api/test-hooks/clock", { data: {}, headers: { "x-portal-test-hooks-token": "guess" } })).status()).toBe(404);
  await stranger.dispose();
});

test("an oversized body and an overlong batch are refused before any procedure runs", async ({ adminPage: admin, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const big = await admin.request.post("/api/trpc/groups.create", {
    data: { json: { name: "x".repeat(2 * 1024 * 1024) } },
    headers: { "content-type": "application/json", origin },
  });
  expect(big.status()).toBe(413);
  expect(await big.text()).toContain("larger than the 1024 KB");
  const paths = Array.from({ length: 100 }, () => "me.get").join(",");
  const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [i, {}]))));
  const batch = await admin.request.get(`/api/trpc/${paths}?batch=1&input=${input}`);
  expect(batch.status()).toBe(400);
  expect(await batch.text()).toContain("Batch call exceeds maximum size");
  // A batch a page would send still works.
  expect((await admin.request.get(`/api/trpc/me.get,me.get?batch=1&input=${encodeURIComponent('{"0":{},"1":{}}')}`)).status()).toBe(200);
});
