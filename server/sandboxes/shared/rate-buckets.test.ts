import { describe, expect, it } from "vitest";
import { RateBuckets } from "./rate-buckets";

describe("the sandboxes' own rate buckets", () => {
  it("let a burst through, refuse the next request with the wait until one is back, and refill at the rate", () => {
    let now = 1_000_000;
    const buckets = new RateBuckets({ ratePerSecond: 10, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take("token:a").waitMs)).toEqual([0, 0, 0]);
    const refused = buckets.take("token:a");
    expect(refused).toMatchObject({ waitMs: 100, remaining: 0, msUntilFull: 300 });
    now += 100;
    expect(buckets.take("token:a").waitMs).toBe(0);
    now += 10_000;
    expect(buckets.take("token:a")).toMatchObject({ waitMs: 0, remaining: 2 });
  });

  it("keep one bucket per caller, and a new limit starts everyone full", () => {
    const now = 5_000;
    const buckets = new RateBuckets({ ratePerSecond: 1, burst: 1 }, () => now);
    expect(buckets.take("token:a").waitMs).toBe(0);
    expect(buckets.take("token:a").waitMs).toBeGreaterThan(0);
    expect(buckets.take("token:b").waitMs).toBe(0);
    buckets.limit = { ratePerSecond: 1, burst: 2 };
    expect([buckets.take("token:a").waitMs, buckets.take("token:a").waitMs, buckets.take("token:a").waitMs]).toEqual([0, 0, 1000]);
  });
});
