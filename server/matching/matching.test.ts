/**
 * The three-way match against the real database and the Hygrade sandbox: a placed order, goods received at the dock
 * and the supplier's invoices arriving through the lifecycle (as Orderspace's do through refreshInvoices, and as the
 * Hypatos extraction will). A quantity mismatch becomes a match once the rest is received, a price mismatch is
 * accepted with a reason (audited) or disputed (the requester is told), and matched invoices are committed on the
 * cost center at what they charge, with the budget showing ordered against invoiced.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, costCenterSpend, notifications } from "@/db/schema";
import { money } from "@/server/domain/money";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { inLifecycle } from "@/server/requisitions/lifecycle";
import { budgetPositionAt } from "@/server/spend/ledger";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT"; // $24.50 each below 10 for ACME001; 10 and more may be cheaper, so the tests read the approved price
const password = "harness-password";
const today = () => new Date().toISOString().slice(0, 10);

describe.each(databaseKinds)("the three-way match on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let fmId: string;
  let tapeId: string;
  let invoices = 0;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "jane@ap.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "sam@ap.example", name: "Sam Approver", password, roles: ["approver"] },
        { email: "alex@ap.example", name: "Alex Admin", password, roles: ["admin"] },
      ],
      costCenters: [
        { code: "CC-4420", name: "Facilities", budgets: [{ period: "year", amountMinor: 10_000_000 }] },
        { code: "CC-1100", name: "Marketing" },
      ],
    });
    other = await h.createCompany({ users: [{ email: "eve@elsewhere.example", name: "Eve", password, roles: ["buyer", "approver", "admin"] }] });
    const fm = await jane().catalog.search({ connectionId: acme.connectionId, q: FM });
    fmId = fm.items.find((i) => i.itemCode === FM)!.supplierItemId;
    const tape = await jane().catalog.search({ connectionId: acme.connectionId, q: "tape", inStockOnly: true });
    tapeId = tape.items.find((i) => i.supplierItemId !== fmId)!.supplierItemId;
  });
  afterAll(async () => h?.close());

  const jane = () => acme.callerFor("jane@ap.example");
  const sam = () => acme.callerFor("sam@ap.example");

  async function placedOrder(costCenterIndex = 0) {
    await jane().cart.add({ connectionId: acme.connectionId, itemId: fmId, quantity: 6 });
    await jane().cart.add({ connectionId: acme.connectionId, itemId: tapeId, quantity: 2 });
    const options = await jane().checkout.options();
    const submitted = await jane().checkout.submit({
      costCenterId: acme.costCenters[costCenterIndex]!.id,
      poNumber: "PO-AP",
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
    await runDueOutboxWork(h.db);
    const requisition = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    const order = requisition.supplierOrders[0]!;
    return { requisition, order, gloves: order.lines.find((l) => l.itemCode === FM)!, tape: order.lines.find((l) => l.itemCode !== FM)! };
  }

  /** The supplier's invoice, arriving the way every invoice does: the lifecycle stores it and the match follows. */
  async function invoiced(orderId: string, lines: { itemCode: string | null; description: string; quantity: number; unitPriceMinor: number }[], taxMinor = 0) {
    const m = (n: number) => money(n, "USD");
    const net = lines.reduce((n, l) => n + l.quantity * l.unitPriceMinor, 0);
    await inLifecycle(h.db, (lifecycle) =>
      lifecycle.invoiceReported({ id: orderId, companyId: acme.companyId }, "Hygrade", {
        invoiceId: `inv-${++invoices}`,
        number: `INV-${invoices}`,
        invoiceDate: today(),
        dueDate: null,
        orderIds: [],
        paid: false,
        lines: lines.map((l) => ({ ...l, unitPrice: m(l.unitPriceMinor), lineTotal: m(l.quantity * l.unitPriceMinor) })),
        net: m(net),
        total: m(net + taxMinor),
      }),
    );
  }
  const spendOf = async (orderId: string) => (await h.db.select().from(costCenterSpend).where(eq(costCenterSpend.supplierOrderId, orderId)))[0]!;

  it("shows a quantity mismatch while part is received, then matches and commits the invoiced amount once the rest arrives", async () => {
    const { requisition, order, gloves, tape } = await placedOrder();
    const gloveLine = { itemCode: FM, description: gloves.name, quantity: 6, unitPriceMinor: gloves.unitPrice.amount };
    // The tape comes by description only, as a scanned invoice often has it.
    const tapeLine = { itemCode: null, description: tape.name.toUpperCase(), quantity: 2, unitPriceMinor: tape.unitPrice.amount };
    expect((await jane().matching.forOrder({ supplierOrderId: order.id })).state).toBe("not_yet_received");

    await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [{ lineId: gloves.id, quantityReceived: 4 }] });
    expect((await jane().matching.forOrder({ supplierOrderId: order.id })).state).toBe("not_yet_received");
    await invoiced(order.id, [gloveLine, tapeLine], 123);

    await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), lines: [{ lineId: tape.id, quantityReceived: 2 }] });
    const partly = await jane().matching.forOrder({ supplierOrderId: order.id });
    expect(partly.state).toBe("quantity_mismatch");
    expect(partly.lines.find((l) => l.lineId === gloves.id)).toMatchObject({
      state: "quantity_mismatch",
      received: 4,
      invoicedQuantity: 6,
      quantityDifference: 2,
    });
    expect(partly.lines.find((l) => l.lineId === tape.id)!.state).toBe("matched");
    expect((await spendOf(order.id)).invoicedAt).toBeNull();

    // On the To match list for approvers, with the mismatched line and its figures.
    const list = await sam().matching.list({ standing: "quantity_mismatch" });
    const row = list.orders.find((o) => o.supplierOrderId === order.id)!;
    expect(row).toMatchObject({ requisitionLabel: `REQ-${requisition.number}`, supplierName: expect.any(String), costCenterCode: "CC-4420" });
    expect(row.mismatches.map((l) => [l.itemCode, l.received, l.invoicedQuantity])).toEqual([[FM, 4, 6]]);

    const ordered = (await spendOf(order.id)).amountMinor;
    await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), everything: true });
    const matched = await jane().matching.forOrder({ supplierOrderId: order.id });
    expect(matched.state).toBe("matched");
    const expectedInvoiced = gloveLine.quantity * gloveLine.unitPriceMinor + tapeLine.quantity * tapeLine.unitPriceMinor + 123;
    expect(matched.invoiced).toEqual(money(expectedInvoiced, "USD"));
    const spend = await spendOf(order.id);
    expect(spend).toMatchObject({ state: "committed", amountMinor: expectedInvoiced, orderedMinor: ordered });
    expect(spend.invoicedAt).not.toBeNull();
    const position = await budgetPositionAt(h.db, acme.costCenters[0]!.id, new Date());
    // The first order matched on this cost center: the budget shows it ordered against invoiced.
    expect(position!.invoiced).toEqual({ ordered: money(ordered, "USD"), invoiced: money(expectedInvoiced, "USD") });
    expect((await sam().matching.list({ standing: "matched" })).orders.map((o) => o.supplierOrderId)).toContain(order.id);
  });

  it("accepts a price mismatch with a reason, audited, and commits the invoiced amount; a new invoice reopens it", async () => {
    const { order, gloves, tape } = await placedOrder();
    await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), everything: true });
    // $0.60 more a pair on 6 pairs: $3.60, past 2% of $147.00 ($2.94) and under $5.
    await invoiced(order.id, [
      { itemCode: FM, description: gloves.name, quantity: 6, unitPriceMinor: gloves.unitPrice.amount + 60 },
      { itemCode: tape.itemCode, description: tape.name, quantity: 2, unitPriceMinor: tape.unitPrice.amount },
    ]);
    const mismatch = await sam().matching.forOrder({ supplierOrderId: order.id });
    expect(mismatch.state).toBe("price_mismatch");
    expect(mismatch.canDecide).toBe(true);
    expect(mismatch.lines.find((l) => l.lineId === gloves.id)).toMatchObject({ state: "price_mismatch", priceDifference: money(360, "USD") });
    expect((await spendOf(order.id)).invoicedAt).toBeNull();

    expect(await rejection(jane().matching.accept({ supplierOrderId: order.id, reason: "Fine by me" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await rejection(sam().matching.accept({ supplierOrderId: order.id, reason: "" }))).toMatchObject({ code: "BAD_REQUEST", field: "reason" });
    expect(await rejection(other.callerFor("eve@elsewhere.example").matching.accept({ supplierOrderId: order.id, reason: "Mine now" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    await sam().matching.accept({ supplierOrderId: order.id, reason: "Surcharge agreed on the phone with Hygrade" });
    const accepted = await jane().matching.forOrder({ supplierOrderId: order.id });
    expect(accepted.standing).toBe("accepted");
    expect(accepted.review).toMatchObject({ decision: "accepted", decidedByName: "Sam Approver", stands: true });
    const [audit] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, order.id), eq(auditLog.action, "supplier_order.match_accepted")));
    expect(audit!.details).toMatchObject({ reason: "Surcharge agreed on the phone with Hygrade", state: "price_mismatch" });
    const invoicedAmount = 6 * (gloves.unitPrice.amount + 60) + 2 * tape.unitPrice.amount;
    expect(await spendOf(order.id)).toMatchObject({ state: "committed", amountMinor: invoicedAmount });
    expect(await rejection(sam().matching.accept({ supplierOrderId: order.id, reason: "Twice" }))).toMatchObject({ code: "CONFLICT" });

    // A second invoice charges a fee nobody approved: the decision lapses and the order is to be decided again.
    await invoiced(order.id, [{ itemCode: null, description: "Pallet fee", quantity: 1, unitPriceMinor: 1500 }]);
    const reopened = await sam().matching.forOrder({ supplierOrderId: order.id });
    expect(reopened.standing).toBe("price_mismatch");
    expect(reopened.review!.stands).toBe(false);
    expect(reopened.unlinked.map((l) => l.description)).toEqual(["Pallet fee"]);
    // What was committed stays at the accepted invoices until someone decides again.
    expect((await spendOf(order.id)).amountMinor).toBe(invoicedAmount);
  });

  it("disputes a mismatch with a note that goes to the requester, and keeps the spend as ordered", async () => {
    const { requisition, order, gloves, tape } = await placedOrder(1);
    await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), everything: true });
    await invoiced(order.id, [
      { itemCode: FM, description: gloves.name, quantity: 8, unitPriceMinor: gloves.unitPrice.amount },
      { itemCode: tape.itemCode, description: tape.name, quantity: 2, unitPriceMinor: tape.unitPrice.amount },
    ]);
    expect((await sam().matching.forOrder({ supplierOrderId: order.id })).state).toBe("quantity_mismatch");
    const before = await spendOf(order.id);
    await sam().matching.dispute({ supplierOrderId: order.id, note: "Invoiced 8 pairs of gloves, we ordered and received 6" });
    const disputed = await sam().matching.forOrder({ supplierOrderId: order.id });
    expect(disputed.standing).toBe("disputed");
    expect(disputed.canAcceptDisputed).toBe(true);
    const janeId = acme.users.find((u) => u.email === "jane@ap.example")!.id;
    const [notice] = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, janeId), eq(notifications.kind, "match.disputed")));
    expect(notice).toMatchObject({ link: `/requisitions/${requisition.id}` });
    expect(notice!.body).toContain("Invoiced 8 pairs of gloves, we ordered and received 6");
    expect(await spendOf(order.id)).toMatchObject({ amountMinor: before.amountMinor, invoicedAt: null });
    expect(await rejection(sam().matching.dispute({ supplierOrderId: order.id, note: "Again" }))).toMatchObject({ code: "CONFLICT" });

    // The list filters by where it stands, supplier and cost center.
    expect((await sam().matching.list({ standing: "disputed" })).orders.map((o) => o.supplierOrderId)).toEqual([order.id]);
    expect((await sam().matching.list({ costCenterId: acme.costCenters[1]!.id })).orders.map((o) => o.supplierOrderId)).toEqual([order.id]);
    expect((await sam().matching.list({ supplierId: acme.connectionId, pageSize: 1 })).total).toBeGreaterThanOrEqual(3);
  });

  it("keeps another company's orders and the list to those allowed", async () => {
    const { order } = await placedOrder();
    const eve = other.callerFor("eve@elsewhere.example");
    expect(await rejection(eve.matching.forOrder({ supplierOrderId: order.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await eve.matching.list({})).orders).toEqual([]);
    expect(await rejection(jane().matching.list({}))).toMatchObject({ code: "FORBIDDEN" });
    expect(await rejection(sam().matching.list({ standing: "nearly" as never }))).toMatchObject({ code: "BAD_REQUEST", field: "standing" });
  });
});
