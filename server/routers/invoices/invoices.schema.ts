import { z } from "zod";
import { INVOICE_FILE_MAX_BYTES, INVOICE_FILE_TYPES, INVOICE_NUMBER_MAX_LENGTH } from "@/common/invoices";
import { INVOICE_DOCUMENT_VIEWS } from "@/server/accounts-payable/invoice-documents";
import { MAX_LINE_QUANTITY } from "@/server/domain/quantities";
import { calendarDay } from "../fields";

const orderId = z.uuid({ message: "Choose an order from the list" });
export const supplierOrderIdInput = z.object({ supplierOrderId: orderId });
export const documentIdInput = z.object({ documentId: z.uuid({ message: "That invoice file id is not valid" }) });

/** Base64 of at most the file limit: four characters carry three bytes. */
const MAX_BASE64 = Math.ceil(INVOICE_FILE_MAX_BYTES / 3) * 4;

export const uploadInput = z.object({
  supplierOrderId: orderId.optional(),
  filename: z.string().trim().min(1, "The file needs a name").max(200, "The file name can be at most 200 characters"),
  contentType: z.enum(INVOICE_FILE_TYPES, { message: "Upload a PDF, JPEG, PNG or TIFF file" }),
  dataBase64: z
    .string()
    .min(1, "The file is empty")
    .max(MAX_BASE64, `The file is larger than ${INVOICE_FILE_MAX_BYTES / 1024 / 1024} MB; scan it at a lower resolution`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The file did not arrive whole; upload it again"),
});

export const listInput = z.object({
  view: z.enum(INVOICE_DOCUMENT_VIEWS, { message: "Choose a view from the list" }).default("all"),
  page: z.number().int().min(1, "Page must be 1 or more").max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100, "At most 100 files a page").default(25),
});

export const linkInput = documentIdInput.extend({ supplierOrderId: orderId });
export const linkableInput = z.object({ search: z.string().trim().max(100, "Search can be at most 100 characters").optional() });

export const byHandInput = z.object({
  supplierOrderId: orderId,
  documentId: z.uuid({ message: "That invoice file id is not valid" }).optional(),
  number: z
    .string()
    .trim()
    .min(1, "Enter the invoice number")
    .max(INVOICE_NUMBER_MAX_LENGTH, `The invoice number can be at most ${INVOICE_NUMBER_MAX_LENGTH} characters`),
  invoiceDate: calendarDay("Invoice date"),
  lines: z
    .array(
      z.object({
        lineId: z.uuid({ message: "That line is not on this order" }),
        quantity: z
          .number({ message: "Quantity invoiced must be a whole number, like 2 (0 when not invoiced)" })
          .int("Quantity invoiced must be a whole number")
          .min(0, "Quantity invoiced cannot be negative")
          .max(MAX_LINE_QUANTITY, `Quantity invoiced can be at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")}`),
        unitPrice: z.string().trim().max(20, "Unit price is too long"),
      }),
    )
    .min(1, "Enter at least one line")
    .max(500, "An invoice takes at most 500 lines"),
  charges: z.string().trim().max(20, "Tax and shipping is too long").default("0"),
});
