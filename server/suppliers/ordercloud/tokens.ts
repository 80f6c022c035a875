/**
 * OrderCloud's tokens (shared/vendors/ordercloud.md section 2), one source per connection, process-wide:
 * - the password grant for the buying company's OrderCloud buyer user (the usual buyer-side case; with a
 *   client_secret it is the elevated login), or client credentials where the connection is configured so;
 * - the token is used until shortly before `expires_in` runs out; then the refresh token, when OrderCloud gave one,
 *   is tried before a new grant;
 * - after a 401 the caller asks once for a refreshed token (renewAfter401 "refresh") and, should that one be refused
 *   too, once for a brand-new grant ("new"); never more, so a misconfigured client never loops.
 * Single flight: callers arriving while a token is fetched share it. Token failures are the plain OAuth
 * {error, error_description}, not OrderCloud's Errors[].
 */
import { createHash } from "node:crypto";
import { SupplierError } from "../errors";
import { defaultSupplierLogger, logAttempt, type SupplierLogger } from "../http/logger";
import { processShared } from "../http/process-shared";
import type { SupplierConnectionSettings } from "../types";
import { SUPPLIER, wireToken } from "./wire";

interface Held {
  accessToken: string;
  refreshAt: number;
  refreshToken: string | null;
}

export interface OrderCloudTokenOptions {
  logger?: SupplierLogger;
  /** Stop using a token this long before it expires (default 30 s, at most half its life). */
  refreshSkewMs?: number;
  timeoutMs?: number;
}

export type TokenGrant = "password" | "client_credentials" | "refresh_token";

export class OrderCloudTokens {
  private held: Held | null = null;
  private inflight: Promise<Held> | null = null;
  /** Tokens fetched per grant (tests and diagnostics). */
  readonly fetched: Record<TokenGrant, number> = { password: 0, client_credentials: 0, refresh_token: 0 };

  constructor(
    private readonly settings: SupplierConnectionSettings,
    private readonly options: OrderCloudTokenOptions = {},
  ) {}

  async getToken(): Promise<string> {
    const held = this.held;
    if (held && Date.now() < held.refreshAt) return held.accessToken;
    return (await this.single(() => (held?.refreshToken ? this.refreshOrGrant(held.refreshToken) : this.grant()))).accessToken;
  }

  /**
   * A token to try again with after `failed` was answered 401: first a refreshed one, then (`step` "new") a new grant.
   * When another caller already replaced `failed`, that token is used instead.
   */
  async renewAfter401(failed: string, step: "refresh" | "new"): Promise<string> {
    const held = this.held;
    if (held && held.accessToken !== failed && Date.now() < held.refreshAt) return held.accessToken;
    if (this.inflight) return (await this.inflight).accessToken;
    const refreshToken = step === "refresh" ? (held?.refreshToken ?? null) : null;
    this.held = null;
    return (await this.single(() => (refreshToken ? this.refreshOrGrant(refreshToken) : this.grant()))).accessToken;
  }

  private single(fetchToken: () => Promise<Held>): Promise<Held> {
    if (!this.inflight) {
      this.inflight = fetchToken().then(
        (held) => {
          this.held = held;
          this.inflight = null;
          return held;
        },
        (error: unknown) => {
          this.inflight = null;
          throw error;
        },
      );
    }
    return this.inflight;
  }

  /** A refused refresh token (expired, revoked) is no reason to fail: the user's own grant comes next. */
  private async refreshOrGrant(refreshToken: string): Promise<Held> {
    try {
      return await this.request("refresh_token", { refresh_token: refreshToken });
    } catch (error) {
      if (error instanceof SupplierError && error.kind === "auth") return this.grant();
      throw error;
    }
  }

  private grant(): Promise<Held> {
    const { grant, clientSecret } = this.settings;
    if (grant?.kind === "password") {
      return this.request("password", { username: grant.username, password: grant.password, ...(clientSecret ? { client_secret: clientSecret } : {}) });
    }
    return this.request("client_credentials", { client_secret: clientSecret });
  }

