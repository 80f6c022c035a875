import { describe, expect, it } from "vitest";
import { checkConnectionUrl, type PortalAddress } from "./connection-url";

const portal: PortalAddress = { origins: ["http://localhost:3000"], ports: [3000] };
const refusal = (field: "baseUrl" | "tokenUrl", raw: string, at: PortalAddress = portal) => {
  const check = checkConnectionUrl(field, raw, at);
  return check.ok ? null : check.message;
};

describe("where a connection may point", () => {
  it("takes an http or https address and stores a base URL without its trailing slash", () => {
    expect(checkConnectionUrl("baseUrl", " https://api.hygrade.example/v1/ ", portal)).toEqual({ ok: true, url: "https://api.hygrade.example/v1" });
    expect(checkConnectionUrl("tokenUrl", "https://auth.hygrade.example/oauth/token", portal)).toEqual({
      ok: true,
      url: "https://auth.hygrade.example/oauth/token",
    });
  });

  it("allows loopback on other ports, where the sandboxes run", () => {
    expect(checkConnectionUrl("baseUrl", "http://127.0.0.1:4100/v1", portal).ok).toBe(true);
    expect(checkConnectionUrl("baseUrl", "http://localhost:4101/api", portal).ok).toBe(true);
    expect(checkConnectionUrl("tokenUrl", "http://[::1]:4102/oauth/token", portal).ok).toBe(true);
  });

  it("refuses what is not an http(s) address, in words naming the field", () => {
    expect(refusal("baseUrl", "")).toBe("Enter the base URL, e.g. https://api.supplier.example/v1");
    expect(refusal("baseUrl", "ftp://files.hygrade.example")).toBe("Base URL must start with http:// or https://");
    expect(refusal("tokenUrl", "api.hygrade.example/token")).toBe("Token URL must start with http:// or https://");
    expect(refusal("baseUrl", "file:///etc/passwd")).toBe("Base URL must start with http:// or https://");
    expect(refusal("baseUrl", "http://exa mple.com")).toMatch(/^Base URL is not a web address/);
    expect(refusal("baseUrl", "https://user:pw@api.hygrade.example")).toMatch(/must not carry a user name or password/);
    expect(refusal("baseUrl", "https://api.hygrade.example/v1?x=1")).toMatch(/must not have a query/);
    expect(checkConnectionUrl("baseUrl", "gopher://x", portal)).toMatchObject({ ok: false, field: "baseUrl" });
  });

  it("refuses the portal itself, by its origin or by its port on this machine under any loopback name", () => {
    expect(refusal("baseUrl", "http://localhost:3000/api/trpc")).toBe("Base URL points at this portal itself; enter the supplier's address.");
    expect(refusal("tokenUrl", "http://127.0.0.1:3000/api/auth")).toMatch(/this portal itself/);
    expect(refusal("baseUrl", "http://[::1]:3000")).toMatch(/this portal itself/);
    expect(refusal("baseUrl", "http://0.0.0.0:3000")).toMatch(/this portal itself/);
    const deployed: PortalAddress = { origins: ["https://buy.acme.example"], ports: [3000] };
    expect(refusal("baseUrl", "https://buy.acme.example/api", deployed)).toMatch(/this portal itself/);
    expect(refusal("baseUrl", "https://BUY.acme.example:443/api", deployed)).toMatch(/this portal itself/);
    // Another service on the same host name but another port is not the portal.
    expect(checkConnectionUrl("baseUrl", "https://buy.acme.example:8443/api", deployed).ok).toBe(true);
    expect(refusal("baseUrl", "http://127.0.0.1:3000", deployed)).toMatch(/this portal itself/);
  });

  it("refuses cloud metadata services and link-local addresses however they are written", () => {
    expect(refusal("baseUrl", "http://169.254.169.254/latest/meta-data")).toBe(
      "Base URL points at a cloud metadata service (169.254.169.254); enter the supplier's own address.",
    );
    // The URL parser reads decimal and hex IPv4 the way a connection would.
    expect(refusal("baseUrl", "http://2852039166/")).toMatch(/metadata service \(169\.254\.169\.254\)/);
    expect(refusal("baseUrl", "http://0xa9.0xfe.0xa9.0xfe/")).toMatch(/metadata service/);
    expect(refusal("tokenUrl", "http://[::ffff:169.254.169.254]/token")).toMatch(/metadata service/);
    expect(refusal("baseUrl", "http://metadata.google.internal/computeMetadata/v1")).toMatch(/metadata service \(metadata\.google\.internal\)/);
    expect(refusal("baseUrl", "http://METADATA.google.internal./")).toMatch(/metadata service/);
    expect(refusal("baseUrl", "http://[fd00:ec2::254]/latest")).toMatch(/metadata service \(fd00:ec2::254\)/);
    expect(refusal("baseUrl", "http://169.254.10.20:8080")).toBe("Base URL points at a link-local address (169.254.x.x), which no supplier is reached at.");
    expect(refusal("baseUrl", "http://[fe80::1]/")).toMatch(/link-local address \(fe80::\)/);
    expect(refusal("baseUrl", "http://[febf::1]/")).toMatch(/link-local/);
    // Just outside the ranges.
    expect(checkConnectionUrl("baseUrl", "http://169.255.0.1", portal).ok).toBe(true);
    expect(checkConnectionUrl("baseUrl", "http://[fec0::1]", portal).ok).toBe(true);
    expect(checkConnectionUrl("baseUrl", "http://[fd00:ec2::253]", portal).ok).toBe(true);
  });
});
