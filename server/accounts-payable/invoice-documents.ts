/**
 * Supplier invoices as files: an accounts-payable person uploads a PDF or image (on an order, or several on the
 * invoices page); the worker sends it to the company's Hypatos project, polls the document until its entities are
 * extracted, and links what was read to its supplier order as a supplier invoice, which the three-way match then
 * weighs. The file is kept, so a failed reading is retried from it; an unreadable or unlinked one is linked, or entered,
 * by hand. Who may: accounts payable and admins. Another company's document or order is "not found".
 */
import { and, desc, eq, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  invoiceDocuments,
  requisitionLines,
  requisitions,
  supplierConnections,
  supplierInvoices,
  supplierOrders,
  users,
  type InvoiceDocumentState,
} from "@/db/schema";
import { INVOICE_FILE_MAX_BYTES, INVOICE_FILE_TYPES, type InvoiceFileType } from "@/common/invoices";
import { hasRole, type ActorContext } from "@/server/actor";
import { chooseInvoiceOrder, readExtractedInvoice, type ExtractedInvoiceEntities, type ReadInvoice } from "@/server/domain/invoice-reading";
import { money, parseMajorUnits, type Money } from "@/server/domain/money";
import { AppError, invalid, notFound } from "@/server/errors";
import { retryDelayMs } from "@/server/jobs/outbox";
import { kickWorker } from "@/server/jobs/nudge";
import { loadSupplierOrderInCompany } from "@/server/requisitions/access";
import { inLifecycle, requisitionLabel } from "@/server/requisitions/lifecycle";
import { isSupplierError } from "@/server/suppliers/errors";
import { hypatosClientFor } from "./connection";

type DocumentRow = typeof invoiceDocuments.$inferSelect;

/** The one rule for who handles invoice files. */
export const handlesInvoices = (ctx: Pick<ActorContext, "user">) => hasRole(ctx.user, "accounts_payable", "admin");

function requireHandler(ctx: ActorContext) {
  if (!handlesInvoices(ctx)) throw new AppError("forbidden", "Only accounts payable and admins handle supplier invoices.");
}

/** How long the worker waits between looks at a document Hypatos is still reading: 2 s, growing to a minute. */
const pollDelayMs = (attempts: number) => Math.min(60_000, Math.round(2000 * 1.5 ** Math.min(attempts, 12)));
/** A document still unread after this many looks (about an hour) is given up as failed; a person may retry it. */
const MAX_POLLS = 70;
/** A worker that claims a document has it for this long; one that crashed lets it go when the lease runs out. */
const CLAIM_MS = 60_000;

/** The states where the portal waits on Hypatos; the rest wait on a person or are done. */
const IN_FLIGHT: InvoiceDocumentState[] = ["uploading", "processing"];
/** Hypatos states whose entities are the invoice as read (review, completion and transfer come after extraction). */
const READ_STATES = new Set(["extracted", "reviewRequired", "inCompletion", "done", "doneAutomatically", "transferred", "transferFailed"]);
const FAILED_STATES = new Set(["failed", "split"]);
const REJECTED_STATES = new Set(["rejected", "junk"]);

/** PDF, JPEG, PNG or TIFF by the file's first bytes: a renamed file is refused at the door, not by Hypatos later. */
export function sniffInvoiceFile(bytes: Uint8Array): InvoiceFileType | null {
  const starts = (...b: number[]) => b.every((v, i) => bytes[i] === v);
  if (starts(0x25, 0x50, 0x44, 0x46)) return "application/pdf";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "image/png";
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return "image/tiff";
  return null;
}

function requireInvoiceable(order: typeof supplierOrders.$inferSelect, supplierName: string) {
  if (order.state !== "placed") throw new AppError("precondition", `This order was not placed with ${supplierName}, so there is nothing to invoice.`);
}

