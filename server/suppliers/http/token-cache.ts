/**
 * OAuth2 client-credentials tokens, one cache per (token URL, client id). The
 * cache entry also remembers a fingerprint of the secret, so a rotated or
 * wrong secret never rides on a token fetched with another one.
 *
 * - POST application/x-www-form-urlencoded grant_type=client_credentials with
 *   client_id/client_secret in the body (`auth: "body"`, default) or in an
 *   HTTP Basic header (`auth: "basic"`, RFC 6749 section 2.3.1).
 * - The token is reused until 30 s before `expires_in` runs out.
 * - Single flight: callers arriving while a token is being fetched share it.
 * - `invalidate(token)` after a 401 so the next caller fetches a new one.
 */
import { createHash } from "node:crypto";
import { SupplierError } from "../errors";
import { defaultSupplierLogger, logAttempt, type SupplierLogger } from "./logger";
import { processShared } from "./process-shared";

export interface TokenCacheOptions {
  supplier: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  auth?: "body" | "basic";
  scope?: string;
  /** Refresh this long before expiry (default 30 s; at most half the token's life). */
  refreshSkewMs?: number;
  /** Timeout of one token request (default 10 s). */
  timeoutMs?: number;
  logger?: SupplierLogger;
  now?: () => number;
}

export interface CachedToken {
  accessToken: string;
  /** When we stop using it (already minus the skew). */
  refreshAt: number;
}

/**
 * Where several processes share one connection's token (registered at start on PostgreSQL): `getOrFetch` answers the
 * stored token while it is fresh, or fetches one while the others wait, so instances starting together ask the
 * supplier's token endpoint once, not once each.
 */
export interface SharedTokenStore {
  getOrFetch(key: string, fetch: () => Promise<CachedToken>, now: number): Promise<CachedToken>;
  /** The supplier refused `accessToken` (401): no process hands it out again. */
  forget(key: string, accessToken: string): Promise<void>;
}

const tokenStores = processShared<SharedTokenStore>("token-store");

/** Every token cache asks `store` before the supplier from now on (null: each process fetches its own). */
export function registerSharedTokenStore(store: SharedTokenStore | null): void {
  if (store) tokenStores.set("store", store);
  else tokenStores.delete("store");
}

export class TokenCache {
  private cached: CachedToken | null = null;
  private inflight: Promise<CachedToken> | null = null;
  private fetches = 0;
  private readonly now: () => number;

