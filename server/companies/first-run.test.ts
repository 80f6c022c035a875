import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalPolicyVersions, auditLog, companies } from "@/db/schema";
import { signIn, verifyCredentials } from "@/server/auth";
import { setupCode } from "@/server/companies/first-run";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

describe.each(databaseKinds)("the first run of an empty portal on %s", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  const form = () => ({
    companyName: "Northwind Traders",
    currency: "eur",
    timeZone: "Europe/Berlin",
    adminName: "Nora North",
    adminEmail: "Nora@Northwind.example",
    password: "orchard lantern river stone",
    setupCode: setupCode()
      .toLowerCase()
      .replace(/(.{4})/, "$1-"),
  });

  it("refuses a wrong setup code or a weak password, naming the field, and creates nothing", async () => {
    expect(await h.anonymous().setup.status()).toEqual({ firstRun: true });
    const wrongCode = await rejection(h.anonymous().setup.createCompany({ ...form(), setupCode: "AAAA-BBBB" }));
    expect(wrongCode).toMatchObject({ code: "BAD_REQUEST", field: "setupCode" });
    const weak = await rejection(h.anonymous().setup.createCompany({ ...form(), password: "nora1234" }));
    expect(weak).toMatchObject({ field: "password", message: "Choose a password of at least 12 characters." });
    const ownEmail = await rejection(h.anonymous().setup.createCompany({ ...form(), password: "nora@northwind.example" }));
    expect(ownEmail).toMatchObject({ field: "password", message: "Choose a password that does not contain your email address." });
    const badEmail = await rejection(h.anonymous().setup.createCompany({ ...form(), adminEmail: "nora at northwind" }));
    expect(badEmail).toMatchObject({ field: "adminEmail" });
    expect(await h.db.select().from(companies)).toHaveLength(0);
  });

  it("creates the company, its first admin (who can sign in at once) and a first policy to review", async () => {
    expect(await h.anonymous().setup.createCompany(form())).toEqual({ email: "nora@northwind.example" });
    const [company] = await h.db.select().from(companies);
    expect(company).toMatchObject({ name: "Northwind Traders", currency: "EUR", timeZone: "Europe/Berlin" });
    const admin = await verifyCredentials(h.db, { email: "NORA@northwind.example", password: "orchard lantern river stone" });
    expect(admin).toMatchObject({ companyId: company!.id, roles: ["admin", "buyer", "approver"] });
    const [policy] = await h.db.select().from(approvalPolicyVersions).where(eq(approvalPolicyVersions.companyId, company!.id));
    expect(policy!.rules[0]).toMatchObject({ conditions: [{ kind: "total_above", amount: { amount: 100_000, currency: "EUR" } }] });
    const created = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, company!.id), eq(auditLog.action, "company.created")));
    expect(created).toHaveLength(1);

    // Signed in as the portal signs her in: a session of her own, checked on every call.
    const signedIn = await signIn(h.db, { email: "nora@northwind.example", password: "orchard lantern river stone" }, {});
    expect(signedIn?.id).toBe(admin!.id);
    const nora = h.callerForSession(signedIn!.sessionId);
    const checklist = await nora.company.checklist();
    expect(checklist.map((c) => [c.label, c.done])).toEqual([
      ["Connect a supplier", false],
      ["Add cost centers", false],
      ["Invite people", false],
      ["Review the approval policy", false],
    ]);
    await nora.costCenters.create({ code: "CC-100", name: "Operations", currency: "EUR" });
    expect((await nora.company.checklist()).find((c) => c.key === "cost_centers")!.done).toBe(true);
    await nora.people.invite({ email: "omar@northwind.example", name: "Omar Orders", roles: ["buyer"] });
    expect((await nora.company.checklist()).find((c) => c.key === "people")!.done).toBe(true);
  });

  it("is over once a company exists: nobody can set it up a second time", async () => {
    expect(await h.anonymous().setup.status()).toEqual({ firstRun: false });
    const again = await rejection(h.anonymous().setup.createCompany({ ...form(), adminEmail: "mallory@evil.example" }));
    expect(again).toMatchObject({ code: "PRECONDITION_FAILED", message: "This portal is already set up. Sign in instead." });
    expect(await h.db.select().from(companies)).toHaveLength(1);
  });
});
