import { describe, expect, it } from "vitest";
import { rateLimitResetMs, retryAfterMs, serverPauseMs } from "./backoff";
import { TokenBucket, clientPaceFor, sharedTokenBucket } from "./rate-limiter";
import {
  DEFAULT_RATE_LIMIT_PROFILE,
  HYGRADE_RATE_LIMIT_PROFILE,
  ORDERSPACE_RATE_LIMIT_PROFILE,
  RATE_LIMIT_PROFILES,
  YODIFY_RATE_LIMIT_PROFILE,
  connectionLimiter,
  maxRequestsInWindow,
  rateLimitProfileFor,
} from "./rate-limits";
import { DEFAULT_RETRY_POLICY } from "./request";
import { fakeClock } from "@/server/testing/fake-clock";

/** Most of `times` (ms) inside any half-open window [t, t + ms). */
function busiestWindow(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("rate limit profiles", () => {
  it("name each supplier's documented limits", () => {
    expect(HYGRADE_RATE_LIMIT_PROFILE).toMatchObject({ ratePerSecond: 120, burst: 240, basis: "documented" });
    expect(YODIFY_RATE_LIMIT_PROFILE).toMatchObject({ ratePerSecond: 10, burst: 20 });
    expect(ORDERSPACE_RATE_LIMIT_PROFILE).toMatchObject({ window: { requests: 60, ms: 60_000 }, cooldownAfter429Ms: 60_000, basis: "documented" });
    expect(Object.keys(RATE_LIMIT_PROFILES).sort()).toEqual(["hygrade", "hypatos", "ordercloud", "orderspace", "yodify"]);
    for (const [name, profile] of Object.entries(RATE_LIMIT_PROFILES)) expect(profile.supplier).toBe(name);
  });

  it("a profile stated per window never lets more than the window's limit out, documented or paced, under saturation", async () => {
    for (const profile of Object.values(RATE_LIMIT_PROFILES)) {
      if (!profile.window) continue;
      for (const pace of [profile, clientPaceFor(profile)]) {
        expect(maxRequestsInWindow(pace, profile.window.ms), profile.supplier).toBeLessThanOrEqual(profile.window.requests);
        // And the bucket itself, taken as fast as it allows for three windows.
        const clock = fakeClock();
        const bucket = new TokenBucket({ ...pace, now: clock.now, sleep: clock.sleep });
        const times: number[] = [];
        while (clock.now() - 1_000_000 < profile.window.ms * 3) {
          await bucket.take();
          times.push(clock.now());
        }
        expect(busiestWindow(times, profile.window.ms), profile.supplier).toBeLessThanOrEqual(profile.window.requests);
        // Still most of the allowed throughput.
        expect(busiestWindow(times, profile.window.ms), profile.supplier).toBeGreaterThanOrEqual(profile.window.requests * 0.5);
      }
    }
  });

  it("Orderspace's paced limiter keeps under 60 in any minute at 1 request a second", () => {
    const pace = clientPaceFor(ORDERSPACE_RATE_LIMIT_PROFILE);
    expect(pace.burst).toBe(1);
    expect(maxRequestsInWindow(pace, 60_000)).toBeLessThanOrEqual(60);
    expect(maxRequestsInWindow(pace, 60_000)).toBeGreaterThanOrEqual(58);
  });

  it("Orderspace's retry policy lets a caller wait out the 60 s cooldown; the default would not", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, ...ORDERSPACE_RATE_LIMIT_PROFILE.retry };
    expect(policy.maxRetryAfterMs).toBeGreaterThanOrEqual(ORDERSPACE_RATE_LIMIT_PROFILE.cooldownAfter429Ms);
    expect(policy.deadlineMs).toBeGreaterThan(ORDERSPACE_RATE_LIMIT_PROFILE.cooldownAfter429Ms);
    expect(DEFAULT_RETRY_POLICY.maxRetryAfterMs).toBeLessThan(ORDERSPACE_RATE_LIMIT_PROFILE.cooldownAfter429Ms);
  });

  it("rateLimitProfileFor: unknown suppliers get the conservative default, configured numbers win", () => {
    expect(rateLimitProfileFor("hygrade")).toBe(HYGRADE_RATE_LIMIT_PROFILE);
    expect(rateLimitProfileFor("acme")).toMatchObject({ ...DEFAULT_RATE_LIMIT_PROFILE, supplier: "acme" });
    expect(rateLimitProfileFor("toString").supplier).toBe("toString");
    expect(rateLimitProfileFor("orderspace", { ratePerSecond: 0.5, burst: undefined })).toMatchObject({
      ratePerSecond: 0.5,
      burst: 1,
      cooldownAfter429Ms: 60_000,
    });
  });

  it("connectionLimiter is shared per key, paced under the profile, with its cooldown", () => {
    const a = connectionLimiter("orderspace\u0000test-conn", ORDERSPACE_RATE_LIMIT_PROFILE);
    expect(connectionLimiter("orderspace\u0000test-conn", ORDERSPACE_RATE_LIMIT_PROFILE)).toBe(a);
    expect(a.cooldownAfter429Ms).toBe(60_000);
    expect(a.ratePerSecond).toBeLessThan(1);
    // The existing two-field call still works and yields the same kind of bucket.
    expect(sharedTokenBucket("plain\u0000conn", { ratePerSecond: 5, burst: 5 }).cooldownAfter429Ms).toBe(0);
  });
});

