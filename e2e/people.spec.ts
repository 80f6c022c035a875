import { expect, test } from "./fixtures";

test("an admin invites someone; they open the link in their own browser, choose a password and land signed in with the invited roles", async ({
  adminPage: admin,
  browser,
}) => {
  const email = `newcomer-${Date.now()}@people.example`;
  await admin.goto("/admin");
  await admin.getByRole("link", { name: "People", exact: true }).click();
  await admin.getByLabel("Name", { exact: true }).fill("Nico Newcomer");
  await admin.getByLabel("Work email").fill(email.toUpperCase());
  await admin.getByRole("checkbox", { name: "approver", exact: true }).check();
  await admin.getByRole("button", { name: "Send the invitation" }).click();
  await expect(admin.getByText(`${email} is invited`)).toBeVisible();
  const link = (await admin.getByTestId("invitation-link").textContent())!.trim();
  await expect(admin.getByTestId("invitation").filter({ hasText: email })).toContainText("buyer, approver");

  // Inviting the same person again is refused beside the email field.
  await admin.getByLabel("Name", { exact: true }).fill("Nico Again");
  await admin.getByLabel("Work email").fill(email);
  await admin.getByRole("button", { name: "Send the invitation" }).click();
  await expect(admin.getByText(/was already invited on .+; resend or revoke/)).toBeVisible();

  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: /^Join / })).toBeVisible();
  await expect(invitee.getByText(email)).toBeVisible();
  await invitee.getByLabel("Password").fill("short");
  await invitee.getByRole("button", { name: /^Join / }).click();
  await expect(invitee.getByText("Choose a password of at least 12 characters.")).toBeVisible();
  await invitee.getByLabel("Password").fill("velvet harbour morning lamp");
  await invitee.getByRole("button", { name: /^Join / }).click();
  await expect(invitee).toHaveURL(/\/$|\/catalog/);
  await expect(invitee.getByRole("link", { name: "Approvals" }).first()).toBeVisible();

  // The link worked once: opened again, it says so.
  await invitee.goto(link);
  await expect(invitee.getByText("This invitation was already used. Sign in with your email and password.")).toBeVisible();

  await admin.reload();
  const person = admin.getByTestId("person").filter({ hasText: email });
  await expect(person).toContainText("buyer, approver");

  // The admin puts them in a group; their own account page says so.
  const group = `Night shift ${Date.now()}`;
  const newGroup = admin.getByTestId("new-group");
  await newGroup.getByLabel("Name of the new group").fill(group);
  await newGroup.getByRole("checkbox", { name: "Nico Newcomer" }).check();
  await newGroup.getByRole("button", { name: "Add the group" }).click();
  await expect(person).toContainText(`in ${group}`);
  await invitee.goto("/account");
  await expect(invitee.getByText(`member of ${group}`)).toBeVisible();

  // Deactivated, they are signed out at once: their next page is the sign-in page.
  await person.getByRole("button", { name: "Deactivate" }).click();
  await person.getByRole("button", { name: "Deactivate Nico Newcomer" }).click();
  await expect(person).toContainText("deactivated");
  await invitee.reload();
  await expect(invitee).toHaveURL(/\/login/);
  await context.close();
});
