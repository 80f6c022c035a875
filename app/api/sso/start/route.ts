import { getServerCaller } from "@/server/trpc/server";
import { stateCookie, toLogin } from "../cookie";

/**
 * The login page sends a person here with the email they typed: off to their company's provider, with the trip's state
 * kept in a cookie of this browser; or back to the login page saying why not.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const email = url.searchParams.get("email") ?? "";
  const returnTo = url.searchParams.get("callbackUrl") ?? undefined;
  const caller = await getServerCaller();
  const answer = await caller.sso.start({ email, returnTo }).catch(() => ({ ok: false as const, reason: "not_configured" as const }));
  if (!answer.ok) return toLogin(answer.reason, email);
  return new Response(null, {
    status: 303,
    headers: {
      Location: answer.authorizationUrl,
      "Set-Cookie": stateCookie(request, answer.state, answer.maxAgeSeconds),
      "Cache-Control": "no-store",
    },
  });
}
