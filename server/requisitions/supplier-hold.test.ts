/**
 * One decision per approval: where the company's connection says its chain answers Hygrade's own hold, the approver
 * who approved in the portal is not asked again at Hygrade; the portal approves the hold there (audited). Without the
 * setting, the chain preview shows the hold as part of the way and the order waits under "Waiting at the supplier".
 * Against the real Hygrade sandbox, whose $500.00 rule holds these orders.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, supplierOrders } from "@/db/schema";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";
import { refreshSupplierOrderStatus } from "./supplier-status";

const FM = "FM-0014-LT"; // $21.75 each from 10 on ACME001: 30 of them are $652.50, over Hygrade's $500.00
const password = "harness-password";
const approverRule = [
  { id: "any", conditions: [], step: { level: 1, approvers: [{ kind: "role" as const, role: "approver" as const }], mode: "any" as const } },
];

describe.each(databaseKinds)("a supplier's own hold after the portal's approval on %s", (kind) => {
  let h: Harness;
  let answering: Awaited<ReturnType<Harness["createCompany"]>>;
  let asking: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    h = await startHarness(kind);
    answering = await h.createCompany({
      hygrade: { ...h.settings, portalApprovalAnswersHold: true },
      policy: approverRule,
      users: [
        { email: "jo@answers.example", name: "Jo Buyer", password, roles: ["buyer"] },
        { email: "ray@answers.example", name: "Ray Approver", password, roles: ["approver"] },
      ],
    });
    asking = await h.createCompany({
      policy: approverRule,
      users: [
        { email: "mo@asks.example", name: "Mo Buyer", password, roles: ["buyer"] },
        { email: "di@asks.example", name: "Di Approver", password, roles: ["approver"] },
      ],
    });
  });
  afterAll(async () => h?.close());

  async function heldCart(company: typeof answering, buyerEmail: string) {
    const buyer = company.callerFor(buyerEmail);
    const item = (await buyer.catalog.search({ connectionId: company.connectionId, q: FM })).items.find((i) => i.itemCode === FM)!;
    await buyer.cart.add({ connectionId: company.connectionId, itemId: item.supplierItemId, quantity: 30 });
    return buyer;
  }

  async function submitAndApprove(company: typeof answering, buyerEmail: string, approverEmail: string) {
    const buyer = company.callerFor(buyerEmail);
    const options = await buyer.checkout.options();
    const submitted = await buyer.checkout.submit({
      costCenterId: company.costCenters[0]!.id,
      poNumber: "PO-HOLD",
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
    await company.callerFor(approverEmail).approvals.approve({ requisitionId: submitted.requisitionId });
    await runDueOutboxWork(h.db);
    const [order] = await h.db.select().from(supplierOrders).where(eq(supplierOrders.requisitionId, submitted.requisitionId));
    return { requisitionId: submitted.requisitionId, order: order! };
  }

  it("answers Hygrade's hold with the chain's approval: approved at Hygrade, audited, and nobody asked twice", async () => {
    const jo = await heldCart(answering, "jo@answers.example");
    const preview = (await jo.checkout.options()).supplierHolds;
    expect(preview).toEqual([{ supplierName: "Hygrade", over: { amount: 50_000, currency: "USD" }, answeredByChain: true }]);

    const { requisitionId, order } = await submitAndApprove(answering, "jo@answers.example", "ray@answers.example");
    expect(order.supplierStatus).toBe("approved");
    expect(h.sandbox.state.orders.get(order.supplierOrderRef!)?.order.status).toBe("approved");
    const queue = (await answering.callerFor("ray@answers.example").supplierApprovals.list()).suppliers[0]!;
    expect(queue.approvals.map((a) => a.supplierOrderRef)).not.toContain(order.supplierOrderRef);

    const audits = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, order.id), eq(auditLog.action, "supplier_approval.answered_by_chain")));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ supplier: "Hygrade", approvedInPortalBy: "Ray Approver" });
    const detail = await jo.requisitions.get({ requisitionId });
    expect(detail.history.map((e) => e.sentence)).toContain(
      "Hygrade held the order for its own approval; the portal approved it there, since Ray Approver had approved it in the chain.",
    );
  });

  it("tries again on the next status refresh when Hygrade was down at placing, and answers once", async () => {
    await heldCart(answering, "jo@answers.example");
    // Hygrade takes the order, then fails the approvals call that would answer its hold.
    await sandboxControl(h.sandbox.url, "/faults", { kind: "status5xx", count: 100, pathPrefix: "/v1/approvals" });
    const { order } = await submitAndApprove(answering, "jo@answers.example", "ray@answers.example");
    expect(order.supplierStatus).toBe("pending_approval");
    const detail = await answering.callerFor("jo@answers.example").requisitions.get({ requisitionId: order.requisitionId });
    expect(detail.supplierOrders[0]!.waitingOn).toBe("Held for approval at Hygrade: the portal approves it there with the chain's approval.");

    await sandboxControl(h.sandbox.url, "/reset", {});
    await refreshSupplierOrderStatus(h.db, order.id);
    await refreshSupplierOrderStatus(h.db, order.id);
    const [after] = await h.db.select().from(supplierOrders).where(eq(supplierOrders.id, order.id));
    expect(after!.supplierStatus).toBe("approved");
    const audits = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, order.id), eq(auditLog.action, "supplier_approval.answered_by_chain")));
    expect(audits).toHaveLength(1);
  });

  it("without the setting, shows the hold in the chain preview and leaves it to an approver under Waiting at the supplier", async () => {
    const mo = await heldCart(asking, "mo@asks.example");
    expect((await mo.checkout.options()).supplierHolds).toEqual([
      { supplierName: "Hygrade", over: { amount: 50_000, currency: "USD" }, answeredByChain: false },
    ]);
    const { requisitionId, order } = await submitAndApprove(asking, "mo@asks.example", "di@asks.example");
    expect(order.supplierStatus).toBe("pending_approval");
    const queue = (await asking.callerFor("di@asks.example").supplierApprovals.list()).suppliers[0]!;
    expect(queue.approvals.map((a) => a.supplierOrderRef)).toContain(order.supplierOrderRef);
    const detail = await mo.requisitions.get({ requisitionId });
    expect(detail.supplierOrders[0]!.waitingOn).toBe(
      "Held for approval at Hygrade: an approver decides it in the portal under Approvals, Waiting at the supplier.",
    );
  });
});
