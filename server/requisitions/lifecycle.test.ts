/**
 * The lifecycle and the submission path as a buyer and an approver live them, against real sandboxes: a requisition
 * follows its supplier orders when they are cancelled, the re-check before placing reads the supplier's real price
 * (changed through the sandbox's control API, not in our tables), a resubmission is held to the supplier's stock like
 * any checkout, and the use cases answer with AppError when called without tRPC at all.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalPolicyVersions, auditLog, requisitions } from "@/db/schema";
import { money } from "@/server/domain/money";
import { addToCart } from "@/server/cart/cart";
import { AppError } from "@/server/errors";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { changeSandboxItem, sandboxControl } from "@/server/sandboxes/shared/control-client";
import { refreshSupplierOrderStatus } from "./supplier-status";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";
import { withdrawRequisition } from "./withdraw";

const FM = "FM-0014-LT"; // $24.50 each below 10 for ACME001
const password = "harness-password";

describe.each(databaseKinds)("the lifecycle of a requisition on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let fmId: string;
  let tapeId: string;
  let yodifySku: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      withYodify: true,
      users: [
        { email: "jane@life.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "sam@life.example", name: "Sam Approver", password, roles: ["approver"] },
        { email: "alex@life.example", name: "Alex Admin", password, roles: ["admin", "approver"] },
      ],
      costCenters: [{ code: "CC-4420", name: "Facilities" }],
      // Every requisition waits for Sam, so each test decides when it is approved.
      policy: [{ id: "sam", conditions: [], step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" } }],
    });
    const hygrade = await jane().catalog.search({ connectionId: acme.connectionId, q: FM });
    fmId = hygrade.items.find((i) => i.itemCode === FM)!.supplierItemId;
    const tape = await jane().catalog.search({ connectionId: acme.connectionId, q: "tape", inStockOnly: true });
    tapeId = tape.items.find((i) => i.supplierItemId !== fmId)!.supplierItemId;
    const yodify = await jane().catalog.search({ connectionId: acme.yodifyConnectionId!, q: "tape measure", inStockOnly: true });
    yodifySku = yodify.items[0]!.supplierItemId;
  });
  afterAll(async () => h?.close());

  const jane = () => acme.callerFor("jane@life.example");
  const sam = () => acme.callerFor("sam@life.example");
  const janeAsActor = () => {
    const user = acme.users.find((u) => u.email === "jane@life.example")!;
    return { db: h.db, companyId: acme.companyId, user: { ...user, companyId: acme.companyId } };
  };
  const shipTo = async () => (await jane().checkout.options()).suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! }));
  async function submit(lines: { connectionId?: string; itemId: string; quantity: number }[]) {
    for (const l of lines) await jane().cart.add({ connectionId: l.connectionId ?? acme.connectionId, itemId: l.itemId, quantity: l.quantity });
    return jane().checkout.submit({ costCenterId: acme.costCenters[0]!.id, poNumber: "PO-LIFE", shipTo: await shipTo() });
  }
  async function approveAndPlace(requisitionId: string) {
    const approved = await sam().approvals.approve({ requisitionId });
    expect(approved.outcome).toBe("approved");
    await runDueOutboxWork(h.db);
    return jane().requisitions.get({ requisitionId });
  }

  it("follows its supplier orders: ordered, partly shipped, shipped, delivered, and the order history filters by it", async () => {
    const submitted = await submit([
      { itemId: fmId, quantity: 1 },
      { connectionId: acme.yodifyConnectionId!, itemId: yodifySku, quantity: 1 },
    ]);
    const placed = await approveAndPlace(submitted.requisitionId);
    expect(placed.status).toBe("ordered");
    const hygradeOrder = placed.supplierOrders.find((o) => o.supplier === "hygrade")!;
    const yodifyOrder = placed.supplierOrders.find((o) => o.supplier === "yodify")!;
    const statusNow = async () => (await jane().requisitions.get({ requisitionId: submitted.requisitionId })).status;

    await sandboxControl(h.yodify.url, `/orders/${yodifyOrder.supplierOrderRef}/advance`, { status: "Shipped", carrier: "UPS" });
    await refreshSupplierOrderStatus(h.db, yodifyOrder.id);
    expect(await statusNow()).toBe("partly_shipped");
    expect((await jane().requisitions.list({ status: "partly_shipped" })).items.map((r) => r.id)).toContain(submitted.requisitionId);

    await sandboxControl(h.sandbox.url, `/orders/${hygradeOrder.supplierOrderRef}/advance`, { status: "shipped" });
    await refreshSupplierOrderStatus(h.db, hygradeOrder.id);
    expect(await statusNow()).toBe("shipped");

    await sandboxControl(h.sandbox.url, `/orders/${hygradeOrder.supplierOrderRef}/advance`, { status: "delivered" });
    await sandboxControl(h.yodify.url, `/orders/${yodifyOrder.supplierOrderRef}/advance`, { status: "Complete" });
    await refreshSupplierOrderStatus(h.db, hygradeOrder.id);
    await refreshSupplierOrderStatus(h.db, yodifyOrder.id);
    const delivered = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(delivered.status).toBe("delivered");
    expect(delivered.history.map((e) => e.sentence)).toEqual(
      expect.arrayContaining([
        "Ordered: every supplier has its order.",
        "Shipped: every order of it has shipped.",
        "Delivered: every order of it was delivered.",
      ]),
    );
    expect((await jane().requisitions.list({ status: "approved" })).items.map((r) => r.id)).not.toContain(submitted.requisitionId);
  });

  it("shows Cancelled once every supplier order of it is cancelled, and Ordered while one still stands", async () => {
    const submitted = await submit([
      { itemId: fmId, quantity: 1 },
      { connectionId: acme.yodifyConnectionId!, itemId: yodifySku, quantity: 1 },
    ]);
    const placed = await approveAndPlace(submitted.requisitionId);
    expect(placed.supplierOrders.map((o) => o.state)).toEqual(["placed", "placed"]);
    expect(placed.supplierOrders.every((o) => o.canCancel)).toBe(true);
    expect(placed.status).toBe("ordered");

    const [first, second] = placed.supplierOrders;
    await jane().requisitions.cancelSupplierOrder({ supplierOrderId: first!.id, reason: "Bought locally" });
    // One order still stands, so it is still ordered: the cancelled one does not hold it back.
    expect((await jane().requisitions.get({ requisitionId: submitted.requisitionId })).status).toBe("ordered");

    await jane().requisitions.cancelSupplierOrder({ supplierOrderId: second!.id, reason: "No longer needed" });
    const after = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(after.status).toBe("cancelled");
    expect(after.supplierOrders.every((o) => o.spend?.state === "released")).toBe(true);
    expect(after.supplierOrders.every((o) => !o.canCancel)).toBe(true);
    expect(after.history.map((e) => e.action)).toContain("requisition.cancelled");
    // The order history's status filter finds it under its new status.
    const { items: cancelled } = await jane().requisitions.list({ status: "cancelled" });
    expect(cancelled.map((r) => r.id)).toContain(submitted.requisitionId);
  });

  it("sends it back to the requester when Hygrade's own price rose past the tolerance, and places it when the rise is within", async () => {
    try {
      const risen = await submit([{ itemId: fmId, quantity: 2 }]);
      await changeSandboxItem(h.sandbox, fmId, { price: 30, account: "ACME001" });
      const returned = await sam().approvals.approve({ requisitionId: risen.requisitionId });
      expect(returned).toMatchObject({ outcome: "returned", status: "returned" });
      const detail = await jane().requisitions.get({ requisitionId: risen.requisitionId });
      expect(detail.returnedChanges!.map((c) => c.change)).toEqual(
        expect.arrayContaining([expect.stringContaining("rose from $24.50 to $30.00 each"), expect.stringContaining("more than the 2% your company accepts")]),
      );
      expect(detail.supplierOrders[0]!.state).toBe("not_sent");

      // Back to $24.50, priced; a rise to $24.90 (1.6%) is within Acme's 2% and goes to Hygrade.
      await changeSandboxItem(h.sandbox, fmId, { price: 24.5, account: "ACME001" });
      const within = await submit([{ itemId: fmId, quantity: 2 }]);
      await changeSandboxItem(h.sandbox, fmId, { price: 24.9, account: "ACME001" });
      const placed = await approveAndPlace(within.requisitionId);
      expect(placed.status).toBe("ordered");
      expect(placed.supplierOrders[0]!.state).toBe("placed");
      // Ordered at what Hygrade now charges, so the requisition shows the price the supplier is paid.
      expect(placed.supplierOrders[0]!.lines[0]).toMatchObject({ unitPrice: { amount: 2490 }, lineTotal: { amount: 4980 } });
      expect(placed.supplierOrders[0]!.subtotal.amount).toBe(4980);
      // The total is the lines at today's price with the tax and shipping expected on them.
      expect(placed.total).toEqual(placed.supplierOrders[0]!.expected);
      expect(placed.supplierOrders[0]!.expected.amount).toBeGreaterThan(4980);
      expect(placed.history.map((e) => e.action)).toContain("requisition.repriced");
    } finally {
      await changeSandboxItem(h.sandbox, fmId, { price: 24.5, account: "ACME001" });
    }
  });

  it("holds a resubmission to the supplier's stock, as checkout is", async () => {
    const submitted = await submit([{ connectionId: acme.yodifyConnectionId!, itemId: yodifySku, quantity: 2 }]);
    await sam().approvals.reject({ requisitionId: submitted.requisitionId, reason: "Ask again next week" });
    const line = (await jane().requisitions.get({ requisitionId: submitted.requisitionId })).supplierOrders[0]!.lines[0]!;
    try {
      await changeSandboxItem(h.yodify, yodifySku, { stock: 1 });
      const refused = await rejection(
        jane().requisitions.resubmit({
          requisitionId: submitted.requisitionId,
          lines: [{ lineId: line.id, quantity: 2 }],
          costCenterId: acme.costCenters[0]!.id,
          poNumber: "PO-LIFE-2",
        }),
      );
      expect(refused).toMatchObject({ code: "CONFLICT", field: "lines", message: expect.stringContaining("has only 1 of") });
      const [unchanged] = await h.db.select().from(requisitions).where(eq(requisitions.id, submitted.requisitionId));
      expect(unchanged).toMatchObject({ status: "rejected", revision: 1 });
      const resubmitted = await jane().requisitions.resubmit({
        requisitionId: submitted.requisitionId,
        lines: [{ lineId: line.id, quantity: 1 }],
        costCenterId: acme.costCenters[0]!.id,
        poNumber: "PO-LIFE-2",
      });
      expect(resubmitted).toMatchObject({ revision: 2, status: "pending_approval" });
    } finally {
      await changeSandboxItem(h.yodify, yodifySku, { stock: null });
    }
  });

  it("marks the approvers' notifications done once it is decided by anyone, and the requester's once they open it", async () => {
    const submitted = await submit([{ itemId: tapeId, quantity: 1 }]);
    const unreadAbout = async (email: string) =>
      (await acme.callerFor(email).notifications.list({ unreadOnly: true, limit: 50 })).filter((n) => n.link === `/requisitions/${submitted.requisitionId}`);
    // Both approvers were asked (the rule names the approver role; Alex is an approver too).
    expect((await unreadAbout("sam@life.example")).map((n) => n.kind)).toEqual(["approval.waiting"]);
    expect((await unreadAbout("alex@life.example")).map((n) => n.kind)).toEqual(["approval.waiting"]);
    await acme.callerFor("alex@life.example").approvals.approve({ requisitionId: submitted.requisitionId });
    expect(await unreadAbout("sam@life.example")).toEqual([]);
    expect(await unreadAbout("alex@life.example")).toEqual([]);

    expect((await unreadAbout("jane@life.example")).map((n) => n.kind)).toContain("requisition.approved");
    await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(await unreadAbout("jane@life.example")).toEqual([]);
  });

  it("answers with AppError when a use case is called without tRPC, and writes the lifecycle's audit row once", async () => {
    const ctx = janeAsActor();
    const refused = await addToCart(ctx, { connectionId: acme.connectionId, itemId: "no-such-item", quantity: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ kind: "not_found" });

    const submitted = await submit([{ itemId: tapeId, quantity: 1 }]);
    await withdrawRequisition(ctx, { requisitionId: submitted.requisitionId, reason: "Ordered by mistake" });
    const again = await withdrawRequisition(ctx, { requisitionId: submitted.requisitionId, reason: "twice" }).catch((e: unknown) => e);
    expect(again).toMatchObject({ kind: "conflict" });
    const rows = await h.db.select().from(auditLog).where(eq(auditLog.subjectId, submitted.requisitionId));
    expect(rows.filter((r) => r.action === "requisition.withdrawn")).toHaveLength(1);
  });
  // Last: it changes the company's policy to a threshold.
  it("sends an edited resubmission back to whoever rejected it, even when it now falls under the threshold", async () => {
    await h.db.insert(approvalPolicyVersions).values({
      companyId: acme.companyId,
      version: 2,
      note: "over $100: an approver",
      rules: [
        {
          id: "over-100",
          conditions: [{ kind: "total_above", amount: money(10_000, "USD") }],
          step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" },
        },
      ],
    });
    const submitted = await submit([{ itemId: fmId, quantity: 5 }]);
    await sam().approvals.reject({ requisitionId: submitted.requisitionId, reason: "Five is too many" });
    const line = (await jane().requisitions.get({ requisitionId: submitted.requisitionId })).supplierOrders[0]!.lines[0]!;
    const again = await jane().requisitions.resubmit({
      requisitionId: submitted.requisitionId,
      lines: [{ lineId: line.id, quantity: 2 }],
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-LIFE-3",
    });
    expect(again).toMatchObject({ revision: 2, status: "pending_approval" });
    const detail = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail.supplierOrders[0]!.subtotal.amount).toBe(4900);
    expect(detail.total).toEqual(detail.supplierOrders[0]!.expected);
    expect(detail.chain).toHaveLength(1);
    expect(detail.chain[0]!.reasons).toEqual(["Sam Approver rejected the previous revision"]);
    expect(detail.chain[0]!.approvers.map((a) => a.name)).toEqual(["Sam Approver"]);
    expect((await sam().approvals.inbox()).items.map((r) => r.id)).toContain(submitted.requisitionId);
    // A requisition nobody rejected, under the threshold, is still approved at once.
    const small = await submit([{ itemId: fmId, quantity: 2 }]);
    expect(small.status).toBe("approved");
  });

  it("asks for a PO number when a supplier in the cart needs one, even where the company does not, and changes nothing when it is missing", async () => {
    const loose = await h.createCompany({
      withYodify: true,
      poNumberRequired: false,
      approvalThreshold: null,
      policy: [],
      users: [{ email: "kim@loose.example", name: "Kim Buyer", password, roles: ["buyer"] }],
      costCenters: [{ code: "CC-4420", name: "Facilities" }],
    });
    const kim = () => loose.callerFor("kim@loose.example");
    const shipToFor = async () => (await kim().checkout.options()).suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! }));
    await kim().cart.add({ connectionId: loose.yodifyConnectionId!, itemId: yodifySku, quantity: 1 });
    expect((await kim().checkout.options()).poNumberRequired).toBe(false);

    await kim().cart.add({ connectionId: loose.connectionId, itemId: fmId, quantity: 1 });
    const options = await kim().checkout.options();
    expect(options).toMatchObject({ poNumberRequired: true, poNumberRequiredBecause: "Hygrade requires one on every order." });
    const refused = await rejection(kim().checkout.submit({ costCenterId: loose.costCenters[0]!.id, poNumber: "", shipTo: await shipToFor() }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", field: "poNumber", message: "Enter a PO number: Hygrade requires one on every order." });
    expect((await kim().cart.get()).lineCount).toBe(2);
    expect((await kim().requisitions.list({})).items).toEqual([]);

    const submitted = await kim().checkout.submit({ costCenterId: loose.costCenters[0]!.id, poNumber: "PO-LOOSE-1", shipTo: await shipToFor() });
    expect(submitted.status).toBe("approved");
  });

  it("reorders with the original's PO number, cost center and ship-to offered to checkout", async () => {
    await jane().cart.add({ connectionId: acme.connectionId, itemId: fmId, quantity: 1 });
    const book = (await jane().checkout.options()).suppliers[0]!;
    const notDefault = book.addresses.find((a) => !a.isDefault)!;
    const submitted = await jane().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-BLANKET-9",
      shipTo: [{ connectionId: acme.connectionId, addressId: notDefault.supplierAddressId }],
    });
    const reordered = await jane().reorder.requisition({ requisitionId: submitted.requisitionId });
    expect(reordered.choices).toEqual({
      from: `REQ-${submitted.number}`,
      poNumber: "PO-BLANKET-9",
      costCenterId: acme.costCenters[0]!.id,
      shipTo: [{ connectionId: acme.connectionId, addressId: notDefault.supplierAddressId }],
    });
  });

  it("takes a needed-by date at checkout, refuses a past one, sends it to Yodify and shows it to the approver", async () => {
    const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const dated = await h.createCompany({
      withYodify: true,
      users: [
        { email: "ann@dated.example", name: "Ann Buyer", password, roles: ["buyer"] },
        { email: "bo@dated.example", name: "Bo Approver", password, roles: ["approver"] },
      ],
      costCenters: [{ code: "CC-4420", name: "Facilities" }],
      policy: [{ id: "bo", conditions: [], step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" } }],
    });
    const ann = () => dated.callerFor("ann@dated.example");
    const bo = () => dated.callerFor("bo@dated.example");
    await ann().cart.add({ connectionId: dated.connectionId, itemId: fmId, quantity: 1 });
    await ann().cart.add({ connectionId: dated.yodifyConnectionId!, itemId: yodifySku, quantity: 1 });
    const shipToDated = (await ann().checkout.options()).suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! }));
    const choices = { costCenterId: dated.costCenters[0]!.id, poNumber: "PO-DATED", shipTo: shipToDated };
    expect(await rejection(ann().checkout.submit({ ...choices, neededBy: day(-1) }))).toMatchObject({
      field: "neededBy",
      message: "Needed-by date must be today or later",
    });
    expect(await rejection(ann().checkout.submit({ ...choices, neededBy: "2026-02-30" }))).toMatchObject({
      field: "neededBy",
      message: "Needed-by date is not a real date",
    });
    expect((await ann().cart.get()).lineCount).toBe(2);

    const submitted = await ann().checkout.submit({ ...choices, neededBy: day(10) });
    const card = (await bo().approvals.inbox()).items.find((r) => r.id === submitted.requisitionId)!;
    expect(card.neededBy).toBe(day(10));
    await bo().approvals.approve({ requisitionId: submitted.requisitionId });
    await runDueOutboxWork(h.db);
    const placed = await ann().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(placed.neededBy).toBe(day(10));
    const yodifyOrder = placed.supplierOrders.find((o) => o.supplier === "yodify")!;
    expect(yodifyOrder.neededBySent).toBe(true);
    expect(placed.supplierOrders.find((o) => o.supplier === "hygrade")!.neededBySent).toBe(false);
    // Yodify's warehouse reads it in the order's shipping instructions.
    expect(h.yodify.state.orders.get(Number(yodifyOrder.supplierOrderRef))?.order.shipping_instructions).toBe(`Needed by ${day(10)}`);
  });
});
