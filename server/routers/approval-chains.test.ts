import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvalPolicyVersions,
  approvalStepApprovers,
  approvalSteps,
  auditLog,
  costCenterSpend,
  notifications,
  requisitionLines,
  requisitions,
  supplierOrders,
} from "@/db/schema";
import type { PolicyRule } from "@/server/domain/approval-policy";
import { money } from "@/server/domain/money";
import { runEscalations } from "@/server/jobs/escalation";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT"; // $24.50 each below 10
const ADDRESS = "addr_1c9d2f3b";
const password = "harness-password";
const HOUR = 3_600_000;

describe.each(databaseKinds)("approval chains on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let itemId: string;
  let otherItemId: string;
  const id = (email: string) => acme.users.find((u) => u.email === email)!.id;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "jane@chain.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "olga@chain.example", name: "Olga Owner", password, roles: ["approver", "buyer"] },
        { email: "fin@chain.example", name: "Fiona Finance", password, roles: ["approver"] },
        { email: "cfo@chain.example", name: "Carl CFO", password, roles: ["approver"] },
        { email: "dan@chain.example", name: "Dan Deputy", password, roles: ["approver"] },
        { email: "alex@chain.example", name: "Alex Admin", password, roles: ["admin", "approver"] },
      ],
      costCenters: [{ code: "CC-4420", name: "Facilities", ownerEmail: "olga@chain.example" }],
      escalationHours: 48,
      reminderHours: 24,
      policy: [],
    });
    const page = await acme.callerFor("jane@chain.example").catalog.search({ connectionId: acme.connectionId, q: FM });
    itemId = page.items.find((i) => i.itemCode === FM)!.supplierItemId;
    const other = await acme.callerFor("jane@chain.example").catalog.search({ connectionId: acme.connectionId, q: "tape" });
    otherItemId = other.items.find((i) => i.available && i.supplierItemId !== itemId)!.supplierItemId;
  });
  afterAll(async () => h?.close());

  const as = (email: string) => acme.callerFor(email);
  const jane = () => as("jane@chain.example");
  let version = 1;
  /** A new policy version, as an admin saving the policy page would make. */
  async function usePolicy(rules: PolicyRule[]) {
    version++;
    await h.db.insert(approvalPolicyVersions).values({ companyId: acme.companyId, version, rules, note: `test v${version}` });
  }
  async function submit(lines: { item?: string; quantity: number }[]) {
    for (const l of lines) await jane().cart.add({ connectionId: acme.connectionId, itemId: l.item ?? itemId, quantity: l.quantity });
    return jane().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-CHAIN",
      shipTo: [{ connectionId: acme.connectionId, addressId: ADDRESS }],
    });
  }
  const inInbox = async (email: string, requisitionId: string) => (await as(email).approvals.inbox()).items.some((r) => r.id === requisitionId);
  const usd = (cents: number) => money(cents, "USD");

  // "Orders over $100 on CC-4420 need the cost center owner, then Finance"
  const ownerThenFinance = (): PolicyRule[] => [
    {
      id: "finance",
      conditions: [{ kind: "total_above", amount: usd(10_000) }],
      step: { level: 2, approvers: [{ kind: "users", userIds: [id("fin@chain.example")] }], mode: "any" },
    },
    { id: "owner", conditions: [{ kind: "total_above", amount: usd(10_000) }], step: { level: 1, approvers: [{ kind: "cost_center_owner" }], mode: "any" } },
  ];

  it("shows the buyer the chain before submitting, with the reason for each step", async () => {
    await usePolicy(ownerThenFinance());
    await jane().cart.add({ connectionId: acme.connectionId, itemId, quantity: 5 });
    const options = await jane().checkout.options();
    expect(options.costCenters[0]!.approval).toMatchObject({
      needsApproval: true,
      steps: [
        { level: 1, approverNames: ["Olga Owner"], reasons: ["total $122.50 is over $100.00"] },
        { level: 2, approverNames: ["Fiona Finance"], reasons: ["total $122.50 is over $100.00"] },
      ],
    });
    for (const g of (await jane().cart.get()).groups) for (const l of g.lines) await jane().cart.remove({ lineId: l.id });
  });

  it("runs levels one after another: the owner, then Finance, then the order is placed", async () => {
    const submitted = await submit([{ quantity: 5 }]);
    expect(submitted.status).toBe("pending_approval");
    expect(await inInbox("olga@chain.example", submitted.requisitionId)).toBe(true);
    expect(await inInbox("fin@chain.example", submitted.requisitionId)).toBe(false);
    expect(await rejection(as("fin@chain.example").approvals.approve({ requisitionId: submitted.requisitionId }))).toMatchObject({ code: "FORBIDDEN" });

    const first = await as("olga@chain.example").approvals.approve({ requisitionId: submitted.requisitionId });
    expect(first).toMatchObject({ status: "pending_approval", outcome: "waiting", message: expect.stringContaining("now waits for level 2") });
    expect(await inInbox("fin@chain.example", submitted.requisitionId)).toBe(true);
    const second = await as("fin@chain.example").approvals.approve({ requisitionId: submitted.requisitionId });
    expect(second).toMatchObject({ status: "approved", outcome: "approved" });

    const detail = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail.chain.map((s) => [s.level, s.state, s.approvers.map((a) => `${a.name}:${a.decision}`)])).toEqual([
      [1, "approved", ["Olga Owner:approved"]],
      [2, "approved", ["Fiona Finance:approved"]],
    ]);
    expect(await runDueOutboxWork(h.db)).toMatchObject({ placed: 1 });
    const notes = await h.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, id("jane@chain.example")));
    expect(notes.map((n) => n.kind)).toContain("requisition.approved");
  });

  it("keeps a requisition on the policy version it was submitted under", async () => {
    const submitted = await submit([{ quantity: 5 }]);
    // Finance is dropped from the policy while it waits: this requisition still needs Finance.
    await usePolicy([ownerThenFinance()[1]!]);
    await as("olga@chain.example").approvals.approve({ requisitionId: submitted.requisitionId });
    expect((await jane().requisitions.get({ requisitionId: submitted.requisitionId })).status).toBe("pending_approval");
    await as("fin@chain.example").approvals.approve({ requisitionId: submitted.requisitionId });
    expect((await jane().requisitions.get({ requisitionId: submitted.requisitionId })).status).toBe("approved");
    // A new requisition gets the new version: the owner alone.
    const later = await submit([{ quantity: 5 }]);
    expect((await jane().requisitions.get({ requisitionId: later.requisitionId })).chain.map((s) => s.level)).toEqual([1]);
    await as("olga@chain.example").approvals.reject({ requisitionId: later.requisitionId, reason: "not needed" });
  });

  it("needs every approver of an 'all' step", async () => {
    await usePolicy([
      {
        id: "both",
        conditions: [],
        step: { level: 1, approvers: [{ kind: "users", userIds: [id("fin@chain.example"), id("cfo@chain.example")] }], mode: "all" },
      },
    ]);
    const submitted = await submit([{ quantity: 1 }]);
    const first = await as("fin@chain.example").approvals.approve({ requisitionId: submitted.requisitionId });
    expect(first.outcome).toBe("waiting");
    expect(await rejection(as("fin@chain.example").approvals.approve({ requisitionId: submitted.requisitionId }))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("already approved"),
    });
    const second = await as("cfo@chain.example").approvals.approve({ requisitionId: submitted.requisitionId });
    expect(second.outcome).toBe("approved");
  });

  it("never lets the requester approve, even when the policy names them; the admins stand in", async () => {
    await usePolicy([{ id: "self", conditions: [], step: { level: 1, approvers: [{ kind: "users", userIds: [id("jane@chain.example")] }], mode: "any" } }]);
    const submitted = await submit([{ quantity: 1 }]);
    const chain = (await jane().requisitions.get({ requisitionId: submitted.requisitionId })).chain;
    expect(chain[0]).toMatchObject({ fellBackToAdmins: true, approvers: [{ name: "Alex Admin", source: "admin_fallback" }] });
    await as("alex@chain.example").approvals.reject({ requisitionId: submitted.requisitionId, reason: "test over" });
  });

  it("records exactly one decision when eight approvers act on one step at once", async () => {
    await usePolicy([{ id: "any", conditions: [], step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" } }]);
    const submitted = await submit([{ quantity: 1 }]);
    const approvers = ["olga", "fin", "cfo", "dan", "alex", "olga", "fin", "cfo"].map((n) => `${n}@chain.example`);
    const results = await Promise.allSettled(
      approvers.map((email, i) =>
        i % 2 === 0
          ? as(email).approvals.approve({ requisitionId: submitted.requisitionId })
          : as(email).approvals.reject({ requisitionId: submitted.requisitionId, reason: "racing" }),
      ),
    );
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(String((r.reason as Error).message)).toMatch(/already (approved|rejected)|not waiting for you/);
    const decided = await h.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, submitted.requisitionId), eq(auditLog.subjectType, "requisition")));
    // submitted + exactly one step decision (+ the requisition's final approval when that one decision approved)
    const expected = (fulfilled[0] as PromiseFulfilledResult<{ status: string }>).value.status === "approved" ? 3 : 2;
    expect(decided[0]!.n).toBe(expected);
    const decisions = await h.db
      .select({ decision: approvalStepApprovers.decision })
      .from(approvalStepApprovers)
      .innerJoin(approvalSteps, eq(approvalSteps.id, approvalStepApprovers.stepId))
      .where(eq(approvalSteps.requisitionId, submitted.requisitionId));
    expect(decisions.filter((d) => d.decision !== null)).toHaveLength(1);
  });

  it("lets an approver take single lines out with a reason and approve the rest", async () => {
    await usePolicy([{ id: "any", conditions: [], step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" } }]);
    const submitted = await submit([{ quantity: 2 }, { item: otherItemId, quantity: 1 }]);
    const item = (await as("fin@chain.example").approvals.inbox()).items.find((r) => r.id === submitted.requisitionId)!;
    expect(item.lines).toHaveLength(2);
    const [letterhead, other] = [item.lines.find((l) => l.itemCode === FM)!, item.lines.find((l) => l.itemCode !== FM)!];
    const result = await as("fin@chain.example").approvals.approve({
      requisitionId: submitted.requisitionId,
      rejectedLines: [{ lineId: other.id, reason: "We have plenty in stock" }],
    });
    expect(result.outcome).toBe("approved");
    const detail = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail.supplierOrders[0]!.subtotal).toEqual(letterhead.lineTotal);
    // The total and the reservation follow the kept lines, with their expected tax and shipping.
    expect(detail.total).toEqual(detail.supplierOrders[0]!.expected);
    expect(detail.supplierOrders[0]!.spend?.amount).toEqual(detail.supplierOrders[0]!.expected);
    const lines = detail.supplierOrders[0]!.lines;
    expect(lines.find((l) => l.id === other.id)!.rejectedReason).toBe("We have plenty in stock");
    expect(detail.supplierOrders[0]!.subtotal).toEqual(letterhead.lineTotal);
    const [spend] = await h.db.select().from(costCenterSpend).where(eq(costCenterSpend.requisitionId, submitted.requisitionId));
    expect(spend!.amountMinor).toBe(detail.supplierOrders[0]!.expected.amount);
    // Only the kept line goes to Hygrade.
    await runDueOutboxWork(h.db);
    const [order] = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    expect(order!.state).toBe("placed");
    const notes = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, id("jane@chain.example")), eq(notifications.kind, "requisition.lines_rejected")));
    expect(notes.at(-1)!.body).toContain("We have plenty in stock");
  });

  it("routes to a delegate during their out-of-office range and back afterwards, recording both", async () => {
    await usePolicy([{ id: "cfo", conditions: [], step: { level: 1, approvers: [{ kind: "users", userIds: [id("cfo@chain.example")] }], mode: "any" } }]);
    const today = new Date().toISOString().slice(0, 10);
    const set = await as("cfo@chain.example").approvals.setDelegation({
      delegateId: id("dan@chain.example"),
      startsOn: today,
      endsOn: today,
      note: "Conference",
    });
    const submitted = await submit([{ quantity: 1 }]);
    const item = (await as("dan@chain.example").approvals.inbox()).items.find((r) => r.id === submitted.requisitionId);
    expect(item?.step?.onBehalfOf).toBe("Carl CFO");
    await as("dan@chain.example").approvals.approve({ requisitionId: submitted.requisitionId });
    const [decision] = await h.db
      .select({ decision: approvalStepApprovers.decision, decidedById: approvalStepApprovers.decidedById })
      .from(approvalStepApprovers)
      .innerJoin(approvalSteps, eq(approvalSteps.id, approvalStepApprovers.stepId))
      .where(and(eq(approvalSteps.requisitionId, submitted.requisitionId), eq(approvalStepApprovers.userId, id("cfo@chain.example"))));
    expect(decision).toMatchObject({ decision: "approved", decidedById: id("dan@chain.example") });
    const audited = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, submitted.requisitionId), eq(auditLog.action, "approval.step_approved")));
    expect(audited[0]).toMatchObject({ actorId: id("dan@chain.example"), details: expect.objectContaining({ onBehalfOf: id("cfo@chain.example") }) });

    // Ended: the next one goes back to the CFO only.
    await as("cfo@chain.example").approvals.revokeDelegation({ delegationId: set.id });
    const next = await submit([{ quantity: 1 }]);
    expect(await inInbox("dan@chain.example", next.requisitionId)).toBe(false);
    expect(await inInbox("cfo@chain.example", next.requisitionId)).toBe(true);
    expect(await rejection(as("dan@chain.example").approvals.approve({ requisitionId: next.requisitionId }))).toMatchObject({ code: "FORBIDDEN" });
    await as("cfo@chain.example").approvals.reject({ requisitionId: next.requisitionId, reason: "done testing" });
    const recorded = await h.db.select().from(auditLog).where(eq(auditLog.subjectId, set.id)).orderBy(asc(auditLog.at));
    expect(recorded.map((r) => r.action)).toEqual(["delegation.created", "delegation.ended"]);
  });

  it("refuses a delegation to oneself, to a non-approver, backwards or overlapping, naming the field", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const cfo = as("cfo@chain.example");
    expect(await rejection(cfo.approvals.setDelegation({ delegateId: id("cfo@chain.example"), startsOn: today, endsOn: today }))).toMatchObject({
      field: "delegateId",
    });
    expect(await rejection(cfo.approvals.setDelegation({ delegateId: id("jane@chain.example"), startsOn: today, endsOn: today }))).toMatchObject({
      field: "delegateId",
      message: "Jane Buyer is not an approver, so cannot stand in for you.",
    });
    expect(await rejection(cfo.approvals.setDelegation({ delegateId: id("dan@chain.example"), startsOn: "2030-02-02", endsOn: "2030-02-01" }))).toMatchObject({
      field: "endsOn",
    });
    await cfo.approvals.setDelegation({ delegateId: id("dan@chain.example"), startsOn: "2030-02-01", endsOn: "2030-02-10" });
    expect(await rejection(cfo.approvals.setDelegation({ delegateId: id("fin@chain.example"), startsOn: "2030-02-05", endsOn: "2030-02-20" }))).toMatchObject({
      field: "startsOn",
    });
  });

  it("reminds the approver, then escalates to the admins after the company's limit", async () => {
    await usePolicy([{ id: "cfo", conditions: [], step: { level: 1, approvers: [{ kind: "users", userIds: [id("cfo@chain.example")] }], mode: "any" } }]);
    const submitted = await submit([{ quantity: 1 }]);
    const [req] = await h.db.select().from(requisitions).where(eq(requisitions.id, submitted.requisitionId));
    const t0 = req!.submittedAt.getTime();
    expect(await runEscalations(h.db, new Date(t0 + 23 * HOUR))).toEqual({ reminded: 0, escalated: 0 });
    expect(await runEscalations(h.db, new Date(t0 + 25 * HOUR))).toEqual({ reminded: 1, escalated: 0 });
    expect(await runEscalations(h.db, new Date(t0 + 26 * HOUR))).toEqual({ reminded: 0, escalated: 0 });
    const reminders = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, id("cfo@chain.example")), eq(notifications.kind, "approval.reminder")));
    expect(reminders).toHaveLength(1);
    expect(await inInbox("alex@chain.example", submitted.requisitionId)).toBe(false);

    expect(await runEscalations(h.db, new Date(t0 + 49 * HOUR))).toEqual({ reminded: 0, escalated: 1 });
    expect(await inInbox("alex@chain.example", submitted.requisitionId)).toBe(true);
    expect(await runEscalations(h.db, new Date(t0 + 50 * HOUR))).toEqual({ reminded: 0, escalated: 0 });
    const approved = await as("alex@chain.example").approvals.approve({ requisitionId: submitted.requisitionId });
    expect(approved.outcome).toBe("approved");
    const detail = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail.chain[0]!.escalatedAt).not.toBeNull();
    expect(detail.chain[0]!.approvers.find((a) => a.name === "Alex Admin")).toMatchObject({ source: "escalation", decision: "approved" });
  });

  it("sends it back to the requester when the price rose past the tolerance before placing, and lets them resubmit", async () => {
    await usePolicy([{ id: "cfo", conditions: [], step: { level: 1, approvers: [{ kind: "users", userIds: [id("cfo@chain.example")] }], mode: "any" } }]);
    const submitted = await submit([{ quantity: 2 }]);
    // As if Jane had been quoted $19.99 and Hygrade now asks $24.50: +22%, past the 2% tolerance.
    await h.db.update(requisitionLines).set({ unitPriceMinor: 1999, lineTotalMinor: 3998 }).where(eq(requisitionLines.requisitionId, submitted.requisitionId));
    const result = await as("cfo@chain.example").approvals.approve({ requisitionId: submitted.requisitionId });
    expect(result).toMatchObject({ status: "returned", outcome: "returned" });
    const detail = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail.returnedChanges!.map((c) => c.change)).toEqual(
      expect.arrayContaining([expect.stringContaining("rose from $19.99 to $24.50 each"), expect.stringContaining("more than the 2% your company accepts")]),
    );
    expect(detail.supplierOrders[0]!.state).toBe("not_sent");
    const [spend] = await h.db.select().from(costCenterSpend).where(eq(costCenterSpend.supplierOrderId, detail.supplierOrders[0]!.id));
    expect(spend!.state).toBe("released");

    // Edit and resubmit: a new revision at today's price, approved afresh; the first stays on record.
    const line = detail.supplierOrders[0]!.lines[0]!;
    const again = await jane().requisitions.resubmit({
      requisitionId: submitted.requisitionId,
      lines: [{ lineId: line.id, quantity: 3 }],
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-CHAIN-2",
    });
    expect(again).toMatchObject({ revision: 2, status: "pending_approval" });
    const revised = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(revised.supplierOrders[0]!.subtotal).toEqual(usd(7350));
    expect(revised.total).toEqual(revised.supplierOrders[0]!.expected);
    expect(revised.previousRevisions).toEqual([{ revision: 1, lines: 1, total: usd(3998) }]);
    expect(revised.chain.map((s) => s.state)).toEqual(["pending"]);
    expect((await as("cfo@chain.example").approvals.approve({ requisitionId: submitted.requisitionId })).outcome).toBe("approved");
    expect(
      await rejection(
        jane().requisitions.resubmit({
          requisitionId: submitted.requisitionId,
          lines: [{ lineId: line.id, quantity: 1 }],
          costCenterId: acme.costCenters[0]!.id,
          poNumber: "X",
        }),
      ),
    ).toMatchObject({
      code: "CONFLICT",
    });
  });

  it("resubmits after a rejection with edited lines, and refuses bad edits saving nothing", async () => {
    await usePolicy(ownerThenFinance());
    const submitted = await submit([{ quantity: 6 }]);
    await as("olga@chain.example").approvals.reject({ requisitionId: submitted.requisitionId, reason: "Too many" });
    const detail = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    const line = detail.supplierOrders[0]!.lines[0]!;
    const bad = await rejection(
      jane().requisitions.resubmit({
        requisitionId: submitted.requisitionId,
        lines: [{ lineId: line.id, quantity: 0 }],
        costCenterId: acme.costCenters[0]!.id,
        poNumber: "P",
      }),
    );
    expect(bad).toMatchObject({ code: "BAD_REQUEST", field: "lines" });
    expect(
      await rejection(
        as("olga@chain.example").requisitions.resubmit({
          requisitionId: submitted.requisitionId,
          lines: [{ lineId: line.id, quantity: 1 }],
          costCenterId: acme.costCenters[0]!.id,
          poNumber: "P",
        }),
      ),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await jane().requisitions.get({ requisitionId: submitted.requisitionId })).revision).toBe(1);
    // Two units ($49.00) is under $100, so the policy alone would need nobody; Olga rejected it, so it goes back to her.
    const ok = await jane().requisitions.resubmit({
      requisitionId: submitted.requisitionId,
      lines: [{ lineId: line.id, quantity: 2 }],
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-FEWER",
    });
    expect(ok).toMatchObject({ revision: 2, status: "pending_approval" });
    expect(await inInbox("olga@chain.example", submitted.requisitionId)).toBe(true);
    expect(await as("olga@chain.example").approvals.approve({ requisitionId: submitted.requisitionId })).toMatchObject({ outcome: "approved" });
    const history = (await jane().requisitions.get({ requisitionId: submitted.requisitionId })).history.map((x) => x.action);
    expect(history).toEqual(expect.arrayContaining(["requisition.submitted", "approval.step_rejected", "requisition.resubmitted"]));
  });

  it("takes a withdrawn requisition out of every inbox", async () => {
    await usePolicy(ownerThenFinance());
    const submitted = await submit([{ quantity: 5 }]);
    await jane().requisitions.withdraw({ requisitionId: submitted.requisitionId });
    expect(await inInbox("olga@chain.example", submitted.requisitionId)).toBe(false);
    expect(await rejection(as("olga@chain.example").approvals.approve({ requisitionId: submitted.requisitionId }))).toMatchObject({ code: "CONFLICT" });
  });
});
