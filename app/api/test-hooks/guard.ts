import { timingSafeEqual } from "node:crypto";
import { env } from "@/server/env";

export const TEST_HOOKS_TOKEN_HEADER = "x-portal-test-hooks-token";

/**
 * The test hooks answer only a test run: mounted with PORTAL_TEST_HOOKS=1 (never in production: the portal refuses to
 * start so), and only for a request carrying the run's token. Anything else is the 404 any unknown address gets.
 */
export function unlessTestRun(request: Request): Response | null {
  const notFound = new Response("Not found", { status: 404 });
  if (env.PORTAL_TEST_HOOKS !== "1" || env.NODE_ENV === "production" || !env.PORTAL_TEST_HOOKS_TOKEN) return notFound;
  const given = Buffer.from(request.headers.get(TEST_HOOKS_TOKEN_HEADER) ?? "");
  const expected = Buffer.from(env.PORTAL_TEST_HOOKS_TOKEN);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return notFound;
  return null;
}
