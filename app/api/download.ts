/**
 * A file a procedure answered with, as a download (spend CSV, purchase order PDF), and its refusal as plain text: the
 * procedure decides who may see what; this is the one place that turns its answer into HTTP.
 */
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

const INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

const plainText = (message: string, status: number) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export function attachment(body: BodyInit, filename: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      // The server builds the name from validated input; stripping quotes keeps the header well-formed regardless.
      "Content-Disposition": `attachment; filename="${filename.replace(/["\\\r\n]/g, "")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** Refusals reach here as tRPC errors (the procedure mapped the AppError): 401, 403, 404 and 400 are the person's to read. */
export function downloadRefused(error: unknown, what: string): Response {
  if (error instanceof TRPCError) {
    const status = getHTTPStatusCodeFromError(error);
    if (status < 500) return plainText(error.message, status);
    console.error(`[${what}] failed`, error.cause ?? error);
    return plainText(INTERNAL_MESSAGE, status);
  }
  console.error(`[${what}] failed`, error);
  return plainText(INTERNAL_MESSAGE, 500);
}
