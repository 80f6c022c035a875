import { getServerCaller } from "@/server/trpc/server";
import { clearedStateCookie, cookieValue, SSO_STATE_COOKIE, ticketCookie, toLogin } from "../cookie";

/**
 * Where the provider sends the person back (the redirect URI the admin registered). The answer is checked by the
 * procedure; on success this browser is given a single-use ticket (a cookie) and sent to the sign-in page, which turns it into a session.
 */
export async function GET(request: Request) {
  const caller = await getServerCaller();
  const cleared = { "Set-Cookie": clearedStateCookie(request) };
  const answer = await caller.sso.finish({ callbackUrl: request.url, browserState: cookieValue(request, SSO_STATE_COOKIE) }).catch((error: unknown) => {
    console.error("[sso] callback failed", error);
    return { ok: false as const, reason: "provider_unreachable" as const };
  });
  if (!answer.ok) return toLogin(answer.reason, undefined, cleared);
  // The ticket goes in a cookie of this browser only: in the address, a link could hand it to someone else.
  const headers = new Headers({ Location: `/login/sso?${new URLSearchParams({ callbackUrl: answer.returnTo }).toString()}`, "Cache-Control": "no-store" });
  headers.append("Set-Cookie", cleared["Set-Cookie"]);
  headers.append("Set-Cookie", ticketCookie(request, answer.ticket));
  return new Response(null, { status: 303, headers });
}