  constructor(
    private readonly options: TokenCacheOptions,
    /** The key this connection's token is shared under, when processes share tokens. */
    private readonly sharedKey?: string,
    /** Where the token is shared (default: the store registered for this process). */
    private readonly sharedStore?: SharedTokenStore,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** How many tokens this cache has fetched (for tests and diagnostics). */
  get fetchCount(): number {
    return this.fetches;
  }

  async getToken(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return cached.accessToken;
    if (!this.inflight) {
      const store = this.sharedKey ? (this.sharedStore ?? tokenStores.get("store")) : undefined;
      const fetched = store ? store.getOrFetch(this.sharedKey!, () => this.fetchToken(), this.now()) : this.fetchToken();
      this.inflight = fetched.then(
        (token) => {
          this.cached = token;
          this.inflight = null;
          return token;
        },
        (error: unknown) => {
          this.inflight = null;
          throw error;
        },
      );
    }
    return (await this.inflight).accessToken;
  }

  /**
   * Forget the token (the supplier said 401). With `token`, only when it is
   * still the cached one: a concurrent caller may already have renewed it.
   */
  invalidate(token?: string): void {
    const refused = token ?? this.cached?.accessToken;
    if (token === undefined || this.cached?.accessToken === token) this.cached = null;
    const store = this.sharedKey ? (this.sharedStore ?? tokenStores.get("store")) : undefined;
    if (store && refused) void store.forget(this.sharedKey!, refused).catch(() => undefined);
  }

  private async fetchToken(): Promise<CachedToken> {
    const { supplier, tokenUrl, clientId, clientSecret } = this.options;
    this.fetches++;
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
    if (this.options.auth === "basic") {
      headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
    } else {
      form.set("client_id", clientId);
      form.set("client_secret", clientSecret);
    }
    if (this.options.scope) form.set("scope", this.options.scope);

    const started = Date.now();
    const path = safePath(tokenUrl);
    let response: Response;
    let text: string;
    try {
      response = await fetch(tokenUrl, { method: "POST", headers, body: form.toString(), signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
      logAttempt(this.options.logger ?? defaultSupplierLogger, {
        supplier,
        method: "POST",
        path,
        status: timedOut ? "timeout" : "network",
        ms: Date.now() - started,
        attempt: 1,
      });
      const why = timedOut ? "timeout" : `connection failed: ${causeOf(error)}`;
      throw new SupplierError("unavailable", `${supplier}: the token endpoint could not be reached (${why})`, supplier, {
        code: timedOut ? "timeout" : "network",
      });
    }
    logAttempt(this.options.logger ?? defaultSupplierLogger, { supplier, method: "POST", path, status: response.status, ms: Date.now() - started, attempt: 1 });

    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!response.ok) {
      const oauthError = isRecord(body) && typeof body.error === "string" ? body.error : undefined;
      const description = isRecord(body) && typeof body.error_description === "string" ? body.error_description : undefined;
      const detail = [oauthError, description].filter(Boolean).join(": ") || `HTTP ${response.status}`;
      if (response.status === 429 || response.status >= 500) {
        throw new SupplierError(response.status === 429 ? "rate_limited" : "unavailable", `${supplier}: token endpoint answered ${detail}`, supplier, {
          status: response.status,
          code: oauthError,
        });
      }
      // 400 invalid_client / unauthorized_client / 401: the credentials are wrong; retrying will not help.
      throw new SupplierError("auth", `${supplier} refused the client credentials (${detail})`, supplier, {
        status: response.status,
        code: oauthError ?? "invalid_client",
      });
    }
    if (!isRecord(body) || typeof body.access_token !== "string" || body.access_token.length === 0) {
      throw new SupplierError("malformed", `${supplier}: token response has no access_token`, supplier, { field: "access_token", status: response.status });
    }
    if (typeof body.token_type === "string" && body.token_type.toLowerCase() !== "bearer") {
      throw new SupplierError("malformed", `${supplier}: token_type '${body.token_type}' is not Bearer`, supplier, { field: "token_type" });
    }
    const expiresInS = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 300;
    const lifeMs = expiresInS * 1000;
    const skew = Math.min(this.options.refreshSkewMs ?? 30_000, lifeMs / 2);
    return { accessToken: body.access_token, refreshAt: this.now() + lifeMs - skew };
  }
}

/** fetch's TypeError hides the reason (ENOTFOUND, ECONNREFUSED) in its cause. */
function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error.cause instanceof Error ? error.cause.message : undefined;
  return inner ? `${error.message}: ${inner}` : error.message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "(token endpoint)";
  }
}

const caches = processShared<TokenCache>("token-caches");

const fingerprint = (secret: string) => createHash("sha256").update(secret).digest("hex").slice(0, 16);

/** The process-wide cache for (tokenUrl, clientId): one token per connection, whichever bundle asks; a different secret gets its own entry. */
export function sharedTokenCache(options: TokenCacheOptions): TokenCache {
  const key = `${options.tokenUrl}\u0000${options.clientId}\u0000${fingerprint(options.clientSecret)}`;
  let cache = caches.get(key);
  if (!cache) {
    cache = new TokenCache(options, createHash("sha256").update(key).digest("hex"));
    caches.set(key, cache);
  }
  return cache;
}

/** Drops every shared token cache (tests). */
export function clearSharedTokenCaches(): void {
  caches.clear();
}
