/**
 * OrderCloud through the whole portal, against its sandbox: an approved requisition's order is placed once even when
 * OrderCloud's answer is lost, OrderCloud's own rule holds it (and the requisition says who must approve), a decision
 * made in the portal's inbox reaches OrderCloud, and a decline there comes back with its comment, releases the budget
 * and tells the requester.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costCenterSpend, notifications, supplierOrders } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";
import { refreshSupplierOrderStatus } from "./supplier-status";

const CHAIR = "MER-ER-2001"; // $289.00: two are $578.00, over OrderCloud's "order.Total > 500"
const PENS = "MER-DW-1001"; // $11.40: under it
const password = "harness-password";

describe.each(databaseKinds)("ordering from OrderCloud on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let items: Map<string, string>;
  let po = 0;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      withOrderCloud: true,
      users: [
        { email: "jane@oc.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "sam@oc.example", name: "Sam Approver", password, roles: ["approver"] },
      ],
      costCenters: [{ code: "CC-4420", name: "Facilities", budgets: [{ period: "month", amountMinor: 1_000_000 }] }],
      policy: [{ id: "sam", conditions: [], step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" } }],
    });
    const synced = await syncCatalog(h.db, acme.ordercloudConnectionId!);
    expect(synced.state).toBe("done");
    items = new Map();
    for (const code of [CHAIR, PENS]) {
      const found = await jane().catalog.searchAll({ q: code, supplierIds: [acme.ordercloudConnectionId!] });
      items.set(code, found.items.find((i) => i.itemCode === code)!.supplierItemId);
    }
  });
  afterAll(async () => h?.close());

  const jane = () => acme.callerFor("jane@oc.example");
  const sam = () => acme.callerFor("sam@oc.example");
  const outbox = () => runDueOutboxWork(h.db, new Date(Date.now() + 10 * 60_000));
  const atOrderCloud = (id: string) => [...h.ordercloud.state.orders.values()].filter((o) => o.order.ID === id);

  async function approved(code: string, quantity: number) {
    await jane().cart.add({ connectionId: acme.ordercloudConnectionId!, itemId: items.get(code)!, quantity });
    const options = await jane().checkout.options();
    const submitted = await jane().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber: `PO-OC-${++po}-${kind}`,
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
    await sam().approvals.approve({ requisitionId: submitted.requisitionId });
    const [order] = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    return { requisitionId: submitted.requisitionId, orderId: order!.id };
  }
  const stored = async (orderId: string) => (await h.db.select().from(supplierOrders).where(eq(supplierOrders.id, orderId)))[0]!;

  it("shows at checkout what is left in the buyer's OrderCloud spending accounts valid today, not last year's", async () => {
    await jane().cart.add({ connectionId: acme.ordercloudConnectionId!, itemId: items.get(PENS)!, quantity: 1 });
    try {
      const options = await jane().checkout.options();
      const supplier = options.suppliers.find((s) => s.connectionId === acme.ordercloudConnectionId);
      expect(supplier!.spendingAccounts).toEqual([
        expect.objectContaining({
          id: "acme-supplies",
          name: `Office & Facilities Supplies ${new Date().getUTCFullYear()}`,
          balance: { amount: 2_500_000, currency: "USD" },
        }),
      ]);
    } finally {
      // The other tests check out their own cart: leave this one empty.
      for (const line of (await jane().cart.get()).groups.flatMap((g) => g.lines)) await jane().cart.remove({ lineId: line.id });
    }
  });

  it("places an order under OrderCloud's rule as open, at the portal's own order id, with its lines and cost center", async () => {
    const { orderId } = await approved(PENS, 3);
    await outbox();
    const order = await stored(orderId);
    expect(order.state).toBe("placed");
    expect(order.supplierOrderRef).toBe(orderId);
    expect(order.supplierStatus).toBe("approved");
    const [there] = atOrderCloud(orderId);
    expect(there!.order.Status).toBe("Open");
    expect(there!.lineItems.map((l) => [l.ProductID, l.Quantity, l.CostCenter])).toEqual([[PENS, 3, "CC-4420"]]);
  });

  it("places exactly one order when OrderCloud's answers are lost between create, line items and submit", async () => {
    const { orderId } = await approved(PENS, 2);
    // Each step is done at OrderCloud and its answer lost on the way back: the create, then the line item, then the submit.
    await sandboxControl(h.ordercloud.url, "/faults", { kind: "truncate", count: 3, pathPrefix: "/v1/orders/Outgoing" });
    for (let pass = 0; pass < 6 && (await stored(orderId)).state === "queued"; pass++) await outbox();
    const order = await stored(orderId);
    expect(order.state).toBe("placed");
    expect(atOrderCloud(orderId)).toHaveLength(1);
    expect(atOrderCloud(orderId)[0]!.lineItems.map((l) => [l.ProductID, l.Quantity])).toEqual([[PENS, 2]]);
    expect(atOrderCloud(orderId)[0]!.order.Status).toBe("Open");
  });

  it("shows OrderCloud's hold with who must approve, lists it in the inbox, and sends the portal's approval to OrderCloud", async () => {
    const { requisitionId, orderId } = await approved(CHAIR, 2);
    await outbox();
    expect((await stored(orderId)).supplierStatus).toBe("pending_approval");
    const detail = await jane().requisitions.get({ requisitionId });
    expect(detail.supplierOrders[0]!.waitingOn).toMatch(/^Held for approval at .*: an approver decides it in the portal/);
    expect(detail.supplierOrders[0]!.waitingOn).toContain("Acme Managers");

    const queue = (await sam().supplierApprovals.list()).suppliers.find((s) => s.connectionId === acme.ordercloudConnectionId)!;
    const entry = queue.approvals.find((a) => a.supplierOrderRef === orderId)!;
    expect(entry.order?.requisitionId).toBe(requisitionId);
    // Nobody approves their own order at the supplier either.
    await expect(jane().supplierApprovals.approve({ connectionId: queue.connectionId, approvalId: entry.approvalId })).rejects.toThrow();

    await sam().supplierApprovals.approve({ connectionId: queue.connectionId, approvalId: entry.approvalId });
    expect(atOrderCloud(orderId)[0]!.order.Status).toBe("Open");
    expect((await stored(orderId)).supplierStatus).toBe("approved");
    // Decided once: a second approval is refused in words, and nothing changes.
    await expect(sam().supplierApprovals.approve({ connectionId: queue.connectionId, approvalId: entry.approvalId })).rejects.toThrow(
      /no longer waiting|no longer has that approval/,
    );
  });

  it("brings a decline at OrderCloud back with its comment: declined, budget released, requester told", async () => {
    const { requisitionId, orderId } = await approved(CHAIR, 2);
    await outbox();
    const [held] = await h.db.select().from(costCenterSpend).where(eq(costCenterSpend.supplierOrderId, orderId));
    expect(held!.state).toBe("committed");

    await sandboxControl(h.ordercloud.url, `/orders/${orderId}/decline`, { comments: "Chairs come from the facilities budget" });
    await refreshSupplierOrderStatus(h.db, orderId);

    const order = await stored(orderId);
    expect(order.supplierStatus).toBe("declined");
    expect(order.supplierNote).toContain("Chairs come from the facilities budget");
    const [released] = await h.db.select().from(costCenterSpend).where(eq(costCenterSpend.supplierOrderId, orderId));
    expect(released!.state).toBe("released");
    expect(released!.releaseReason).toContain("Chairs come from the facilities budget");

    const detail = await jane().requisitions.get({ requisitionId });
    expect(detail.status).toBe("declined");
    expect(detail.supplierOrders[0]!.declined?.comment).toContain("Chairs come from the facilities budget");
    const janeId = acme.users.find((u) => u.email === "jane@oc.example")!.id;
    const told = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, janeId), eq(notifications.kind, "supplier_order.declined")));
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain("Chairs come from the facilities budget");

    // Asked again, nothing more happens: one notification, one release.
    await refreshSupplierOrderStatus(h.db, orderId);
    expect(
      await h.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, janeId), eq(notifications.kind, "supplier_order.declined"))),
    ).toHaveLength(1);
  });
});
