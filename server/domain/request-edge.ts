/**
 * What every request meets at the portal's edge (proxy.ts), before any route: a state change from another site is
 * refused, and every answer carries the security headers. Pure, so both are unit tested; the proxy only calls them.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Routes that take state changes from other sites by design, each authenticated on its own: suppliers' signed
 * webhook deliveries and SCIM's bearer tokens. next-auth checks its own CSRF token on its posts.
 */
const OWN_AUTHENTICATION = [/^\/api\/suppliers\/webhooks\//, /^\/scim\//];

export interface EdgeRequest {
  method: string;
  path: string;
  /** The origin the request reached (its Host, as the browser addressed it). */
  origin: string;
  headers: { get(name: string): string | null };
}

/**
 * Why a request that would change something is refused as cross-site, or null to let it through. A browser says where
 * a request comes from (Sec-Fetch-Site, Origin); another site's page, or a sibling subdomain's form (same-site, not
 * same-origin), cannot use a signed-in person's cookie to change anything. A client that says neither is not a browser
 * carrying someone's cookie by surprise.
 */
export function crossSiteRefusal(request: EdgeRequest, trustedOrigins: readonly string[]): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (OWN_AUTHENTICATION.some((route) => route.test(request.path))) return null;
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `A ${site} request cannot change anything in the portal.`;
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== request.origin && !trustedOrigins.includes(origin)) {
    return "A request from another site cannot change anything in the portal.";
  }
  return null;
}

/**
 * The Content-Security-Policy: scripts only from the portal and those Next marks with this request's nonce, nothing
 * may frame a page, forms post only to the portal. Product images come from suppliers' own hosts, so images may come
 * from anywhere (an image cannot run). Development also needs eval for React's fast refresh.
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** Every answer's security headers; HSTS only over https, where a browser keeps it. */
export function securityHeaders(options: { https: boolean; csp: string }): Record<string, string> {
  return {
    "Content-Security-Policy": options.csp,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
