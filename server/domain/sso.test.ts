import { describe, expect, it } from "vitest";
import { checkIssuerUrl, type PortalAddress } from "./connection-url";
import { emailDomain, readAllowedDomains, rolesFromClaim } from "./sso";

const portal: PortalAddress = { origins: ["http://localhost:3000"], ports: [3000] };
const issuerRefusal = (raw: string) => {
  const check = checkIssuerUrl(raw, portal);
  return check.ok ? null : check.message;
};

describe("a single sign-on issuer", () => {
  it("is https, kept exactly as typed (an ID token's iss must equal it)", () => {
    expect(checkIssuerUrl(" https://login.example.com/oauth2/default ", portal)).toEqual({ ok: true, url: "https://login.example.com/oauth2/default" });
    expect(checkIssuerUrl("https://login.microsoftonline.com/tenant/v2.0/", portal)).toEqual({
      ok: true,
      url: "https://login.microsoftonline.com/tenant/v2.0/",
    });
  });

  it("may be plain http only on this machine", () => {
    expect(checkIssuerUrl("http://127.0.0.1:4500", portal).ok).toBe(true);
    expect(checkIssuerUrl("http://localhost:4500/realms/acme", portal).ok).toBe(true);
    expect(issuerRefusal("http://login.example.com")).toMatch(/must start with https:\/\//);
    expect(issuerRefusal("http://10.0.0.5")).toMatch(/must start with https:\/\//);
  });

  it("is refused, saying why, when it is no address, carries secrets, or points at metadata or the portal", () => {
    expect(issuerRefusal("")).toMatch(/Enter the issuer/);
    expect(issuerRefusal("login.example.com")).toMatch(/not a web address/);
    expect(issuerRefusal("ftp://login.example.com")).toMatch(/https/);
    expect(issuerRefusal("https://user:pw@login.example.com")).toMatch(/user name or password/);
    expect(issuerRefusal("https://login.example.com/?tenant=1")).toMatch(/query/);
    expect(issuerRefusal("https://169.254.169.254/")).toMatch(/metadata/);
    expect(issuerRefusal("http://localhost:3000")).toMatch(/this portal itself/);
    expect(checkIssuerUrl("nope", portal)).toMatchObject({ ok: false, field: "issuer" });
  });
});

describe("email domains", () => {
  it("reads the domain of an email, lower-cased", () => {
    expect(emailDomain("Ada@Sub.Example.COM")).toBe("sub.example.com");
    expect(emailDomain("a@b@example.com")).toBe("example.com");
    expect(emailDomain("no-at-sign")).toBeNull();
    expect(emailDomain("@example.com")).toBeNull();
    expect(emailDomain("ada@")).toBeNull();
  });

  it("reads an admin's list however it is typed, once each", () => {
    expect(readAllowedDomains("Example.com, @acme.example\nsub.acme.example;example.com")).toEqual({
      ok: true,
      domains: ["example.com", "acme.example", "sub.acme.example"],
    });
    expect(readAllowedDomains(["a.example", " b.example "])).toEqual({ ok: true, domains: ["a.example", "b.example"] });
  });

  it("refuses an empty list or something that is not a domain, naming it", () => {
    expect(readAllowedDomains(" \n ")).toEqual({ ok: false, message: "Enter at least one email domain, e.g. example.com" });
    expect(readAllowedDomains("example.com localhost")).toEqual({ ok: false, message: '"localhost" is not an email domain; enter it as example.com' });
    expect(readAllowedDomains("exa_mple.com")).toMatchObject({ ok: false });
    expect(readAllowedDomains("https://example.com")).toMatchObject({ ok: false });
  });
});

describe("roles from the provider's role claim", () => {
  const mappings = [
    { value: "Purchasing", roles: ["buyer" as const] },
    { value: "Finance", roles: ["accounts_payable" as const, "approver" as const] },
    { value: "IT Admins", roles: ["admin" as const] },
  ];

  it("gives every role of every listed value the person carries, in the portal's order", () => {
    expect(rolesFromClaim(["Finance", "Purchasing", "Unlisted"], mappings, ["buyer"])).toEqual(["buyer", "approver", "accounts_payable"]);
    expect(rolesFromClaim(["IT Admins"], mappings, ["buyer"])).toEqual(["admin"]);
  });

  it("reads a claim sent as one string, space- or comma-separated", () => {
    expect(rolesFromClaim("Finance", mappings, [])).toEqual(["approver", "accounts_payable"]);
    expect(rolesFromClaim("Purchasing,Finance", mappings, [])).toEqual(["buyer", "approver", "accounts_payable"]);
  });

  it("gives the default roles when no listed value matches or the claim is missing, and compares values exactly", () => {
    expect(rolesFromClaim(["finance"], mappings, ["buyer"])).toEqual(["buyer"]);
    expect(rolesFromClaim(undefined, mappings, ["buyer", "approver"])).toEqual(["buyer", "approver"]);
    expect(rolesFromClaim({ not: "a list" }, mappings, [])).toEqual([]);
    expect(rolesFromClaim([42, null, "Purchasing"], mappings, [])).toEqual(["buyer"]);
  });
});
