import { describe, expect, it } from "vitest";
import { describeDevice, MAX_SESSION_ABSOLUTE_HOURS, sessionVerdict } from "./sessions";

const start = new Date("2026-12-03T08:00:00Z");
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);
const limits = { idleMinutes: 30, absoluteHours: 12 };

describe("sessionVerdict", () => {
  it("keeps a session in use, and touches it at most once a minute", () => {
    expect(sessionVerdict({ createdAt: start, lastSeenAt: start }, limits, minutes(0.5))).toEqual({ live: true, touch: false });
    expect(sessionVerdict({ createdAt: start, lastSeenAt: start }, limits, minutes(1))).toEqual({ live: true, touch: true });
  });

  it("ends a session unused for the idle time", () => {
    expect(sessionVerdict({ createdAt: start, lastSeenAt: minutes(10) }, limits, minutes(39))).toMatchObject({ live: true });
    expect(sessionVerdict({ createdAt: start, lastSeenAt: minutes(10) }, limits, minutes(40))).toEqual({ live: false, reason: "idle" });
  });

  it("ends a busy session at the absolute time after sign-in", () => {
    expect(sessionVerdict({ createdAt: start, lastSeenAt: minutes(12 * 60 - 1) }, limits, minutes(12 * 60 - 0.5))).toMatchObject({ live: true });
    expect(sessionVerdict({ createdAt: start, lastSeenAt: minutes(12 * 60 - 1) }, limits, minutes(12 * 60))).toEqual({ live: false, reason: "expired" });
  });

  it("follows the company's own limits", () => {
    const strict = { idleMinutes: 5, absoluteHours: 1 };
    expect(sessionVerdict({ createdAt: start, lastSeenAt: start }, strict, minutes(5))).toEqual({ live: false, reason: "idle" });
    expect(sessionVerdict({ createdAt: start, lastSeenAt: minutes(58) }, strict, minutes(60))).toEqual({ live: false, reason: "expired" });
  });

  it("never lets a stored setting outlive the sign-in cookie", () => {
    const generous = { idleMinutes: 100_000, absoluteHours: 1_000 };
    const end = MAX_SESSION_ABSOLUTE_HOURS * 60;
    expect(sessionVerdict({ createdAt: start, lastSeenAt: minutes(end - 1) }, generous, minutes(end))).toEqual({ live: false, reason: "expired" });
  });
});

describe("describeDevice", () => {
  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Windows"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      "Safari on iPhone",
    ],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Mac"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"],
    ["curl/8.5.0", "Unknown device"],
    [null, "Unknown device"],
  ])("%s is %s", (userAgent, expected) => {
    expect(describeDevice(userAgent)).toBe(expected);
  });
});
