import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, companies } from "@/db/schema";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT";
const password = "harness-password";

describe.each(databaseKinds)("company settings on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let fresh: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    h = await startHarness(kind);
    const people = (tag: string) => [
      { email: `ada@${tag}.example`, name: "Ada Admin", password, roles: ["admin" as const] },
      { email: `bea@${tag}.example`, name: "Bea Buyer", password, roles: ["buyer" as const] },
    ];
    acme = await h.createCompany({ name: "Acme Settings", users: people("acme-settings"), approvalThreshold: null });
    fresh = await h.createCompany({ name: "Fresh Co", users: people("fresh-settings") });
  });
  afterAll(async () => h?.close());

  const admin = () => acme.callerFor("ada@acme-settings.example");
  const buyer = () => acme.callerFor("bea@acme-settings.example");
  const current = async () => {
    const { settings } = await admin().company.settings();
    return {
      name: settings.name,
      currency: settings.currency,
      timeZone: settings.timeZone,
      poNumberRequired: settings.poNumberRequired,
      poNumberPattern: settings.poNumberPattern ?? "",
      poNumberExample: settings.poNumberExample ?? "",
      receiptReminderDays: settings.receiptReminderDays,
      matchTolerancePercent: String(settings.matchToleranceBp / 100),
      matchToleranceAmount: String(settings.matchToleranceMinor / 100),
      sessionIdleMinutes: settings.sessionIdleMinutes,
      sessionAbsoluteHours: settings.sessionAbsoluteHours,
      invitationExpiryDays: settings.invitationExpiryDays,
    };
  };

  it("saves what the admin changed and audits each change with its old and new value", async () => {
    const saved = await admin().company.saveSettings({
      ...(await current()),
      timeZone: "Europe/Berlin",
      matchTolerancePercent: "1.5",
      matchToleranceAmount: "7.50",
    });
    expect(saved).toMatchObject({ timeZone: "Europe/Berlin", matchToleranceBp: 150, matchToleranceMinor: 750 });
    const entries = await h.db
      .select({ details: auditLog.details, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.companyId, acme.companyId), eq(auditLog.action, "company.settings_saved")));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toEqual({
      changed: { timeZone: { from: "UTC", to: "Europe/Berlin" }, matchToleranceBp: { from: 200, to: 150 }, matchToleranceMinor: { from: 500, to: 750 } },
    });
    const { history } = await admin().company.settings();
    expect(history[0]).toMatchObject({ by: "Ada Admin", changed: { timeZone: { from: "UTC", to: "Europe/Berlin" } } });
  });

  it("refuses bad input naming the field, and changes nothing", async () => {
    const before = await current();
    const cases = [
      [{ timeZone: "Mars/Olympus" }, "timeZone", /time zone/],
      [{ currency: "XYZ" }, "currency", /not a currency/],
      [{ poNumberPattern: "PO-######", poNumberExample: "PO-12" }, "poNumberExample", /does not fit the format PO-######/],
      [{ poNumberPattern: "PO-", poNumberExample: "PO-" }, "poNumberPattern", /at least one #/],
      [{ matchToleranceAmount: "five" }, "matchToleranceAmount", /amount in USD/],
      [{ matchTolerancePercent: "150" }, "matchTolerancePercent", /at most 100%/],
      [{ name: "  " }, "name", /company's name/],
      [{ sessionAbsoluteHours: 48 }, "sessionAbsoluteHours", /at most 24 hours/],
      [{ sessionIdleMinutes: 600, sessionAbsoluteHours: 8 }, "sessionIdleMinutes", /fewer idle minutes/],
      [{ invitationExpiryDays: 0 }, "invitationExpiryDays", /at least 1 day/],
      [{ invitationExpiryDays: 2.5 }, "invitationExpiryDays", /whole number of days/],
    ] as const;
    for (const [change, field, message] of cases) {
      const refused = await rejection(admin().company.saveSettings({ ...before, ...change }));
      expect(refused, JSON.stringify(change)).toMatchObject({ code: "BAD_REQUEST", field });
      expect(refused.message).toMatch(message);
    }
    expect(await current()).toEqual(before);
  });

  it("holds every PO number at checkout to the company's format, and says the format beside the field", async () => {
    await admin().company.saveSettings({ ...(await current()), poNumberPattern: "PO-######", poNumberExample: "PO-004211" });
    const page = await buyer().catalog.search({ connectionId: acme.connectionId, q: FM });
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: page.items.find((i) => i.itemCode === FM)!.supplierItemId, quantity: 1 });
    const options = await buyer().checkout.options();
    expect(options.poNumberFormat).toBe("Acme Settings's PO numbers are PO- then 6 digits, like PO-004211.");
    const choices = { shipTo: [{ connectionId: acme.connectionId, addressId: "addr_1c9d2f3b" }], costCenterId: acme.costCenters[0]!.id };
    const refused = await rejection(buyer().checkout.submit({ ...choices, poNumber: "4211" }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", field: "poNumber", message: options.poNumberFormat });
    expect((await buyer().cart.get()).lineCount).toBe(1);
    const submitted = await buyer().checkout.submit({ ...choices, poNumber: "po-004211" });
    expect(submitted.status).toBe("approved");
  });

  it("keeps the currency once money is recorded in it, and lets a new company choose its own", async () => {
    const locked = await admin().company.settings();
    expect(locked.currencyLocked).toBe(true);
    const refused = await rejection(admin().company.saveSettings({ ...(await current()), currency: "EUR" }));
    expect(refused).toMatchObject({ field: "currency", message: expect.stringContaining("The currency stays USD: 1 requisition is recorded in it") });
    const freshAdmin = fresh.callerFor("ada@fresh-settings.example");
    const { settings } = await freshAdmin.company.settings();
    const saved = await freshAdmin.company.saveSettings({
      name: "Fresh Co GmbH",
      currency: "eur",
      timeZone: "Europe/Berlin",
      poNumberRequired: false,
      poNumberPattern: "",
      poNumberExample: "",
      receiptReminderDays: settings.receiptReminderDays,
      sessionIdleMinutes: 60,
      sessionAbsoluteHours: 8,
      invitationExpiryDays: 3,
      matchTolerancePercent: 2,
      matchToleranceAmount: "5.00",
    });
    expect(saved).toMatchObject({
      name: "Fresh Co GmbH",
      currency: "EUR",
      matchToleranceAmount: { amount: 500, currency: "EUR" },
      sessionIdleMinutes: 60,
      sessionAbsoluteHours: 8,
      invitationExpiryDays: 3,
    });
    const [row] = await h.db.select({ currency: companies.currency }).from(companies).where(eq(companies.id, fresh.companyId));
    expect(row!.currency).toBe("EUR");
    // The invitation link then works for the 3 days just set, not the default 7.
    const before = Date.now();
    const invited = await freshAdmin.people.invite({ email: "ivy@fresh-settings.example", name: "Ivy Invitee", roles: ["buyer"] });
    const days = (new Date(invited.expiresAt).getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThan(3.01);
  });

  it("is for admins only", async () => {
    expect(await rejection(buyer().company.settings())).toMatchObject({ code: "FORBIDDEN" });
    expect(await rejection(buyer().company.saveSettings({ ...(await current()), name: "Hijacked" }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await current()).name).toBe("Acme Settings");
  });
});
