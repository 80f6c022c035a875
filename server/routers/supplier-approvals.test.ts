import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, costCenterSpend, supplierIntents, supplierOrders } from "@/db/schema";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { settleSupplierIntents } from "@/server/jobs/supplier-intents";
import { createSupplierConnection } from "@/server/connections/connections";
import { createHygradeConnector } from "@/server/suppliers/hygrade/connector";
import { startHygradeSandbox } from "@/server/sandboxes/hygrade/sandbox";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT"; // $21.75 each from 10 on ACME001
const ADDRESS = "addr_1c9d2f3b";
const password = "harness-password";

describe.each(databaseKinds)("approving Hygrade's held orders from the portal on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let itemId: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    // No portal threshold: the portal lets orders go at once, so only Hygrade's own $500.00 rule holds them.
    acme = await h.createCompany({
      approvalThreshold: null,
      users: [
        { email: "jane@held.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "sam@held.example", name: "Sam Approver", password, roles: ["approver"] },
        { email: "olga@held.example", name: "Olga Lead", password, roles: ["buyer", "approver"] },
      ],
    });
    other = await h.createCompany({ approvalThreshold: null });
    const page = await acme.callerFor("jane@held.example").catalog.search({ connectionId: acme.connectionId, q: FM });
    itemId = page.items.find((i) => i.itemCode === FM)!.supplierItemId;
  });
  afterAll(async () => h?.close());

  const jane = () => acme.callerFor("jane@held.example");
  const sam = () => acme.callerFor("sam@held.example");
  const olga = () => acme.callerFor("olga@held.example");
  const facilities = () => acme.costCenters.find((c) => c.code === "CC-4420")!.id;
  const hygradeQueue = async (caller = sam()) => (await caller.supplierApprovals.list()).suppliers.find((s) => s.connectionId === acme.connectionId)!;
  const hygradeStatus = (ref: string) => h.sandbox.state.orders.get(ref)?.order.status;

  /** A requisition over Hygrade's $500.00, through the portal and placed with Hygrade, where it waits. */
  async function placeHeldOrder(requester = jane, quantity = 30) {
    await requester().cart.add({ connectionId: acme.connectionId, itemId, quantity });
    const submitted = await requester().checkout.submit({
      costCenterId: facilities(),
      poNumber: "PO-HELD",
      shipTo: [{ connectionId: acme.connectionId, addressId: ADDRESS }],
    });
    // Should a portal policy still ask for approval, let it through here: the subject is Hygrade's approval.
    if (submitted.status === "pending_approval") await (requester === sam ? olga : sam)().approvals.approve({ requisitionId: submitted.requisitionId });
    await runDueOutboxWork(h.db);
    const [order] = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    expect(order).toMatchObject({ state: "placed", supplierStatus: "pending_approval" });
    const entry = (await hygradeQueue()).approvals.find((a) => a.supplierOrderRef === order!.supplierOrderRef)!;
    return { requisitionId: submitted.requisitionId, order: order!, entry };
  }

  const auditFor = async (action: string, approvalId: string) =>
    (
      await h.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.companyId, acme.companyId), eq(auditLog.action, action)))
    ).filter((e) => e.details.approvalId === approvalId);

  it("shows an order Hygrade holds with our requisition number, requester, cost center and Hygrade's amount", async () => {
    const { requisitionId, order, entry } = await placeHeldOrder();
    const detail = await sam().requisitions.get({ requisitionId });
    expect(entry).toMatchObject({
      approvalId: expect.stringMatching(/^apr_/),
      supplierOrderRef: order.supplierOrderRef,
      // 30 x $21.75 = $652.50, 7% tax, free shipping over $500.00
      amount: { amount: 65_250 + 4_568, currency: "USD" },
      waitingSince: expect.any(Date),
      waitingFor: "Sam Rivera",
      requestedByYou: false,
      order: {
        requisitionId,
        requisitionNumber: detail.number,
        requesterName: "Jane Buyer",
        costCenterCode: "CC-4420",
        costCenterName: "Facilities",
        total: { amount: 65_250 + 4_568, currency: "USD" },
        supplierStatus: "pending_approval",
      },
    });
    const queue = await hygradeQueue();
    expect(queue).toMatchObject({ supplierName: "Hygrade", error: null, unreadable: 0 });
  });

  it("shows held orders the portal did not place, marked as not the portal's", async () => {
    // Someone ordered on Hygrade's own site, on the same account.
    const outside = await createHygradeConnector(h.settings).placeOrder({
      idempotencyKey: "outside-the-portal-1",
      shipToAddressId: ADDRESS,
      costCenterCode: "CC-4420",
      poNumber: "PO-PHONE",
      lines: [{ itemCode: FM, quantity: 40 }],
    });
    const entry = (await hygradeQueue()).approvals.find((a) => a.supplierOrderRef === outside.supplierOrderId);
    expect(entry).toMatchObject({ order: null, amount: outside.total });
    // Another company on the same Hygrade account sees Acme's orders only as unknown ones, never Acme's requisitions.
    const theirs = (await other.callerFor("approver2@harness.example").supplierApprovals.list()).suppliers[0]!;
    expect(theirs.approvals.length).toBeGreaterThan(0);
    expect(theirs.approvals.every((a) => a.order === null)).toBe(true);
  });

  it("approving at Hygrade moves the order on there and on our requisition, and is audited", async () => {
    const { requisitionId, order, entry } = await placeHeldOrder();
    const result = await sam().supplierApprovals.approve({ connectionId: acme.connectionId, approvalId: entry.approvalId });
    expect(result).toMatchObject({ supplierOrderRef: order.supplierOrderRef, supplierStatus: "approved", requisitionId });
    expect(hygradeStatus(order.supplierOrderRef!)).toBe("approved");
    const detail = await jane().requisitions.get({ requisitionId });
    expect(detail.supplierOrders[0]!.supplierStatus).toBe("approved");
    expect((await hygradeQueue()).approvals.map((a) => a.approvalId)).not.toContain(entry.approvalId);

    const [audit] = await auditFor("supplier_approval.approved", entry.approvalId);
    expect(audit).toMatchObject({
      actorId: acme.users.find((u) => u.email === "sam@held.example")!.id,
      subjectType: "supplier_order",
      subjectId: order.id,
      details: { supplier: "Hygrade", supplierOrderRef: order.supplierOrderRef, requisitionNumber: detail.number, reason: null },
    });
    expect(audit!.at).toBeInstanceOf(Date);

    const again = await rejection(sam().supplierApprovals.approve({ connectionId: acme.connectionId, approvalId: entry.approvalId }));
    expect(again).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already approved or rejected/) });
    expect(await auditFor("supplier_approval.approved", entry.approvalId)).toHaveLength(1);
  });

  it("rejecting with a reason cancels the order at Hygrade, releases its spend and keeps the reason", async () => {
    const { requisitionId, order, entry } = await placeHeldOrder();
    const reason = "Over budget for this quarter. Resubmit after 2026-07-01.";
    const result = await sam().supplierApprovals.reject({ connectionId: acme.connectionId, approvalId: entry.approvalId, reason });
    expect(result.supplierStatus).toBe("cancelled");
    expect(hygradeStatus(order.supplierOrderRef!)).toBe("cancelled");
    expect(h.sandbox.state.approvals.get(entry.approvalId)).toMatchObject({ status: "rejected", reason });
    expect((await jane().requisitions.get({ requisitionId })).supplierOrders[0]!.supplierStatus).toBe("cancelled");
    const [spend] = await h.db.select().from(costCenterSpend).where(eq(costCenterSpend.supplierOrderId, order.id));
    expect(spend).toMatchObject({ state: "released", releaseReason: expect.stringContaining(reason) });
    const [audit] = await auditFor("supplier_approval.rejected", entry.approvalId);
    expect(audit).toMatchObject({ subjectId: order.id, details: { reason, supplierOrderRef: order.supplierOrderRef, supplierStatus: "cancelled" } });
  });

  it("refuses a rejection without a reason, naming the field, and leaves the order waiting", async () => {
    const { order, entry } = await placeHeldOrder();
    for (const reason of ["", "  ", "no"]) {
      const refused = await rejection(sam().supplierApprovals.reject({ connectionId: acme.connectionId, approvalId: entry.approvalId, reason }));
      expect(refused).toMatchObject({ code: "BAD_REQUEST", field: "reason" });
    }
    const missing = await rejection(sam().supplierApprovals.reject({ connectionId: acme.connectionId, approvalId: entry.approvalId } as never));
    expect(missing).toMatchObject({ code: "BAD_REQUEST", field: "reason" });
    expect(hygradeStatus(order.supplierOrderRef!)).toBe("pending_approval");
    expect(await auditFor("supplier_approval.rejected", entry.approvalId)).toEqual([]);
  });

  it("lets only the company's approvers decide, on the company's own connection, and not on their own requisition", async () => {
    const { order, entry } = await placeHeldOrder();
    expect((await rejection(jane().supplierApprovals.list())).code).toBe("FORBIDDEN");
    expect((await rejection(jane().supplierApprovals.approve({ connectionId: acme.connectionId, approvalId: entry.approvalId }))).code).toBe("FORBIDDEN");
    expect((await rejection(h.anonymous().supplierApprovals.list())).code).toBe("UNAUTHORIZED");
    // Another company's approver, with our connection id or with our approval through their own connection.
    const stranger = other.callerFor("approver2@harness.example");
    expect((await rejection(stranger.supplierApprovals.approve({ connectionId: acme.connectionId, approvalId: entry.approvalId }))).code).toBe("NOT_FOUND");
    expect((await rejection(sam().supplierApprovals.approve({ connectionId: other.connectionId, approvalId: entry.approvalId }))).code).toBe("NOT_FOUND");
    expect(hygradeStatus(order.supplierOrderRef!)).toBe("pending_approval");

    const own = await placeHeldOrder(olga);
    expect(own.entry.requestedByYou).toBe(false); // as Sam sees it
    expect((await hygradeQueue(olga())).approvals.find((a) => a.approvalId === own.entry.approvalId)?.requestedByYou).toBe(true);
    const refused = await rejection(olga().supplierApprovals.approve({ connectionId: acme.connectionId, approvalId: own.entry.approvalId }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/another approver/) });
    expect(hygradeStatus(own.order.supplierOrderRef!)).toBe("pending_approval");
  });

  it("with Hygrade down, the list says so for Hygrade and still shows the other supplier's approvals", async () => {
    await placeHeldOrder();
    const west = await startHygradeSandbox({ port: 0, autoAdvanceMs: null });
    try {
      const westSettings = { baseUrl: west.baseUrl, tokenUrl: west.tokenUrl, clientId: west.clientId, clientSecret: west.clientSecret, accountId: "ACME001" };
      const connection = await createSupplierConnection(h.db, {
        companyId: acme.companyId,
        supplier: "hygrade",
        displayName: "Hygrade West",
        settings: westSettings,
      });
      const held = await createHygradeConnector(westSettings).placeOrder({
        idempotencyKey: "west-1",
        shipToAddressId: ADDRESS,
        costCenterCode: "CC-4420",
        poNumber: "PO-W",
        lines: [{ itemCode: FM, quantity: 50 }],
      });

      await sandboxControl(h.sandbox, "/faults", { kind: "status5xx", count: 20 });
      const { suppliers } = await sam().supplierApprovals.list();
      expect(suppliers.map((s) => s.supplierName)).toEqual(["Hygrade", "Hygrade West"]);
      expect(suppliers[0]).toMatchObject({ error: expect.stringMatching(/^Hygrade is not answering right now/), approvals: [] });
      expect(suppliers[1]).toMatchObject({ connectionId: connection.id, error: null, approvals: [{ supplierOrderRef: held.supplierOrderId, order: null }] });
    } finally {
      await sandboxControl(h.sandbox, "/reset", {});
      await west.close();
    }
    expect((await hygradeQueue()).error).toBeNull();
  });

  it("Hygrade rejected but the portal could not record it: the approver is told so, and the worker records the rejection", async () => {
    const { requisitionId, order, entry } = await placeHeldOrder();
    const reason = "Not this quarter, please.";
    // The database refuses the portal's own write after Hygrade has acted, as a full disk would.
    await h.db.execute(
      sql.raw(`CREATE FUNCTION refuse_held_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.supplier_status = 'cancelled' THEN RAISE EXCEPTION 'the portal cannot write (test)'; END IF; RETURN NEW; END $$`),
    );
    await h.db.execute(sql.raw(`CREATE TRIGGER refuse_held_write BEFORE UPDATE ON supplier_orders FOR EACH ROW EXECUTE FUNCTION refuse_held_write()`));
    try {
      const result = await sam().supplierApprovals.reject({ connectionId: acme.connectionId, approvalId: entry.approvalId, reason });
      expect(result).toMatchObject({ outcome: "recording", supplierStatus: "cancelled", requisitionId });
      expect(result.message).toBe("Hygrade rejected the order; the portal is still recording it and will finish within a minute.");
      expect(hygradeStatus(order.supplierOrderRef!)).toBe("cancelled");
      expect((await jane().requisitions.get({ requisitionId })).supplierOrders[0]!.supplierStatus).toBe("pending_approval");
    } finally {
      await h.db.execute(sql.raw(`DROP TRIGGER refuse_held_write ON supplier_orders`));
      await h.db.execute(sql.raw(`DROP FUNCTION refuse_held_write()`));
    }
    expect(await settleSupplierIntents(h.db, new Date(Date.now() + 10 * 60_000))).toBe(1);
    expect((await jane().requisitions.get({ requisitionId })).supplierOrders[0]!.supplierStatus).toBe("cancelled");
    const [spend] = await h.db.select().from(costCenterSpend).where(eq(costCenterSpend.supplierOrderId, order.id));
    expect(spend).toMatchObject({ state: "released", releaseReason: expect.stringContaining(reason) });
    expect(await auditFor("supplier_approval.rejected", entry.approvalId)).toHaveLength(1);
    expect((await h.db.select().from(supplierIntents).where(eq(supplierIntents.supplierRef, entry.approvalId))).map((i) => i.status)).toEqual(["done"]);
  });

  it("Hygrade's answer to an approval is lost: the approver is told it did not answer, and the worker reads it back", async () => {
    const { requisitionId, order, entry } = await placeHeldOrder();
    const approvePath = `${new URL(h.sandbox.baseUrl).pathname}/approvals/${entry.approvalId}/approve`;
    await sandboxControl(h.sandbox, "/faults", { kind: "truncate", count: 1, pathPrefix: approvePath });
    await sandboxControl(h.sandbox, "/faults", { kind: "drop", count: 10, pathPrefix: approvePath });
    const result = await sam().supplierApprovals.approve({ connectionId: acme.connectionId, approvalId: entry.approvalId });
    await sandboxControl(h.sandbox, "/reset", {});
    expect(result).toMatchObject({ outcome: "checking", supplierStatus: null });
    expect(result.message).toBe("Hygrade did not answer; we will check whether it approved the order and tell you.");
    expect(hygradeStatus(order.supplierOrderRef!)).toBe("approved");
    expect(await settleSupplierIntents(h.db, new Date(Date.now() + 10 * 60_000))).toBe(1);
    expect((await jane().requisitions.get({ requisitionId })).supplierOrders[0]!.supplierStatus).toBe("approved");
    expect(await auditFor("supplier_approval.approved", entry.approvalId)).toHaveLength(1);
  });
});
