/**
 * Retry timing shared by every supplier client: exponential backoff with full
 * jitter (AWS architecture blog, "Exponential Backoff And Jitter"), and the
 * server's own word on when to come back (Retry-After, X-RateLimit-Reset).
 */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  baseDelayMs: number;
  /** No delay is ever above this. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 250, maxDelayMs: 8_000 };

/**
 * Delay before retry number `retry` (1 = the first retry): a uniformly random
 * value in [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))).
 */
export function backoffDelayMs(retry: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(retry) - 1);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.floor(random() * ceiling);
}

/**
 * X-RateLimit-Reset / x-ratelimit-reset, in ms from `now`, or undefined when
 * absent or not a number. Suppliers disagree on the unit, so the rule is:
 * a value above one year of seconds (31,536,000; real epoch values are ~1.7e9,
 * anything above ~1e9 is certainly one) is unix epoch seconds (Hygrade);
 * anything smaller is seconds from now (Hypatos, IETF
 * draft-ietf-httpapi-ratelimit-headers). A reset in the past is 0.
 */
export function rateLimitResetMs(headers: Headers, now: number = Date.now()): number | undefined {
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (!reset || !/^\d+(\.\d+)?$/.test(reset)) return undefined;
  const value = Number(reset);
  const ms = value > 31_536_000 ? value * 1000 - now : value * 1000;
  return Math.max(0, Math.ceil(ms));
}

/**
 * Retry-After in ms from `now`: delta-seconds ("120", fractions tolerated) or
 * an HTTP-date ("Wed, 21 Oct 2026 07:28:00 GMT"; a date in the past is 0).
 * Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  if (!Number.isNaN(date)) return Math.max(0, date - now);
  return undefined;
}

/** x-ratelimit-remaining / X-RateLimit-Remaining as a number, or undefined. */
export function rateLimitRemaining(headers: Headers): number | undefined {
  const remaining = headers.get("x-ratelimit-remaining")?.trim();
  if (!remaining || !/^-?\d+(\.\d+)?$/.test(remaining)) return undefined;
  return Number(remaining);
}

/**
 * How long the server asks us to wait, in ms, or undefined when it does not
 * say. Retry-After in seconds (or an HTTP date) wins; otherwise
 * X-RateLimit-Reset (see rateLimitResetMs for the epoch-or-delta rule).
 */
export function serverRetryDelayMs(headers: Headers, now: number = Date.now()): number | undefined {
  return retryAfterMs(headers, now) ?? rateLimitResetMs(headers, now);
}

/**
 * How long the whole connection should send nothing after this response, by
 * the server's own headers, or undefined when they ask for no pause:
 * - 429: the later of Retry-After and X-RateLimit-Reset (0 when it names neither;
 *   the caller adds its own cooldown, e.g. Orderspace's 60 s);
 * - any other status with x-ratelimit-remaining at or below 0 and a reset:
 *   until the reset, so the next request does not earn a 429.
 * Header names are case-insensitive (Headers lower-cases them).
 */
export function serverPauseMs(status: number, headers: Headers, now: number = Date.now()): number | undefined {
  const reset = rateLimitResetMs(headers, now);
  if (status === 429) return Math.max(retryAfterMs(headers, now) ?? 0, reset ?? 0);
  const remaining = rateLimitRemaining(headers);
  if (remaining !== undefined && remaining <= 0 && reset !== undefined && reset > 0) return reset;
  return undefined;
}