describe("rate-limit headers", () => {
  const now = Date.UTC(2026, 3, 12, 18, 0, 0);

  it("X-RateLimit-Reset above a year of seconds is epoch seconds, below it seconds from now", () => {
    expect(rateLimitResetMs(new Headers({ "X-RateLimit-Reset": String(now / 1000 + 7) }), now)).toBe(7000);
    expect(rateLimitResetMs(new Headers({ "x-ratelimit-reset": "21" }), now)).toBe(21_000);
    expect(rateLimitResetMs(new Headers({ "x-ratelimit-reset": String(now / 1000 - 5) }), now)).toBe(0);
    expect(rateLimitResetMs(new Headers({ "x-ratelimit-reset": "later" }), now)).toBeUndefined();
  });

  it("Retry-After as delta-seconds or HTTP-date", () => {
    expect(retryAfterMs(new Headers({ "Retry-After": "120" }), now)).toBe(120_000);
    expect(retryAfterMs(new Headers({ "Retry-After": new Date(now + 9000).toUTCString() }), now)).toBe(9000);
    expect(retryAfterMs(new Headers({ "Retry-After": new Date(now - 9000).toUTCString() }), now)).toBe(0);
  });

  it("serverPauseMs: remaining 0 pauses until the reset, before any 429; remaining above 0 does not", () => {
    expect(serverPauseMs(200, new Headers({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "21", "x-ratelimit-limit": "10, 10;w=1" }), now)).toBe(21_000);
    expect(serverPauseMs(200, new Headers({ "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(now / 1000 + 2) }), now)).toBe(2000);
    expect(serverPauseMs(200, new Headers({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": "21" }), now)).toBeUndefined();
    expect(serverPauseMs(200, new Headers({ "x-ratelimit-remaining": "0" }), now)).toBeUndefined();
    expect(serverPauseMs(200, new Headers(), now)).toBeUndefined();
  });

  it("serverPauseMs on a 429: the later of Retry-After and the reset, 0 when neither is sent", () => {
    expect(serverPauseMs(429, new Headers({ "Retry-After": "1", "X-RateLimit-Reset": String(now / 1000 + 3) }), now)).toBe(3000);
    expect(serverPauseMs(429, new Headers({ "Retry-After": "5", "x-ratelimit-reset": "2" }), now)).toBe(5000);
    expect(serverPauseMs(429, new Headers(), now)).toBe(0);
  });
});

describe("TokenBucket pause (the 429 cooldown)", () => {
  it("Orderspace: after a 429 with no headers, nothing for 60 s; every queued caller then goes, none fails", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({
      ...clientPaceFor(ORDERSPACE_RATE_LIMIT_PROFILE),
      cooldownAfter429Ms: ORDERSPACE_RATE_LIMIT_PROFILE.cooldownAfter429Ms,
      now: clock.now,
      sleep: clock.sleep,
    });
    await bucket.take();
    const at429 = clock.now();
    expect(bucket.observe(429, new Headers())).toBe(60_000);
    expect(bucket.tryTake()).toBe(60_000);
    const released: number[] = [];
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => bucket.take().then(() => released.push(clock.now() - at429))));
    expect(outcomes.every((o) => o.status === "fulfilled")).toBe(true);
    expect(released).toHaveLength(4);
    expect(Math.min(...released)).toBeGreaterThanOrEqual(60_000);
    // And then paced again, not all at once.
    expect(released[3]! - released[0]!).toBeGreaterThanOrEqual(3000);
  });

  it("the server's wait wins when longer than the cooldown; a shorter one never cuts the cooldown short", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, cooldownAfter429Ms: 60_000, now: clock.now, sleep: clock.sleep });
    expect(bucket.observe(429, new Headers({ "Retry-After": "90" }))).toBe(90_000);
    expect(bucket.pausedForMs()).toBe(90_000);
    bucket.observe(429, new Headers({ "Retry-After": "5" }));
    expect(bucket.pausedForMs()).toBe(90_000);
    clock.advance(90_000);
    expect(bucket.pausedForMs()).toBe(0);
    expect(bucket.tryTake()).toBe(0);
  });

  it("x-ratelimit-remaining: 0 on a 200 pauses the bucket until the reset", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 100, burst: 100, now: clock.now });
    expect(bucket.observe(200, new Headers({ "x-ratelimit-remaining": "1", "x-ratelimit-reset": "4" }))).toBe(0);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.observe(200, new Headers({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "4" }))).toBe(4000);
    expect(bucket.tryTake()).toBe(4000);
    clock.advance(4000);
    expect(bucket.tryTake()).toBe(0);
  });

  it("a caller who gives up during a long pause leaves at once and takes nothing", async () => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    const sleep = (ms: number) => new Promise<void>((resolve) => void timers.push(setTimeout(resolve, ms)));
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, cooldownAfter429Ms: 60_000, sleep });
    bucket.observe(429, new Headers());
    const giveUp = new AbortController();
    const started = Date.now();
    const waiting = bucket.take(giveUp.signal);
    setTimeout(() => giveUp.abort(new Error("buyer left")), 30);
    await expect(waiting).rejects.toThrow("buyer left");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(bucket.pausedForMs()).toBeGreaterThan(50_000);
    timers.forEach(clearTimeout);
  });
});
