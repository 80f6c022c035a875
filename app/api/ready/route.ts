import { getServerCaller } from "@/server/trpc/server";

/** Readiness for the load balancer (HAProxy's check): 200 while this instance should get requests, 503 otherwise. */
export const dynamic = "force-dynamic";

export async function GET() {
  const answer = await (await getServerCaller()).system.ready().catch(() => ({ ready: false as const }));
  return Response.json(answer, { status: answer.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
