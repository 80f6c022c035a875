/**
 * One JSON request to a supplier, the way every supplier client makes it:
 * bearer token, per-attempt timeout, client-side rate limit, bounded retries
 * with exponential backoff and full jitter, an overall deadline, a single
 * token renewal on 401, and every failure mapped to a SupplierError kind.
 *
 * What is retried: 429 (after Retry-After / X-RateLimit-Reset), 408, 5xx,
 * our own timeout and dropped connections (fetch throws a TypeError). A
 * request that is not idempotent (POST/PATCH) is retried only when it carries
 * an Idempotency-Key header: the supplier then guarantees a retry cannot act
 * twice. Without one, a failed POST is reported once and the caller decides.
 *
 * The limiter is the connection's: every answer is shown to it (observe), so
 * a 429 (plus the supplier's cooldown, e.g. Orderspace's 60 s) or an
 * x-ratelimit-remaining: 0 pauses every request of the connection until the
 * server's Retry-After / reset. Callers queue through a pause; one whose
 * deadline or maxRetryAfterMs the pause outlasts gets rate_limited at once,
 * with retryAfterMs, instead of waiting to fail.
 */
import { SupplierError, type SupplierErrorKind } from "../errors";
import { backoffDelayMs, DEFAULT_BACKOFF, serverRetryDelayMs, type BackoffOptions } from "./backoff";
import { defaultSupplierLogger, logAttempt, type SupplierLogger } from "./logger";
import type { TokenBucket } from "./rate-limiter";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RetryPolicy extends BackoffOptions {
  /** Attempts in all, the first included (default 4). A 401 renewal does not count. */
  maxAttempts: number;
  /** Timeout of one attempt, body included (default 10 s). */
  timeoutMs: number;
  /** No attempt starts and no wait ends after this, counted from the call (default 30 s). */
  deadlineMs: number;
  /** A 429 asking us to wait longer than this is returned as rate_limited instead (default 30 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { ...DEFAULT_BACKOFF, maxAttempts: 4, timeoutMs: 10_000, deadlineMs: 30_000, maxRetryAfterMs: 30_000 };

/** What a supplier's error body says, in the few words the portal uses. */
export interface ErrorDescription {
  message?: string;
  field?: string;
  code?: string;
  requestId?: string;
}

/** Where bearer tokens come from: a TokenCache, or anything that behaves like one. */
export interface BearerTokenSource {
  getToken(): Promise<string>;
  /** Forget `token` (after a 401) so the next getToken() fetches a new one. */
  invalidate(token?: string): void;
}

export interface SupplierHttpOptions {
  /** Supplier name for errors and logs, e.g. "hygrade". */
  supplier: string;
  /** API root without trailing slash, e.g. http://127.0.0.1:4100/v1. */
  baseUrl: string;
  tokens?: BearerTokenSource | null;
  limiter?: TokenBucket | null;
  logger?: SupplierLogger;
  retry?: Partial<RetryPolicy>;
  /** Reads the supplier's error body; the HTTP status picks the kind. */
  describeError?: (body: unknown, status: number) => ErrorDescription;
  /** Override the error kind for a status (default: kindForStatus). */
  kindFor?: (status: number, description: ErrorDescription) => SupplierErrorKind;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SupplierRequest {
  method: HttpMethod;
  /** Path below baseUrl, starting with "/". */
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Shorthand for the Idempotency-Key header; makes a POST retryable. */
  idempotencyKey?: string;
  /** Bytes sent as they are (a file upload) instead of JSON `body`. */
  rawBody?: Uint8Array;
  /** Content-Type of `body` or `rawBody` (default application/json), e.g. application/merge-patch+json. */
  contentType?: string;
  /**
   * The caller knows sending this POST/PATCH twice cannot act twice (an upsert keyed by our own id, as Hypatos
   * enrichment is), so it is retried like a GET without an Idempotency-Key the supplier does not document.
   */
  repeatable?: boolean;
  /** Caller's cancellation. */
  signal?: AbortSignal;
}

export interface SupplierResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON (null for an empty body). */
  body: unknown;
  /** Attempts made, renewal included. */
  attempts: number;
}

const IDEMPOTENT_METHODS = new Set<HttpMethod>(["GET", "PUT", "DELETE"]);

export function kindForStatus(status: number): SupplierErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 404 || status === 410) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limited";
  if (status === 408 || status >= 500) return "unavailable";
  if (status >= 400) return "validation";
  return "malformed";
}

