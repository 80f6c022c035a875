/**
 * Where an admin may point a connection (a supplier's base URL or token URL): an http(s) address that is not the
 * portal itself and not a cloud's metadata service or another link-local address. The portal sends the connection's
 * secrets there and shows what comes back, so an address that reaches the portal's own API or the instance's
 * credentials would turn "Test connection" into a way in. Loopback stays allowed: the sandboxes live there.
 * A host name is judged as written; what it resolves to is the network's business.
 */
export type ConnectionUrlField = "baseUrl" | "tokenUrl";

export interface PortalAddress {
  /** The portal's own origins (NEXTAUTH_URL's), e.g. http://localhost:3000. */
  origins: readonly string[];
  /** The ports the portal itself listens on at this machine. */
  ports: readonly number[];
}

export type ConnectionUrlCheck = { ok: true; url: string } | { ok: false; field: ConnectionUrlField; message: string };

const LABEL: Record<ConnectionUrlField, string> = { baseUrl: "Base URL", tokenUrl: "Token URL" };

const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal"]);

/** 8 groups of 16 bits, or null when it is not an IPv6 address as the URL parser writes one. */
function ipv6Groups(host: string): number[] | null {
  if (!host.startsWith("[") || !host.endsWith("]")) return null;
  let body = host.slice(1, -1);
  // The URL parser writes an embedded IPv4 (::ffff:a.b.c.d) as hex already; be safe with both.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(body);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    body = body.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = body.split("::") as [string, string | undefined];
  const part = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const front = part(head);
  const back = tail === undefined ? [] : part(tail);
  const missing = 8 - front.length - back.length;
  const groups = tail === undefined ? front : [...front, ...Array<number>(Math.max(0, missing)).fill(0), ...back];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function ipv4Octets(host: string): number[] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/** The IPv4 address an IPv6 one carries (::ffff:a.b.c.d), so a mapped address is judged like the plain one. */
function mappedIpv4(groups: number[]): number[] | null {
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff];
  return null;
}

function isLoopback(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const v4 = ipv4Octets(host);
  if (v4) return v4[0] === 127 || v4.every((o) => o === 0);
  const v6 = ipv6Groups(host);
  if (!v6) return false;
  const mapped = mappedIpv4(v6);
  if (mapped) return mapped[0] === 127;
  return v6.slice(0, 7).every((g) => g === 0) && (v6[7] === 1 || v6[7] === 0);
}

const portOf = (url: URL) => Number(url.port || (url.protocol === "https:" ? 443 : 80));

/** Why an address may not be used, in the admin's words, or null when it may. */
function forbiddenHost(url: URL, label: string): string | null {
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (METADATA_HOSTS.has(host)) return `${label} points at a cloud metadata service (${host}); enter the supplier's own address.`;
  const v6 = ipv6Groups(host);
  const v4 = ipv4Octets(host) ?? (v6 ? mappedIpv4(v6) : null);
  if (v4) {
    if (v4.join(".") === "169.254.169.254") return `${label} points at a cloud metadata service (169.254.169.254); enter the supplier's own address.`;
    if (v4[0] === 169 && v4[1] === 254) return `${label} points at a link-local address (169.254.x.x), which no supplier is reached at.`;
  }
  if (v6 && !mappedIpv4(v6)) {
    if (v6[0] === 0xfd00 && v6[1] === 0x0ec2 && v6.slice(2, 7).every((g) => g === 0) && v6[7] === 0x254)
      return `${label} points at a cloud metadata service (fd00:ec2::254); enter the supplier's own address.`;
    if ((v6[0]! & 0xffc0) === 0xfe80) return `${label} points at a link-local address (fe80::), which no supplier is reached at.`;
  }
  return null;
}

function isThePortal(url: URL, portal: PortalAddress): boolean {
  const port = portOf(url);
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  for (const origin of portal.origins) {
    let own: URL;
    try {
      own = new URL(origin);
    } catch {
      continue;
    }
    if (portOf(own) !== port) continue;
    const ownHost = own.hostname.toLowerCase().replace(/\.$/, "");
    // localhost, 127.0.0.1 and [::1] are one machine: the portal on localhost:3000 is also 127.0.0.1:3000.
    if (ownHost === host || (isLoopback(ownHost) && isLoopback(host))) return true;
  }
  return isLoopback(host) && portal.ports.includes(port);
}

/**
 * Checks one address an admin typed and gives it back as the portal stores it (a base URL without trailing slashes),
 * or says what is wrong with it, naming the field.
 */
export function checkConnectionUrl(field: ConnectionUrlField, raw: string, portal: PortalAddress): ConnectionUrlCheck {
  const label = LABEL[field];
  const typed = raw.trim();
  const refuse = (message: string): ConnectionUrlCheck => ({ ok: false, field, message });
  if (typed === "") return refuse(`Enter the ${field === "baseUrl" ? "base URL" : "token URL"}, e.g. https://api.supplier.example/v1`);
  if (!/^https?:\/\//i.test(typed)) return refuse(`${label} must start with http:// or https://`);
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return refuse(`${label} is not a web address; check it for typos, e.g. https://api.supplier.example/v1`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse(`${label} must start with http:// or https://`);
  if (!url.hostname) return refuse(`${label} has no host name, e.g. https://api.supplier.example/v1`);
  if (url.username || url.password) return refuse(`${label} must not carry a user name or password; enter those in the credential fields.`);
  if (url.hash) return refuse(`${label} must not end in a #fragment.`);
  if (field === "baseUrl" && url.search) return refuse(`${label} must not have a query (?…); the portal adds its own to each request.`);
  const forbidden = forbiddenHost(url, label);
  if (forbidden) return refuse(forbidden);
  if (isThePortal(url, portal)) return refuse(`${label} points at this portal itself; enter the supplier's address.`);
  const href = url.toString();
  return { ok: true, url: field === "baseUrl" ? href.replace(/\/+$/, "") : href };
}

export type IssuerUrlCheck = { ok: true; url: string } | { ok: false; field: "issuer"; message: string };

/**
 * A single sign-on issuer an admin typed: https only, since the portal trusts the keys and tokens it serves; plain http
 * only on this machine (a provider run by the tests or a developer). Not the portal itself, nor a link-local or
 * metadata address, for the same reasons as a supplier's. Kept as typed otherwise: an ID token's `iss` must equal it.
 */
export function checkIssuerUrl(raw: string, portal: PortalAddress): IssuerUrlCheck {
  const label = "Issuer";
  const typed = raw.trim();
  const refuse = (message: string): IssuerUrlCheck => ({ ok: false, field: "issuer", message });
  if (typed === "") return refuse("Enter the issuer, e.g. https://login.example.com/oauth2/default");
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return refuse(`${label} is not a web address; check it for typos, e.g. https://login.example.com/oauth2/default`);
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (url.protocol === "http:" && !isLoopback(host)) return refuse(`${label} must start with https:// (plain http only for a provider on this machine)`);
  if (url.protocol !== "https:" && url.protocol !== "http:") return refuse(`${label} must start with https://`);
  if (url.username || url.password) return refuse(`${label} must not carry a user name or password.`);
  if (url.search || url.hash) return refuse(`${label} must not have a query (?…) or a #fragment.`);
  const forbidden = forbiddenHost(url, label);
  if (forbidden) return refuse(forbidden);
  if (isThePortal(url, portal)) return refuse(`${label} points at this portal itself; enter your sign-in provider's address.`);
  return { ok: true, url: typed };
}
