/**
 * Where a person may be sent after signing in: a path of the portal itself, never another site. Browsers read `//host`,
 * `/\host` and `\\host` as another host, and a URL parser turns `/.//host` or `/%09/host` into such a path, so the
 * answer is checked after parsing, as the browser will read it. The one rule for the password and single sign-on
 * paths alike.
 */
const PORTAL = "http://portal.invalid";

export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return "/";
  // Control characters and backslashes have no place in a portal path; browsers strip or rewrite them unpredictably.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  if (!value.startsWith("/") || value.startsWith("//")) return "/";
  let url: URL;
  try {
    url = new URL(value, PORTAL);
  } catch {
    return "/";
  }
  if (url.origin !== PORTAL) return "/";
  const path = url.pathname;
  if (!path.startsWith("/") || path.startsWith("//")) return "/";
  // Back to the sign-in page would only loop.
  if (path === "/login" || path.startsWith("/login/")) return "/";
  return `${path}${url.search}`;
}
