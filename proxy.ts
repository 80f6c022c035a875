import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, crossSiteRefusal, securityHeaders } from "@/server/domain/request-edge";
import { env } from "@/server/env";

/** Test hook (PORTAL_TEST_HOOKS=1 only): a page request carrying this cookie is held that many ms, as a network that hangs. */
const TEST_STALL_COOKIE = "portal-test-stall";

const trustedOrigins = env.NEXTAUTH_URL ? [new URL(env.NEXTAUTH_URL).origin] : [];

/**
 * Every request's edge: a change from another site is refused before any route sees it; pages get this request's
 * script nonce (Next marks its own scripts with it); every answer gets the security headers. It also passes the
 * requested path to server layouts, so the sign-in redirect can send people back to it.
 */
export async function proxy(request: NextRequest) {
  const stall = env.PORTAL_TEST_HOOKS === "1" ? Number(request.cookies.get(TEST_STALL_COOKIE)?.value) : NaN;
  if (stall > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(stall, 60_000)));
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  const headers = securityHeaders({ https, csp });

  const refusal = crossSiteRefusal(
    { method: request.method, path: request.nextUrl.pathname, origin: request.nextUrl.origin, headers: request.headers },
    trustedOrigins,
  );
  if (refusal) return NextResponse.json({ error: { message: refusal } }, { status: 403, headers });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-portal-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico|icons/).*)"] };
