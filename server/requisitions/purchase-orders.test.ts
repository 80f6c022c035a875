/**
 * Ordering from Orderspace, whose API takes no orders, as a buyer, an approver and the seller's staff live it against
 * the real sandbox: the approved order becomes a purchase order (a real PDF, parsed back here), emailed once to the
 * seller's order address; the seller's staff enter it (the sandbox's control call) and the portal links it by its PO
 * number, with its number, status and totals, and flags what differs from what was approved; dispatches show with
 * tracking and invoices are kept. Webhooks: good, bad, missing and replayed signatures, and both payload shapes.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, purchaseOrders, supplierInvoices, supplierWebhookDeliveries } from "@/db/schema";
import { syncCatalog } from "@/server/catalog/sync";
import { refreshOpenSupplierOrders } from "@/server/jobs/order-status";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { createMailer } from "@/server/notifications/email";
import { SANDBOX_SKUS } from "@/server/sandboxes/orderspace/data";
import { sandboxControl } from "@/server/sandboxes/shared/control-client";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const password = "harness-password";
const WEBHOOK = { key: "wh-test-key-0123456789abcdef", secret: "os-signing-key-for-tests" };
const sign = (body: string, secret = WEBHOOK.secret) => createHmac("sha256", secret).update(body).digest("base64");

async function startMailbox() {
  const received: { to: string[]; raw: string }[] = [];
  let failNext = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (failNext > 0) {
          failNext--;
          return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
        }
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext: (n: number) => {
      failNext = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(databaseKinds)("purchase orders for Orderspace on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let items: Map<string, string>;
  let poCount = 0;

  beforeAll(async () => {
    [h, mailbox] = await Promise.all([startHarness(kind), startMailbox()]);
    acme = await h.createCompany({
      withOrderspace: { orderEmail: "orders@northfield.example", webhook: WEBHOOK },
      users: [
        { email: "jane@os.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "sam@os.example", name: "Sam Approver", password, roles: ["approver"] },
      ],
      costCenters: [{ code: "CC-4420", name: "Facilities" }],
      policy: [{ id: "sam", conditions: [], step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "any" } }],
    });
    const synced = await syncCatalog(h.db, acme.orderspaceConnectionId!);
    expect(synced.state).toBe("done");
    items = new Map();
    for (const sku of [SANDBOX_SKUS.gloves9, SANDBOX_SKUS.earPlugs]) {
      const found = await jane().catalog.searchAll({ q: sku, supplierIds: [acme.orderspaceConnectionId!] });
      items.set(sku, found.items.find((i) => i.itemCode === sku)!.supplierItemId);
    }
  });
  afterAll(async () => {
    await Promise.all([h?.close(), mailbox?.close()]);
  });

  const jane = () => acme.callerFor("jane@os.example");
  const sam = () => acme.callerFor("sam@os.example");
  const mailer = () => createMailer(mailbox.url, { portalUrl: "http://portal.test" });
  const outbox = () => runDueOutboxWork(h.db, new Date(Date.now() + 10 * 60_000), 10, { mailer: mailer() });
  const userId = (email: string) => acme.users.find((u) => u.email === email)!.id;

  /** Gloves x10 and ear plugs x1 from Orderspace, submitted and approved; answers the requisition and its PO number. */
  async function approvedOrder() {
    const poNumber = `PO-OS-${++poCount}-${kind}`;
    await jane().cart.add({ connectionId: acme.orderspaceConnectionId!, itemId: items.get(SANDBOX_SKUS.gloves9)!, quantity: 10 });
    await jane().cart.add({ connectionId: acme.orderspaceConnectionId!, itemId: items.get(SANDBOX_SKUS.earPlugs)!, quantity: 1 });
    const options = await jane().checkout.options();
    // Orderspace documents Acme's tax rate (7.25%): the expected total quotes it rather than estimating it.
    const expected = options.expected[0]!;
    expect(expected.taxQuoted).toBe(true);
    expect(expected.estimatedTax!.amount).toBe(Math.round(expected.subtotal.amount * 0.0725));
    const submitted = await jane().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber,
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
    expect((await sam().approvals.approve({ requisitionId: submitted.requisitionId })).outcome).toBe("approved");
    await outbox();
    const requisition = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    return { requisition, poNumber, order: requisition.supplierOrders[0]! };
  }

  const enter = (poNumber: string, lines: { sku: string; quantity: number; unit_price?: number }[]) =>
    sandboxControl(h.orderspace, "/orders", { customer_id: h.orderspaceSettings.accountId, customer_po_number: poNumber, lines }) as Promise<{
      order: { id: string; number: number };
    }>;

  it("issues a purchase order instead of placing, as a PDF holding the PO number and every line, emailed once even after a failure", async () => {
    // The mail server fails the first try: retried on a later pass, then sent once with the PDF; later passes send nothing more.
    mailbox.failNext(1);
    const { requisition, poNumber, order } = await approvedOrder();
    expect(order).toMatchObject({ state: "placed", supplierStatus: "awaiting_entry" });

    const { filename, pdfBase64 } = await jane().requisitions.purchaseOrderPdf({ supplierOrderId: order.id });
    expect(filename).toMatch(/\.pdf$/);
    const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(pdfBase64, "base64")));
    const { text } = await extractText(pdf, { mergePages: true });
    for (const expected of [
      poNumber,
      `REQ-${requisition.number}`,
      "CC-4420",
      "Harness Co",
      "Cincinnati",
      SANDBOX_SKUS.gloves9,
      SANDBOX_SKUS.earPlugs,
      "30 Days",
    ])
      expect(text).toContain(expected);
    expect(text).toContain("Work Gloves Classic");

    // Another company's supplier order is "not found".
    const other = await h.createCompany({ users: [{ email: "eve@other.example", name: "Eve", password, roles: ["buyer", "approver"] }] });
    expect((await rejection(other.callerFor("eve@other.example").requisitions.purchaseOrderPdf({ supplierOrderId: order.id }))).code).toBe("NOT_FOUND");

    await outbox();
    await outbox();
    await outbox();
    const sent = mailbox.received.filter((m) => m.raw.includes(`Purchase order ${poNumber} `));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual(["orders@northfield.example"]);
    expect(sent[0]!.raw).toContain(`Purchase order ${poNumber}`);
    expect(sent[0]!.raw).toMatch(/Content-Type: application\/pdf/);
  });

  it("links the order the supplier's staff entered with its PO number, then shows its dispatch with tracking and keeps its invoice", async () => {
    const { requisition, poNumber, order } = await approvedOrder();
    const gloves = order.lines.find((l) => l.itemCode === SANDBOX_SKUS.gloves9)!;
    const plugs = order.lines.find((l) => l.itemCode === SANDBOX_SKUS.earPlugs)!;
    // An order for someone else's PO number is not ours.
    await enter("PO-SOMEONE-ELSE", [{ sku: SANDBOX_SKUS.gloves9, quantity: 1 }]);
    const entered = await enter(poNumber, [
      { sku: SANDBOX_SKUS.gloves9, quantity: 10, unit_price: gloves.unitPrice.amount / 100 },
      { sku: SANDBOX_SKUS.earPlugs, quantity: 1, unit_price: plugs.unitPrice.amount / 100 },
    ]);
    await refreshOpenSupplierOrders(h.db, 0);
    let after = await jane().requisitions.get({ requisitionId: requisition.id });
    expect(after.supplierOrders[0]).toMatchObject({ id: order.id, state: "placed", supplierOrderRef: entered.order.id, supplierStatus: "approved" });
    const [po] = await h.db.select().from(purchaseOrders).where(eq(purchaseOrders.supplierOrderId, order.id));
    expect(po).toMatchObject({ supplierOrderNumber: String(entered.order.number), differences: [] });
    const told = await h.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, userId("jane@os.example")));
    expect(told.map((n) => n.title)).toContain(`REQ-${requisition.number}: Northfield Workwear entered the order`);

    await sandboxControl(h.orderspace, `/orders/${entered.order.id}/dispatch`, {
      comments: "UPS 1Z999AA10123456784",
      lines: [{ sku: SANDBOX_SKUS.gloves9, quantity: 10 }],
    });
    await refreshOpenSupplierOrders(h.db, 0);
    after = await jane().requisitions.get({ requisitionId: requisition.id });
    expect(after.supplierOrders[0]!.supplierStatus).toBe("partly_shipped");
    expect(after.supplierOrders[0]!.shipments[0]).toMatchObject({
      carrierName: "UPS",
      trackingNumber: "1Z999AA10123456784",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    });

    await sandboxControl(h.orderspace, `/orders/${entered.order.id}/dispatch`, {});
    await sandboxControl(h.orderspace, `/orders/${entered.order.id}/invoice`);
    await refreshOpenSupplierOrders(h.db, 0);
    after = await jane().requisitions.get({ requisitionId: requisition.id });
    expect(after.supplierOrders[0]!.supplierStatus).toBe("shipped");
    const invoices = await h.db.select().from(supplierInvoices).where(eq(supplierInvoices.supplierOrderId, order.id));
    expect(invoices).toHaveLength(1);
    expect(invoices[0]!.number).toMatch(/^INV-/);

    // Orderspace never reports delivery: a fully dispatched order is not asked about again on every pass.
    const asked = () => h.orderspace.state.core.requestLog.filter((r) => r.path === `/v1/orders/${entered.order.id}`).length;
    const before = asked();
    await refreshOpenSupplierOrders(h.db, 0);
    expect(asked()).toBe(before);
  });

  it("flags what the supplier entered differently to the requester and the approver who signed off", async () => {
    const { requisition, poNumber, order } = await approvedOrder();
    await enter(poNumber, [
      { sku: SANDBOX_SKUS.gloves9, quantity: 12, unit_price: 9.99 },
      { sku: SANDBOX_SKUS.hardHatWhite, quantity: 1 },
    ]);
    await refreshOpenSupplierOrders(h.db, 0);
    const [po] = await h.db.select().from(purchaseOrders).where(eq(purchaseOrders.supplierOrderId, order.id));
    expect(po!.differences).toEqual([
      `${SANDBOX_SKUS.gloves9}: 12 units entered, 10 units approved.`,
      expect.stringMatching(new RegExp(`^${SANDBOX_SKUS.gloves9}: \\$9\\.99 each entered, \\$[0-9.]+ approved\\.$`)),
      expect.stringMatching(new RegExp(`^${SANDBOX_SKUS.earPlugs} .* is missing`)),
      expect.stringMatching(new RegExp(`^${SANDBOX_SKUS.hardHatWhite} was not approved`)),
    ]);
    for (const email of ["jane@os.example", "sam@os.example"]) {
      const mine = await h.db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, userId(email)));
      const flagged = mine.find((n) => n.kind === "supplier_order.differs" && n.link === `/requisitions/${requisition.id}`);
      expect(flagged?.body).toContain("12 units entered, 10 units approved");
    }
  });

  describe("webhooks", () => {
    const receive = (body: string, signature: string | null, key = WEBHOOK.key) =>
      h.anonymous().supplierWebhooks.receive({ key, signature, bodyBase64: Buffer.from(body).toString("base64") });
    const deliveries = () => h.db.select().from(supplierWebhookDeliveries);

    it("refuses unsigned, wrongly signed, altered and unknown-path deliveries and stores nothing from them", async () => {
      const body = JSON.stringify([{ event: "order.created", data: { order: { id: "or_Abcdefgh" } } }]);
      const stored = (await deliveries()).length;
      expect((await rejection(receive(body, null))).code).toBe("UNAUTHORIZED");
      expect((await rejection(receive(body, sign(body, "another-key")))).code).toBe("UNAUTHORIZED");
      expect((await rejection(receive(`${body} `, sign(body)))).code).toBe("UNAUTHORIZED");
      expect((await rejection(receive(body, sign(body), "wh-no-such-key-0123456789"))).code).toBe("UNAUTHORIZED");
      expect((await rejection(receive("x".repeat(1024 * 1024 + 1), sign("x".repeat(1024 * 1024 + 1))))).code).toBe("BAD_REQUEST");
      expect(await deliveries()).toHaveLength(stored);
    });

    it("takes a signed delivery once: the same delivery again changes nothing", async () => {
      const body = JSON.stringify([{ event: "inventory_level.updated", data: { inventory_level: { sku: "GL01-9", on_hand: 20.0, available: 20.0 } } }]);
      const stored = (await deliveries()).length;
      expect(await receive(body, sign(body))).toEqual({ duplicate: false });
      expect(await receive(body, sign(body))).toEqual({ duplicate: true });
      expect(await deliveries()).toHaveLength(stored + 1);
    });

    it("links an entered order from the sandbox's own signed delivery (array shape) and from the older single-object shape", async () => {
      // The route in front of the procedure, as app/api/suppliers/webhooks/[key] is: raw body and signature header through.
      const relay = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const raw = Buffer.concat(chunks);
          h.anonymous()
            .supplierWebhooks.receive({
              key: WEBHOOK.key,
              signature: (req.headers["x-orderspace-signature"] as string) ?? null,
              bodyBase64: raw.toString("base64"),
            })
            .then(
              () => res.writeHead(200).end(),
              () => res.writeHead(401).end(),
            );
        });
      });
      await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
      try {
        await sandboxControl(h.orderspace, "/webhooks", {
          endpoint: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/hook`,
          events: ["order.created"],
          signing_key: WEBHOOK.secret,
        });
        const first = await approvedOrder();
        const entered = await enter(first.poNumber, [{ sku: SANDBOX_SKUS.gloves9, quantity: 10 }]);
        await h.orderspace.deliveriesSettled();
        await outbox();
        const linked = await jane().requisitions.get({ requisitionId: first.requisition.id });
        expect(linked.supplierOrders[0]!.supplierOrderRef).toBe(entered.order.id);
      } finally {
        await new Promise((resolve) => relay.close(resolve));
      }

      const second = await approvedOrder();
      const old = await enter(second.poNumber, [
        { sku: SANDBOX_SKUS.gloves9, quantity: 10 },
        { sku: SANDBOX_SKUS.earPlugs, quantity: 1 },
      ]);
      const olderShape = JSON.stringify({ event: "order.created", data: { orders: [{ id: old.order.id, number: old.order.number }] } });
      expect(await receive(olderShape, sign(olderShape))).toEqual({ duplicate: false });
      await outbox();
      expect((await jane().requisitions.get({ requisitionId: second.requisition.id })).supplierOrders[0]!.supplierOrderRef).toBe(old.order.id);

      // The seller deletes it: the portal does not go on showing an order that no longer exists.
      const deletion = JSON.stringify([{ event: "order.deleted", data: { order: { id: old.order.id, number: old.order.number, deleted: true } } }]);
      expect(await receive(deletion, sign(deletion))).toEqual({ duplicate: false });
      await outbox();
      const gone = await jane().requisitions.get({ requisitionId: second.requisition.id });
      expect(gone.supplierOrders[0]).toMatchObject({ supplierStatus: "cancelled", spend: { state: "released" } });
      expect(gone.status).toBe("cancelled");
      const told = await h.db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, userId("jane@os.example")));
      expect(told.map((n) => n.title)).toContain(`REQ-${second.requisition.number}: Northfield Workwear deleted the order`);
    });
  });
});
