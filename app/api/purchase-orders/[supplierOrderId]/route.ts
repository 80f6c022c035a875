import { attachment, downloadRefused } from "@/app/api/download";
import { getServerCaller } from "@/server/trpc/server";

/** The purchase order PDF of one supplier order; the procedure decides who may see it. */
export async function GET(_request: Request, { params }: { params: Promise<{ supplierOrderId: string }> }) {
  const { supplierOrderId } = await params;
  try {
    const { filename, pdfBase64 } = await (await getServerCaller()).requisitions.purchaseOrderPdf({ supplierOrderId });
    return attachment(Buffer.from(pdfBase64, "base64"), filename, "application/pdf");
  } catch (error) {
    return downloadRefused(error, "purchase-order");
  }
}
