import type { APIResponse, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { addToCart, checkout } from "../helpers";

// The worker is registered by production builds only, which is what Playwright runs against.

/** Resolves once the service worker controls this page, so what follows goes through it. */
async function waitForWorker(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

/** Whether a saved copy of `path` is on the device (the worker saves in the background after the page shows). */
const saved = (page: Page, path: string) => page.evaluate((p) => caches.match(p, { ignoreVary: true }).then((r) => !!r), path);

/** The requisition page's data comes through tRPC in the browser; the worker saves each query of a batch on its own. */
const savedQuery = (page: Page, procedure: string) =>
  page.evaluate(async (name) => {
    for (const cacheName of await caches.keys()) {
      const keys = await (await caches.open(cacheName)).keys();
      if (keys.some((k) => decodeURIComponent(k.url).includes(`/${name}?`))) return true;
    }
    return false;
  }, procedure);

test("order history viewed online stays readable offline; other pages show the offline page; signing out forgets it", async ({ buyerPage: page }) => {
  // Buying, then waiting out a hanging network once.
  test.setTimeout(120_000);
  // The worker first, so its install does not race the buying below.
  await page.goto("/requisitions");
  await waitForWorker(page);
  await addToCart(page, "FM-0014-LT", 2);
  const { url, label } = await checkout(page, { costCenter: "CC-4420", poNumber: "PO-OFFLINE-1" });
  const detailPath = new URL(url).pathname;

  await page.goto("/requisitions");
  // Viewed while the worker is in charge: the list by full loads (saving over an earlier copy), the requisition through the app's own link.
  await page.reload();
  await page.getByTestId("requisition-list").getByRole("link").filter({ hasText: label }).click();
  await expect(page).toHaveURL(new RegExp(`${detailPath}$`));
  await expect(page.getByText("PO-OFFLINE-1")).toBeVisible();
  await expect.poll(() => saved(page, "/requisitions")).toBe(true);
  await expect.poll(() => saved(page, detailPath)).toBe(true);
  await expect.poll(() => savedQuery(page, "requisitions.get")).toBe(true);

  // Home too: what the installed app opens first.
  await page.goto("/");
  await expect.poll(() => saved(page, "/")).toBe(true);

  // A network that answers nothing (rather than failing) gets the saved copy after a few seconds, not an endless spinner.
  const origin = new URL(page.url()).origin;
  await page.context().addCookies([{ name: "portal-test-stall", value: "30000", url: origin }]);
  const startedAt = Date.now();
  await page.goto("/requisitions");
  await expect(page.getByRole("status").filter({ hasText: "copy saved on this device" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("requisition-list")).toContainText(label);
  expect(Date.now() - startedAt).toBeLessThan(25_000);
  await page.context().clearCookies({ name: "portal-test-stall" });

  await page.context().setOffline(true);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: /^Good to see you/, level: 1 })).toBeVisible();
  await expect(page.getByTestId("reorder-last")).toContainText(label);
  await expect(page.getByRole("status").filter({ hasText: "copy saved on this device" })).toBeVisible();

  await page.goto("/requisitions");
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(page.getByTestId("requisition-list")).toContainText(label);
  await expect(page.getByRole("status").filter({ hasText: "copy saved on this device" })).toBeVisible();

  // The link's client-side fetch fails offline; Next.js then loads the page in full, which the worker answers.
  await page.getByTestId("requisition-list").getByRole("link").filter({ hasText: label }).click();
  await expect(page.getByRole("heading", { name: label, level: 1 })).toBeVisible();
  await expect(page.getByText("PO-OFFLINE-1")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "copy saved on this device" })).toBeVisible();

  for (const path of ["/spend", "/catalog?q=zzz"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "You are offline", level: 1 })).toBeVisible();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(path);
  }
  await page.getByRole("link", { name: "Your orders, as last viewed" }).click();
  await expect(page.getByTestId("requisition-list")).toContainText(label);

  await page.goto("/catalog?q=letterhead");
  await expect(page.getByRole("heading", { name: "You are offline", level: 1 })).toBeVisible();
  await page.context().setOffline(false);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("catalog-results")).toContainText("FM-0014-LT");
  await expect(page.getByRole("status").filter({ hasText: "copy saved on this device" })).toHaveCount(0);

  // The next person on this device must not read these orders.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(() => saved(page, "/requisitions")).toBe(false);
  await expect.poll(() => saved(page, detailPath)).toBe(false);
  await expect.poll(() => savedQuery(page, "requisitions.get")).toBe(false);
  await page.context().setOffline(true);
  await page.goto("/requisitions");
  await expect(page.getByRole("heading", { name: "You are offline", level: 1 })).toBeVisible();
  await expect(page.getByText(label)).toHaveCount(0);
  await page.context().setOffline(false);
});

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(body: Buffer): { width: number; height: number } {
  expect(body.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(body.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
}

async function expectPng(response: APIResponse, size: number) {
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/png");
  expect(pngSize(await response.body())).toEqual({ width: size, height: size });
}

test("the manifest and icons let the portal install to the home screen", async ({ page, request }) => {
  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
  expect(appleIcon).toBeTruthy();
  await expectPng(await request.get(appleIcon!), 180);

  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("manifest+json");
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ name: "Buyer Portal", start_url: "/", display: "standalone", theme_color: "#1f5fd6" });
  expect(manifest.short_name.length).toBeLessThanOrEqual(12);
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? "any"}`).sort()).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
  for (const icon of manifest.icons) {
    expect(icon.type).toBe("image/png");
    await expectPng(await request.get(icon.src), Number(icon.sizes.split("x")[0]));
  }
});
