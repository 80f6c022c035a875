import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { DEMO_PASSWORD } from "../server/demo/seed";
import { HYGRADE_SANDBOX_CLIENT_SECRET } from "../server/sandboxes/hygrade/sandbox";
import { HYPATOS_SANDBOX_CLIENT_SECRET } from "../server/sandboxes/hypatos/data";
import { ORDERCLOUD_SANDBOX_CLIENT_SECRET } from "../server/sandboxes/ordercloud/data";
import { ORDERSPACE_SANDBOX_CLIENT_SECRET } from "../server/sandboxes/orderspace/data";
import { YODIFY_SANDBOX_CLIENT_SECRET } from "../server/sandboxes/yodify/sandbox";
import { expect, test } from "./fixtures";
import { E2E_SESSION_SECRET } from "../playwright.config";

const SUPPLIER_SECRETS = [
  HYGRADE_SANDBOX_CLIENT_SECRET,
  YODIFY_SANDBOX_CLIENT_SECRET,
  ORDERSPACE_SANDBOX_CLIENT_SECRET,
  ORDERCLOUD_SANDBOX_CLIENT_SECRET,
  HYPATOS_SANDBOX_CLIENT_SECRET,
];

/** Secrets the machine that built the portal holds: its environment's and the .env files next build reads. */
async function buildTimeSecrets(): Promise<string[]> {
  const named = /SECRET|TOKEN|PASSWORD|PASSPHRASE|PRIVATE|_KEY$|CREDENTIAL/i;
  const values = Object.entries(process.env)
    .filter(([name, value]) => named.test(name) && value && value.length >= 8)
    .map(([, value]) => value!);
  for (const file of [".env", ".env.local", ".env.production", ".env.production.local"]) {
    const text = await readFile(file, "utf8").catch(() => "");
    for (const line of text.split("\n")) {
      const match = /^\s*([A-Z0-9_]+)\s*=\s*"?([^"\n]*)"?\s*$/.exec(line);
      if (match && named.test(match[1]!) && match[2]!.length >= 8) values.push(match[2]!);
    }
  }
  return values;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

test("the built client bundle holds no secret and no server-only code", async () => {
  const files = await filesUnder(".next/static");
  const scripts = files.filter((f) => f.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(10);
  const secrets = [...SUPPLIER_SECRETS, DEMO_PASSWORD, E2E_SESSION_SECRET, ...(await buildTimeSecrets())];
  // Names only server code uses: a client chunk holding one carries that code (and what it reads) to every browser.
  const serverOnly = ["password_hash", "client_secret_sealed", "PORTAL_ENCRYPTION_KEY", "NEXTAUTH_SECRET", "drizzle-orm"];
  const found: string[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8");
    for (const secret of secrets) if (text.includes(secret)) found.push(`${file}: a secret (${secret.slice(0, 3)}…)`);
    for (const name of serverOnly) if (text.includes(name)) found.push(`${file}: ${name}`);
  }
  expect(found).toEqual([]);
});

test("pages an admin opens, the supplier connections among them, never carry a supplier's secret", async ({ adminPage: admin }) => {
  for (const page of ["/admin/connections", "/admin/accounts-payable", "/admin/sso", "/admin/scim", "/catalog"]) {
    const answer = await admin.goto(page);
    expect(answer?.status(), page).toBe(200);
    const html = await admin.content();
    const served = (await answer!.text()) + html;
    for (const secret of [...SUPPLIER_SECRETS, E2E_SESSION_SECRET]) expect(served.includes(secret), `${page} holds a secret`).toBe(false);
  }
});
