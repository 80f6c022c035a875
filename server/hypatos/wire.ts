/**
 * Hypatos REST API v2 answers as the portal reads them (shared/vendors/hypatos.md); every answer is parsed here, so a
 * changed field is a typed "malformed" error naming it, never a broken page.
 */
import { z } from "zod";

export const HYPATOS_DOCUMENT_STATES = [
  "new",
  "processing",
  "extracted",
  "reviewRequired",
  "inCompletion",
  "done",
  "doneAutomatically",
  "rejected",
  "junk",
  "split",
  "failed",
  "transferred",
  "transferFailed",
] as const;
export type HypatosDocumentState = (typeof HYPATOS_DOCUMENT_STATES)[number];

const hexId = z.string().regex(/^[0-9a-fA-F]{24}$/, "is not a 24-hex Hypatos id");

export const uploadedFile = z.object({ id: hexId });
export const processedFile = z.object({ documentId: hexId, fileId: hexId.optional(), projectId: z.string().optional() });
export const enrichmentInserted = z.object({ id: z.string().min(1) });
/** A page of a list (documents, projects): only how many there are is read; the records stay unread until asked for. */
export const listPage = z.object({ data: z.array(z.unknown()), totalCount: z.number().int().nonnegative() });

const nullableNumber = z.number().nullish();
/** The entities of an invoice as the project's schema shapes them; every field may be missing from a poor scan. */
export const invoiceEntities = z
  .object({
    number: z.string().nullish(),
    date: z.string().nullish(),
    supplierName: z.string().nullish(),
    purchaseOrderNumber: z.string().nullish(),
    currency: z.string().nullish(),
    netAmount: nullableNumber,
    taxAmount: nullableNumber,
    totalAmount: nullableNumber,
    items: z
      .array(
        z.object({
          itemCode: z.string().nullish(),
          name: z.string().nullish(),
          qty: nullableNumber,
          unitPrice: nullableNumber,
          total: nullableNumber,
        }),
      )
      .nullish(),
  })
  .passthrough();
export type InvoiceEntities = z.output<typeof invoiceEntities>;

export const hypatosDocument = z.object({
  id: hexId,
  title: z.string(),
  state: z.enum(HYPATOS_DOCUMENT_STATES),
  createdAt: z.string(),
  updatedAt: z.string().nullish(),
  fileId: z.string().nullish(),
  projectId: z.string().nullish(),
  externalId: z.string().nullish(),
  entities: invoiceEntities.nullish(),
});
export type HypatosDocument = z.output<typeof hypatosDocument>;

export const documentStates = z.array(z.object({ state: z.enum(HYPATOS_DOCUMENT_STATES), updatedAt: z.string() }));

/** The three documented error bodies. */
export const hypatosErrorBody = z.object({ title: z.string(), detail: z.string().optional(), status: z.number().optional() });
export const hypatosProblemBody = z.object({
  title: z.string(),
  type: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
});
export const hypatosValidationBody = z.object({
  detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })).min(1),
});

/** Enrichment resources the portal pushes. */
export type HypatosEnrichmentResource = "purchase-orders" | "goods-receipts" | "suppliers" | "companies" | "cost-centers" | "approvers";
