import { SSO_TICKET_COOKIE, type SsoRefusal } from "@/common/sso";

/** The trip's state, kept by the browser that started it: an answer arriving anywhere else is refused. */
export const SSO_STATE_COOKIE = "portal-sso-state";

const secure = (request: Request) => new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

export function stateCookie(request: Request, state: string, maxAgeSeconds: number): string {
  // Lax: sent when the provider sends the browser back with a top-level GET, never with another site's requests.
  return `${SSO_STATE_COOKIE}=${state}; Path=/api/sso; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure(request) ? "; Secure" : ""}`;
}

export const clearedStateCookie = (request: Request) => stateCookie(request, "", 0);

/** Read only by next-auth's "sso-ticket" sign-in (under /api/auth), for the ticket's minute. */
export function ticketCookie(request: Request, ticket: string): string {
  return `${SSO_TICKET_COOKIE}=${ticket}; Path=/api/auth; HttpOnly; SameSite=Lax; Max-Age=60${secure(request) ? "; Secure" : ""}`;
}

export function cookieValue(request: Request, name: string): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=") || null;
  }
  return null;
}

/** Back to the login page, saying why (a relative address: whatever host the person reached the portal on). */
export function toLogin(reason: SsoRefusal, email?: string, extraHeaders: Record<string, string> = {}): Response {
  const query = new URLSearchParams({ sso_error: reason, ...(email ? { email } : {}) });
  return new Response(null, { status: 303, headers: { Location: `/login?${query.toString()}`, "Cache-Control": "no-store", ...extraHeaders } });
}
