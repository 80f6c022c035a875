/**
 * Hypatos enrichment against the real database and the Hygrade and Hypatos sandboxes: an approved and placed order
 * reaches Hypatos as one purchase order with its lines, supplier, company, cost center and approver; a receipt as a
 * goods receipt; a cancellation as a delete. Under 5xx, 429 and lost answers there is still exactly one purchase order
 * per order, and a push Hypatos refuses says why on the admins' page and goes again on retry.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { costCenters } from "@/db/schema";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { inLifecycle } from "@/server/requisitions/lifecycle";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT";
const password = "harness-password";
const today = () => new Date().toISOString().slice(0, 10);
const ALL_SCOPES = ["enrichment.write", "enrichment.delete", "files.write", "files.read", "documents.read", "documents.write"];

type EnrichmentRecord = { body: Record<string, unknown>; deleted: boolean; inserts: number };

describe.each(databaseKinds)("pushing orders and receipts to Hypatos on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let fmId: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      withHypatos: true,
      approvalThreshold: 0,
      users: [
        { email: "jane@push.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "sam@push.example", name: "Sam Approver", password, roles: ["approver"] },
        { email: "alex@push.example", name: "Alex Admin", password, roles: ["admin"] },
      ],
    });
    other = await h.createCompany({ withHypatos: true, users: [{ email: "eve@push-elsewhere.example", name: "Eve", password, roles: ["buyer", "admin"] }] });
    fmId = (await jane().catalog.search({ connectionId: acme.connectionId, q: FM })).items.find((i) => i.itemCode === FM)!.supplierItemId;
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await control("reset", {});
    await control("config", { scopes: ALL_SCOPES });
  });

  const jane = () => acme.callerFor("jane@push.example");
  const sam = () => acme.callerFor("sam@push.example");
  const alex = () => acme.callerFor("alex@push.example");

  async function control(path: string, body: unknown) {
    const res = await fetch(`${h.hypatos.url}/_sandbox/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }
  async function records(resource: string): Promise<EnrichmentRecord[]> {
    return ((await (await fetch(`${h.hypatos.url}/_sandbox/enrichment/${resource}`)).json()) as { records: EnrichmentRecord[] }).records;
  }
  const recordOf = async (resource: string, externalId: string) => (await records(resource)).filter((r) => r.body.externalId === externalId);

  /** The outbox passes the portal's worker makes, with the clock moved past every backoff, until nothing is due. */
  async function workOutbox(passes = 12) {
    for (let i = 0; i < passes; i++) await runDueOutboxWork(h.db, new Date(Date.now() + (i + 1) * 10 * 60_000));
  }

  async function approvedAndPlaced(quantity = 3, costCenterIndex = 0) {
    await jane().cart.add({ connectionId: acme.connectionId, itemId: fmId, quantity });
    const options = await jane().checkout.options();
    const submitted = await jane().checkout.submit({
      costCenterId: acme.costCenters[costCenterIndex]!.id,
      poNumber: `PO-PUSH-${quantity}`,
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
    await sam().approvals.approve({ requisitionId: submitted.requisitionId });
    await runDueOutboxWork(h.db);
    const requisition = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    const order = requisition.supplierOrders[0]!;
    expect(order.state).toBe("placed");
    return { requisition, order };
  }

  it("sends a placed order as one purchase order with its lines and master data, a receipt as a goods receipt, a cancellation as a delete", async () => {
    const { order, requisition } = await approvedAndPlaced(3);
    await workOutbox(2);
    const [po, ...more] = await recordOf("purchase-orders", order.id);
    expect(more).toHaveLength(0);
    expect(po!.body).toMatchObject({
      externalId: order.id,
      purchaseOrderNumber: "PO-PUSH-3",
      currency: "USD",
      externalSupplierId: acme.connectionId,
      externalCompanyId: acme.companyId,
      customFields: { approver: "sam@push.example" },
      purchaseOrderLines: [{ purchaseOrderLineNumber: "00010", quantity: 3, material: { supplierNumber: FM } }],
    });
    expect((po!.body.purchaseOrderLines as { accountAssignments: { costCenterCode: string }[] }[])[0]!.accountAssignments[0]!.costCenterCode).toBe("CC-4420");
    expect(await recordOf("suppliers", acme.connectionId)).toHaveLength(1);
    expect(await recordOf("cost-centers", acme.costCenters[0]!.id)).toHaveLength(1);
    expect((await records("approvers")).map((r) => r.body.email)).toContain("sam@push.example");

    await jane().receiving.record({ supplierOrderId: order.id, receivedOn: today(), everything: true });
    await workOutbox(2);
    const receipts = (await records("goods-receipts")).filter(
      (r) => (r.body.goodsReceiptLines as { externalPurchaseOrderId: string }[])[0]!.externalPurchaseOrderId === order.id,
    );
    expect(receipts.map((r) => (r.body.goodsReceiptLines as { quantity: number }[]).map((l) => l.quantity))).toEqual([[3]]);

    await inLifecycle(h.db, (lifecycle) =>
      lifecycle.supplierSaid({ id: order.id, companyId: acme.companyId, requisitionId: requisition.id }, "Hygrade", { status: "cancelled" }),
    );
    await workOutbox(2);
    expect((await recordOf("purchase-orders", order.id)).map((r) => r.deleted)).toEqual([true]);

    const page = await alex().accountsPayable.pushes({});
    expect(page.orders.find((o) => o.supplierOrderId === order.id)!.pushes.map((p) => [p.what, p.state])).toEqual([
      ["Purchase order", "sent"],
      ["Goods receipt", "sent"],
      ["Purchase order cancelled", "sent"],
    ]);
  });

  it("leaves exactly one purchase order per order at Hypatos through 5xx, 429 and lost answers", async () => {
    await control("faults", { kind: "status5xx", count: 3, status: 503, pathPrefix: "/v2/enrichment/purchase-orders" });
    await control("faults", { kind: "status429", count: 2, retryAfterSeconds: 0, pathPrefix: "/v2/enrichment/purchase-orders" });
    await control("faults", { kind: "drop", count: 2, pathPrefix: "/v2/enrichment/purchase-orders" });
    const { order } = await approvedAndPlaced(4);
    await workOutbox();
    const found = await recordOf("purchase-orders", order.id);
    expect(found).toHaveLength(1);
    expect(found[0]!.deleted).toBe(false);
    const pushes = (await alex().accountsPayable.pushes({})).orders.find((o) => o.supplierOrderId === order.id)!.pushes;
    expect(pushes.map((p) => p.state)).toEqual(["sent"]);
  });

  it("says why Hypatos refused a push and sends it again on retry; another company's push is not found", async () => {
    // A cost center code Hypatos' pattern refuses (a trailing space), as an admin might have typed it.
    const marketing = acme.costCenters[1]!;
    await h.db.update(costCenters).set({ code: "CC-1100 " }).where(eq(costCenters.id, marketing.id));
    const { order } = await approvedAndPlaced(5, 1);
    await workOutbox(3);
    const failed = (await alex().accountsPayable.pushes({ onlyFailed: true })).orders.find((o) => o.supplierOrderId === order.id)!.pushes[0]!;
    expect(failed.state).toBe("failed");
    expect(failed.lastError).toMatch(/Hypatos refused the field 'code'/);
    expect(await recordOf("purchase-orders", order.id)).toHaveLength(0);

    expect(await rejection(other.callerFor("eve@push-elsewhere.example").accountsPayable.retryPush({ pushId: failed.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await rejection(jane().accountsPayable.retryPush({ pushId: failed.id }))).toMatchObject({ code: "FORBIDDEN" });

    await h.db.update(costCenters).set({ code: "CC-1100" }).where(eq(costCenters.id, marketing.id));
    expect(await alex().accountsPayable.retryPush({ pushId: failed.id })).toEqual({ retried: true });
    await workOutbox(2);
    expect(await recordOf("purchase-orders", order.id)).toHaveLength(1);
    expect((await alex().accountsPayable.pushes({})).orders.find((o) => o.supplierOrderId === order.id)!.pushes.map((p) => p.state)).toEqual(["sent"]);
    expect(await rejection(alex().accountsPayable.retryPush({ pushId: failed.id }))).toMatchObject({
      code: "CONFLICT",
      message: "That push was already sent.",
    });
  });
});
