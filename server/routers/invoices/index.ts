import { createTRPCRouter, payablesProcedure } from "@/server/trpc/init";
import {
  enterInvoiceByHand,
  invoiceDocumentsForOrder,
  linkableOrders,
  linkInvoiceDocument,
  listInvoiceDocuments,
  retryInvoiceDocument,
  uploadInvoiceDocument,
} from "@/server/accounts-payable/invoice-documents";
import { byHandInput, documentIdInput, linkableInput, linkInput, listInput, supplierOrderIdInput, uploadInput } from "./invoices.schema";

/** Supplier invoice files: accounts payable and admins upload them, follow Hypatos reading them, link and enter them. */
export const invoicesRouter = createTRPCRouter({
  upload: payablesProcedure.input(uploadInput).mutation(({ ctx, input }) =>
    uploadInvoiceDocument(ctx, {
      supplierOrderId: input.supplierOrderId,
      filename: input.filename,
      contentType: input.contentType,
      bytes: new Uint8Array(Buffer.from(input.dataBase64, "base64")),
    }),
  ),
  list: payablesProcedure.input(listInput).query(({ ctx, input }) => listInvoiceDocuments(ctx, input)),
  forOrder: payablesProcedure.input(supplierOrderIdInput).query(({ ctx, input }) => invoiceDocumentsForOrder(ctx, input)),
  linkableOrders: payablesProcedure.input(linkableInput).query(({ ctx, input }) => linkableOrders(ctx, input)),
  link: payablesProcedure.input(linkInput).mutation(({ ctx, input }) => linkInvoiceDocument(ctx, input)),
  retry: payablesProcedure.input(documentIdInput).mutation(({ ctx, input }) => retryInvoiceDocument(ctx, input)),
  enterByHand: payablesProcedure.input(byHandInput).mutation(({ ctx, input }) => enterInvoiceByHand(ctx, input)),
});
