/**
 * When a signed-in session ends on its own: after the company's idle time without use, or its absolute time after
 * sign-in however busy. Pure, so server/sessions applies the same rule on every request.
 */

/** The longest a company may let a session live; the sign-in cookie's own lifetime is set to this, never shorter. */
export const MAX_SESSION_ABSOLUTE_HOURS = 24;
export const MAX_SESSION_IDLE_MINUTES = 24 * 60;
/** lastSeenAt is written at most this often, so a busy page does not cost a write per request. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
}

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export type SessionVerdict = { live: true; touch: boolean } | { live: false; reason: "idle" | "expired" };

/** A stored setting out of range (hand-edited, or older than a bound) is held to the bounds rather than trusted. */
const clamp = (value: number, min: number, max: number) => Math.min(Math.max(Math.floor(value) || min, min), max);

export function sessionVerdict(session: SessionTimes, limits: SessionLimits, now: Date): SessionVerdict {
  const absoluteMs = clamp(limits.absoluteHours, 1, MAX_SESSION_ABSOLUTE_HOURS) * 3_600_000;
  const idleMs = clamp(limits.idleMinutes, 1, MAX_SESSION_IDLE_MINUTES) * 60_000;
  const at = now.getTime();
  if (at - session.createdAt.getTime() >= absoluteMs) return { live: false, reason: "expired" };
  if (at - session.lastSeenAt.getTime() >= idleMs) return { live: false, reason: "idle" };
  return { live: true, touch: at - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS };
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/Windows/, "Windows"],
  [/CrOS/, "ChromeOS"],
  [/Mac OS X|Macintosh/, "Mac"],
  [/Linux/, "Linux"],
];

/** A user agent as a person recognises their device: "Chrome on Windows", "Safari on iPhone". */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent?.trim()) return "Unknown device";
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? "Unknown device";
}
