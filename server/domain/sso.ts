/**
 * The pure rules of single sign-on: which email domain a person is in, how an admin's list of domains is read, and
 * which portal roles a provider's role claim gives.
 */
import { ROLES, type Role } from "@/common/roles";

/** The part after the last "@", lower-cased; null for something that is not an email address. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return null;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, "");
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export type DomainsCheck = { ok: true; domains: string[] } | { ok: false; message: string };

/** An admin's domains, typed one per line or separated by commas or spaces, with or without a leading "@". */
export function readAllowedDomains(typed: string | readonly string[]): DomainsCheck {
  const parts = (typeof typed === "string" ? typed.split(/[\s,;]+/) : typed.flatMap((d) => d.split(/[\s,;]+/)))
    .map((d) => d.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, ""))
    .filter((d) => d !== "");
  if (parts.length === 0) return { ok: false, message: "Enter at least one email domain, e.g. example.com" };
  const wrong = parts.find((d) => !DOMAIN.test(d));
  if (wrong) return { ok: false, message: `"${wrong}" is not an email domain; enter it as example.com` };
  return { ok: true, domains: [...new Set(parts)] };
}

export interface RoleMapping {
  value: string;
  roles: Role[];
}

/**
 * The roles a person gets from the values of their role claim: every listed value they carry adds its roles (claim
 * values compared exactly, as providers send group names and ids); none listed gives the default roles.
 */
export function rolesFromClaim(claim: unknown, mappings: readonly RoleMapping[], defaultRoles: readonly Role[]): Role[] {
  const values = new Set(
    (Array.isArray(claim) ? claim : typeof claim === "string" ? claim.split(/[\s,]+/) : []).filter((v): v is string => typeof v === "string" && v !== ""),
  );
  const granted = new Set<Role>();
  for (const mapping of mappings) if (values.has(mapping.value)) for (const role of mapping.roles) granted.add(role);
  const roles = granted.size > 0 ? [...granted] : [...defaultRoles];
  // In the portal's own order, so the same person always reads the same list.
  return ROLES.filter((r) => roles.includes(r));
}
