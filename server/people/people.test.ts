import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, outbox, users } from "@/db/schema";
import { signIn, verifyCredentials } from "@/server/auth";
import { sendDueInvitations } from "@/server/jobs/outbox";
import { createMailer } from "@/server/notifications/email";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";
import { startMailbox } from "@/server/testing/mailbox";

const password = "harness-password";
const chosen = "copper kettle morning tide";
const tokenOf = (link: string) => link.replace(/^\/invite\//, "");

describe.each(databaseKinds)("people and invitations on %s", (kind) => {
  let h: Harness;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    [h, mailbox] = await Promise.all([startHarness(kind), startMailbox()]);
    acme = await h.createCompany({
      name: "Acme People",
      users: [
        { email: "ada@acme-people.example", name: "Ada Admin", password, roles: ["admin"] },
        { email: "bea@acme-people.example", name: "Bea Buyer", password, roles: ["buyer"] },
      ],
    });
    other = await h.createCompany({ name: "Other Co", users: [{ email: "olga@other-people.example", name: "Olga Other", password, roles: ["admin"] }] });
  });
  afterAll(async () => Promise.all([h?.close(), mailbox?.close()]));

  const ada = () => acme.callerFor("ada@acme-people.example");
  const bea = () => acme.callerFor("bea@acme-people.example");
  const olga = () => other.callerFor("olga@other-people.example");
  const mailer = () => createMailer(mailbox.url, { portalUrl: "http://portal.test" });
  const sendMail = () => sendDueInvitations(h.db, new Date(Date.now() + 60_000), 10, { mailer: mailer() });
  const usersWithEmail = async (email: string) =>
    h.db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  const mailTo = (email: string) => mailbox.received.filter((m) => m.to.includes(email));

  it("invites someone by email; they choose a password from the link and sign in with the roles the admin chose", async () => {
    const invited = await ada().people.invite({ email: "  Carl@Acme-People.example ", name: "Carl Cole", roles: ["buyer", "approver"] });
    expect(invited).toMatchObject({ email: "carl@acme-people.example", link: expect.stringMatching(/^\/invite\/[A-Za-z0-9_-]{43}$/) });
    const listed = await ada().people.list();
    expect(listed.invitations).toEqual([
      expect.objectContaining({ email: "carl@acme-people.example", name: "Carl Cole", state: "pending", link: invited.link, invitedBy: "Ada Admin" }),
    ]);

    // The email goes through the outbox to a real SMTP server, holding the same link as the admin's copy.
    expect(await sendMail()).toMatchObject({ sent: 1 });
    const [mail] = mailTo("carl@acme-people.example");
    expect(mail!.raw).toContain("Subject: Ada Admin invited you to Acme People on the Buyer Portal");
    expect(mail!.raw.replace(/=\r\n/g, "")).toContain(`http://portal.test${invited.link}`);

    const token = tokenOf(invited.link);
    expect(await h.anonymous().invitations.get({ token })).toMatchObject({ state: "pending", companyName: "Acme People", email: "carl@acme-people.example" });
    const weak = await rejection(h.anonymous().invitations.accept({ token, password: "carl-at-work-2026" }));
    expect(weak).toMatchObject({ code: "BAD_REQUEST", field: "password", message: "Choose a password that does not contain your email address." });
    expect(await usersWithEmail("carl@acme-people.example")).toHaveLength(0);

    expect(await h.anonymous().invitations.accept({ token, password: chosen })).toEqual({ email: "carl@acme-people.example" });
    const signedIn = await verifyCredentials(h.db, { email: "Carl@acme-people.example", password: chosen });
    expect(signedIn).toMatchObject({ companyId: acme.companyId, name: "Carl Cole", roles: ["buyer", "approver"] });
    // Signed in as the portal signs people in: a session of his own, in Acme, with the invited roles.
    const session = await signIn(h.db, { email: "carl@acme-people.example", password: chosen }, {});
    expect(await h.callerForSession(session!.sessionId).me.get()).toMatchObject({ companyName: "Acme People", roles: ["buyer", "approver"] });

    const after = await ada().people.list();
    expect(after.invitations).toEqual([]);
    expect(after.people.find((p) => p.email === "carl@acme-people.example")).toMatchObject({ roles: ["buyer", "approver"], active: true });
    const joined = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.joined"), eq(auditLog.subjectId, signedIn!.id)));
    expect(joined).toHaveLength(1);
    expect(await ada().company.checklist()).toContainEqual(expect.objectContaining({ key: "people", done: true }));
  });

  it("lets a link be used once: a second or a simultaneous submit makes no second person", async () => {
    const { link } = await ada().people.invite({ email: "dora@acme-people.example", name: "Dora Dunn", roles: ["buyer"] });
    const token = tokenOf(link);
    const both = await Promise.allSettled([
      h.anonymous().invitations.accept({ token, password: chosen }),
      h.anonymous().invitations.accept({ token, password: chosen }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const again = await rejection(h.anonymous().invitations.accept({ token, password: chosen }));
    expect(again).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/already used\. Sign in/) });
    expect(await h.anonymous().invitations.get({ token })).toMatchObject({ state: "accepted" });
    expect(await usersWithEmail("dora@acme-people.example")).toHaveLength(1);
  });

  it("refuses an expired link and tells the admin it expired; no email goes out for it", async () => {
    const { id, link } = await ada().people.invite({ email: "eli@acme-people.example", name: "Eli Eng", roles: ["buyer"] });
    await h.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, id));
    const token = tokenOf(link);
    expect(await h.anonymous().invitations.get({ token })).toMatchObject({ state: "expired", message: expect.stringContaining("expired") });
    const refused = await rejection(h.anonymous().invitations.accept({ token, password: chosen }));
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("has expired") });
    expect(await usersWithEmail("eli@acme-people.example")).toHaveLength(0);
    expect((await ada().people.list()).invitations.find((i) => i.id === id)).toMatchObject({ state: "expired", link: null });
    await sendMail();
    expect(mailTo("eli@acme-people.example")).toHaveLength(0);

    // Resending an expired invitation gives it a fresh expiry, and the new link works.
    const resent = await ada().people.resend({ invitationId: id });
    expect(resent.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    expect(await h.anonymous().invitations.get({ token: tokenOf(resent.link) })).toMatchObject({ state: "pending" });
  });

  it("refuses a revoked link", async () => {
    const { id, link } = await ada().people.invite({ email: "fay@acme-people.example", name: "Fay Fox", roles: ["approver"] });
    await ada().people.revoke({ invitationId: id });
    const token = tokenOf(link);
    expect(await h.anonymous().invitations.get({ token })).toMatchObject({ state: "revoked" });
    const refused = await rejection(h.anonymous().invitations.accept({ token, password: chosen }));
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("withdrawn") });
    expect(await usersWithEmail("fay@acme-people.example")).toHaveLength(0);
    expect((await ada().people.list()).invitations.map((i) => i.id)).not.toContain(id);
    // Revoked, the email may be invited afresh.
    await ada().people.invite({ email: "fay@acme-people.example", name: "Fay Fox", roles: ["approver"] });
  });

  it("resending makes the old link stop working and emails the new one", async () => {
    const first = await ada().people.invite({ email: "gus@acme-people.example", name: "Gus Gray", roles: ["buyer"] });
    await sendMail();
    const resent = await ada().people.resend({ invitationId: first.id });
    expect(resent.link).not.toBe(first.link);
    expect(await sendMail()).toMatchObject({ sent: 1 });
    const mails = mailTo("gus@acme-people.example").map((m) => m.raw.replace(/=\r\n/g, ""));
    expect(mails).toHaveLength(2);
    expect(mails[1]).toContain(resent.link);
    expect(mails[1]).not.toContain(first.link);

    expect(await h.anonymous().invitations.get({ token: tokenOf(first.link) })).toMatchObject({ state: "unknown" });
    const old = await rejection(h.anonymous().invitations.accept({ token: tokenOf(first.link), password: chosen }));
    expect(old).toMatchObject({ code: "BAD_REQUEST", field: "token" });
    await h.anonymous().invitations.accept({ token: tokenOf(resent.link), password: chosen });
    expect(await verifyCredentials(h.db, { email: "gus@acme-people.example", password: chosen })).toMatchObject({ roles: ["buyer"] });
  });

  it("refuses an email someone already signs in with or is invited with, in any case, naming the email", async () => {
    const before = await h.db.select().from(invitations);
    const cases = [
      ["BEA@acme-people.example", /already signs in/],
      ["Olga@Other-People.example", /already signs in/],
      ["carl@ACME-people.example", /already signs in/],
    ] as const;
    for (const [email, message] of cases) {
      const refused = await rejection(ada().people.invite({ email, name: "Someone", roles: ["buyer"] }));
      expect(refused, email).toMatchObject({ code: "BAD_REQUEST", field: "email", message: expect.stringMatching(message) });
    }
    await ada().people.invite({ email: "hal@acme-people.example", name: "Hal Hart", roles: ["buyer"] });
    const twice = await rejection(ada().people.invite({ email: "HAL@acme-people.example", name: "Hal Hart", roles: ["approver"] }));
    expect(twice).toMatchObject({ field: "email", message: expect.stringMatching(/^hal@acme-people\.example was already invited on .+; resend or revoke/) });
    const badEmail = await rejection(ada().people.invite({ email: "hal at acme", name: "Hal", roles: ["buyer"] }));
    expect(badEmail).toMatchObject({ code: "BAD_REQUEST", field: "email" });
    const noRole = await rejection(ada().people.invite({ email: "ivy@acme-people.example", name: "Ivy", roles: [] }));
    expect(noRole).toMatchObject({ code: "BAD_REQUEST", field: "roles", message: "Choose at least one role" });
    expect(await h.db.select().from(invitations)).toHaveLength(before.length + 1);
  });

  it("keeps one active admin: the last cannot lose admin, and a change is audited with the old and new roles", async () => {
    const small = await h.createCompany({
      name: "Small Co",
      users: [
        { email: "kim@small-people.example", name: "Kim Keeper", password, roles: ["admin", "buyer"] },
        { email: "lou@small-people.example", name: "Lou Lane", password, roles: ["buyer"] },
      ],
    });
    const kim = small.callerFor("kim@small-people.example");
    const id = (email: string) => small.users.find((u) => u.email === email)!.id;
    const last = await rejection(kim.people.setRoles({ userId: id("kim@small-people.example"), roles: ["buyer"] }));
    expect(last).toMatchObject({
      code: "PRECONDITION_FAILED",
      field: "roles",
      message: "Kim Keeper is the only active admin; make someone else an admin first.",
    });

    await kim.people.setRoles({ userId: id("lou@small-people.example"), roles: ["buyer", "admin"] });
    await kim.people.setRoles({ userId: id("kim@small-people.example"), roles: ["buyer"] });
    const rows = await h.db.select({ email: users.email, roles: users.roles }).from(users).where(eq(users.companyId, small.companyId));
    expect(Object.fromEntries(rows.map((r) => [r.email, r.roles]))).toEqual({
      "kim@small-people.example": ["buyer"],
      "lou@small-people.example": ["buyer", "admin"],
    });
    const audited = await h.db
      .select({ subjectId: auditLog.subjectId, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.companyId, small.companyId), eq(auditLog.action, "user.roles_changed")))
      .orderBy(auditLog.at);
    expect(audited).toEqual([
      expect.objectContaining({
        subjectId: id("lou@small-people.example"),
        details: expect.objectContaining({ roles: { from: ["buyer"], to: ["buyer", "admin"] } }),
      }),
      expect.objectContaining({
        subjectId: id("kim@small-people.example"),
        details: expect.objectContaining({ roles: { from: ["admin", "buyer"], to: ["buyer"] } }),
      }),
    ]);
    // Kim is no admin any more: the server refuses at once, whatever the page still shows.
    expect(await rejection(kim.people.list())).toMatchObject({ code: "FORBIDDEN" });
  });

  it("is for admins only, and another company's people and invitations are not found", async () => {
    const { id } = await ada().people.invite({ email: "jo@acme-people.example", name: "Jo Jay", roles: ["buyer"] });
    const beaId = acme.users.find((u) => u.email === "bea@acme-people.example")!.id;
    // Each call made only when it is awaited, so no refusal goes unheard while an earlier one is checked.
    for (const call of [
      () => bea().people.list(),
      () => bea().people.invite({ email: "x@acme-people.example", name: "X", roles: ["admin"] }),
      () => bea().people.resend({ invitationId: id }),
      () => bea().people.setRoles({ userId: beaId, roles: ["admin"] }),
    ]) {
      expect(await rejection(call())).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await rejection(olga().people.resend({ invitationId: id }))).toMatchObject({ code: "NOT_FOUND", message: "That invitation was not found" });
    expect(await rejection(olga().people.revoke({ invitationId: id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await rejection(olga().people.setRoles({ userId: beaId, roles: ["buyer", "admin"] }))).toMatchObject({
      code: "NOT_FOUND",
      message: "That person was not found",
    });
    const theirs = await olga().people.list();
    expect(theirs.people.map((p) => p.email)).toEqual(["olga@other-people.example"]);
    expect(theirs.invitations).toEqual([]);
    const [row] = await h.db.select().from(invitations).where(eq(invitations.id, id));
    expect(row).toMatchObject({ revokedAt: null, acceptedAt: null });
    const [beaRow] = await h.db.select({ roles: users.roles }).from(users).where(eq(users.id, beaId));
    expect(beaRow!.roles).toEqual(["buyer"]);
    expect(await h.db.select().from(outbox).where(eq(outbox.subjectId, id))).toHaveLength(1);
  });
});
