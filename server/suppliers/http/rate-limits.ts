/**
 * Every supplier's rate limit in one place, as the connection limiter needs
 * it: a token bucket (ratePerSecond, burst), the pause after a 429, the
 * headers the supplier documents, and the retry policy a connection needs to
 * wait its pauses out instead of failing.
 *
 * The numbers are what each supplier documents (shared/vendors/*), or, where
 * it documents none, a stated conservative default; a connection's own
 * configuration may override them (rateLimitProfileFor). Connectors keep a
 * little under these with clientPaceFor; connectionLimiter does both.
 *
 * A limit stated per window ("60 requests per minute") is turned into a
 * bucket that cannot exceed it in any window of that length:
 * burst + ratePerSecond * windowSeconds <= requests (see `window`).
 */
import { clientPaceFor, sharedTokenBucket, type TokenBucket } from "./rate-limiter";
import type { RetryPolicy } from "./request";

export type RateLimitHeader = "retry-after" | "x-ratelimit-limit" | "x-ratelimit-remaining" | "x-ratelimit-reset";

export interface RateLimitProfile {
  /** Supplier name as used in logs and errors, e.g. "hygrade". */
  readonly supplier: string;
  /** Sustained rate the supplier allows (documented, or our default). */
  readonly ratePerSecond: number;
  /** Requests the supplier allows at once. */
  readonly burst: number;
  /** After a 429 the whole connection sends nothing for at least this long (ms); the server's Retry-After / reset wins when later. */
  readonly cooldownAfter429Ms: number;
  /** The limit as stated per window, when it is; the bucket above keeps within it in any such window. */
  readonly window?: { readonly requests: number; readonly ms: number };
  /** Rate-limit headers the supplier documents sending (the core obeys any of them whether documented or not). */
  readonly headers: readonly RateLimitHeader[];
  /** Retry settings this supplier needs so callers wait out its pauses (merge under the caller's own). */
  readonly retry?: Partial<RetryPolicy>;
  /** "documented": numbers from the supplier's docs; "default": the docs give none, these are ours. */
  readonly basis: "documented" | "default";
  /** Where the numbers come from. */
  readonly source: string;
}

/** Hygrade: "All tokens are limited to 120 requests per second, bursting to 240 ... X-RateLimit-Remaining and X-RateLimit-Reset ... 429 with Retry-After." */
export const HYGRADE_RATE_LIMIT_PROFILE: RateLimitProfile = {
  supplier: "hygrade",
  ratePerSecond: 120,
  burst: 240,
  cooldownAfter429Ms: 0,
  headers: ["retry-after", "x-ratelimit-remaining", "x-ratelimit-reset"],
  basis: "documented",
  source: "shared/vendors/hygrade.seed.txt, Rate limits",
};

/** Yodify: the reference lists 429 "API call quota exceeded" with no headers and no number; 10/s bursting to 20 is the connector's own choice. */
export const YODIFY_RATE_LIMIT_PROFILE: RateLimitProfile = {
  supplier: "yodify",
  ratePerSecond: 10,
  burst: 20,
  cooldownAfter429Ms: 1_000,
  headers: [],
  basis: "default",
  source: "server/suppliers/yodify/connector.ts YODIFY_RATE_LIMIT; shared/vendors/yodify.condensed.txt (429, no headers, no number)",
};

/**
 * Orderspace: "60 requests per minute ... If an HTTP 429 response is received,
 * wait at least 60 seconds before sending any additional requests." No
 * rate-limit headers. One a second with a burst of one is at most 60 in any
 * minute; the retry policy lets a caller wait the 60 s cooldown out.
 */
export const ORDERSPACE_RATE_LIMIT_PROFILE: RateLimitProfile = {
  supplier: "orderspace",
  ratePerSecond: 1,
  burst: 1,
  cooldownAfter429Ms: 60_000,
  window: { requests: 60, ms: 60_000 },
  headers: [],
  retry: { maxRetryAfterMs: 90_000, deadlineMs: 150_000 },
  basis: "documented",
  source: "shared/vendors/orderspace.md section 3 (Throttling)",
};

