/**
 * Uploaded supplier invoices against the real database, the Hygrade sandbox and the Hypatos sandbox: a real PDF goes to
 * Hypatos, is read, and is linked to its order by the PO number it quotes (or the supplier's order reference), and the
 * three-way match follows; a file Hypatos fails on says so and is retried or entered by hand; an unknown PO number
 * waits for a person to choose the order; Hypatos being down loses nothing.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, invoiceDocuments, supplierInvoices } from "@/db/schema";
import { advanceInvoiceDocuments } from "@/server/accounts-payable/invoice-documents";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { invoicePdf } from "@/server/sandboxes/hypatos/invoice-pdf";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const FM = "FM-0014-LT";
const password = "harness-password";
const today = () => new Date().toISOString().slice(0, 10);
const major = (minor: number) => (minor / 100).toFixed(2);

describe.each(databaseKinds)("uploaded supplier invoices on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let fmId: string;
  let tapeId: string;
  let orders = 0;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      withHypatos: true,
      users: [
        { email: "jane@inv.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "pat@inv.example", name: "Pat Payables", password, roles: ["accounts_payable"] },
      ],
    });
    other = await h.createCompany({
      withHypatos: true,
      users: [{ email: "eve@elsewhere.example", name: "Eve", password, roles: ["buyer", "accounts_payable"] }],
    });
    const fm = await jane().catalog.search({ connectionId: acme.connectionId, q: FM });
    fmId = fm.items.find((i) => i.itemCode === FM)!.supplierItemId;
    const tape = await jane().catalog.search({ connectionId: acme.connectionId, q: "tape", inStockOnly: true });
    tapeId = tape.items.find((i) => i.supplierItemId !== fmId)!.supplierItemId;
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await hypatosControl("reset", {});
  });

  const jane = () => acme.callerFor("jane@inv.example");
  const pat = () => acme.callerFor("pat@inv.example");
  const eve = () => other.callerFor("eve@elsewhere.example");

  async function hypatosControl(path: string, body: unknown) {
    const res = await fetch(`${h.hypatos.url}/_sandbox/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }
  const hypatosState = async () => (await (await fetch(`${h.hypatos.url}/_sandbox/state`)).json()) as { files: number; documents: number };

  async function placedOrder() {
    const poNumber = `PO-INV-${++orders}`;
    await jane().cart.add({ connectionId: acme.connectionId, itemId: fmId, quantity: 6 });
    await jane().cart.add({ connectionId: acme.connectionId, itemId: tapeId, quantity: 2 });
    const options = await jane().checkout.options();
    const submitted = await jane().checkout.submit({
      costCenterId: acme.costCenters[0]!.id,
      poNumber,
      shipTo: options.suppliers.map((s) => ({ connectionId: s.connectionId, addressId: s.defaultAddressId! })),
    });
    await runDueOutboxWork(h.db);
    const requisition = await jane().requisitions.get({ requisitionId: submitted.requisitionId });
    const order = requisition.supplierOrders[0]!;
    return { requisition, order, poNumber, gloves: order.lines.find((l) => l.itemCode === FM)!, tape: order.lines.find((l) => l.itemCode !== FM)! };
  }

  type Placed = Awaited<ReturnType<typeof placedOrder>>;

  /** The supplier's invoice as a real PDF: every line as ordered unless told otherwise. */
  async function invoiceFile(placed: Placed, options: { number: string; poNumber?: string | null; gloves?: number; supplierName?: string }) {
    const glovesQty = options.gloves ?? placed.gloves.quantity;
    const lines = [
      { line: placed.gloves, quantity: glovesQty },
      { line: placed.tape, quantity: placed.tape.quantity },
    ].map(({ line, quantity }) => ({
      itemCode: line.itemCode,
      description: line.name,
      quantity,
      unitPrice: major(line.unitPrice.amount),
      lineTotal: major(line.unitPrice.amount * quantity),
    }));
    const net = placed.gloves.unitPrice.amount * glovesQty + placed.tape.unitPrice.amount * placed.tape.quantity;
    const bytes = await invoicePdf({
      number: options.number,
      date: today(),
      supplierName: options.supplierName ?? "Hygrade Industrial Supply",
      poNumber: options.poNumber === undefined ? placed.poNumber : options.poNumber,
      currency: "USD",
      lines,
      net: major(net),
      tax: "0.00",
      total: major(net),
    });
    return { filename: `${options.number}.pdf`, contentType: "application/pdf" as const, dataBase64: Buffer.from(bytes).toString("base64") };
  }

  /** Works the invoice documents the way the portal's worker does, until this one waits on a person or is done. */
  async function settled(documentId: string) {
    for (let i = 0; i < 200; i++) {
      await advanceInvoiceDocuments(h.db, new Date(Date.now() + 10 * 60_000));
      const [doc] = await h.db.select().from(invoiceDocuments).where(eq(invoiceDocuments.id, documentId));
      if (!["uploading", "processing", "extracted"].includes(doc!.state)) return doc!;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`document ${documentId} never settled`);
  }

  it("reads an invoice uploaded on its order, shows the quantity mismatch, and matches once the rest is received", async () => {
    const placed = await placedOrder();
    await jane().receiving.record({ supplierOrderId: placed.order.id, receivedOn: today(), lines: [{ lineId: placed.gloves.id, quantityReceived: 4 }] });
    await jane().receiving.record({ supplierOrderId: placed.order.id, receivedOn: today(), lines: [{ lineId: placed.tape.id, quantityReceived: 2 }] });

    const { documentId } = await pat().invoices.upload({ supplierOrderId: placed.order.id, ...(await invoiceFile(placed, { number: "INV-A1" })) });
    const waiting = await pat().invoices.forOrder({ supplierOrderId: placed.order.id });
    expect(waiting.map((d) => [d.id, d.stateWords])).toEqual([[documentId, "Sending to Hypatos"]]);

    const doc = await settled(documentId);
    expect(doc).toMatchObject({ state: "linked", problem: null, supplierOrderId: placed.order.id });
    const [invoice] = await h.db.select().from(supplierInvoices).where(eq(supplierInvoices.id, doc.supplierInvoiceId!));
    expect(invoice).toMatchObject({ source: "upload", number: "INV-A1", currency: "USD" });
    expect(invoice!.lines.map((l) => [l.itemCode, l.quantity, l.unitPriceMinor])).toEqual([
      [FM, 6, placed.gloves.unitPrice.amount],
      [placed.tape.itemCode, 2, placed.tape.unitPrice.amount],
    ]);

    const partly = await pat().matching.forOrder({ supplierOrderId: placed.order.id });
    expect(partly.standing).toBe("quantity_mismatch");
    expect(partly.lines.find((l) => l.lineId === placed.gloves.id)).toMatchObject({ received: 4, invoicedQuantity: 6, quantityDifference: 2 });
    // The history says who uploaded it, and that Hypatos read it.
    const history = await jane().requisitions.get({ requisitionId: placed.requisition.id });
    expect(history.history.map((e) => e.sentence)).toContain("Pat Payables uploaded Hygrade's invoice INV-A1, read by Hypatos.");

    await jane().receiving.record({ supplierOrderId: placed.order.id, receivedOn: today(), everything: true });
    expect((await pat().matching.forOrder({ supplierOrderId: placed.order.id })).standing).toBe("matched");
  });

  it("links a file dropped on the invoices page by its PO number, or by the supplier's order reference when it quotes none", async () => {
    const byPo = await placedOrder();
    const byRef = await placedOrder();
    const first = await pat().invoices.upload(await invoiceFile(byPo, { number: "INV-B1" }));
    const [row] = await h.db.select().from(invoiceDocuments).where(eq(invoiceDocuments.id, first.documentId));
    expect(row!.supplierOrderId).toBeNull();
    expect((await settled(first.documentId)).supplierOrderId).toBe(byPo.order.id);

    const supplierRef = (await jane().requisitions.get({ requisitionId: byRef.requisition.id })).supplierOrders[0]!.supplierOrderRef!;
    expect(supplierRef).toBeTruthy();
    const second = await pat().invoices.upload(await invoiceFile(byRef, { number: "INV-B2", poNumber: supplierRef }));
    expect((await settled(second.documentId)).supplierOrderId).toBe(byRef.order.id);

    const page = await pat().invoices.list({ view: "linked" });
    expect(page.documents.filter((d) => [first.documentId, second.documentId].includes(d.id)).map((d) => [d.order?.label, d.invoice?.number])).toEqual([
      [`REQ-${byRef.requisition.number}`, "INV-B2"],
      [`REQ-${byPo.requisition.number}`, "INV-B1"],
    ]);
  });

  it("leaves an invoice with an unknown PO number for a person, who links it to its order", async () => {
    const placed = await placedOrder();
    const { documentId } = await pat().invoices.upload(await invoiceFile(placed, { number: "INV-C1", poNumber: "PO-NOBODY" }));
    const doc = await settled(documentId);
    expect(doc.state).toBe("unlinked");
    expect(doc.problem).toBe('No placed order has PO number or order reference "PO-NOBODY". Choose its order.');
    const attention = await pat().invoices.list({ view: "needs_attention" });
    expect(attention.documents.find((d) => d.id === documentId)).toMatchObject({ mayLink: true, read: { number: "INV-C1", poNumber: "PO-NOBODY" } });

    const choices = await pat().invoices.linkableOrders({ search: placed.poNumber });
    expect(choices.map((c) => c.supplierOrderId)).toEqual([placed.order.id]);
    expect(await pat().invoices.link({ documentId, supplierOrderId: placed.order.id })).toEqual({ state: "linked", problem: null });
    expect((await pat().matching.forOrder({ supplierOrderId: placed.order.id })).invoices.map((i) => i.number)).toEqual(["INV-C1"]);
    // Uploading the same invoice again counts it once.
    const again = await pat().invoices.upload({ supplierOrderId: placed.order.id, ...(await invoiceFile(placed, { number: "INV-C1" })) });
    expect(await settled(again.documentId)).toMatchObject({ state: "linked", problem: "Invoice INV-C1 was already on this order; it is counted once." });
    expect((await pat().matching.forOrder({ supplierOrderId: placed.order.id })).invoices).toHaveLength(1);
  });

  it("says when Hypatos could not read a file, reads it again on retry, and takes an invoice entered by hand", async () => {
    const placed = await placedOrder();
    await hypatosControl("documents/fail", { state: "failed" });
    const { documentId } = await pat().invoices.upload({ supplierOrderId: placed.order.id, ...(await invoiceFile(placed, { number: "INV-D1" })) });
    const failed = await settled(documentId);
    expect(failed).toMatchObject({ state: "failed", problem: "Hypatos could not read the file. Retry it, or enter the invoice by hand." });
    expect((await pat().invoices.forOrder({ supplierOrderId: placed.order.id }))[0]).toMatchObject({ mayRetry: true, stateWords: "Could not be read" });

    expect(await pat().invoices.retry({ documentId })).toEqual({ retried: true });
    expect((await settled(documentId)).state).toBe("linked");

    // A paper invoice: typed in per line, with its tax and shipping.
    const other = await placedOrder();
    const entered = await pat().invoices.enterByHand({
      supplierOrderId: other.order.id,
      number: "PAPER-77",
      invoiceDate: today(),
      lines: [
        { lineId: other.gloves.id, quantity: 6, unitPrice: major(other.gloves.unitPrice.amount) },
        { lineId: other.tape.id, quantity: 2, unitPrice: major(other.tape.unitPrice.amount) },
      ],
      charges: "4.10",
    });
    const [invoice] = await h.db.select().from(supplierInvoices).where(eq(supplierInvoices.id, entered.supplierInvoiceId));
    expect(invoice).toMatchObject({ source: "manual", number: "PAPER-77", totalMinor: invoice!.netMinor + 410 });
    expect(
      await rejection(
        pat().invoices.enterByHand({
          supplierOrderId: other.order.id,
          number: "paper-77",
          invoiceDate: today(),
          lines: [{ lineId: other.gloves.id, quantity: 1, unitPrice: "1" }],
          charges: "0",
        }),
      ),
    ).toMatchObject({
      code: "CONFLICT",
      message: "Invoice paper-77 is already on this order.",
    });
    expect(
      await rejection(
        pat().invoices.enterByHand({
          supplierOrderId: other.order.id,
          number: "X-1",
          invoiceDate: today(),
          lines: [{ lineId: other.gloves.id, quantity: 1, unitPrice: "twelve" }],
          charges: "0",
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", message: `Enter ${other.gloves.name}'s unit price as an amount, like 12.50.` });
  });

  it("keeps the file while Hypatos is down and sends it once it is back", async () => {
    const placed = await placedOrder();
    const before = await hypatosState();
    await hypatosControl("faults", { kind: "status5xx", count: 40, status: 503 });
    const { documentId } = await pat().invoices.upload({ supplierOrderId: placed.order.id, ...(await invoiceFile(placed, { number: "INV-E1" })) });
    await advanceInvoiceDocuments(h.db, new Date(Date.now() + 10 * 60_000));
    const [waiting] = await h.db.select().from(invoiceDocuments).where(eq(invoiceDocuments.id, documentId));
    expect(waiting!.state).toBe("uploading");
    expect(waiting!.problem).toMatch(/^Waiting for Hypatos: /);
    await hypatosControl("reset", {});
    expect((await settled(documentId)).state).toBe("linked");
    const after = await hypatosState();
    expect(after.documents - before.documents).toBe(1);
  });

  it("refuses what is not an invoice file, people who do not handle invoices, and other companies' orders and files", async () => {
    const placed = await placedOrder();
    const notPdf = { filename: "notes.pdf", contentType: "application/pdf" as const, dataBase64: Buffer.from("just some text").toString("base64") };
    expect(await rejection(pat().invoices.upload({ supplierOrderId: placed.order.id, ...notPdf }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "notes.pdf is not a PDF, JPEG, PNG or TIFF file.",
    });
    const file = await invoiceFile(placed, { number: "INV-F1" });
    expect(await rejection(jane().invoices.upload({ supplierOrderId: placed.order.id, ...file }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await rejection(eve().invoices.upload({ supplierOrderId: placed.order.id, ...file }))).toMatchObject({
      code: "NOT_FOUND",
      message: "That order was not found",
    });
    const { documentId } = await pat().invoices.upload({ supplierOrderId: placed.order.id, ...file });
    expect(await rejection(eve().invoices.retry({ documentId }))).toMatchObject({ code: "NOT_FOUND", message: "That invoice file was not found" });
    expect((await eve().invoices.list({ view: "all" })).documents.map((d) => d.id)).not.toContain(documentId);
    const audited = await h.db.select().from(auditLog).where(eq(auditLog.subjectId, placed.order.id));
    expect(audited.some((a) => a.action === "supplier_order.invoiced")).toBe(false);
  });
});
