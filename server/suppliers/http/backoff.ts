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
 * How long the server asks us to wait, in ms, or undefined when it does not
 * say. Retry-After in seconds (or an HTTP date) wins; otherwise
 * X-RateLimit-Reset as unix seconds (or, when small, seconds from now).
 */
export function serverRetryDelayMs(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    // Unix seconds are ~1.7e9; anything below a year of seconds is a delta.
    const ms = value > 31_536_000 ? value * 1000 - now : value * 1000;
    return Math.max(0, Math.ceil(ms));
  }
  return undefined;
}
