/** Liveness for the load balancer: the process answers. Nothing else is asked, so a slow database never restarts it. */
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "alive" }, { headers: { "Cache-Control": "no-store" } });
}
