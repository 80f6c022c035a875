import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supplierOrders } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { clearYodifyCaches } from "@/server/suppliers/yodify/connector";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const yodifyControl = (h: Harness, path: string, body: Record<string, unknown> = {}) => sandboxControl(h.yodify.url, path, body);

describe.each(databaseKinds)("two suppliers in one cart on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({ withYodify: true, approvalThreshold: null, policy: [] });
    await Promise.all([syncCatalog(h.db, acme.connectionId), syncCatalog(h.db, acme.yodifyConnectionId!)]);
  });
  afterAll(async () => h?.close());

  const buyer = () => acme.callerFor("buyer1@harness.example");

  it("finds both suppliers' items in one search, and keeps finding Yodify's while Yodify is down", async () => {
    const found = await buyer().catalog.searchAll({ q: "tape" });
    expect(new Set(found.items.map((i) => i.supplier.name))).toEqual(new Set(["Hygrade", "Yodify"]));
    await yodifyControl(h, "/faults", { kind: "status5xx", count: 1000 });
    try {
      const whileDown = await buyer().catalog.searchAll({ q: "tape", supplierIds: [acme.yodifyConnectionId!] });
      expect(whileDown.items.length).toBeGreaterThan(0);
      expect(whileDown.items.every((i) => i.supplier.name === "Yodify")).toBe(true);
    } finally {
      await yodifyControl(h, "/reset");
    }
  });

  it("splits the requisition into one order per supplier, each placed once through its own connector", async () => {
    const hygradeItem = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const yodifyItem = (await buyer().catalog.searchAll({ q: "tape measure", supplierIds: [acme.yodifyConnectionId!], inStockOnly: true })).items[0]!;
    await buyer().cart.add({ connectionId: hygradeItem.supplier.id, itemId: hygradeItem.supplierItemId, quantity: 2 });
    await buyer().cart.add({ connectionId: yodifyItem.supplier.id, itemId: yodifyItem.supplierItemId, quantity: 1 });
    const options = await buyer().checkout.options();
    expect(options.cart.groups.map((g) => g.supplierName).sort()).toEqual(["Hygrade", "Yodify"]);
    const submitted = await buyer().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-TWO",
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
    expect(submitted.status).toBe("approved");
    const orders = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    expect(orders).toHaveLength(2);
    const bySupplier = new Map(orders.map((o) => [o.supplierConnectionId, o]));
    expect(bySupplier.get(hygradeItem.supplier.id)!.subtotalMinor).toBe(4900);
    expect(bySupplier.get(yodifyItem.supplier.id)!.subtotalMinor).toBeGreaterThan(0);

    expect(await runDueOutboxWork(h.db)).toMatchObject({ placed: 2 });
    expect(await runDueOutboxWork(h.db)).toMatchObject({ placed: 0 });
    const placed = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    expect(placed.every((o) => o.state === "placed" && o.supplierOrderRef)).toBe(true);
    const detail = await buyer().requisitions.get({ requisitionId: submitted.requisitionId });
    expect(detail.supplierOrders.map((o) => o.supplierName).sort()).toEqual(["Hygrade", "Yodify"]);
  });

  it("flags a supplier that is down at checkout instead of failing it, and checks out the others once its lines are set aside", async () => {
    const hygradeItem = (await buyer().catalog.searchAll({ q: "FM-0014-LT" })).items[0]!;
    const yodifyItem = (await buyer().catalog.searchAll({ q: "tape measure", supplierIds: [acme.yodifyConnectionId!], inStockOnly: true })).items[0]!;
    await buyer().cart.add({ connectionId: hygradeItem.supplier.id, itemId: hygradeItem.supplierItemId, quantity: 1 });
    await buyer().cart.add({ connectionId: yodifyItem.supplier.id, itemId: yodifyItem.supplierItemId, quantity: 1 });
    await yodifyControl(h, "/faults", { kind: "status5xx", count: 10_000 });
    // The connector keeps the account for a while; as if that time had passed, so it must ask Yodify.
    clearYodifyCaches();
    try {
      const options = await buyer().checkout.options();
      const yodify = options.suppliers.find((s) => s.supplierName === "Yodify")!;
      const hygrade = options.suppliers.find((s) => s.supplierName === "Hygrade")!;
      expect(yodify.unavailable).toMatch(/Yodify/);
      expect(yodify.addresses).toEqual([]);
      expect(hygrade.unavailable).toBeNull();
      expect(hygrade.addresses.length).toBeGreaterThan(0);
      const submit = () =>
        buyer().checkout.submit({
          costCenterId: acme.costCenters[0]!.id,
          poNumber: "PO-DOWN",
          shipTo: [{ connectionId: hygrade.connectionId, addressId: hygrade.defaultAddressId! }],
        });
      // With Yodify's line still in the cart nothing is submitted, and the cart is kept.
      // Yodify gave no address to ship to: the submit names that field and keeps everything.
      expect(await rejection(submit())).toMatchObject({ code: "BAD_REQUEST", field: "shipTo" });
      expect((await buyer().cart.get()).lineCount).toBe(2);
      const yodifyLine = (await buyer().cart.get()).groups.find((g) => g.supplierName === "Yodify")!.lines[0]!;
      await buyer().cart.remove({ lineId: yodifyLine.id });
      const submitted = await submit();
      expect(submitted.status).toBe("approved");
    } finally {
      await yodifyControl(h, "/reset");
    }
  });

  it("keeps every quantity within what Yodify has in stock: at adding, at checkout, and at the last check before placing", async () => {
    const approverCompany = await h.createCompany({ withYodify: true, approvalThreshold: 100 });
    await syncCatalog(h.db, approverCompany.yodifyConnectionId!);
    const shopper = () => approverCompany.callerFor(approverCompany.users.find((u) => u.roles.includes("buyer") && !u.roles.includes("approver"))!.email);
    const item = (await shopper().catalog.searchAll({ q: "tape measure", supplierIds: [approverCompany.yodifyConnectionId!], inStockOnly: true })).items[0]!;
    const stock = (inventory: number) => yodifyControl(h, `/skus/${item.supplierItemId}/patch`, { inventory, always_in_stock: false, allow_backorders: false });
    await stock(3);
    try {
      expect((await shopper().catalog.item({ connectionId: item.supplier.id, itemId: item.supplierItemId })).item.maxOrderQuantity).toBe(3);
      expect(await rejection(shopper().cart.add({ connectionId: item.supplier.id, itemId: item.supplierItemId, quantity: 4 }))).toMatchObject({
        code: "CONFLICT",
        field: "quantity",
        message: `Yodify has only 3 of ${item.itemCode} in stock; lower the quantity or ask Yodify for a quote.`,
      });
      expect((await shopper().cart.get()).lineCount).toBe(0);
      await shopper().cart.add({ connectionId: item.supplier.id, itemId: item.supplierItemId, quantity: 2 });
      const line = (await shopper().cart.get()).groups[0]!.lines[0]!;
      expect(await rejection(shopper().cart.add({ connectionId: item.supplier.id, itemId: item.supplierItemId, quantity: 2 }))).toMatchObject({
        field: "quantity",
        message: `Yodify has only 3 of ${item.itemCode} in stock, and your cart already has 2.`,
      });
      expect(await rejection(shopper().cart.setQuantity({ lineId: line.id, quantity: 5 }))).toMatchObject({ code: "CONFLICT", field: "quantity" });

      // Stock falls to 1 before checkout: the buyer is told, nothing is submitted, and the cart says why.
      await stock(1);
      const options = await shopper().checkout.options();
      const submit = () =>
        shopper().checkout.submit({
          costCenterId: approverCompany.costCenters[0]!.id,
          poNumber: "PO-STOCK",
          shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
        });
      expect(await rejection(submit())).toMatchObject({
        code: "CONFLICT",
        field: "cart",
        message: expect.stringContaining(`Yodify has only 1 of ${item.itemCode} in stock`),
      });
      const cart = await shopper().cart.get();
      expect(cart.hasOverStock).toBe(true);
      expect(cart.groups[0]!.lines[0]).toMatchObject({ quantity: 2, maxQuantity: 1, overStock: true });
      expect(await rejection(submit())).toMatchObject({ code: "CONFLICT", field: "cart" });

      // Stock comes back: the next submit asks again and goes through. Then stock falls while it waits
      // for approval: back to the requester, not sent for Yodify to refuse.
      await stock(3);
      const submitted = await submit();
      expect(submitted.status).toBe("pending_approval");
      await stock(1);
      await approverCompany
        .callerFor(approverCompany.users.find((u) => u.roles.includes("approver") && !u.roles.includes("buyer"))!.email)
        .approvals.approve({ requisitionId: submitted.requisitionId });
      const after = await shopper().requisitions.get({ requisitionId: submitted.requisitionId });
      expect(after.status).toBe("returned");
      expect(JSON.stringify(after.history)).toContain(`only 1 of ${item.name} in stock, 2 asked for`);
    } finally {
      await stock(50);
    }
  });
});
