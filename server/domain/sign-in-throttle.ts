/**
 * How long someone must wait before the next password try, per account and per address: the first few mistakes are
 * free, then each one doubles the wait, up to a quarter of an hour. The same for an email that has no account, so the
 * wait never says whether one exists. A success clears the account's count.
 */
export const FREE_FAILURES = 5;
export const MAX_WAIT_SECONDS = 15 * 60;
/** Failures older than this are forgotten: someone who mistyped last week starts afresh. */
export const FORGET_AFTER_SECONDS = 24 * 60 * 60;

export function waitAfterFailures(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES), MAX_WAIT_SECONDS);
}

/** "Too many tries. Try again in 8 seconds." — said the same for every email, account or not. */
export function tryAgainMessage(seconds: number): string {
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? "" : "s"}`;
  return `Too many sign-in attempts. Try again in ${wait}.`;
}

/** next-auth carries an authorize() error's message to the page: this code, read back by the sign-in form. */
export const THROTTLED_PREFIX = "throttled:";
export const throttledCode = (seconds: number) => `${THROTTLED_PREFIX}${seconds}`;
export function secondsFromThrottledCode(code: string | null | undefined): number | null {
  if (!code?.startsWith(THROTTLED_PREFIX)) return null;
  const seconds = Number(code.slice(THROTTLED_PREFIX.length));
  return Number.isInteger(seconds) && seconds > 0 ? seconds : null;
}
