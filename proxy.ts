import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";

/** Test hook (PORTAL_TEST_HOOKS=1 only): a page request carrying this cookie is held that many ms, as a network that hangs. */
const TEST_STALL_COOKIE = "portal-test-stall";

/** Passes the requested path to server layouts, so the sign-in redirect can send people back to it. */
export async function proxy(request: NextRequest) {
  const stall = env.PORTAL_TEST_HOOKS === "1" ? Number(request.cookies.get(TEST_STALL_COOKIE)?.value) : NaN;
  if (stall > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(stall, 60_000)));
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-portal-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = { matcher: ["/((?!api|scim|_next/static|_next/image|favicon.ico|manifest.webmanifest|icons).*)"] };
