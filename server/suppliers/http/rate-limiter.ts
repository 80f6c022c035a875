/**
 * A token bucket: `ratePerSecond` tokens flow in continuously up to `burst`.
 * `tryTake` is the pure part (no timers; the clock is injectable) used by the
 * sandboxes to enforce a limit; `take` queues callers first-come first-served
 * and waits for their token instead of failing, for the supplier clients.
 */
export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  private tokens: number;
  private last: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) throw new RangeError("A token bucket needs a positive rate and a burst of at least 1");
    this.ratePerSecond = options.ratePerSecond;
    this.burst = options.burst;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.tokens = options.burst;
    this.last = this.now();
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.ratePerSecond) / 1000);
  }

  /** Takes `count` tokens and returns 0, or takes nothing and returns the ms until they will be there. */
  tryTake(count = 1): number {
    this.refill();
    if (this.tokens >= count) {
      this.tokens -= count;
      return 0;
    }
    return Math.max(1, Math.ceil(((count - this.tokens) * 1000) / this.ratePerSecond));
  }

  /** Whole tokens left now. */
  remaining(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  /** ms until the bucket is full again. */
  msUntilFull(): number {
    this.refill();
    return Math.ceil(((this.burst - this.tokens) * 1000) / this.ratePerSecond);
  }

  /** Callers queued behind the one currently waiting. */
  get queued(): number {
    return this.waiting;
  }

  /**
   * Waits (in FIFO order with other callers) until a token is available, then
   * takes it. A caller who gives up (the signal aborts) leaves the queue
   * without taking a token, so the callers behind it move up at once.
   */
  take(signal?: AbortSignal): Promise<void> {
    this.waiting++;
    const turn = this.queue.then(async () => {
      try {
        for (;;) {
          if (signal?.aborted) throw signal.reason ?? new Error("gave up waiting for the rate limit");
          const wait = this.tryTake();
          if (wait === 0) return;
          await this.sleep(wait);
        }
      } finally {
        this.waiting--;
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

const sharedBuckets = new Map<string, TokenBucket>();

/** One bucket per key (a supplier connection) for the whole process. */
export function sharedTokenBucket(key: string, options: { ratePerSecond: number; burst: number }): TokenBucket {
  let bucket = sharedBuckets.get(key);
  if (!bucket || bucket.ratePerSecond !== options.ratePerSecond || bucket.burst !== options.burst) {
    bucket = new TokenBucket(options);
    sharedBuckets.set(key, bucket);
  }
  return bucket;
}

/**
 * The pace a client keeps for a supplier's documented limit: a little under
 * it. Requests bunch up on the wire (event-loop and network jitter), so a
 * client running at exactly the supplier's rate meets the odd 429; 3% under
 * the rate and 10% under the burst absorbs that and keeps over 95% of the
 * allowed throughput.
 */
export function clientPaceFor(documented: { ratePerSecond: number; burst: number }): { ratePerSecond: number; burst: number } {
  return { ratePerSecond: documented.ratePerSecond * 0.97, burst: Math.max(1, Math.floor(documented.burst * 0.9)) };
}