/** OrderCloud: "No documented rate-limit headers or numeric limits were found." Our conservative default. */
export const ORDERCLOUD_RATE_LIMIT_PROFILE: RateLimitProfile = {
  supplier: "ordercloud",
  ratePerSecond: 5,
  burst: 10,
  cooldownAfter429Ms: 1_000,
  headers: [],
  basis: "default",
  source: "shared/vendors/ordercloud.md section 4 (no limits documented)",
};

/**
 * Hypatos: x-ratelimit-limit / -remaining / -reset (seconds until reset) on
 * every response, 429 over quota, "no numeric quota is published"; the only
 * figure is the example `x-ratelimit-limit: 10, 10;w=1` (10 per 1 s window).
 * 5/s with a burst of 5 stays within 10 in any second; the headers pause the
 * connection when the real quota runs out.
 */
export const HYPATOS_RATE_LIMIT_PROFILE: RateLimitProfile = {
  supplier: "hypatos",
  ratePerSecond: 5,
  burst: 5,
  cooldownAfter429Ms: 1_000,
  window: { requests: 10, ms: 1_000 },
  headers: ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"],
  basis: "default",
  source: "shared/vendors/hypatos.md section 3 (example quota only)",
};

/** For a supplier with no profile: conservative, and a 1 s pause after a 429 that names no wait. */
export const DEFAULT_RATE_LIMIT_PROFILE: RateLimitProfile = {
  supplier: "default",
  ratePerSecond: 5,
  burst: 10,
  cooldownAfter429Ms: 1_000,
  headers: [],
  basis: "default",
  source: "server/suppliers/http/rate-limits.ts (no documented limit)",
};

export const RATE_LIMIT_PROFILES = {
  hygrade: HYGRADE_RATE_LIMIT_PROFILE,
  yodify: YODIFY_RATE_LIMIT_PROFILE,
  orderspace: ORDERSPACE_RATE_LIMIT_PROFILE,
  ordercloud: ORDERCLOUD_RATE_LIMIT_PROFILE,
  hypatos: HYPATOS_RATE_LIMIT_PROFILE,
} as const satisfies Record<string, RateLimitProfile>;

export type ProfiledSupplier = keyof typeof RATE_LIMIT_PROFILES;

/** What a connection's settings may override. */
export type ConfiguredRateLimit = Partial<Pick<RateLimitProfile, "ratePerSecond" | "burst" | "cooldownAfter429Ms">>;

/** The supplier's profile (DEFAULT_RATE_LIMIT_PROFILE for one without), with a connection's configured numbers on top. */
export function rateLimitProfileFor(supplier: string, configured?: ConfiguredRateLimit | null): RateLimitProfile {
  const base: RateLimitProfile = Object.hasOwn(RATE_LIMIT_PROFILES, supplier)
    ? RATE_LIMIT_PROFILES[supplier as ProfiledSupplier]
    : { ...DEFAULT_RATE_LIMIT_PROFILE, supplier };
  if (!configured) return base;
  const defined = Object.fromEntries(Object.entries(configured).filter(([, v]) => v !== undefined)) as ConfiguredRateLimit;
  return Object.keys(defined).length ? { ...base, ...defined } : base;
}

/** Most requests a bucket of this rate and burst lets out in any window of `ms` (the burst at once, then the rate). */
export function maxRequestsInWindow(bucket: { ratePerSecond: number; burst: number }, ms: number): number {
  return bucket.burst + Math.floor((bucket.ratePerSecond * ms) / 1000 - 1e-9);
}

/**
 * The limiter for one supplier connection, shared process-wide by `key` (use
 * the same key as before, e.g. `hygrade\u0000<connection>`): the profile's
 * rate paced a little under (clientPaceFor) with its 429 cooldown.
 */
export function connectionLimiter(key: string, profile: RateLimitProfile): TokenBucket {
  return sharedTokenBucket(key, { ...clientPaceFor(profile), cooldownAfter429Ms: profile.cooldownAfter429Ms });
}
