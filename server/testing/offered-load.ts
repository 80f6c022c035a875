/**
 * Offers a supplier sandbox far more requests than its documented rate, all
 * through the portal's own rate limiter, for a fixed window: what was sent,
 * what the supplier refused with 429, and the throughput achieved. Requests
 * still queued when the window closes give up (they would only measure the
 * queue). Shared by the limiter test (no 429 allowed) and `npm run bench`
 * (throughput as a share of the allowed rate).
 */
import { TokenBucket } from "@/server/suppliers/http/rate-limiter";

export interface OfferedLoadResult {
  offered: number;
  sent: number;
  ok: number;
  rateLimited: number;
  windowMs: number;
  /** Requests the supplier answered within the window, per second. */
  achievedPerSecond: number;
}

export async function offerLoad(options: {
  url: string;
  headers: Record<string, string>;
  rate: { ratePerSecond: number; burst: number };
  offeredPerSecond: number;
  seconds: number;
  /** The limiter to go through (default: a bucket of its own at `rate`), e.g. one kept in PostgreSQL. */
  limiter?: Pick<TokenBucket, "take">;
}): Promise<OfferedLoadResult> {
  const limiter = options.limiter ?? new TokenBucket(options.rate);
  const windowMs = options.seconds * 1000;
  const stop = new AbortController();
  const started = performance.now();
  let offered = 0;
  let sent = 0;
  let ok = 0;
  let rateLimited = 0;
  const inFlight: Promise<void>[] = [];
  const one = async () => {
    try {
      await limiter.take(stop.signal);
    } catch {
      return; // the window closed while it queued
    }
    sent++;
    const response = await fetch(options.url, { headers: options.headers });
    await response.arrayBuffer();
    if (performance.now() - started > windowMs) return;
    if (response.status === 429) rateLimited++;
    else if (response.ok) ok++;
  };
  // Offer in ticks of about 10 ms so the offered rate is steady rather than one
  // huge burst. What is owed comes from the clock, not from counting ticks, so
  // a busy machine that wakes the timer late still offers the full rate.
  for (let elapsed = 0; elapsed < windowMs; elapsed = performance.now() - started) {
    const owed = Math.floor((elapsed / 1000) * options.offeredPerSecond) - offered;
    for (let i = 0; i < owed; i++) {
      offered++;
      inFlight.push(one());
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  stop.abort();
  await Promise.all(inFlight);
  return { offered, sent, ok, rateLimited, windowMs, achievedPerSecond: ok / options.seconds };
}
