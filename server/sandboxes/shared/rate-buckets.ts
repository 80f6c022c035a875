/**
 * The sandbox's own rate limit, one bucket per key (a token, or an anonymous
 * caller's address): `ratePerSecond` requests flow in continuously up to
 * `burst`. Written apart from the portal's client-side limiter
 * (server/suppliers/http/rate-limiter.ts) on purpose: if the server enforced
 * the limit with the client's code, a mistake in the client's pacing would be
 * made on both sides and no test would see a 429.
 */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

/** What one request cost its bucket, for the answer and its headers. */
export interface RateDecision {
  /** 0: let through; otherwise the ms until one request's worth is back. */
  waitMs: number;
  /** Whole requests left now. */
  remaining: number;
  /** ms until the bucket is full again. */
  msUntilFull: number;
  limit: RateLimit;
}

interface Bucket {
  level: number;
  atMs: number;
}

export class RateBuckets {
  private buckets = new Map<string, Bucket>();
  private current: RateLimit;

  constructor(
    limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.current = RateBuckets.checked(limit);
  }

  private static checked(limit: RateLimit): RateLimit {
    if (!(limit.ratePerSecond > 0) || !(limit.burst >= 1)) throw new RangeError("A rate limit needs a positive rate and a burst of at least 1");
    return { ratePerSecond: limit.ratePerSecond, burst: limit.burst };
  }

  get limit(): RateLimit {
    return { ...this.current };
  }

  /** A new limit starts every caller with a full bucket. */
  set limit(limit: RateLimit) {
    this.current = RateBuckets.checked(limit);
    this.buckets.clear();
  }

  /** Counts one request against `key`'s bucket if it has room, and says how the bucket stands. */
  take(key: string): RateDecision {
    const { ratePerSecond, burst } = this.current;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { level: burst, atMs: now };
    bucket.level = Math.min(burst, bucket.level + (Math.max(0, now - bucket.atMs) * ratePerSecond) / 1000);
    bucket.atMs = now;
    this.buckets.set(key, bucket);
    let waitMs = 0;
    if (bucket.level >= 1) bucket.level -= 1;
    else waitMs = Math.max(1, Math.ceil(((1 - bucket.level) * 1000) / ratePerSecond));
    return {
      waitMs,
      remaining: Math.floor(bucket.level),
      msUntilFull: Math.ceil(((burst - bucket.level) * 1000) / ratePerSecond),
      limit: this.limit,
    };
  }

  clear(): void {
    this.buckets.clear();
  }
}