/** Understands the common shapes: {error:{message,param,code,request_id}}, {error:"..", error_description}, {message}, {Errors:[{Message}]}. */
export function describeCommonError(body: unknown): ErrorDescription {
  if (!isRecord(body)) return {};
  const error = body.error;
  if (isRecord(error)) {
    return {
      message: str(error.message),
      field: str(error.param) ?? str(error.field),
      code: str(error.code) ?? str(error.type),
      requestId: str(error.request_id),
    };
  }
  if (typeof error === "string") return { message: str(body.error_description) ?? error, code: error };
  const errors = body.Errors ?? body.errors;
  if (Array.isArray(errors) && isRecord(errors[0])) {
    const first = errors[0];
    return { message: str(first.Message) ?? str(first.message), field: str(first.Field) ?? str(first.field), code: str(first.ErrorCode) ?? str(first.code) };
  }
  return { message: str(body.message), code: str(body.code) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

const realSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export function buildUrl(baseUrl: string, path: string, query?: SupplierRequest["query"]): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`));
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** True when the request may be sent again without risk of acting twice. */
export function isRetryable(method: HttpMethod, headers: Record<string, string>): boolean {
  if (IDEMPOTENT_METHODS.has(method)) return true;
  return Object.keys(headers).some((h) => h.toLowerCase() === "idempotency-key" && headers[h] !== "");
}

export async function supplierFetch(options: SupplierHttpOptions, request: SupplierRequest): Promise<SupplierResponse> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const logger = options.logger ?? defaultSupplierLogger;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => realSleep(ms, request.signal));
  const describe = options.describeError ?? describeCommonError;
  const kindFor = options.kindFor ?? ((status: number) => kindForStatus(status));
  const { supplier } = options;

  const headers: Record<string, string> = { Accept: "application/json", ...request.headers };
  if (request.idempotencyKey) headers["Idempotency-Key"] = request.idempotencyKey;
  const hasBody = request.body !== undefined || request.rawBody !== undefined;
  if (hasBody) headers["Content-Type"] = request.contentType ?? "application/json";
  const payload: BodyInit | undefined =
    request.rawBody !== undefined ? new Blob([new Uint8Array(request.rawBody)]) : hasBody ? JSON.stringify(request.body) : undefined;
  const url = buildUrl(options.baseUrl, request.path, request.query);
  const logPath = new URL(url).pathname;
  const retryable = request.repeatable === true || isRetryable(request.method, headers);

  const started = Date.now();
  const deadline = started + policy.deadlineMs;
  let attempt = 0; // attempts made, for logs
  let failures = 0; // retryable failures, against maxAttempts
  let renewed = false;

  /** Waits before the next try, or returns false when out of tries or time. */
  const backOff = async (serverDelay?: number): Promise<boolean> => {
    failures++;
    if (!retryable || failures >= policy.maxAttempts) return false;
    let delay = backoffDelayMs(failures, policy, random);
    if (serverDelay !== undefined) {
      if (serverDelay > policy.maxRetryAfterMs) return false;
      // The server's word plus a little jitter, so a herd told "1 s" does not return in lockstep.
      delay = serverDelay + Math.floor(random() * Math.min(250, serverDelay * 0.1 + 1));
    }
    if (Date.now() + delay >= deadline) return false;
    await sleep(delay);
    return true;
  };

  for (;;) {
    request.signal?.throwIfAborted();
    if (options.limiter) {
      const paused = options.limiter.pausedForMs();
      if (paused > 0 && (paused > policy.maxRetryAfterMs || Date.now() + paused >= deadline)) {
        throw new SupplierError(
          "rate_limited",
          `${supplier}: the connection is paused for ${paused} ms by the supplier's rate limit (${request.method} ${logPath} not sent)`,
          supplier,
          {
            code: "rate_limit_pause",
            retryAfterMs: paused,
          },
        );
      }
      await options.limiter.take(request.signal);
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      throw new SupplierError("unavailable", `${supplier}: gave up on ${request.method} ${logPath} (deadline of ${policy.deadlineMs} ms passed)`, supplier, {
        code: "deadline",
      });

    let token: string | undefined;
    if (options.tokens) {
      try {
        token = await options.tokens.getToken();
      } catch (error) {
        if (error instanceof SupplierError && error.retryable && (await backOff())) continue;
        throw error;
      }
    }

    attempt++;
    const attemptHeaders = token ? { ...headers, Authorization: `Bearer ${token}` } : headers;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException("attempt timed out", "TimeoutError")), Math.min(policy.timeoutMs, remaining));
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    const t0 = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: request.method, headers: attemptHeaders, body: payload, signal });
      text = await response.text();
    } catch (cause) {
      clearTimeout(timer);
      if (request.signal?.aborted) throw request.signal.reason;
      const timedOut = timeout.signal.aborted;
      logAttempt(logger, { supplier, method: request.method, path: logPath, status: timedOut ? "timeout" : "network", ms: Date.now() - t0, attempt });
      const error = new SupplierError(
        "unavailable",
        timedOut
          ? `${supplier} did not answer ${request.method} ${logPath} within ${Math.min(policy.timeoutMs, remaining)} ms`
          : `${supplier}: connection failed on ${request.method} ${logPath} (${describeCause(cause)})`,
        supplier,
        { code: timedOut ? "timeout" : "network" },
      );
      if (await backOff()) continue;
      throw error;
    }
    clearTimeout(timer);
    logAttempt(logger, { supplier, method: request.method, path: logPath, status: response.status, ms: Date.now() - t0, attempt });
    // Pauses the whole connection on a 429 or x-ratelimit-remaining: 0 (see TokenBucket.observe).
    const connectionPause = options.limiter ? options.limiter.observe(response.status, response.headers) : 0;

    let body: unknown = null;
    let parsed = true;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        parsed = false;
      }
    }

    if (response.ok) {
      if (!parsed) {
        throw new SupplierError("malformed", `${supplier} answered ${request.method} ${logPath} with a body that is not JSON`, supplier, {
          status: response.status,
        });
      }
      return { status: response.status, headers: response.headers, body, attempts: attempt };
    }

    if (response.status === 401 && options.tokens && !renewed) {
      // The token expired or was revoked early: renew once and try once more.
      renewed = true;
      options.tokens.invalidate(token);
      continue;
    }

    const description = parsed ? describe(body, response.status) : {};
    const kind = kindFor(response.status, description);
    const serverSaid = response.status === 429 ? serverRetryDelayMs(response.headers) : undefined;
    // The retry waits for the later of what the server said and the connection's pause (cooldown included).
    const serverDelay = response.status === 429 && (serverSaid !== undefined || connectionPause > 0) ? Math.max(serverSaid ?? 0, connectionPause) : undefined;
    const error = new SupplierError(kind, description.message ?? `${supplier} answered ${request.method} ${logPath} with HTTP ${response.status}`, supplier, {
      status: response.status,
      field: description.field,
      code: description.code,
      requestId: description.requestId ?? response.headers.get("x-request-id") ?? undefined,
      retryAfterMs: serverSaid ?? serverDelay,
    });
    const transient = response.status === 429 || response.status === 408 || response.status >= 500;
    if (transient && (await backOff(serverDelay))) continue;
    throw error;
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? cause.cause.message : undefined;
    return inner ? `${cause.message}: ${inner}` : cause.message;
  }
  return String(cause);
}

/** A supplier client bound to its options: `http.request({...})`. */
export interface SupplierHttpClient {
  readonly options: SupplierHttpOptions;
  request(request: SupplierRequest): Promise<SupplierResponse>;
}

export function createSupplierHttpClient(options: SupplierHttpOptions): SupplierHttpClient {
  return { options, request: (request) => supplierFetch(options, request) };
}
