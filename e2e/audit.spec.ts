import { readFile } from "node:fs/promises";
import { expect, test, userWithRole } from "./fixtures";

test("an admin finds a failed sign-in in the audit log by filtering to sign-ins, and the CSV export holds it", async ({ page, company, adminPage: admin }) => {
  const buyer = userWithRole(company, "buyer").email;
  await page.goto("/login");
  await page.getByLabel("Email").fill(buyer);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toBeVisible();

  await admin.goto("/admin");
  await admin.getByRole("link", { name: /Audit log/ }).click();
  await expect(admin.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const filters = admin.getByRole("form", { name: "Filter the audit log" });
  await filters.getByLabel("What happened").selectOption({ label: "Sign-ins and failed sign-ins" });
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(admin).toHaveURL(/group=sign_ins/);
  const failed = admin.getByTestId("audit-entry").filter({ hasText: "Sign-in failed" }).filter({ hasText: buyer });
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText("Not signed in");
  // Only sign-ins are listed: the company's creation is not.
  await expect(admin.getByTestId("audit-entry").filter({ hasText: /created the company|Company created/i })).toHaveCount(0);

  const download = admin.waitForEvent("download");
  await admin.getByRole("link", { name: "Download CSV" }).click();
  const csv = await readFile(await (await download).path(), "utf8");
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  expect(header).toContain("action");
  const row = rows.find((r) => r.includes("Sign-in failed") && r.includes(buyer));
  expect(row).toContain("wrong password");
  expect(csv).not.toContain("not-the-password");
  // The export is the filter's rows only: sign-ins.
  expect(rows.every((r) => /Sign-in failed|Signed in|single sign-on|Password refused/i.test(r))).toBe(true);
});
