/**
 * A token bucket: `ratePerSecond` tokens flow in continuously up to `burst`.
 * `tryTake` is the pure part (no timers; the clock is injectable); `take`
 * queues callers first-come first-served and waits for their token instead of
 * failing, for the supplier clients. The sandboxes enforce their limits with
 * their own buckets (server/sandboxes/shared/rate-buckets.ts), so a mistake
 * here cannot hide behind the same code on the server.
 *
 * A bucket can also be paused: `pauseFor` / `observe` (after a 429, or a
 * response saying x-ratelimit-remaining: 0) stop every token until the pause
 * ends. Callers queued in `take` wait through it; none fails because of it.
 */
import { processShared } from "./process-shared";
import { serverPauseMs } from "./backoff";

export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
  /**
   * After a 429, no token for at least this long (ms), even if the server names
   * a shorter wait or none (Orderspace: 60 s). Default 0: only the server's
   * Retry-After / X-RateLimit-Reset count.
   */
  cooldownAfter429Ms?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly cooldownAfter429Ms: number;
  private tokens: number;
  private pausedUntilMs = 0;
  private last: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) throw new RangeError("A token bucket needs a positive rate and a burst of at least 1");
    this.ratePerSecond = options.ratePerSecond;
    this.burst = options.burst;
    this.cooldownAfter429Ms = Math.max(0, options.cooldownAfter429Ms ?? 0);
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
    const paused = this.pausedForMs();
    if (paused > 0) return paused;
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

  /** ms until the current pause ends (0 when not paused). */
  pausedForMs(): number {
    return Math.max(0, this.pausedUntilMs - this.now());
  }

  /** When the current pause ends (epoch ms of this bucket's clock; 0 or past when not paused). */
  get pausedUntil(): number {
    return this.pausedUntilMs;
  }

  /** Gives no token for `ms` from now. A pause only ever grows: a shorter one never cuts a longer one short. */
  pauseFor(ms: number): void {
    if (!(ms > 0)) return;
    this.pausedUntilMs = Math.max(this.pausedUntilMs, this.now() + ms);
  }

  /**
   * Reads a supplier's answer and pauses the connection when it asks: after a
   * 429 until the later of cooldownAfter429Ms and the server's Retry-After /
   * X-RateLimit-Reset; after any answer with x-ratelimit-remaining: 0 until
   * x-ratelimit-reset (see serverPauseMs). Returns the pause applied (0 if none).
   */
  observe(status: number, headers: Headers): number {
    let pause = serverPauseMs(status, headers, this.now());
    if (status === 429) pause = Math.max(pause ?? 0, this.cooldownAfter429Ms);
    if (pause === undefined || pause <= 0) return 0;
    this.pauseFor(pause);
    return pause;
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
          await sleepUnlessAborted(this.sleep, wait, signal);
        }
      } finally {
        this.waiting--;
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

/** A wait (possibly a long pause) that ends early when the caller gives up, so it leaves the queue at once. */
export function sleepUnlessAborted(sleep: (ms: number) => Promise<void>, ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return sleep(ms);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error("gave up waiting for the rate limit"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    sleep(ms).then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Where several processes (portal instances, worker processes) keep one connection's limit together, when they share
 * a PostgreSQL (server/instances registers it at start). `take` takes a request's turn or says how long until one;
 * `pause` makes every process wait, after a 429. Both are one statement each: one round trip per request.
 */
export interface SharedRateStore {
  take(key: string, pace: { ratePerSecond: number; burst: number }): Promise<{ waitMs: number; pausedForMs: number }>;
  pause(key: string, ms: number): Promise<void>;
}

const sharedStores = processShared<SharedRateStore>("rate-store");

/** Every connection limiter made after this keeps its limit through `store` (null: back to this process's own buckets). */
export function registerSharedRateStore(store: SharedRateStore | null): void {
  if (store) sharedStores.set("store", store);
  else sharedStores.delete("store");
  sharedBuckets.clear();
}

/**
 * A connection's limiter kept across processes: every token comes from the shared store, and a 429 one process meets
 * pauses them all. This process's own bucket (the parent) mirrors the pause, so its callers wait it out without asking
 * the store, and stands in when the store cannot be reached: then the limit is at least kept per process.
 */
export class SharedTokenBucket extends TokenBucket {
  private pendingPause: Promise<void> = Promise.resolve();
  private readonly waitFor: (ms: number) => Promise<void>;
  /** This process's callers ask the store one at a time, first come first served: a crowd polling it would only add load. */
  private turns: Promise<void> = Promise.resolve();

  constructor(
    private readonly key: string,
    private readonly store: SharedRateStore,
    options: TokenBucketOptions,
  ) {
    super(options);
    this.waitFor = options.sleep ?? realSleep;
  }

  override take(signal?: AbortSignal): Promise<void> {
    const turn = this.turns.then(() => this.takeShared(signal));
    this.turns = turn.catch(() => undefined);
    return turn;
  }

  private async takeShared(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error("gave up waiting for the rate limit");
      // A pause this process just met is written before anyone asks for the next turn.
      await this.pendingPause;
      const paused = this.pausedForMs();
      if (paused > 0) {
        await sleepUnlessAborted(this.waitFor, paused, signal);
        continue;
      }
      let answer: { waitMs: number; pausedForMs: number };
      try {
        answer = await this.store.take(this.key, { ratePerSecond: this.ratePerSecond, burst: this.burst });
      } catch (error) {
        console.warn(`[rate-limit] shared limit for a connection unreachable, keeping this process's own: ${(error as Error).message}`);
        return super.take(signal);
      }
      if (answer.pausedForMs > 0) super.pauseFor(answer.pausedForMs);
      if (answer.waitMs <= 0) return;
      await sleepUnlessAborted(this.waitFor, Math.max(1, Math.ceil(answer.waitMs)), signal);
    }
  }

  override pauseFor(ms: number): void {
    super.pauseFor(ms);
    if (!(ms > 0)) return;
    this.pendingPause = this.pendingPause
      .then(() => this.store.pause(this.key, ms))
      .catch((error: unknown) => console.warn(`[rate-limit] could not share a supplier's pause: ${(error as Error).message}`));
  }
}

const sharedBuckets = processShared<TokenBucket>("rate-limiters");

/** One bucket per key (a supplier connection) for the whole process; kept in PostgreSQL for every process when one is registered. */
export function sharedTokenBucket(key: string, options: { ratePerSecond: number; burst: number; cooldownAfter429Ms?: number }): TokenBucket {
  let bucket = sharedBuckets.get(key);
  if (
    !bucket ||
    bucket.ratePerSecond !== options.ratePerSecond ||
    bucket.burst !== options.burst ||
    bucket.cooldownAfter429Ms !== Math.max(0, options.cooldownAfter429Ms ?? 0)
  ) {
    const store = sharedStores.get("store");
    const bucketOptions = { ratePerSecond: options.ratePerSecond, burst: options.burst, cooldownAfter429Ms: options.cooldownAfter429Ms };
    bucket = store ? new SharedTokenBucket(key, store, bucketOptions) : new TokenBucket(bucketOptions);
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
