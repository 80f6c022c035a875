import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, crossSiteRefusal, securityHeaders, type EdgeRequest } from "./request-edge";

const request = (method: string, path: string, headers: Record<string, string>): EdgeRequest => ({
  method,
  path,
  origin: "https://portal.example",
  headers: { get: (name) => headers[name.toLowerCase()] ?? null },
});

describe("crossSiteRefusal", () => {
  it("refuses a mutation from another site, by Origin or by Sec-Fetch-Site", () => {
    expect(crossSiteRefusal(request("POST", "/api/trpc/cart.add", { origin: "http://evil.example" }), [])).toMatch(/another site/);
    expect(crossSiteRefusal(request("POST", "/api/trpc/cart.add", { "sec-fetch-site": "cross-site" }), [])).toMatch(/cross-site/);
    // A sibling subdomain's form is same-site, not same-origin: still refused.
    expect(crossSiteRefusal(request("POST", "/api/invoices/upload", { "sec-fetch-site": "same-site", origin: "https://shop.example" }), [])).toMatch(
      /same-site/,
    );
    expect(crossSiteRefusal(request("PUT", "/api/x", { origin: "null" }), [])).toMatch(/another site/);
  });

  it("lets the portal's own pages, trusted origins, plain clients and reads through", () => {
    expect(crossSiteRefusal(request("POST", "/api/trpc/cart.add", { origin: "https://portal.example", "sec-fetch-site": "same-origin" }), [])).toBeNull();
    expect(crossSiteRefusal(request("POST", "/api/trpc/cart.add", { origin: "https://buy.acme.example" }), ["https://buy.acme.example"])).toBeNull();
    expect(crossSiteRefusal(request("POST", "/api/trpc/cart.add", {}), [])).toBeNull();
    expect(crossSiteRefusal(request("GET", "/api/trpc/cart.get", { "sec-fetch-site": "cross-site" }), [])).toBeNull();
  });

  it("leaves webhooks and SCIM to their own authentication", () => {
    expect(crossSiteRefusal(request("POST", "/api/suppliers/webhooks/abc", { origin: "https://orderspace.example" }), [])).toBeNull();
    expect(crossSiteRefusal(request("PATCH", "/scim/v2/Users/1", { origin: "https://okta.example" }), [])).toBeNull();
  });
});

describe("security headers", () => {
  it("forbids framing and scripts without the nonce, and sends HSTS only over https", () => {
    const csp = contentSecurityPolicy("abc123", { development: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(securityHeaders({ https: false, csp })).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ https: true, csp })).toMatchObject({
      "Strict-Transport-Security": expect.stringContaining("max-age="),
      "X-Frame-Options": "DENY",
    });
  });
});