  private async request(grantType: TokenGrant, fields: Record<string, string>): Promise<Held> {
    const { tokenUrl, clientId } = this.settings;
    this.fetched[grantType]++;
    const form = new URLSearchParams({ grant_type: grantType, client_id: clientId, ...fields });
    const logger = this.options.logger ?? defaultSupplierLogger;
    const path = safePath(tokenUrl);
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(tokenUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
      logAttempt(logger, { supplier: SUPPLIER, method: "POST", path, status: timedOut ? "timeout" : "network", ms: Date.now() - started, attempt: 1 });
      // fetch's TypeError hides the reason (ENOTFOUND, ECONNREFUSED) in its cause.
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      throw new SupplierError(
        "unavailable",
        `OrderCloud's token endpoint could not be reached (${timedOut ? "timeout" : `connection failed${cause}`}).`,
        SUPPLIER,
        {
          code: timedOut ? "timeout" : "network",
        },
      );
    }
    logAttempt(logger, { supplier: SUPPLIER, method: "POST", path, status: response.status, ms: Date.now() - started, attempt: 1 });
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!response.ok) {
      const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
      const code = typeof record.error === "string" ? record.error : undefined;
      const said =
        [code, typeof record.error_description === "string" ? record.error_description : undefined].filter(Boolean).join(": ") || `HTTP ${response.status}`;
      if (response.status === 429 || response.status >= 500)
        throw new SupplierError(response.status === 429 ? "rate_limited" : "unavailable", `OrderCloud's token endpoint answered ${said}`, SUPPLIER, {
          status: response.status,
          code,
        });
      const who =
        grantType === "password"
          ? "the buyer user's username or password"
          : grantType === "refresh_token"
            ? "the refresh token"
            : "the API client's credentials";
      throw new SupplierError("auth", `OrderCloud refused ${who} (${said}).`, SUPPLIER, {
        status: response.status,
        code: code ?? "invalid_grant",
        field: grantType === "password" ? "password" : grantType === "refresh_token" ? "refresh_token" : "clientSecret",
      });
    }
    const parsed = wireToken.safeParse(body);
    if (!parsed.success)
      throw new SupplierError("malformed", "OrderCloud's token answer has no access_token or expires_in.", SUPPLIER, { field: "access_token" });
    if (parsed.data.token_type.toLowerCase() !== "bearer")
      throw new SupplierError("malformed", `OrderCloud's token_type '${parsed.data.token_type}' is not bearer.`, SUPPLIER, { field: "token_type" });
    const lifeMs = parsed.data.expires_in * 1000;
    const skew = Math.min(this.options.refreshSkewMs ?? 30_000, lifeMs / 2);
    return {
      accessToken: parsed.data.access_token,
      refreshAt: Date.now() + lifeMs - skew,
      // A refresh answer without a new refresh token leaves the one we had usable.
      refreshToken: parsed.data.refresh_token || (grantType === "refresh_token" ? fields.refresh_token! : null),
    };
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "(token endpoint)";
  }
}

const sources = processShared<OrderCloudTokens>("ordercloud-tokens");
const fingerprint = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

/** The process-wide token source of a connection: one per token URL, API client and user (and their secrets). */
export function sharedOrderCloudTokens(settings: SupplierConnectionSettings, options: OrderCloudTokenOptions = {}): OrderCloudTokens {
  const who = settings.grant?.kind === "password" ? `password\u0000${settings.grant.username}\u0000${fingerprint(settings.grant.password)}` : "client";
  const key = `${settings.tokenUrl}\u0000${settings.clientId}\u0000${fingerprint(settings.clientSecret)}\u0000${who}`;
  let source = sources.get(key);
  if (!source) {
    source = new OrderCloudTokens(settings, options);
    sources.set(key, source);
  }
  return source;
}

/** Forgets every OrderCloud token (tests). */
export function clearOrderCloudTokens(): void {
  sources.clear();
}
