import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, notifications, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { money } from "@/server/domain/money";
import { deactivatePerson, reactivatePerson } from "@/server/people/deactivation";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT";
const password = "harness-password";

describe.each(databaseKinds)("deactivating a person on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "ada@leave.example", name: "Ada Admin", password, roles: ["admin"] },
        { email: "al@leave.example", name: "Al Admin", password, roles: ["admin"] },
        { email: "bea@leave.example", name: "Bea Buyer", password, roles: ["buyer"] },
        { email: "abe@leave.example", name: "Abe Approver", password, roles: ["approver"] },
        { email: "sam@leave.example", name: "Sam Approver", password, roles: ["approver"] },
      ],
      approvalThreshold: null,
      // Every approver must approve anything over $10.
      policy: [
        {
          id: "everyone",
          conditions: [{ kind: "total_above", amount: money(1_000, "USD") }],
          step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "all" },
        },
      ],
    });
    other = await h.createCompany();
  });
  afterAll(async () => h?.close());

  const as = (email: string) => acme.callerFor(email);
  const id = (email: string) => acme.users.find((u) => u.email === email)!.id;
  const adminCtx = (email = "ada@leave.example"): ActorContext => {
    const u = acme.users.find((x) => x.email === email)!;
    return { db: h.db, companyId: acme.companyId, user: { id: u.id, companyId: acme.companyId, name: u.name, email: u.email, roles: ["admin"] } };
  };
  const submit = async (poNumber: string) => {
    const page = await as("bea@leave.example").catalog.search({ connectionId: acme.connectionId, q: FM });
    await as("bea@leave.example").cart.add({ connectionId: acme.connectionId, itemId: page.items.find((i) => i.itemCode === FM)!.supplierItemId, quantity: 1 });
    return as("bea@leave.example").checkout.submit({
      shipTo: [{ connectionId: acme.connectionId, addressId: "addr_1c9d2f3b" }],
      costCenterId: acme.costCenters[0]!.id,
      poNumber,
    });
  };

  it("ends their sessions at once, and the step's other approvers decide without them", async () => {
    await as("abe@leave.example").approvals.count(); // Abe is signed in
    const first = await submit("PO-LEAVE-1");
    expect(first.status).toBe("pending_approval");
    expect(await deactivatePerson(adminCtx(), { userId: id("abe@leave.example") })).toEqual({ deactivated: true, reassignedSteps: 1 });
    expect(await rejection(as("abe@leave.example").approvals.count())).toMatchObject({ code: "UNAUTHORIZED" });
    // Sam's approval is now the whole step: the requisition is approved.
    await as("sam@leave.example").approvals.approve({ requisitionId: first.requisitionId });
    expect((await as("bea@leave.example").requisitions.get({ requisitionId: first.requisitionId })).status).not.toBe("pending_approval");
    const [moved] = await h.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, first.requisitionId), eq(auditLog.action, "approval.step_reassigned")));
    expect(moved!.details).toMatchObject({ leaving: "Abe Approver", to: ["Sam Approver"] });
  });

  it("gives a step nobody else can decide to the admins, tells them, and any one of them decides it", async () => {
    const second = await submit("PO-LEAVE-2");
    expect(second.status).toBe("pending_approval");
    await deactivatePerson(adminCtx(), { userId: id("sam@leave.example") });
    const told = await h.db
      .select({ userId: notifications.userId, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.kind, "approval.waiting"), eq(notifications.link, `/requisitions/${second.requisitionId}`)));
    // Sam was told at submit; the admins now, with why.
    const toAdmins = told.filter((n) => n.userId !== id("sam@leave.example"));
    expect(toAdmins.map((n) => n.userId).sort()).toEqual([id("ada@leave.example"), id("al@leave.example")].sort());
    for (const n of toAdmins) expect(n.body).toContain("Sam Approver, who was to approve it, has left");
    await as("al@leave.example").approvals.approve({ requisitionId: second.requisitionId });
    expect((await as("bea@leave.example").requisitions.get({ requisitionId: second.requisitionId })).status).not.toBe("pending_approval");
  });

  it("keeps one active admin, refuses another company's person as not found, and brings a person back", async () => {
    await deactivatePerson(adminCtx(), { userId: id("al@leave.example") });
    await expect(deactivatePerson(adminCtx(), { userId: id("ada@leave.example") })).rejects.toMatchObject({
      kind: "precondition",
      message: "Ada Admin is the only active admin; make someone else an admin first.",
    });
    await expect(deactivatePerson(adminCtx(), { userId: other.users[0]!.id })).rejects.toMatchObject({ kind: "not_found" });
    const [stillThere] = await h.db.select({ active: users.active }).from(users).where(eq(users.id, other.users[0]!.id));
    expect(stillThere!.active).toBe(true);
    expect(await reactivatePerson(adminCtx(), { userId: id("abe@leave.example") })).toEqual({ reactivated: true });
    const [abe] = await h.db
      .select({ active: users.active })
      .from(users)
      .where(eq(users.id, id("abe@leave.example")));
    expect(abe!.active).toBe(true);
  });
});
