import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { RouterInputs } from "@/app/_lib/trpc";
import { getServerCaller } from "@/server/trpc/server";

const INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

const plainText = (message: string, status: number) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * The spend report's tables as CSV files. The procedure checks who may see
 * what and validates the filters; this only turns its answer, or its
 * refusal, into an HTTP response.
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const optional = (name: string) => params.get(name) || undefined;
  try {
    const { filename, csv } = await (
      await getServerCaller()
    ).spend.csv({
      // Missing dates reach the schema as "", so the refusal names the field.
      from: params.get("from") ?? "",
      to: params.get("to") ?? "",
      costCenterId: optional("costCenterId"),
      groupBy: optional("groupBy") as RouterInputs["spend"]["csv"]["groupBy"] | undefined,
    });
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        // The server builds the name from validated dates; stripping quotes keeps the header well-formed regardless.
        "Content-Disposition": `attachment; filename="${filename.replace(/["\\\r\n]/g, "")}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    // Refusals reach here as tRPC errors (the procedure mapped the AppError): 401, 403 and 400 are the person's to read.
    if (error instanceof TRPCError) {
      const status = getHTTPStatusCodeFromError(error);
      if (status < 500) return plainText(error.message, status);
      console.error("[spend-csv] failed", error.cause ?? error);
      return plainText(INTERNAL_MESSAGE, status);
    }
    console.error("[spend-csv] failed", error);
    return plainText(INTERNAL_MESSAGE, 500);
  }
}
