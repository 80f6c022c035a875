import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalPolicyVersions, auditLog, companies } from "@/db/schema";
import { money } from "@/server/domain/money";
import { createSupplierConnection } from "@/server/connections/connections";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const password = "harness-password";

describe.each(databaseKinds)("approval policy admin on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "jane@policy.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "sam@policy.example", name: "Sam Approver", password, roles: ["approver"] },
        { email: "fiona@policy.example", name: "Fiona Finance", password, roles: ["approver"] },
        { email: "olga@policy.example", name: "Olga Owner", password, roles: ["approver", "buyer"] },
        { email: "alex@policy.example", name: "Alex Admin", password, roles: ["admin", "approver"] },
      ],
      costCenters: [
        { code: "CC-4420", name: "Facilities", ownerEmail: "olga@policy.example" },
        { code: "CC-1100", name: "Marketing" },
      ],
      // Version 1, as the migration wrote it for companies that used a threshold before policies.
      policy: [
        {
          id: "threshold",
          conditions: [{ kind: "total_above", amount: money(50_000, "USD") }],
          step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" },
        },
      ],
    });
    other = await h.createCompany();
  });
  afterAll(async () => h?.close());

  const admin = () => acme.callerFor("alex@policy.example");
  const user = (email: string) => acme.users.find((u) => u.email === email)!.id;
  const cc = (code: string) => acme.costCenters.find((c) => c.code === code)!.id;
  const versionCount = async (companyId = acme.companyId) =>
    (await h.db.select({ n: count() }).from(approvalPolicyVersions).where(eq(approvalPolicyVersions.companyId, companyId)))[0]!.n;
  const latest = async () => (await admin().policy.get()).current!.version;

  /** "Orders over $5,000 on CC-4420 need the owner, then Finance": the policy from the design, as the editor sends it. */
  const ownerThenFinance = () => [
    {
      id: "owner",
      conditions: [
        { kind: "total_above" as const, amount: "5,000" },
        { kind: "cost_center_in" as const, costCenterIds: [cc("CC-4420")] },
      ],
      step: { level: 1, approvers: [{ kind: "cost_center_owner" as const }], mode: "any" as const },
    },
    {
      id: "finance",
      conditions: [{ kind: "total_above" as const, amount: "5000.00" }],
      step: { level: 2, approvers: [{ kind: "users" as const, userIds: [user("fiona@policy.example")] }], mode: "any" as const },
    },
  ];

  it("shows the current policy in words, its history, the settings and the editor's choices", async () => {
    const policy = await admin().policy.get();
    expect(policy.current).toMatchObject({ version: 1, createdBy: null });
    expect(policy.description).toEqual(["Orders over $500.00 need people with the approver role (any one, level 1)."]);
    expect(policy.history.map((v) => [v.version, v.ruleCount])).toEqual([[1, 1]]);
    expect(policy.settings).toEqual({ escalationHours: 48, reminderHours: 24, priceToleranceBp: 200, priceTolerancePercent: "2" });
    expect(policy.choices.costCenters.map((c) => c.code)).toEqual(["CC-1100", "CC-4420"]);
    expect(policy.choices.suppliers).toEqual([{ id: acme.connectionId, name: expect.any(String) }]);
    expect(policy.choices.people.find((p) => p.email === "olga@policy.example")).toMatchObject({
      name: "Olga Owner",
      roles: ["approver", "buyer"],
      active: true,
    });
    // Hygrade's categories, to choose from in a category condition.
    const hygrade = policy.choices.categories.find((c) => c.supplierId === acme.connectionId)!;
    expect(hygrade.categories!.length).toBeGreaterThan(0);
    expect(policy.choices.categoriesUnavailableFrom).toEqual([]);
    // Nothing of the other company is offered.
    expect(policy.choices.people.map((p) => p.id)).not.toContain(other.users[0]!.id);
  });

  it("saves a new version, keeps the old one, and records who saved what", async () => {
    const saved = await admin().policy.save({ rules: ownerThenFinance(), note: "Finance signs off on large orders", basedOnVersion: 1 });
    expect(saved.version).toBe(2);
    expect(saved.description).toEqual([
      "Orders over $5,000.00 on cost center CC-4420 need the cost center's owner (any one, level 1).",
      "Orders over $5,000.00 need Fiona Finance (any one, level 2).",
    ]);

    const policy = await admin().policy.get();
    expect(policy.current).toMatchObject({ version: 2, note: "Finance signs off on large orders", createdBy: "Alex Admin" });
    expect(policy.current!.rules[0]!.conditions[0]).toEqual({ kind: "total_above", amount: { amount: 500_000, currency: "USD" } });
    expect(policy.description).toEqual(saved.description);
    expect(policy.history.map((v) => [v.version, v.ruleCount, v.createdBy])).toEqual([
      [2, 2, "Alex Admin"],
      [1, 1, null],
    ]);

    // Version 1 is still there, unchanged, for requisitions submitted under it.
    const [v1] = await h.db
      .select()
      .from(approvalPolicyVersions)
      .where(and(eq(approvalPolicyVersions.companyId, acme.companyId), eq(approvalPolicyVersions.version, 1)));
    expect(v1!.rules.map((r) => r.id)).toEqual(["threshold"]);

    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, acme.companyId), eq(auditLog.action, "approval_policy.saved")));
    expect(entry).toMatchObject({ actorId: user("alex@policy.example"), details: { version: 2, description: saved.description } });
  });

  it("refuses a rule that makes no sense, naming the rule and the field, and saves nothing", async () => {
    const before = await versionCount();
    const base = ownerThenFinance();
    const cases: { rules: unknown; field: string; says: RegExp }[] = [
      { rules: [base[0], { ...base[1], step: { ...base[1]!.step, approvers: [] } }], field: "rules.1.step.approvers", says: /Rule 2: choose who approves/ },
      {
        rules: [{ ...base[0], step: { ...base[0]!.step, level: 10 } }],
        field: "rules.0.step.level",
        says: /Rule 1: the level must be a whole number from 1 to 9/,
      },
      {
        rules: [{ ...base[0], conditions: [{ kind: "total_above", amount: "5000.001" }] }],
        field: "rules.0.conditions.0.amount",
        says: /Rule 1: enter the amount in USD/,
      },
      {
        rules: [{ ...base[0], conditions: [{ kind: "total_above", amount: "lots" }] }],
        field: "rules.0.conditions.0.amount",
        says: /Rule 1: enter the amount in USD/,
      },
      { rules: [base[0], { ...base[1], id: "owner" }], field: "rules.1.id", says: /Rule 2 has the same id as rule 1/ },
      {
        rules: [{ ...base[0], conditions: [{ kind: "cost_center_in", costCenterIds: [] }] }],
        field: "rules.0.conditions.0.costCenterIds",
        says: /Rule 1: choose at least one cost center/,
      },
      {
        rules: [{ ...base[0], step: { ...base[0]!.step, approvers: [{ kind: "users", userIds: [user("jane@policy.example")] }] } }],
        field: "rules.0.step.approvers.0.userIds",
        says: /Rule 1: Jane Buyer is not an approver/,
      },
      {
        rules: [
          {
            ...base[0],
            conditions: [
              { kind: "total_above", amount: "1000" },
              { kind: "total_below", amount: "500" },
            ],
          },
        ],
        field: "rules.0.conditions.1.amount",
        says: /Rule 1 can never apply/,
      },
      {
        rules: [{ ...base[0], step: { ...base[0]!.step, approvers: [{ kind: "role", role: "buyer" }] } }],
        field: "rules.0.step.approvers.0.role",
        says: /Rule 1: buyers cannot approve/,
      },
    ];
    for (const c of cases) {
      const error = await rejection(admin().policy.save({ rules: c.rules, note: "" } as never));
      expect(error, c.field).toMatchObject({ code: "BAD_REQUEST", field: c.field });
      expect(error.message, c.field).toMatch(c.says);
    }
    expect(await versionCount()).toBe(before);
  });

  it("refuses another company's cost center, supplier or people", async () => {
    const before = await versionCount();
    const base = ownerThenFinance();
    const theirs = [
      {
        rules: [{ ...base[0], conditions: [{ kind: "cost_center_in" as const, costCenterIds: [other.costCenters[0]!.id] }] }],
        field: "rules.0.conditions.0.costCenterIds",
        says: "Rule 1: choose cost centers of your company.",
      },
      {
        rules: [base[0]!, { ...base[1]!, conditions: [{ kind: "supplier_in" as const, supplierIds: [other.connectionId] }] }],
        field: "rules.1.conditions.0.supplierIds",
        says: "Rule 2: choose suppliers your company is connected to.",
      },
      {
        rules: [{ ...base[1], step: { ...base[1]!.step, approvers: [{ kind: "users" as const, userIds: [other.users[1]!.id] }] } }],
        field: "rules.0.step.approvers.0.userIds",
        says: "Rule 1: choose the approvers from your company's people.",
      },
      {
        rules: [{ ...base[0], conditions: [{ kind: "requester_in" as const, userIds: [other.users[0]!.id] }] }],
        field: "rules.0.conditions.0.userIds",
        says: "Rule 1: choose requesters from your company's people.",
      },
    ];
    for (const c of theirs) {
      expect(await rejection(admin().policy.save({ rules: c.rules as never, note: "" }))).toMatchObject({
        code: "BAD_REQUEST",
        field: c.field,
        message: c.says,
      });
    }
    expect(await versionCount()).toBe(before);
    expect(await versionCount(other.companyId)).toBe(1);
  });

  it("lets only admins see or change the policy and its settings", async () => {
    for (const email of ["jane@policy.example", "sam@policy.example", "olga@policy.example"]) {
      const caller = acme.callerFor(email);
      expect(await rejection(caller.policy.get())).toMatchObject({ code: "FORBIDDEN" });
      expect(await rejection(caller.policy.save({ rules: [], note: "" }))).toMatchObject({ code: "FORBIDDEN" });
      expect(await rejection(caller.policy.saveSettings({ escalationHours: 10, reminderHours: 5, priceTolerancePercent: "1" }))).toMatchObject({
        code: "FORBIDDEN",
      });
    }
    expect(await rejection(h.anonymous().policy.get())).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses to overwrite a version someone else saved meanwhile, and two saves at once never share a version", async () => {
    const seen = await latest();
    await admin().policy.save({ rules: ownerThenFinance(), note: "first", basedOnVersion: seen });
    const stale = await rejection(admin().policy.save({ rules: [], note: "second", basedOnVersion: seen }));
    expect(stale).toMatchObject({ code: "CONFLICT" });
    expect(stale.message).toMatch(/^Someone else saved a newer version of the approval policy \(version \d+\) while you were editing\. Reload/);

    // Two admins who both loaded the same version press save together: one wins, the other is told to reload.
    const base = await latest();
    const results = await Promise.allSettled([
      admin().policy.save({ rules: ownerThenFinance(), note: "tab A", basedOnVersion: base }),
      admin().policy.save({ rules: [], note: "tab B", basedOnVersion: base }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT" });

    // Without the version they were based on (an older client), both get their own version number.
    const both = await Promise.all([
      admin().policy.save({ rules: [], note: "C" }),
      admin()
        .policy.save({ rules: [], note: "D" })
        .catch((e: unknown) => e),
    ]);
    const versions = both.filter((b): b is { version: number } => typeof b === "object" && b !== null && "version" in b).map((b) => b.version);
    expect(new Set(versions).size).toBe(versions.length);
    const rows = await h.db
      .select({ version: approvalPolicyVersions.version })
      .from(approvalPolicyVersions)
      .where(eq(approvalPolicyVersions.companyId, acme.companyId));
    expect(new Set(rows.map((r) => r.version)).size).toBe(rows.length);
  });

  it("saves the approval settings, and refuses ones that cannot work, naming the field", async () => {
    const saved = await admin().policy.saveSettings({ escalationHours: 72, reminderHours: 24, priceTolerancePercent: "2.5" });
    expect(saved).toEqual({ escalationHours: 72, reminderHours: 24, priceToleranceBp: 250, priceTolerancePercent: "2.5" });
    expect((await admin().policy.get()).settings).toEqual(saved);
    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, acme.companyId), eq(auditLog.action, "approval_settings.saved")));
    expect(entry!.details).toEqual({ changed: { escalationHours: { from: 48, to: 72 }, priceToleranceBp: { from: 200, to: 250 } } });

    const refused: [Record<string, unknown>, string, RegExp][] = [
      [{ escalationHours: 24, reminderHours: 24, priceTolerancePercent: "2" }, "reminderHours", /fewer reminder hours than the 24 hours/],
      [{ escalationHours: 0, reminderHours: 1, priceTolerancePercent: "2" }, "escalationHours", /at least 1 hour/],
      [{ escalationHours: 721, reminderHours: 1, priceTolerancePercent: "2" }, "escalationHours", /at most 720 hours/],
      [{ escalationHours: 48, reminderHours: 1.5, priceTolerancePercent: "2" }, "reminderHours", /whole number of hours/],
      [{ escalationHours: 48, reminderHours: 24, priceTolerancePercent: "2.555" }, "priceTolerancePercent", /at most two decimals/],
      [{ escalationHours: 48, reminderHours: 24, priceTolerancePercent: "100.01" }, "priceTolerancePercent", /at most 100%/],
      [{ escalationHours: 48, reminderHours: 24, priceTolerancePercent: "-1" }, "priceTolerancePercent", /from 0 to 100/],
    ];
    for (const [input, field, says] of refused) {
      const error = await rejection(admin().policy.saveSettings(input as never));
      expect(error, JSON.stringify(input)).toMatchObject({ code: "BAD_REQUEST", field });
      expect(error.message).toMatch(says);
    }
    const [company] = await h.db.select().from(companies).where(eq(companies.id, acme.companyId));
    expect(company).toMatchObject({ escalationHours: 72, reminderHours: 24, priceToleranceBp: 250 });
  });

  it("still opens when a supplier is down, offering no categories for it and saying which", async () => {
    await createSupplierConnection(h.db, {
      companyId: acme.companyId,
      supplier: "hygrade",
      displayName: "Hygrade Down",
      settings: { ...h.settings, baseUrl: "http://127.0.0.1:9", tokenUrl: "http://127.0.0.1:9/token" },
    });
    const started = Date.now();
    const policy = await admin().policy.get();
    expect(Date.now() - started).toBeLessThan(8000);
    expect(policy.choices.categoriesUnavailableFrom).toEqual(["Hygrade Down"]);
    expect(policy.choices.categories.find((c) => c.supplierName === "Hygrade Down")!.categories).toBeNull();
    expect(policy.choices.categories.find((c) => c.supplierId === acme.connectionId)!.categories!.length).toBeGreaterThan(0);
  });
});
