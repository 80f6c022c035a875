import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalStepApprovers, approvalSteps, auditLog } from "@/db/schema";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT";
const password = "harness-password";

describe.each(databaseKinds)("groups in approval rules on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "ada@groups.example", name: "Ada Admin", password, roles: ["admin"] },
        { email: "bea@groups.example", name: "Bea Contractor", password, roles: ["buyer"] },
        { email: "ben@groups.example", name: "Ben Staff", password, roles: ["buyer"] },
        { email: "fay@groups.example", name: "Fay Finance", password, roles: ["approver"] },
        { email: "fin@groups.example", name: "Finn Clerk", password, roles: ["buyer"] },
        { email: "sam@groups.example", name: "Sam Approver", password, roles: ["approver"] },
      ],
      approvalThreshold: null,
    });
    other = await h.createCompany({ users: [{ email: "oz@other-groups.example", name: "Oz Admin", password, roles: ["admin", "buyer"] }] });
  });
  afterAll(async () => h?.close());

  const as = (email: string) => acme.callerFor(email);
  const id = (email: string) => acme.users.find((u) => u.email === email)!.id;
  const admin = () => as("ada@groups.example");
  const submit = async (email: string, poNumber: string) => {
    const page = await as(email).catalog.search({ connectionId: acme.connectionId, q: FM });
    await as(email).cart.add({ connectionId: acme.connectionId, itemId: page.items.find((i) => i.itemCode === FM)!.supplierItemId, quantity: 1 });
    return as(email).checkout.submit({
      shipTo: [{ connectionId: acme.connectionId, addressId: "addr_1c9d2f3b" }],
      costCenterId: acme.costCenters[0]!.id,
      poNumber,
    });
  };
  const approversOf = async (requisitionId: string) => {
    const rows = await h.db
      .select({ userId: approvalStepApprovers.userId })
      .from(approvalStepApprovers)
      .innerJoin(approvalSteps, eq(approvalSteps.id, approvalStepApprovers.stepId))
      .where(eq(approvalSteps.requisitionId, requisitionId));
    return rows.map((r) => r.userId).sort();
  };

  it("sends what a group's members request to another group's approvers, and says why", async () => {
    const contractors = await admin().groups.create({ name: "Contractors", memberIds: [id("bea@groups.example")] });
    const finance = await admin().groups.create({ name: "Finance", memberIds: [id("fay@groups.example"), id("fin@groups.example")] });
    const saved = await admin().policy.save({
      rules: [
        {
          id: "contractors",
          conditions: [{ kind: "requester_in_group", groupIds: [contractors.id] }],
          step: { level: 1, approvers: [{ kind: "group", groupId: finance.id }], mode: "any" },
        },
      ],
      note: "Contractors' orders go to Finance",
    });
    expect(saved.description).toEqual(["Orders requested by a member of Contractors need an approver in Finance (any one, level 1)."]);

    const fromContractor = await submit("bea@groups.example", "PO-GRP-1");
    expect(fromContractor.status).toBe("pending_approval");
    // Finn is in Finance but only a buyer, so he cannot approve; Sam is an approver outside the group.
    expect(await approversOf(fromContractor.requisitionId)).toEqual([id("fay@groups.example")]);
    const inbox = await as("fay@groups.example").approvals.inbox({});
    expect(JSON.stringify(inbox)).toContain("Contractors");

    const fromStaff = await submit("ben@groups.example", "PO-GRP-2");
    expect(fromStaff.status).not.toBe("pending_approval");
  });

  it("moves a person between groups with their next requisition following, audited", async () => {
    const groups = await admin().groups.list();
    const contractors = groups.find((g) => g.name === "Contractors")!;
    expect(contractors.usedBy).toEqual(["Rule 1 (contractors)"]);
    await admin().groups.setMembers({ groupId: contractors.id, memberIds: [id("ben@groups.example")] });
    const fromBen = await submit("ben@groups.example", "PO-GRP-3");
    expect(fromBen.status).toBe("pending_approval");
    const fromBea = await submit("bea@groups.example", "PO-GRP-4");
    expect(fromBea.status).not.toBe("pending_approval");
    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, acme.companyId), eq(auditLog.action, "group.members_changed")));
    expect(entry!.details).toMatchObject({ added: ["Ben Staff"], removed: ["Bea Contractor"] });
  });

  it("refuses a duplicate name in any case, an empty name, and deleting a group the policy names", async () => {
    expect(await rejection(admin().groups.create({ name: "  finance " }))).toMatchObject({
      field: "name",
      message: expect.stringContaining("already a group"),
    });
    expect(await rejection(admin().groups.create({ name: "   " }))).toMatchObject({ field: "name" });
    const finance = (await admin().groups.list()).find((g) => g.name === "Finance")!;
    expect(await rejection(admin().groups.delete({ groupId: finance.id }))).toMatchObject({
      message: "The approval policy names Finance in Rule 1 (contractors); change those rules first, then delete the group.",
    });
    const unused = await admin().groups.create({ name: "Temps" });
    await admin().groups.delete({ groupId: unused.id });
    expect((await admin().groups.list()).map((g) => g.name)).toEqual(["Contractors", "Finance"]);
  });

  it("keeps groups within the company: another company's people, groups and rules cannot reach them", async () => {
    const finance = (await admin().groups.list()).find((g) => g.name === "Finance")!;
    const outsider = other.users[0]!;
    expect(await rejection(admin().groups.setMembers({ groupId: finance.id, memberIds: [outsider.id] }))).toMatchObject({ field: "memberIds" });
    const theirAdmin = other.callerFor("oz@other-groups.example");
    expect(await rejection(theirAdmin.groups.delete({ groupId: finance.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await theirAdmin.groups.list()).toEqual([]);
    expect(
      await rejection(
        theirAdmin.policy.save({
          rules: [{ id: "x", conditions: [], step: { level: 1, approvers: [{ kind: "group", groupId: finance.id }], mode: "any" } }],
          note: "",
        }),
      ),
    ).toMatchObject({ field: "rules.0.step.approvers.0.groupId" });
    expect(await rejection(as("bea@groups.example").groups.list())).toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a deactivation or a role change that would leave no active admin, naming who", async () => {
    expect(await rejection(admin().people.deactivate({ userId: id("ada@groups.example") }))).toMatchObject({
      message: "Ada Admin is the only active admin; make someone else an admin first.",
    });
    expect(await rejection(admin().people.setRoles({ userId: id("ada@groups.example"), roles: ["buyer"] }))).toMatchObject({ field: "roles" });
    const moved = await admin().people.deactivate({ userId: id("fay@groups.example") });
    expect(moved.deactivated).toBe(true);
    // Fay's waiting step (Bea's and Ben's requisitions) goes to the admins: nobody else in Finance may approve.
    expect(moved.reassignedSteps).toBeGreaterThan(0);
    expect(await admin().people.reactivate({ userId: id("fay@groups.example") })).toEqual({ reactivated: true });
  });
});
