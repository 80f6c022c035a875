import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { getServerCaller } from "@/server/trpc/server";

const plainText = (message: string, status: number) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/** The purchase order PDF of one supplier order; the procedure decides who may see it. */
export async function GET(_request: Request, { params }: { params: Promise<{ supplierOrderId: string }> }) {
  const { supplierOrderId } = await params;
  try {
    const { filename, pdfBase64 } = await (await getServerCaller()).requisitions.purchaseOrderPdf({ supplierOrderId });
    return new Response(Buffer.from(pdfBase64, "base64"), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${filename.replace(/["\\\r\n]/g, "")}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof TRPCError) {
      const status = getHTTPStatusCodeFromError(error);
      if (status < 500) return plainText(error.message, status);
    }
    console.error("[purchase-order] failed", error);
    return plainText("Something went wrong on our side. Please try again.", 500);
  }
}
