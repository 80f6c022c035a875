/**
 * Receiving as the dock lives it, against the real database and the Hygrade sandbox: partial receipts add up, keeping
 * extra needs a reason, rejected goods need one and stay outstanding, a mistake is reversed (never edited), the order
 * and requisition end "Received", only the requester, a named receiver of the ship-to or an admin may receive, another
 * company's order is not found, and the requester is reminded when the supplier delivered and nothing was received.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, notifications, supplierOrders } from "@/db/schema";
import { runReceiptReminders } from "@/server/jobs/receipt-reminders";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { refreshSupplierOrderStatus } from "@/server/requisitions/supplier-status";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT";
const password = "harness-password";
const today = () => new Date().toISOString().slice(0, 10);

describe.each(databaseKinds)("receiving goods on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let fmId: string;
  let tapeId: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "jane@dock.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "lee@dock.example", name: "Lee Buyer", password, roles: ["buyer"] },
        { email: "dock@dock.example", name: "Dana Dock", password, roles: ["buyer"] },
        { email: "sam@dock.example", name: "Sam Approver", password, roles: ["approver"] },
        { email: "alex@dock.example", name: "Alex Admin", password, roles: ["admin"] },
      ],
    });
    other = await h.createCompany({ users: [{ email: "eve@other.example", name: "Eve Elsewhere", password, roles: ["buyer", "admin"] }] });
    const fm = await caller("jane@dock.example").catalog.search({ connectionId: acme.connectionId, q: FM });
    fmId = fm.items.find((i) => i.itemCode === FM)!.supplierItemId;
    const tape = await caller("jane@dock.example").catalog.search({ connectionId: acme.connectionId, q: "tape", inStockOnly: true });
    tapeId = tape.items.find((i) => i.supplierItemId !== fmId)!.supplierItemId;
  });
  afterAll(async () => h?.close());

  const caller = (email: string) => acme.callerFor(email);
  const jane = () => caller("jane@dock.example");

  /** Gloves x10 and a tape x2 from Hygrade, under the approval threshold, so placed at once. */
  async function placedOrder() {
    await jane().cart.add({ connectionId: acme.connectionId, itemId: fmId, quantity: 10 });
    await jane().cart.add({ connectionId: acme.connectionId, itemId: tapeId, quantity: 2 });
    const options = await jane().checkout.options();
    const submitted = await jane().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-DOCK",
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
    await runDueOutboxWork(h.db);
    const requisition = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(requisition.status).toBe("ordered");
    const order = requisition.supplierOrders[0]!;
    const gloves = order.lines.find((l) => l.itemCode === FM)!;
    const tape = order.lines.find((l) => l.itemCode !== FM)!;
    return { requisition, order, gloves, tape };
  }
  const line = (lineId: string, quantityReceived: number, extra: Record<string, unknown> = {}) => ({ lineId, quantityReceived, ...extra });

  it("adds partial receipts up per line, and a fully received order makes the requisition Received", async () => {
    const { requisition, order, gloves, tape } = await placedOrder();
    const first = await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), deliveryNoteNumber: "DN-1", lines: [line(gloves.id, 4)] });
    expect(first.fullyReceived).toBe(false);
    await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [line(gloves.id, 3), line(tape.id, 2)] });
    const view = await jane().receiving.forOrder({ supplierOrderId: order.id });
    expect(view.lines.map((l) => [l.itemCode, l.ordered, l.received, l.outstanding])).toEqual(
      [
        [FM, 10, 7, 3],
        [tape.itemCode, 2, 2, 0],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(view.receipts).toHaveLength(2);
    expect(view.receipts.find((r) => r.deliveryNoteNumber === "DN-1")!.receivedByName).toBe("Jane Buyer");
    expect((await jane().requisitions.get({ requisitionId: requisition.id })).status).toBe("ordered");

    // The rest, the two-tap way: everything still outstanding.
    const rest = await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), everything: true });
    expect(rest.fullyReceived).toBe(true);
    const after = await jane().requisitions.get({ requisitionId: requisition.id });
    expect(after.status).toBe("received");
    expect(after.history.map((e) => e.action)).toContain("requisition.received");
    const final = await jane().receiving.forOrder({ supplierOrderId: order.id });
    expect(final.lines.every((l) => l.outstanding === 0)).toBe(true);
    expect(final.canReceive).toBe(false);
    // Nothing is left for "everything arrived".
    expect(await rejection(jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), everything: true }))).toMatchObject({ code: "CONFLICT" });
  });

  it("needs a reason to keep more than was ordered, naming the field, and changes nothing without one", async () => {
    const { order, tape } = await placedOrder();
    const refused = await rejection(jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [line(tape.id, 3)] }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", field: "lines.0.overReceiptReason" });
    expect(refused.message).toContain("2 were ordered and this makes 3 received");
    expect((await jane().receiving.forOrder({ supplierOrderId: order.id })).receipts).toHaveLength(0);
    await jane().receiving.record({
      supplierOrderId: order.id,
      receivedOn: today(),
      lines: [line(tape.id, 3, { overReceiptReason: "Supplier sent a spare" })],
    });
    const view = await jane().receiving.forOrder({ supplierOrderId: order.id });
    expect(view.lines.find((l) => l.lineId === tape.id)).toMatchObject({ received: 3, overReceived: 1, outstanding: 0 });
  });

  it("needs a reason for rejected goods, and keeps them outstanding", async () => {
    const { order, gloves } = await placedOrder();
    expect(
      await rejection(jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [line(gloves.id, 10, { quantityRejected: 2 })] })),
    ).toMatchObject({ code: "BAD_REQUEST", field: "lines.0.rejectionReason" });
    expect(
      await rejection(
        jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [line(gloves.id, 1, { quantityRejected: 2, rejectionReason: "x" })] }),
      ),
    ).toMatchObject({ field: "lines.0.quantityRejected" });
    await jane().receiving.record({
      supplierOrderId: order.id,
      receivedOn: today(),
      lines: [line(gloves.id, 10, { quantityRejected: 2, rejectionReason: "Two boxes torn" })],
    });
    const view = await jane().receiving.forOrder({ supplierOrderId: order.id });
    expect(view.lines.find((l) => l.lineId === gloves.id)).toMatchObject({ received: 10, rejected: 2, accepted: 8, outstanding: 2 });
    expect(view.receipts[0]!.lines[0]).toMatchObject({ quantityRejected: 2, rejectionReason: "Two boxes torn" });
  });

  it("refuses input a person could type wrong, with the field: negative, not a number, a day in the future", async () => {
    const { order, gloves } = await placedOrder();
    expect(await rejection(jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [line(gloves.id, -1)] }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "lines.0.quantityReceived",
      message: "Quantity received cannot be negative",
    });
    expect(await rejection(jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [line(gloves.id, Number.NaN)] }))).toMatchObject({
      field: "lines.0.quantityReceived",
    });
    const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    expect(await rejection(jane().receiving.record({ supplierOrderId: order.id, receivedOn: future, lines: [line(gloves.id, 1)] }))).toMatchObject({
      field: "receivedOn",
    });
    expect(await rejection(jane().receiving.record({ supplierOrderId: order.id, receivedOn: "2026-02-30", lines: [line(gloves.id, 1)] }))).toMatchObject({
      field: "receivedOn",
    });
    expect(await rejection(jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [line(gloves.id, 0)] }))).toMatchObject({
      field: "lines",
    });
  });

  it("corrects a mistake with a reversing receipt, once, and the requisition follows back", async () => {
    const { requisition, order } = await placedOrder();
    await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), everything: true });
    expect((await jane().requisitions.get({ requisitionId: requisition.id })).status).toBe("received");
    const [receipt] = (await jane().receiving.forOrder({ supplierOrderId: order.id })).receipts;
    expect(await rejection(jane().receiving.reverse({ receiptId: receipt!.id, reason: "" }))).toMatchObject({ code: "BAD_REQUEST", field: "reason" });
    const reversed = await jane().receiving.reverse({ receiptId: receipt!.id, reason: "Counted the wrong pallet" });
    expect(reversed.fullyReceived).toBe(false);
    const view = await jane().receiving.forOrder({ supplierOrderId: order.id });
    expect(view.lines.every((l) => l.received === 0 && l.outstanding === l.ordered)).toBe(true);
    // Both records are kept: the receipt (marked reversed) and its reversal.
    expect(view.receipts).toHaveLength(2);
    expect(view.receipts.find((r) => r.id === receipt!.id)!.reversed).toBe(true);
    const reversal = view.receipts.find((r) => r.reversesReceiptId === receipt!.id)!;
    expect(reversal.reason).toBe("Counted the wrong pallet");
    expect(reversal.lines.every((l) => l.quantityReceived < 0)).toBe(true);
    expect((await jane().requisitions.get({ requisitionId: requisition.id })).status).toBe("ordered");
    const [stored] = await h.db.select({ receivedAt: supplierOrders.receivedAt }).from(supplierOrders).where(eq(supplierOrders.id, order.id));
    expect(stored!.receivedAt).toBeNull();

    expect(await rejection(jane().receiving.reverse({ receiptId: receipt!.id, reason: "Again" }))).toMatchObject({ code: "CONFLICT" });
    expect(await rejection(jane().receiving.reverse({ receiptId: reversal.id, reason: "Undo the undo" }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    const audited = await h.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, order.id));
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(["supplier_order.received", "supplier_order.receipt_reversed"]));
  });

  it("lets the requester, a named receiver of the ship-to and admins receive; others are refused, another company is told not found", async () => {
    const { requisition, order, gloves } = await placedOrder();
    const receipt = { supplierOrderId: order.id, receivedOn: today(), lines: [line(gloves.id, 1)] };
    expect(await rejection(other.callerFor("eve@other.example").receiving.record(receipt))).toMatchObject({ code: "NOT_FOUND" });
    expect(await rejection(other.callerFor("eve@other.example").receiving.forOrder({ supplierOrderId: order.id }))).toMatchObject({ code: "NOT_FOUND" });
    // Another buyer of the same company cannot see Jane's requisition at all.
    expect(await rejection(caller("lee@dock.example").receiving.record(receipt))).toMatchObject({ code: "NOT_FOUND" });
    // An approver sees it, but is not at the dock.
    expect(await rejection(caller("sam@dock.example").receiving.record(receipt))).toMatchObject({ code: "FORBIDDEN" });
    expect((await caller("sam@dock.example").receiving.forOrder({ supplierOrderId: order.id })).canReceive).toBe(false);

    // Dana is named for this ship-to address by an admin: she sees the requisition and receives.
    expect(await rejection(caller("dock@dock.example").requisitions.get({ requisitionId: requisition.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await rejection(caller("jane@dock.example").receiving.receivers())).toMatchObject({ code: "FORBIDDEN" });
    const dana = acme.users.find((u) => u.email === "dock@dock.example")!;
    const book = await caller("alex@dock.example").receiving.receivers();
    const supplier = book.suppliers.find((s) => s.connectionId === acme.connectionId)!;
    expect(supplier.addresses.map((a) => a.id)).toContain(order.shipTo.supplierAddressId);
    expect(
      await rejection(caller("alex@dock.example").receiving.addReceiver({ connectionId: acme.connectionId, addressId: "not-an-address", userId: dana.id })),
    ).toMatchObject({ field: "addressId" });
    const eve = other.users[0]!;
    expect(
      await rejection(
        caller("alex@dock.example").receiving.addReceiver({ connectionId: acme.connectionId, addressId: order.shipTo.supplierAddressId, userId: eve.id }),
      ),
    ).toMatchObject({ field: "userId" });
    const added = await caller("alex@dock.example").receiving.addReceiver({
      connectionId: acme.connectionId,
      addressId: order.shipTo.supplierAddressId,
      userId: dana.id,
    });
    expect((await caller("dock@dock.example").requisitions.get({ requisitionId: requisition.id })).id).toBe(requisition.id);
    expect((await caller("dock@dock.example").receiving.forOrder({ supplierOrderId: order.id })).canReceive).toBe(true);
    await caller("dock@dock.example").receiving.record(receipt);
    await caller("alex@dock.example").receiving.record(receipt);
    expect((await jane().receiving.forOrder({ supplierOrderId: order.id })).receipts.map((r) => r.receivedByName).sort()).toEqual(["Alex Admin", "Dana Dock"]);

    // Taken off the list, she is refused again; another company's admin cannot remove it.
    expect(await rejection(other.callerFor("eve@other.example").receiving.removeReceiver({ receiverId: added.id }))).toMatchObject({ code: "NOT_FOUND" });
    await caller("alex@dock.example").receiving.removeReceiver({ receiverId: added.id });
    expect(await rejection(caller("dock@dock.example").receiving.record(receipt))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("reminds the requester once when the supplier delivered and nothing was received after the company's days", async () => {
    const { requisition, order } = await placedOrder();
    await sandboxControl(h.sandbox.url, `/orders/${order.supplierOrderRef}/advance`, { status: "delivered" });
    await refreshSupplierOrderStatus(h.db, order.id);
    const janeId = acme.users.find((u) => u.email === "jane@dock.example")!.id;
    const reminders = async () =>
      (await h.db.select().from(notifications).where(eq(notifications.userId, janeId))).filter(
        (n) => n.kind === "receipt.reminder" && n.link === `/requisitions/${requisition.id}`,
      );
    const day = 86_400_000;
    expect(await runReceiptReminders(h.db, new Date(Date.now() + 2 * day), { companyId: acme.companyId })).toEqual({ reminded: 0 });
    expect(await reminders()).toHaveLength(0);
    expect(await runReceiptReminders(h.db, new Date(Date.now() + 3 * day + 60_000), { companyId: acme.companyId })).toEqual({ reminded: 1 });
    const [notice] = await reminders();
    expect(notice!.body).toContain("says your order was delivered 3 days ago");
    expect(await runReceiptReminders(h.db, new Date(Date.now() + 9 * day), { companyId: acme.companyId })).toEqual({ reminded: 0 });
    expect(await reminders()).toHaveLength(1);
  });

  it("does not remind when something was received", async () => {
    const { order, gloves } = await placedOrder();
    await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [line(gloves.id, 1)] });
    await sandboxControl(h.sandbox.url, `/orders/${order.supplierOrderRef}/advance`, { status: "delivered" });
    await refreshSupplierOrderStatus(h.db, order.id);
    const before = await runReceiptReminders(h.db, new Date(Date.now() + 30 * 86_400_000), { companyId: acme.companyId });
    const [stored] = await h.db.select({ remindedAt: supplierOrders.receiptRemindedAt }).from(supplierOrders).where(eq(supplierOrders.id, order.id));
    expect(stored!.remindedAt).toBeNull();
    expect(before.reminded).toBe(0);
  });
});
