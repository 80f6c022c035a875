import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { INVOICE_FILE_MAX_BYTES } from "@/common/invoices";
import { MAX_BATCH_SIZE } from "@/common/trpc-limits";
import { createTRPCContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

/** Every call's body stays small; an invoice file travels as base64 (4/3 of its size) with a little JSON around it. */
const MAX_BODY_BYTES = 1024 * 1024;
const LARGE_BODIES: Record<string, number> = { "invoices.upload": Math.ceil(INVOICE_FILE_MAX_BYTES / 3) * 4 + 64 * 1024 };

const tooLarge = (limit: number) =>
  Response.json(
    { error: { message: `The request is larger than the ${Math.round(limit / 1024)} KB this call takes.`, code: "PAYLOAD_TOO_LARGE" } },
    { status: 413 },
  );

/** The body, read no further than `limit` bytes whatever Content-Length claims; null when it is longer. */
async function boundedBody(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  // Calls are JSON (an invoice file inside it as base64): text.
  return Buffer.concat(chunks).toString("utf8");
}

async function handler(req: Request) {
  let request = req;
  if (req.method === "POST") {
    const procedures = new URL(req.url).pathname.replace(/^\/api\/trpc\//, "").split(",");
    const limit = Math.max(...procedures.map((p) => LARGE_BODIES[p] ?? MAX_BODY_BYTES));
    const body = await boundedBody(req, limit);
    if (body === null) return tooLarge(limit);
    request = new Request(req.url, { method: req.method, headers: req.headers, body });
  }
  return fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: createTRPCContext, maxBatchSize: MAX_BATCH_SIZE });
}

export { handler as GET, handler as POST };
