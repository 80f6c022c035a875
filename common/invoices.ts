/** The files an accounts-payable person may upload as a supplier's invoice: what Hypatos reads. */
export const INVOICE_FILE_TYPES = ["application/pdf", "image/jpeg", "image/png", "image/tiff"] as const;
export type InvoiceFileType = (typeof INVOICE_FILE_TYPES)[number];
/** Hypatos takes larger files, but an invoice past this is a scan at the wrong setting; the form says so before sending. */
export const INVOICE_FILE_MAX_BYTES = 15 * 1024 * 1024;
/** How many files one drop on the invoices page takes. */
export const INVOICE_FILES_PER_DROP = 20;
export const INVOICE_NUMBER_MAX_LENGTH = 100;
