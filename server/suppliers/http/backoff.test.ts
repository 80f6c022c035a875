import { describe, expect, it } from "vitest";
import { backoffDelayMs, serverRetryDelayMs } from "./backoff";

describe("backoffDelayMs (exponential, full jitter)", () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000 };

  it("the ceiling doubles per retry up to the cap", () => {
    const top = () => 0.999999;
    expect(backoffDelayMs(1, options, top)).toBe(99);
    expect(backoffDelayMs(2, options, top)).toBe(199);
    expect(backoffDelayMs(3, options, top)).toBe(399);
    expect(backoffDelayMs(4, options, top)).toBe(799);
    expect(backoffDelayMs(5, options, top)).toBe(999);
    expect(backoffDelayMs(50, options, top)).toBe(999);
  });

  it("full jitter: anywhere from 0 to the ceiling", () => {
    expect(backoffDelayMs(3, options, () => 0)).toBe(0);
    expect(backoffDelayMs(3, options, () => 0.5)).toBe(200);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(4, options);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
  });

  it("treats retry numbers below 1 as the first retry", () => {
    expect(backoffDelayMs(0, options, () => 0.5)).toBe(50);
    expect(backoffDelayMs(-3, options, () => 0.5)).toBe(50);
  });
});

describe("serverRetryDelayMs", () => {
  const now = Date.UTC(2026, 3, 12, 18, 0, 0);

  it("reads Retry-After in seconds", () => {
    expect(serverRetryDelayMs(new Headers({ "Retry-After": "2" }), now)).toBe(2000);
    expect(serverRetryDelayMs(new Headers({ "Retry-After": "0" }), now)).toBe(0);
    expect(serverRetryDelayMs(new Headers({ "Retry-After": "1.5" }), now)).toBe(1500);
  });

  it("reads Retry-After as an HTTP date", () => {
    const at = new Date(now + 5000).toUTCString();
    expect(serverRetryDelayMs(new Headers({ "Retry-After": at }), now)).toBe(5000);
  });

  it("falls back to X-RateLimit-Reset as unix seconds", () => {
    expect(serverRetryDelayMs(new Headers({ "X-RateLimit-Reset": String(now / 1000 + 3) }), now)).toBe(3000);
    expect(serverRetryDelayMs(new Headers({ "X-RateLimit-Reset": String(now / 1000 - 3) }), now)).toBe(0);
  });

  it("Retry-After wins over X-RateLimit-Reset; nothing means undefined", () => {
    expect(serverRetryDelayMs(new Headers({ "Retry-After": "1", "X-RateLimit-Reset": String(now / 1000 + 30) }), now)).toBe(1000);
    expect(serverRetryDelayMs(new Headers(), now)).toBeUndefined();
    expect(serverRetryDelayMs(new Headers({ "Retry-After": "soon" }), now)).toBeUndefined();
  });
});
