import { describe, expect, it } from "vitest";
import { TokenBucket, sharedTokenBucket } from "./rate-limiter";
import { fakeClock } from "@/server/testing/fake-clock";

describe("TokenBucket", () => {
  it("starts full and allows exactly the burst at once", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 120, burst: 240, now: clock.now });
    for (let i = 0; i < 240; i++) expect(bucket.tryTake()).toBe(0);
    expect(bucket.remaining()).toBe(0);
    const wait = bucket.tryTake();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(9); // one token per 1000/120 ms
  });

  it("refills at the rate, never above the burst", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 5, now: clock.now });
    for (let i = 0; i < 5; i++) bucket.tryTake();
    expect(bucket.tryTake()).toBe(100);
    clock.advance(250);
    expect(bucket.remaining()).toBe(2);
    clock.advance(10_000);
    expect(bucket.remaining()).toBe(5);
    expect(bucket.msUntilFull()).toBe(0);
  });

  it("a refused tryTake takes nothing and says how long to wait", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 4, burst: 1, now: clock.now });
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(250);
    clock.advance(100);
    expect(bucket.tryTake()).toBe(150);
    clock.advance(150);
    expect(bucket.tryTake()).toBe(0);
  });

  it("take() queues callers in order and waits instead of failing", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    const finished: { index: number; at: number }[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        bucket.take().then(() => {
          finished.push({ index, at: clock.now() - start });
        }),
      ),
    );
    expect(finished.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
    // Two from the burst at once, then one every 100 ms.
    expect(finished.map((f) => f.at)).toEqual([0, 0, 100, 200, 300, 400]);
  });

  it("really waits with real timers", async () => {
    const bucket = new TokenBucket({ ratePerSecond: 50, burst: 1 });
    const started = Date.now();
    await Promise.all([bucket.take(), bucket.take(), bucket.take()]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  it("rejects nonsense settings", () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });

  it("shares one bucket per key", () => {
    const a = sharedTokenBucket("conn-a", { ratePerSecond: 120, burst: 240 });
    expect(sharedTokenBucket("conn-a", { ratePerSecond: 120, burst: 240 })).toBe(a);
    expect(sharedTokenBucket("conn-b", { ratePerSecond: 120, burst: 240 })).not.toBe(a);
  });
});
