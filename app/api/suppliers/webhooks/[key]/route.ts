import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { getServerCaller } from "@/server/trpc/server";

/** Past this the body is not read further: 413 (the procedure checks the same limit again). */
const MAX_BYTES = 1024 * 1024;

const empty = (status: number) => new Response(null, { status, headers: { "Cache-Control": "no-store" } });

async function readCapped(request: Request): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BYTES) return null;
  const reader = request.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * A supplier's webhook deliveries for one connection (the unguessable key in the path). The procedure verifies the
 * signature before anything is parsed and queues the work, so the supplier hears 200 at once; a bad or missing
 * signature is a 401, an oversized body a 413, and neither leaves anything stored.
 */
export async function POST(request: Request, { params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const body = await readCapped(request);
  if (!body) return empty(413);
  try {
    const caller = await getServerCaller();
    const { duplicate } = await caller.supplierWebhooks.receive({
      key,
      signature: request.headers.get("x-orderspace-signature"),
      bodyBase64: body.toString("base64"),
    });
    return Response.json({ received: true, duplicate }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof TRPCError) {
      const status = getHTTPStatusCodeFromError(error);
      // A key that is too short or too long is as unknown as a wrong one.
      if (status === 400 || status === 401) return empty(401);
      if (status < 500) return empty(status);
    }
    console.error("[supplier-webhook] failed", error);
    return empty(500);
  }
}
