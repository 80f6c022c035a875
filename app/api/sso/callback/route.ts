import { getServerCaller } from "@/server/trpc/server";
import { clearedStateCookie, cookieValue, SSO_STATE_COOKIE, toLogin } from "../cookie";

/**
 * Where the provider sends the person back (the redirect URI the admin registered). The answer is checked by the
 * procedure; on success the browser takes a single-use ticket to the sign-in page, which turns it into a session.
 */
export async function GET(request: Request) {
  const caller = await getServerCaller();
  const cleared = { "Set-Cookie": clearedStateCookie(request) };
  const answer = await caller.sso.finish({ callbackUrl: request.url, browserState: cookieValue(request, SSO_STATE_COOKIE) }).catch((error: unknown) => {
    console.error("[sso] callback failed", error);
    return { ok: false as const, reason: "provider_unreachable" as const };
  });
  if (!answer.ok) return toLogin(answer.reason, undefined, cleared);
  const query = new URLSearchParams({ ticket: answer.ticket, callbackUrl: answer.returnTo });
  return new Response(null, { status: 303, headers: { Location: `/login/sso?${query.toString()}`, "Cache-Control": "no-store", ...cleared } });
}
