import { describe, expect, it } from "vitest";
import { MAX_WAIT_SECONDS, secondsFromThrottledCode, throttledCode, tryAgainMessage, waitAfterFailures } from "./sign-in-throttle";

describe("sign-in throttle", () => {
  it("lets a few mistakes through, then doubles the wait up to a quarter of an hour", () => {
    expect([0, 1, 4].map(waitAfterFailures)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 10].map(waitAfterFailures)).toEqual([1, 2, 4, 32]);
    expect(waitAfterFailures(30)).toBe(MAX_WAIT_SECONDS);
  });

  it("says when to try again in words, and round-trips its code through the sign-in page", () => {
    expect(tryAgainMessage(1)).toBe("Too many sign-in attempts. Try again in 1 second.");
    expect(tryAgainMessage(90)).toBe("Too many sign-in attempts. Try again in 2 minutes.");
    expect(secondsFromThrottledCode(throttledCode(32))).toBe(32);
    expect(secondsFromThrottledCode("CredentialsSignin")).toBeNull();
    expect(secondsFromThrottledCode("throttled:abc")).toBeNull();
  });
});
