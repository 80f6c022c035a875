import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, notifications, supplierOrders, supplierShipments } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { refreshOpenSupplierOrders } from "@/server/jobs/order-status";
import { refreshSupplierOrderStatus } from "@/server/requisitions/supplier-status";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";

const yodifyControl = (h: Harness, path: string, body: Record<string, unknown> = {}) => sandboxControl(h.yodify.url, path, body);

describe.each(databaseKinds)("supplier order status and shipments on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let requisitionId: string;
  let yodifyOrder: typeof supplierOrders.$inferSelect;
  let hygradeOrder: typeof supplierOrders.$inferSelect;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({ withYodify: true, approvalThreshold: null, policy: [] });
    await Promise.all([syncCatalog(h.db, acme.connectionId), syncCatalog(h.db, acme.yodifyConnectionId!)]);

    // A two-supplier requisition, approved at once (no policy) and placed with both through the outbox.
    const hygradeItem = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const yodifyItem = (await buyer().catalog.searchAll({ q: "tape measure", supplierIds: [acme.yodifyConnectionId!], inStockOnly: true })).items[0]!;
    await buyer().cart.add({ connectionId: hygradeItem.supplier.id, itemId: hygradeItem.supplierItemId, quantity: 1 });
    await buyer().cart.add({ connectionId: yodifyItem.supplier.id, itemId: yodifyItem.supplierItemId, quantity: 1 });
    const options = await buyer().checkout.options();
    const submitted = await buyer().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-SHIP",
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
    expect(submitted.status).toBe("approved");
    requisitionId = submitted.requisitionId;
    expect(await runDueOutboxWork(h.db)).toMatchObject({ placed: 2 });
    const orders = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, requisitionId));
    yodifyOrder = orders.find((o) => o.supplierConnectionId === acme.yodifyConnectionId)!;
    hygradeOrder = orders.find((o) => o.supplierConnectionId === acme.connectionId)!;
    expect(yodifyOrder.state).toBe("placed");
    expect(yodifyOrder.supplierOrderRef).toBeTruthy();
  });
  afterAll(async () => h?.close());

  const buyer = () => acme.callerFor("buyer1@harness.example");
  const storedShipments = () => h.db.select().from(supplierShipments).where(eq(supplierShipments.supplierOrderId, yodifyOrder.id));
  const shippedAudits = () =>
    h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, yodifyOrder.id), eq(auditLog.action, "supplier_order.shipped")));
  const yodifyDetail = async () => (await buyer().requisitions.get({ requisitionId })).supplierOrders.find((o) => o.id === yodifyOrder.id)!;

  it("asks for no shipments before the supplier says shipped, and shows none", async () => {
    await refreshSupplierOrderStatus(h.db, yodifyOrder.id);
    expect(await storedShipments()).toEqual([]);
    const detail = await buyer().requisitions.get({ requisitionId });
    expect(detail.supplierOrders.every((o) => o.shipments.length === 0)).toBe(true);
  });

  it("stores Yodify's shipment with carrier, tracking number and an https tracking link once the order ships, and tells the requester", async () => {
    await yodifyControl(h, `/orders/${yodifyOrder.supplierOrderRef}/advance`, { status: "Shipped", carrier: "UPS" });
    await refreshSupplierOrderStatus(h.db, yodifyOrder.id);

    const order = await yodifyDetail();
    expect(order.supplierStatus).toBe("shipped");
    expect(order.shipments).toHaveLength(1);
    const [shipment] = order.shipments;
    expect(shipment).toMatchObject({ carrierName: "UPS", status: "InTransit" });
    expect(shipment!.trackingNumber).toMatch(/^\d+$/);
    expect(shipment!.trackingUrl).toBe(`https://www.ups.com/track?tracknum=${shipment!.trackingNumber}`);
    expect(new URL(shipment!.trackingUrl!).protocol).toBe("https:");
    expect(shipment!.shippedAt).toBeInstanceOf(Date);
    expect(shipment!.estimatedDeliveryAt!.getTime()).toBeGreaterThan(shipment!.shippedAt!.getTime());

    // Hygrade has no shipments API: its order shows its status alone.
    const detail = await buyer().requisitions.get({ requisitionId });
    expect(detail.supplierOrders.find((o) => o.id === hygradeOrder.id)!.shipments).toEqual([]);

    const audits = await shippedAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ supplier: "Yodify", carrier: "UPS", trackingNumber: shipment!.trackingNumber });
    const requester = acme.users.find((u) => u.email === "buyer1@harness.example")!;
    const notes = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, requester.id), eq(notifications.kind, "supplier_order.shipped")));
    expect(notes.map((n) => n.body)).toEqual([`Your order from Yodify has shipped: UPS ${shipment!.trackingNumber}`]);
    expect(notes[0]!.link).toBe(`/requisitions/${requisitionId}`);
  });

  it("keeps one row per shipment however often it refreshes, and audits the tracking number once", async () => {
    const [before] = await storedShipments();
    await refreshSupplierOrderStatus(h.db, yodifyOrder.id);
    await refreshSupplierOrderStatus(h.db, yodifyOrder.id);
    // The worker's pass as well (every open order, whatever its last check).
    await refreshOpenSupplierOrders(h.db, 0);
    const rows = await storedShipments();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(before!.id);
    expect(rows[0]!.trackingNumber).toBe(before!.trackingNumber);
    expect(rows[0]!.updatedAt.getTime()).toBeGreaterThanOrEqual(before!.updatedAt.getTime());
    expect(await shippedAudits()).toHaveLength(1);
  });

  it("keeps the stored shipment and the last status while Yodify is down", async () => {
    const [before] = await storedShipments();
    await yodifyControl(h, "/faults", { kind: "status5xx", count: 50 });
    try {
      await refreshSupplierOrderStatus(h.db, yodifyOrder.id);
    } finally {
      await yodifyControl(h, "/reset");
    }
    expect(await storedShipments()).toEqual([before]);
    const order = await yodifyDetail();
    expect(order.supplierStatus).toBe("shipped");
    expect(order.shipments.map((s) => [s.carrierName, s.trackingNumber, s.trackingUrl])).toEqual([
      [before!.carrierName, before!.trackingNumber, before!.trackingUrl],
    ]);
  });

  it("still stores the status when only the shipments call fails, and keeps the stored shipment", async () => {
    const [before] = await storedShipments();
    const [checkedBefore] = await h.db.select({ at: supplierOrders.statusCheckedAt }).from(supplierOrders).where(eq(supplierOrders.id, yodifyOrder.id));
    await yodifyControl(h, "/faults", { kind: "status5xx", count: 50, pathPrefix: `/api/v1/orders/${yodifyOrder.supplierOrderRef}/shipments` });
    try {
      await refreshSupplierOrderStatus(h.db, yodifyOrder.id);
    } finally {
      await yodifyControl(h, "/reset");
    }
    const [checkedAfter] = await h.db
      .select({ at: supplierOrders.statusCheckedAt, status: supplierOrders.supplierStatus })
      .from(supplierOrders)
      .where(eq(supplierOrders.id, yodifyOrder.id));
    expect(checkedAfter!.status).toBe("shipped");
    expect(checkedAfter!.at!.getTime()).toBeGreaterThan(checkedBefore!.at!.getTime());
    expect(await storedShipments()).toEqual([before]);
  });
});
