/**
 * The password sign-in's brake: failures counted per account and per address in the database (so every portal
 * instance counts together), the wait worked out by server/domain/sign-in-throttle.ts.
 */
import { inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { signInFailures } from "@/db/schema";
import { FORGET_AFTER_SECONDS, waitAfterFailures } from "@/server/domain/sign-in-throttle";

/** The counters a try is held to: the email typed (account or not), and the address it came from when known. */
export function throttleKeys(email: unknown, address: string | null): string[] {
  const keys: string[] = [];
  if (typeof email === "string" && email.trim()) keys.push(`account:${email.trim().toLowerCase().slice(0, 320)}`);
  if (address) keys.push(`address:${address.slice(0, 100)}`);
  return keys;
}

/** Seconds until a password may be tried again under these keys; 0: now. */
export async function secondsToWait(db: Database, keys: string[], now = new Date()): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db.select({ blockedUntil: signInFailures.blockedUntil }).from(signInFailures).where(inArray(signInFailures.key, keys));
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordFailedSignIn(db: Database, keys: string[], now = new Date()): Promise<void> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_SECONDS * 1000);
  for (const key of keys) {
    const [row] = await db
      .insert(signInFailures)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: signInFailures.key,
        set: {
          failures: sql`case when ${signInFailures.lastFailureAt} < ${forgetBefore.toISOString()} then 1 else ${signInFailures.failures} + 1 end`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: signInFailures.failures });
    const wait = waitAfterFailures(row!.failures);
    if (wait > 0) {
      await db
        .update(signInFailures)
        .set({ blockedUntil: new Date(now.getTime() + wait * 1000) })
        .where(inArray(signInFailures.key, [key]));
    }
  }
}

/** A right password clears the account's count; the address keeps its own, so one good account cannot launder guesses. */
export async function clearAccountFailures(db: Database, keys: string[]): Promise<void> {
  const accounts = keys.filter((k) => k.startsWith("account:"));
  if (accounts.length) await db.delete(signInFailures).where(inArray(signInFailures.key, accounts));
}
