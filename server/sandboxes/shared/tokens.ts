/**
 * OAuth2 client credentials as both sandboxes serve them (neither supplier's
 * reference names a token endpoint; the sandboxes use POST /oauth/token):
 * the credentials in a form or JSON body or in HTTP Basic, opaque bearer
 * tokens that expire, and the RFC 6749 error bodies, which are the same for
 * every supplier.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson } from "./http";

interface IssuedToken {
  clientId: string;
  expiresAtMs: number;
}

/** What a request's Authorization header carries. */
export type BearerCheck =
  { kind: "valid"; token: string; clientId: string } | { kind: "missing" } | { kind: "unknown"; token: string } | { kind: "expired"; token: string };

export class IssuedTokens {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Tokens handed out since start (or the last reset). */
  issued = 0;

  constructor(
    /** e.g. "hgs_": a token shows which sandbox it came from. */
    private readonly prefix: string,
    public ttlSeconds: number,
  ) {}

  issue(clientId: string): { accessToken: string; expiresIn: number } {
    const accessToken = `${this.prefix}${randomBytes(24).toString("base64url")}`;
    this.tokens.set(accessToken, { clientId, expiresAtMs: Date.now() + this.ttlSeconds * 1000 });
    this.issued++;
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  check(authorization: string | undefined): BearerCheck {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) return { kind: "missing" };
    const issued = this.tokens.get(token);
    if (!issued) return { kind: "unknown", token };
    if (issued.expiresAtMs <= Date.now()) return { kind: "expired", token };
    return { kind: "valid", token, clientId: issued.clientId };
  }

  /** Every token handed out and still remembered: a test checks none of them reaches a log. */
  handedOut(): string[] {
    return [...this.tokens.keys()];
  }

  /** Every token stops working now (the next API call gets 401); answers how many were still live. */
  expireAll(): number {
    const now = Date.now();
    let live = 0;
    for (const token of this.tokens.values()) {
      if (token.expiresAtMs > now) live++;
      token.expiresAtMs = now;
    }
    return live;
  }

  /** Forgets every token: they read as unknown, not expired. */
  clear(): void {
    this.tokens.clear();
  }
}

/** Answers POST /oauth/token for the given clients (id -> secret); `scope`, when the supplier has one, is checked and echoed. */
export async function answerTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: { tokens: IssuedTokens; clients: ReadonlyMap<string, string>; realm: string; scope?: string },
): Promise<void> {
  const noStore = { "Cache-Control": "no-store", Pragma: "no-cache" };
  if ((req.method ?? "GET").toUpperCase() !== "POST")
    return sendJson(res, 405, { error: "invalid_request", error_description: "Use POST." }, { Allow: "POST", ...noStore });
  let text: string;
  try {
    text = await readBody(req, (message) => new Error(message));
  } catch {
    return sendJson(res, 400, { error: "invalid_request", error_description: "Body too large." }, noStore);
  }
  let params: Record<string, string> = {};
  if ((req.headers["content-type"] ?? "").includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(text || "{}");
      if (parsed && typeof parsed === "object") {
        for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === "string") params[k] = v;
      }
    } catch {
      return sendJson(res, 400, { error: "invalid_request", error_description: "Body is not valid JSON." }, noStore);
    }
  } else {
    params = Object.fromEntries(new URLSearchParams(text));
  }
  let clientId = params.client_id;
  let clientSecret = params.client_secret;
  const authorization = req.headers.authorization ?? "";
  if (authorization.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  if (params.grant_type !== "client_credentials") {
    return sendJson(
      res,
      400,
      { error: "unsupported_grant_type", error_description: "Only grant_type=client_credentials is supported by the sandbox." },
      noStore,
    );
  }
  if (options.scope && params.scope && !params.scope.split(" ").includes(options.scope)) {
    return sendJson(res, 400, { error: "invalid_scope", error_description: `The only scope is '${options.scope}'.` }, noStore);
  }
  if (!clientId || !clientSecret || options.clients.get(clientId) !== clientSecret) {
    return sendJson(
      res,
      401,
      { error: "invalid_client", error_description: "Client authentication failed." },
      { "WWW-Authenticate": `Basic realm="${options.realm}"`, ...noStore },
    );
  }
  const { accessToken, expiresIn } = options.tokens.issue(clientId);
  sendJson(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn, ...(options.scope ? { scope: options.scope } : {}) }, noStore);
}
