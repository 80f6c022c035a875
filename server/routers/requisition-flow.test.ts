import { TRPCError } from "@trpc/server";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cartLines, requisitions, supplierOrders } from "@/db/schema";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { sandboxControl, sandboxToken } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT";

describe.each(databaseKinds)("requisition flow on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let letterheadId: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany();
    other = await h.createCompany();
    const buyer = acme.callerFor("buyer1@harness.example");
    const page = await buyer.catalog.search({ connectionId: acme.connectionId, q: FM });
    letterheadId = page.items.find((i) => i.itemCode === FM)!.supplierItemId;
  });
  afterAll(async () => h?.close());

  const buyer = () => acme.callerFor("buyer1@harness.example");
  const approver = () => acme.callerFor("approver1@harness.example");
  const costCenter = () => acme.costCenters.find((c) => c.code === "CC-4420")!.id;
  // ACME001's default ship-to address, as Hygrade documents it.
  const defaultAddress = async () => [{ connectionId: acme.connectionId, addressId: "addr_1c9d2f3b" }];
  const emptyCart = async () => {
    for (const group of (await buyer().cart.get()).groups) for (const line of group.lines) await buyer().cart.remove({ lineId: line.id });
  };

  it("takes the demo threshold from Hygrade's approval_required_over", () => {
    expect(acme.approvalThresholdMinor).toBe(50_000);
  });

  it("offers the account's addresses from Hygrade with the default preselected", async () => {
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 1 });
    const options = await buyer().checkout.options();
    expect(options.suppliers[0]!.defaultAddressId).toBe("addr_1c9d2f3b");
    expect(options.suppliers[0]!.addresses.length).toBeGreaterThan(1);
    expect(options.costCenters.map((c) => c.code)).toEqual(["CC-1100", "CC-4420"]);
  });

  it("prices cart lines by tier and keeps the cart in the database", async () => {
    await emptyCart();
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 3 });
    let cart = await buyer().cart.get();
    expect(cart.subtotal).toEqual({ amount: 7350, currency: "USD" });
    const lineId = cart.groups[0]!.lines[0]!.id;
    await buyer().cart.setQuantity({ lineId, quantity: 10 });
    cart = await buyer().cart.get();
    expect(cart.groups[0]!.lines[0]!.unitPrice.amount).toBe(2175);
    expect(cart.subtotal.amount).toBe(21_750);
    // Adding the same item again adds to the line rather than making a second one.
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 2 });
    cart = await buyer().cart.get();
    expect(cart.lineCount).toBe(1);
    expect(cart.groups[0]!.lines[0]!.quantity).toBe(12);
  });

  it("refuses bad quantities and unknown items with the field named, saving nothing", async () => {
    const before = await buyer().cart.get();
    for (const quantity of [0, -1, 1.5, 1_000_000]) {
      const error = await rejection(buyer().cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity }));
      expect(error.code).toBe("BAD_REQUEST");
      // The field travels apart; the message is what a person reads beside it.
      expect(error).toMatchObject({ field: "quantity", message: expect.stringMatching(/^Quantity (must|can)/) });
    }
    const unknown = await rejection(buyer().cart.add({ connectionId: acme.connectionId, itemId: "itm_doesnotexist", quantity: 1 }));
    expect(unknown.code).toBe("NOT_FOUND");
    const foreign = await rejection(buyer().cart.add({ connectionId: other.connectionId, itemId: letterheadId, quantity: 1 }));
    expect(foreign.code).toBe("NOT_FOUND");
    expect(await buyer().cart.get()).toEqual(before);
  });

  it("checks who is asking: signed out, wrong role, another company", async () => {
    expect((await rejection(h.anonymous().cart.get())).code).toBe("UNAUTHORIZED");
    expect((await rejection(approver().cart.get())).code).toBe("FORBIDDEN");
    expect((await rejection(buyer().approvals.inbox())).code).toBe("FORBIDDEN");
  });

  it("refuses checkout without a PO number or with another company's cost center, keeping the cart", async () => {
    const shipTo = await defaultAddress();
    const noPo = await rejection(buyer().checkout.submit({ shipTo, costCenterId: costCenter(), poNumber: "" }));
    expect(noPo).toMatchObject({ code: "BAD_REQUEST", field: "poNumber" });
    const foreignCc = await rejection(buyer().checkout.submit({ shipTo, costCenterId: other.costCenters[0]!.id, poNumber: "PO-1" }));
    expect(foreignCc).toMatchObject({ code: "BAD_REQUEST", field: "costCenterId" });
    const badAddress = await rejection(
      buyer().checkout.submit({ shipTo: [{ connectionId: acme.connectionId, addressId: "addr_nope" }], costCenterId: costCenter(), poNumber: "PO-1" }),
    );
    expect(badAddress).toMatchObject({ field: "shipTo" });
    expect((await buyer().cart.get()).lineCount).toBe(1);
    const [{ n }] = (await h.db.select({ n: count() }).from(requisitions).where(eq(requisitions.companyId, acme.companyId))) as [{ n: number }];
    expect(n).toBe(0);
  });

  it("below the threshold: approved at once, placed with Hygrade once, cart emptied", async () => {
    await emptyCart();
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 2 });
    const submitted = await buyer().checkout.submit({ shipTo: await defaultAddress(), costCenterId: costCenter(), poNumber: "PO-LOW-1" });
    expect(submitted.status).toBe("approved");
    expect((await buyer().cart.get()).lineCount).toBe(0);
    expect(await runDueOutboxWork(h.db)).toMatchObject({ placed: 1 });
    const detail = await buyer().requisitions.get({ requisitionId: submitted.requisitionId });
    const order = detail.supplierOrders[0]!;
    expect(order.state).toBe("placed");
    expect(order.supplierOrderRef).toMatch(/^ord_[0-9a-f]{16}$/);
    expect(order.supplierStatus).toBe("approved");
    // tax 7% and shipping as Hygrade charges them
    expect(order.supplierTotal!.amount).toBe(4900 + 343 + 1200);
    // Running the outbox again sends nothing more.
    expect(await runDueOutboxWork(h.db)).toEqual({ placed: 0, failed: 0, retried: 0 });
  });

  it("above the threshold: waits, the requester cannot approve, one approval places it, a second is refused", async () => {
    const lead = acme.callerFor("lead1@harness.example");
    await lead.cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 30 });
    const submitted = await lead.checkout.submit({ shipTo: await defaultAddress(), costCenterId: costCenter(), poNumber: "PO-HIGH-1", note: "rush" });
    expect(submitted.status).toBe("pending_approval");
    expect(await runDueOutboxWork(h.db)).toMatchObject({ placed: 0 }); // nothing leaves before approval

    expect((await lead.approvals.inbox()).items).toHaveLength(0); // not their own
    expect(await rejection(lead.approvals.approve({ requisitionId: submitted.requisitionId }))).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/your own/),
    });
    const otherApprover = other.callerFor("approver2@harness.example");
    expect((await rejection(otherApprover.approvals.approve({ requisitionId: submitted.requisitionId }))).code).toBe("NOT_FOUND");
    expect((await rejection(otherApprover.requisitions.get({ requisitionId: submitted.requisitionId }))).code).toBe("NOT_FOUND");

    const { items: inbox } = await approver().approvals.inbox();
    const item = inbox.find((r) => r.id === submitted.requisitionId)!;
    // The approver approves what will be spent: the lines ($652.50), 7% tax as Hygrade charged the earlier order, and
    // the $12.00 shipping of the nearest-sized earlier order (an estimate: Hygrade quotes neither before ordering).
    expect(item).toMatchObject({ requesterName: "Lead 1", costCenterCode: "CC-4420", total: { amount: 65_250 + 4_568 + 1_200, currency: "USD" } });
    expect(item.lines[0]).toMatchObject({ itemCode: FM, quantity: 30 });

    await approver().approvals.approve({ requisitionId: submitted.requisitionId });
    const again = await rejection(approver().approvals.approve({ requisitionId: submitted.requisitionId }));
    expect(again).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already approved by Approver 1/) });

    await runDueOutboxWork(h.db);
    const detail = await lead.requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail.status).toBe("ordered");
    // Hygrade ships free over $500.00: its final total is below the estimate, and the page says so.
    expect(detail.supplierOrders[0]!.supplierTotal).toEqual({ amount: 65_250 + 4_568, currency: "USD" });
    expect(detail.supplierOrders[0]!.finalDifference).toBe("Hygrade's final total is less than the estimate by $12.00.");
    expect(detail.supplierOrders[0]!.supplierStatus).toBe("pending_approval"); // Hygrade's own approval above $500
    expect(detail.history.map((x) => x.action)).toEqual([
      "requisition.submitted",
      "approval.step_approved",
      "requisition.approved",
      "supplier_order.placed",
      "requisition.ordered",
    ]);
  });

  it("two approvers at once: exactly one decision", async () => {
    const lead = acme.callerFor("lead1@harness.example");
    await lead.cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 25 });
    const submitted = await lead.checkout.submit({ shipTo: await defaultAddress(), costCenterId: costCenter(), poNumber: "PO-RACE" });
    const results = await Promise.allSettled([
      approver().approvals.approve({ requisitionId: submitted.requisitionId }),
      approver().approvals.reject({ requisitionId: submitted.requisitionId, reason: "duplicate order" }),
      approver().approvals.approve({ requisitionId: submitted.requisitionId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as TRPCError).code).toBe("CONFLICT");
  });

  it("rejection needs a reason, keeps the order from Hygrade and shows the reason", async () => {
    await emptyCart();
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 40 });
    const submitted = await buyer().checkout.submit({ shipTo: await defaultAddress(), costCenterId: costCenter(), poNumber: "PO-REJ" });
    expect(await rejection(approver().approvals.reject({ requisitionId: submitted.requisitionId, reason: "  " }))).toMatchObject({
      field: "reason",
      message: expect.stringMatching(/^Give the requester a reason/),
    });
    await approver().approvals.reject({ requisitionId: submitted.requisitionId, reason: "Order 20, not 40." });
    await runDueOutboxWork(h.db);
    const detail = await buyer().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail).toMatchObject({ status: "rejected", rejectionReason: "Order 20, not 40.", decidedByName: "Approver 1" });
    expect(detail.supplierOrders[0]).toMatchObject({ state: "not_sent", supplierOrderRef: null });
  });

  it("Hygrade down at approval: the order is kept and placed exactly once when Hygrade is back", async () => {
    await emptyCart();
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 1 });
    const submitted = await buyer().checkout.submit({ shipTo: await defaultAddress(), costCenterId: costCenter(), poNumber: "PO-OUTAGE" });
    await sandboxControl(h.sandbox, "/faults", { kind: "status5xx", count: 1000 });
    const first = await runDueOutboxWork(h.db);
    expect(first).toMatchObject({ placed: 0, retried: 1 });
    let detail = await buyer().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail.supplierOrders[0]).toMatchObject({ state: "queued", supplierOrderRef: null });
    expect(detail.supplierOrders[0]!.sending?.lastError).toBeTruthy();

    await sandboxControl(h.sandbox, "/reset", {});
    // The retry is scheduled with backoff; run as if that time has come.
    expect(await runDueOutboxWork(h.db, new Date(Date.now() + 10 * 60_000))).toMatchObject({ placed: 1 });
    detail = await buyer().requisitions.get({ requisitionId: submitted.requisitionId });
    const ref = detail.supplierOrders[0]!.supplierOrderRef!;
    expect(ref).toMatch(/^ord_/);
    const list = (await (
      await fetch(`${h.sandbox.baseUrl}/orders?cust_id=ACME001&limit=100`, { headers: { authorization: `Bearer ${await sandboxToken(h.sandbox)}` } })
    ).json()) as { data: { po_number: string }[] };
    expect(list.data.filter((o) => o.po_number === "PO-OUTAGE")).toHaveLength(1);
  });

  it("Hygrade's refusal is kept with its field and shown to the buyer, not retried forever", async () => {
    await emptyCart();
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 1 });
    const submitted = await buyer().checkout.submit({ shipTo: await defaultAddress(), costCenterId: costCenter(), poNumber: "PO-REFUSED" });
    // The address disappears from Hygrade's records between checkout and sending.
    await h.db
      .update(supplierOrders)
      .set({
        shipTo: {
          supplierAddressId: "addr_gone",
          label: "Old",
          attention: null,
          street1: "1 Gone St",
          street2: null,
          city: "X",
          region: "OH",
          postalCode: "1",
          country: "US",
        },
      })
      .where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    expect(await runDueOutboxWork(h.db)).toMatchObject({ failed: 1 });
    const detail = await buyer().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail.supplierOrders[0]!.state).toBe("failed");
    expect(detail.supplierOrders[0]!.failure?.field).toBe("shipping_address_id");
    expect(await runDueOutboxWork(h.db, new Date(Date.now() + 60 * 60_000))).toEqual({ placed: 0, failed: 0, retried: 0 });
  });

  it("a cart changed by the supplier is re-priced at checkout and not submitted on stale prices", async () => {
    await emptyCart();
    await buyer().cart.add({ connectionId: acme.connectionId, itemId: letterheadId, quantity: 1 });
    // Pretend the buyer priced this line last week at a different price.
    await h.db
      .update(cartLines)
      .set({ priceTiers: [{ minQuantity: 1, amount: 1999 }] })
      .where(eq(cartLines.supplierItemId, letterheadId));
    const error = await rejection(buyer().checkout.submit({ shipTo: await defaultAddress(), costCenterId: costCenter(), poNumber: "PO-STALE" }));
    expect(error).toMatchObject({ code: "CONFLICT", field: "cart", message: expect.stringContaining(`${FM} has a new price`) });
    const cart = await buyer().cart.get();
    expect(cart.groups[0]!.lines[0]!.unitPrice.amount).toBe(2450);
    const ok = await buyer().checkout.submit({ shipTo: await defaultAddress(), costCenterId: costCenter(), poNumber: "PO-STALE" });
    expect(ok.status).toBe("approved");
  });
});