async function loadDocument(ctx: ActorContext, documentId: string): Promise<DocumentRow> {
  const [row] = await ctx.db
    .select()
    .from(invoiceDocuments)
    .where(and(eq(invoiceDocuments.id, documentId), eq(invoiceDocuments.companyId, ctx.companyId)));
  if (!row) throw notFound("That invoice file");
  return row;
}

export interface InvoiceUpload {
  supplierOrderId?: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * Keeps the file and hands it to the worker, which sends it to Hypatos: the person is answered at once and the file
 * is never lost to an accounts-payable service that is down.
 */
export async function uploadInvoiceDocument(ctx: ActorContext, input: InvoiceUpload) {
  requireHandler(ctx);
  if (input.bytes.byteLength === 0) throw invalid("file", `${input.filename} is empty.`);
  if (input.bytes.byteLength > INVOICE_FILE_MAX_BYTES)
    throw invalid("file", `${input.filename} is larger than ${INVOICE_FILE_MAX_BYTES / 1024 / 1024} MB; scan it at a lower resolution.`);
  const sniffed = sniffInvoiceFile(input.bytes);
  if (!sniffed || !(INVOICE_FILE_TYPES as readonly string[]).includes(input.contentType))
    throw invalid("file", `${input.filename} is not a PDF, JPEG, PNG or TIFF file.`);
  if (input.supplierOrderId) {
    const { order, supplierName } = await loadSupplierOrderInCompany(ctx.db, ctx.companyId, input.supplierOrderId);
    requireInvoiceable(order, supplierName);
  }
  if (!(await hypatosClientFor(ctx.db, ctx.companyId)))
    throw new AppError("precondition", "Your company has no accounts-payable service connected to read invoice files. Enter the invoice by hand.");
  const [row] = await ctx.db
    .insert(invoiceDocuments)
    .values({
      companyId: ctx.companyId,
      supplierOrderId: input.supplierOrderId ?? null,
      uploadedById: ctx.user.id,
      filename: input.filename,
      contentType: sniffed,
      bytes: input.bytes,
      state: "uploading",
      nextPollAt: new Date(),
    })
    .returning({ id: invoiceDocuments.id });
  kickWorker();
  return { documentId: row!.id };
}

// ---------------------------------------------------------------------------
// The worker's pass

/** Claims due documents with a lease, so two portal instances never send one file twice at once. */
async function claimDueDocuments(db: Database, now: Date, limit: number): Promise<DocumentRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: invoiceDocuments.id })
      .from(invoiceDocuments)
      .where(and(inArray(invoiceDocuments.state, IN_FLIGHT), lte(invoiceDocuments.nextPollAt, sql`greatest(${now.toISOString()}::timestamptz, now())`)))
      .orderBy(invoiceDocuments.nextPollAt)
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(invoiceDocuments)
      .set({ nextPollAt: new Date(now.getTime() + CLAIM_MS) })
      .where(
        inArray(
          invoiceDocuments.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

const update = (db: Database, id: string, values: Partial<typeof invoiceDocuments.$inferInsert>) =>
  db
    .update(invoiceDocuments)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(invoiceDocuments.id, id));

/** One pass: sends waiting files to Hypatos and looks at the documents it is reading. Answers how many it moved on. */
export async function advanceInvoiceDocuments(db: Database, now = new Date(), limit = 10): Promise<number> {
  let moved = 0;
  for (const doc of await claimDueDocuments(db, now, limit)) {
    try {
      moved += (await advance(db, doc, now)) ? 1 : 0;
    } catch (error) {
      const attempts = doc.pollAttempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      if (isSupplierError(error) && !error.retryable) {
        await update(db, doc.id, { state: "failed", problem: `Hypatos refused it: ${message}`, pollAttempts: attempts, nextPollAt: null });
        moved++;
      } else {
        // Hypatos is down or asks us to slow down: the file stays, and the next look waits as long as it asked.
        const wait = isSupplierError(error) && error.details.retryAfterMs ? error.details.retryAfterMs : retryDelayMs(attempts);
        await update(db, doc.id, { problem: `Waiting for Hypatos: ${message}`, pollAttempts: attempts, nextPollAt: new Date(now.getTime() + wait) });
      }
    }
  }
  return moved;
}

async function advance(db: Database, doc: DocumentRow, now: Date): Promise<boolean> {
  const client = await hypatosClientFor(db, doc.companyId);
  if (!client) {
    await update(db, doc.id, {
      state: "failed",
      problem: "The company's accounts-payable service was disconnected. Enter the invoice by hand.",
      nextPollAt: null,
    });
    return true;
  }
  if (doc.state === "uploading") {
    // Each step is saved as it succeeds, so a retry after a lost answer resumes where it stopped.
    let fileId = doc.hypatosFileId;
    if (!fileId) {
      fileId = (await client.uploadFile(doc.bytes, doc.contentType as InvoiceFileType, doc.filename)).fileId;
      await update(db, doc.id, { hypatosFileId: fileId });
    }
    const { documentId } = await client.processFile(fileId, doc.id);
    await update(db, doc.id, {
      state: "processing",
      hypatosDocumentId: documentId,
      problem: null,
      pollAttempts: 0,
      nextPollAt: new Date(now.getTime() + pollDelayMs(0)),
    });
    return true;
  }
  const document = await client.getDocument(doc.hypatosDocumentId!);
  const attempts = doc.pollAttempts + 1;
  if (READ_STATES.has(document.state)) {
    await update(db, doc.id, { state: "extracted", extracted: (document.entities ?? {}) as Record<string, unknown>, pollAttempts: attempts, nextPollAt: null });
    await linkDocument(db, { ...doc, extracted: (document.entities ?? {}) as Record<string, unknown> }, null);
    return true;
  }
  if (FAILED_STATES.has(document.state) || REJECTED_STATES.has(document.state)) {
    const rejected = REJECTED_STATES.has(document.state);
    const problem =
      document.state === "split"
        ? "Hypatos found several documents in the file. Upload each invoice as its own file."
        : rejected
          ? "Hypatos rejected the file as not an invoice it can read. Retry it, or enter the invoice by hand."
          : "Hypatos could not read the file. Retry it, or enter the invoice by hand.";
    await update(db, doc.id, { state: rejected ? "rejected" : "failed", problem, pollAttempts: attempts, nextPollAt: null });
    return true;
  }
  if (attempts >= MAX_POLLS) {
    await update(db, doc.id, {
      state: "failed",
      problem: "Hypatos did not finish reading the file. Retry it, or enter the invoice by hand.",
      pollAttempts: attempts,
      nextPollAt: null,
    });
    return true;
  }
  await update(db, doc.id, { pollAttempts: attempts, nextPollAt: new Date(now.getTime() + pollDelayMs(attempts)) });
  return false;
}

/** The company's placed orders an invoice could be for: the current revision of each. */
async function candidateOrders(db: Database, companyId: string, reference: string) {
  const wanted = reference.trim().toLowerCase();
  const rows = await db
    .select({
      supplierOrderId: supplierOrders.id,
      supplierName: supplierConnections.displayName,
      poNumber: requisitions.poNumber,
      supplierOrderRef: supplierOrders.supplierOrderRef,
      number: requisitions.number,
    })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(
      and(
        eq(supplierOrders.companyId, companyId),
        eq(supplierOrders.state, "placed"),
        eq(supplierOrders.revision, requisitions.revision),
        or(sql`lower(trim(${requisitions.poNumber})) = ${wanted}`, sql`lower(trim(${supplierOrders.supplierOrderRef})) = ${wanted}`),
      ),
    )
    .limit(50);
  return rows.map((r) => ({ ...r, label: requisitionLabel(r) }));
}

/**
 * Links what Hypatos read to its order (the one it was uploaded on, the one a person chose, or the one its PO number
 * or order reference names) as a supplier invoice, in one transaction with the match it changes.
 */
async function linkDocument(db: Database, doc: DocumentRow, chosen: { supplierOrderId: string; actorId: string } | null): Promise<InvoiceDocumentState> {
  const entities = (doc.extracted ?? {}) as ExtractedInvoiceEntities;
  let supplierOrderId = chosen?.supplierOrderId ?? doc.supplierOrderId;
  if (!supplierOrderId) {
    const reference = entities.purchaseOrderNumber?.trim() || null;
    const choice = chooseInvoiceOrder(reference, entities.supplierName ?? null, reference ? await candidateOrders(db, doc.companyId, reference) : []);
    if (choice.kind === "unlinked") {
      await update(db, doc.id, { state: "unlinked", problem: choice.problem });
      return "unlinked";
    }
    supplierOrderId = choice.supplierOrderId;
  }
  const { order, supplierName } = await loadSupplierOrderInCompany(db, doc.companyId, supplierOrderId);
  const reading = readExtractedInvoice(entities, order.currency);
  if (reading.kind === "incomplete") {
    await update(db, doc.id, { state: "unlinked", supplierOrderId, problem: `${reading.problem} Enter the invoice by hand.` });
    return "unlinked";
  }
  if (reading.invoice.currency !== order.currency) {
    await update(db, doc.id, {
      state: "unlinked",
      supplierOrderId,
      problem: `The invoice is in ${reading.invoice.currency} but the order is in ${order.currency}. Check it with ${supplierName}.`,
    });
    return "unlinked";
  }
  await saveInvoice(db, { doc, order, supplierName, invoice: reading.invoice, source: "upload", actorId: chosen?.actorId ?? doc.uploadedById });
  return "linked";
}

/**
 * Writes the invoice on its order and marks the document linked. The same invoice number on the same order twice (the
 * supplier's API sent it, or the file was uploaded again) is one invoice: the document points at the one already there.
 */
async function saveInvoice(
  db: Database,
  args: {
    doc: DocumentRow | null;
    order: typeof supplierOrders.$inferSelect;
    supplierName: string;
    invoice: Pick<ReadInvoice, "number" | "invoiceDate" | "lines" | "net" | "total">;
    source: "upload" | "manual";
    actorId: string;
  },
) {
  const { doc, order, supplierName, invoice } = args;
  return inLifecycle(db, async (lifecycle) => {
    const tx = lifecycle.tx;
    const [already] = await tx
      .select({ id: supplierInvoices.id })
      .from(supplierInvoices)
      .where(and(eq(supplierInvoices.supplierOrderId, order.id), sql`lower(${supplierInvoices.number}) = ${invoice.number.toLowerCase()}`))
      .limit(1);
    let supplierInvoiceId = already?.id ?? null;
    if (!already) {
      const saved = await lifecycle.invoiceReported(
        order,
        supplierName,
        {
          invoiceId: doc ? `document:${doc.id}` : `manual:${invoice.number}`,
          number: invoice.number,
          invoiceDate: invoice.invoiceDate,
          dueDate: null,
          paid: false,
          lines: invoice.lines,
          net: invoice.net,
          total: invoice.total,
        },
        { source: args.source, actorId: args.actorId },
      );
      supplierInvoiceId = saved.supplierInvoiceId;
    }
    if (doc) {
      await tx
        .update(invoiceDocuments)
        .set({
          state: "linked",
          supplierOrderId: order.id,
          supplierInvoiceId,
          problem: already ? `Invoice ${invoice.number} was already on this order; it is counted once.` : null,
          updatedAt: new Date(),
        })
        .where(eq(invoiceDocuments.id, doc.id));
    }
    return { supplierInvoiceId: supplierInvoiceId!, duplicate: Boolean(already) };
  });
}

// ---------------------------------------------------------------------------
// What a person does with a document

/** An unlinked document, linked to the order a person chose. */
export async function linkInvoiceDocument(ctx: ActorContext, input: { documentId: string; supplierOrderId: string }) {
  requireHandler(ctx);
  const doc = await loadDocument(ctx, input.documentId);
  if (doc.state !== "unlinked" && doc.state !== "extracted")
    throw new AppError("conflict", doc.state === "linked" ? "That invoice file is already linked to its order." : "Hypatos has not read that file yet.");
  const { order, supplierName } = await loadSupplierOrderInCompany(ctx.db, ctx.companyId, input.supplierOrderId);
  requireInvoiceable(order, supplierName);
  const state = await linkDocument(ctx.db, { ...doc, supplierOrderId: order.id }, { supplierOrderId: order.id, actorId: ctx.user.id });
  const [after] = await ctx.db.select({ problem: invoiceDocuments.problem }).from(invoiceDocuments).where(eq(invoiceDocuments.id, doc.id));
  return { state, problem: after?.problem ?? null };
}

/** A failed or rejected document is read again from the kept file. */
export async function retryInvoiceDocument(ctx: ActorContext, input: { documentId: string }) {
  requireHandler(ctx);
  const doc = await loadDocument(ctx, input.documentId);
  if (doc.state !== "failed" && doc.state !== "rejected") throw new AppError("conflict", "Only a file Hypatos could not read is retried.");
  const [moved] = await ctx.db
    .update(invoiceDocuments)
    .set({ state: "uploading", hypatosFileId: null, hypatosDocumentId: null, problem: null, pollAttempts: 0, nextPollAt: new Date(), updatedAt: new Date() })
    .where(and(eq(invoiceDocuments.id, doc.id), inArray(invoiceDocuments.state, ["failed", "rejected"])))
    .returning({ id: invoiceDocuments.id });
  if (moved) kickWorker();
  return { retried: Boolean(moved) };
}

export interface InvoiceByHand {
  supplierOrderId: string;
  /** The file it was typed from, when there is one; it is then linked to what was entered. */
  documentId?: string;
  number: string;
  invoiceDate: string;
  lines: { lineId: string; quantity: number; unitPrice: string }[];
  /** Tax and shipping on top of the lines, in major units ("12.50"); the total is the lines plus this. */
  charges: string;
}

/** An invoice typed in from the paper or a file Hypatos could not read: the person names, per order line, what it charges. */
export async function enterInvoiceByHand(ctx: ActorContext, input: InvoiceByHand) {
  requireHandler(ctx);
  const { order, supplierName } = await loadSupplierOrderInCompany(ctx.db, ctx.companyId, input.supplierOrderId);
  requireInvoiceable(order, supplierName);
  const doc = input.documentId ? await loadDocument(ctx, input.documentId) : null;
  if (doc && doc.state === "linked") throw new AppError("conflict", "That invoice file is already linked to its order.");
  const orderLines = await ctx.db
    .select()
    .from(requisitionLines)
    .where(and(eq(requisitionLines.companyId, ctx.companyId), eq(requisitionLines.supplierOrderId, order.id)));
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const currency = order.currency;
  const lines = input.lines
    .filter((l) => l.quantity > 0)
    .map((l, i) => {
      const line = byId.get(l.lineId);
      if (!line) throw invalid(`lines.${i}.lineId`, "That line is not on this order.");
      const unitPrice = parseMajorUnits(l.unitPrice, currency);
      if (!unitPrice || unitPrice.amount < 0) throw invalid(`lines.${i}.unitPrice`, `Enter ${line.name}'s unit price as an amount, like 12.50.`);
      return { itemCode: line.itemCode, description: line.name, quantity: l.quantity, unitPrice, lineTotal: money(unitPrice.amount * l.quantity, currency) };
    });
  if (lines.length === 0) throw invalid("lines", "Enter the quantity invoiced on at least one line.");
  const charges: Money | null = parseMajorUnits(input.charges || "0", currency);
  if (!charges || charges.amount < 0) throw invalid("charges", "Enter tax and shipping as an amount, like 12.50 (0 when there is none).");
  const net = money(
    lines.reduce((n, l) => n + l.lineTotal.amount, 0),
    currency,
  );
  const saved = await saveInvoice(ctx.db, {
    doc,
    order,
    supplierName,
    invoice: { number: input.number, invoiceDate: input.invoiceDate, lines, net, total: money(net.amount + charges.amount, currency) },
    source: "manual",
    actorId: ctx.user.id,
  });
  if (saved.duplicate && !doc) throw new AppError("conflict", `Invoice ${input.number} is already on this order.`, { field: "number" });
  return saved;
}

// ---------------------------------------------------------------------------
// Reading

const STATE_WORDS: Record<InvoiceDocumentState, string> = {
  uploading: "Sending to Hypatos",
  processing: "Hypatos is reading it",
  extracted: "Read; linking it",
  linked: "Linked",
  unlinked: "Needs its order",
  failed: "Could not be read",
  rejected: "Rejected by Hypatos",
};

export const INVOICE_DOCUMENT_VIEWS = ["all", "needs_attention", "in_progress", "linked"] as const;
export type InvoiceDocumentView = (typeof INVOICE_DOCUMENT_VIEWS)[number];
const VIEW_STATES: Record<Exclude<InvoiceDocumentView, "all">, InvoiceDocumentState[]> = {
  needs_attention: ["unlinked", "failed", "rejected"],
  in_progress: ["uploading", "processing", "extracted"],
  linked: ["linked"],
};

function presentDocument(row: {
  doc: Omit<DocumentRow, "bytes">;
  uploadedByName: string;
  requisitionId: string | null;
  requisitionNumber: number | null;
  supplierName: string | null;
  invoiceNumber: string | null;
  invoiceTotalMinor: number | null;
  invoiceCurrency: string | null;
}) {
  const { doc } = row;
  const entities = (doc.extracted ?? null) as ExtractedInvoiceEntities | null;
  return {
    id: doc.id,
    filename: doc.filename,
    state: doc.state,
    stateWords: STATE_WORDS[doc.state],
    problem: doc.problem,
    uploadedAt: doc.createdAt,
    uploadedByName: row.uploadedByName,
    inFlight: IN_FLIGHT.includes(doc.state) || doc.state === "extracted",
    mayRetry: doc.state === "failed" || doc.state === "rejected",
    mayLink: doc.state === "unlinked",
    order: doc.supplierOrderId
      ? {
          supplierOrderId: doc.supplierOrderId,
          requisitionId: row.requisitionId,
          label: row.requisitionNumber ? `REQ-${row.requisitionNumber}` : null,
          supplierName: row.supplierName,
        }
      : null,
    read: entities
      ? {
          number: entities.number ?? null,
          date: entities.date ?? null,
          supplierName: entities.supplierName ?? null,
          poNumber: entities.purchaseOrderNumber ?? null,
          total: entities.totalAmount ?? null,
          currency: entities.currency ?? null,
        }
      : null,
    invoice:
      row.invoiceNumber && row.invoiceTotalMinor !== null && row.invoiceCurrency
        ? { number: row.invoiceNumber, total: money(row.invoiceTotalMinor, row.invoiceCurrency) }
        : null,
  };
}

async function documentsWhere(db: Database, where: SQL, limit: number, offset = 0) {
  const { bytes: _bytes, ...columns } = invoiceDocuments;
  void _bytes;
  const rows = await db
    .select({
      doc: columns,
      uploadedByName: users.name,
      requisitionId: requisitions.id,
      requisitionNumber: requisitions.number,
      supplierName: supplierConnections.displayName,
      invoiceNumber: supplierInvoices.number,
      invoiceTotalMinor: supplierInvoices.totalMinor,
      invoiceCurrency: supplierInvoices.currency,
    })
    .from(invoiceDocuments)
    .innerJoin(users, eq(users.id, invoiceDocuments.uploadedById))
    .leftJoin(supplierOrders, eq(supplierOrders.id, invoiceDocuments.supplierOrderId))
    .leftJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .leftJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .leftJoin(supplierInvoices, eq(supplierInvoices.id, invoiceDocuments.supplierInvoiceId))
    .where(where)
    .orderBy(desc(invoiceDocuments.createdAt))
    .limit(limit)
    .offset(offset);
  return rows.map(presentDocument);
}

/** The invoices page: the company's uploaded files, newest first, those that need a person first when asked. */
export async function listInvoiceDocuments(ctx: ActorContext, input: { view: InvoiceDocumentView; page: number; pageSize: number }) {
  requireHandler(ctx);
  const conditions: SQL[] = [eq(invoiceDocuments.companyId, ctx.companyId)];
  if (input.view !== "all") conditions.push(inArray(invoiceDocuments.state, VIEW_STATES[input.view]));
  const where = and(...conditions)!;
  const [documents, [counted], attention] = await Promise.all([
    documentsWhere(ctx.db, where, input.pageSize, (input.page - 1) * input.pageSize),
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(invoiceDocuments)
      .where(where),
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(invoiceDocuments)
      .where(and(eq(invoiceDocuments.companyId, ctx.companyId), inArray(invoiceDocuments.state, VIEW_STATES.needs_attention))),
  ]);
  return { documents, total: counted?.n ?? 0, needsAttention: attention[0]?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

/** The files uploaded on one order, for its match panel. */
export async function invoiceDocumentsForOrder(ctx: ActorContext, input: { supplierOrderId: string }) {
  requireHandler(ctx);
  await loadSupplierOrderInCompany(ctx.db, ctx.companyId, input.supplierOrderId);
  return documentsWhere(ctx.db, and(eq(invoiceDocuments.companyId, ctx.companyId), eq(invoiceDocuments.supplierOrderId, input.supplierOrderId))!, 50);
}

/** Placed orders a person may link an invoice to, newest first, narrowed by PO number, order reference or REQ number. */
export async function linkableOrders(ctx: ActorContext, input: { search?: string }) {
  requireHandler(ctx);
  const conditions: SQL[] = [
    eq(supplierOrders.companyId, ctx.companyId),
    eq(supplierOrders.state, "placed"),
    eq(supplierOrders.revision, requisitions.revision),
  ];
  const search = input.search?.trim().toLowerCase().replace(/^req-/, "");
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        sql`lower(${requisitions.poNumber}) like ${like}`,
        sql`lower(coalesce(${supplierOrders.supplierOrderRef}, '')) like ${like}`,
        sql`${requisitions.number}::text = ${search}`,
        sql`lower(${supplierConnections.displayName}) like ${like}`,
      )!,
    );
  }
  const rows = await ctx.db
    .select({
      supplierOrderId: supplierOrders.id,
      number: requisitions.number,
      poNumber: requisitions.poNumber,
      supplierName: supplierConnections.displayName,
      supplierOrderRef: supplierOrders.supplierOrderRef,
      subtotalMinor: supplierOrders.subtotalMinor,
      currency: supplierOrders.currency,
      placedAt: supplierOrders.placedAt,
    })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(and(...conditions))
    .orderBy(desc(supplierOrders.placedAt))
    .limit(25);
  return rows.map((r) => ({
    supplierOrderId: r.supplierOrderId,
    label: requisitionLabel(r),
    poNumber: r.poNumber,
    supplierName: r.supplierName,
    supplierOrderRef: r.supplierOrderRef,
    ordered: money(r.subtotalMinor, r.currency),
  }));
}

/** The kept file, for the person checking it against what was read. */
export async function invoiceDocumentFile(ctx: ActorContext, input: { documentId: string }) {
  requireHandler(ctx);
  const doc = await loadDocument(ctx, input.documentId);
  return { filename: doc.filename, contentType: doc.contentType, bytes: doc.bytes };
}
