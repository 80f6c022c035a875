/**
 * What several portal instances and worker processes on one PostgreSQL keep together about each supplier connection:
 * its rate limit (GCRA in supplier_rate_buckets, one upsert per request, the database's clock for all) and its OAuth
 * token (supplier_tokens, sealed with the portal's keyring; fetched under a transaction-level advisory lock so a burst
 * of instances starting asks the token endpoint once). Only transaction-scoped locks: PgBouncer in transaction mode
 * hands each transaction a different server connection, so a session-level lock would be held by nobody in particular.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rowsOf } from "@/server/jobs/job-leases";
import { openSecret, sealSecret, SealedValueError } from "@/server/secrets";
import { registerSharedRateStore, type SharedRateStore } from "@/server/suppliers/http/rate-limiter";
import { registerSharedTokenStore, type CachedToken, type SharedTokenStore } from "@/server/suppliers/http/token-cache";

/** The connection's key as stored: hashed, since a limiter's key joins its parts with NUL, which text cannot hold. */
const storedKey = (key: string) => createHash("sha256").update(key).digest("hex");

export function postgresRateStore(db: Database): SharedRateStore {
  return {
    async take(key, pace) {
      // GCRA: a request is let through while the theoretical arrival time is at most (burst - 1) intervals ahead.
      const interval = 1000 / pace.ratePerSecond;
      const tolerance = (pace.burst - 1) * interval;
      const result = await db.execute<{ allowed: boolean; tat_ms: number; paused_until_ms: number; checked_at_ms: number }>(sql`
        insert into supplier_rate_buckets as b (key, tat_ms, paused_until_ms, allowed, checked_at_ms)
        select ${storedKey(key)}, t.now + ${interval}::float8, 0, true, t.now
        from (select extract(epoch from clock_timestamp())::float8 * 1000 as now) t
        on conflict (key) do update set
          allowed = b.paused_until_ms <= excluded.checked_at_ms
            and greatest(b.tat_ms, excluded.checked_at_ms) - excluded.checked_at_ms <= ${tolerance}::float8,
          tat_ms = case
            when b.paused_until_ms <= excluded.checked_at_ms
              and greatest(b.tat_ms, excluded.checked_at_ms) - excluded.checked_at_ms <= ${tolerance}::float8
            then greatest(b.tat_ms, excluded.checked_at_ms) + ${interval}::float8
            else b.tat_ms end,
          checked_at_ms = excluded.checked_at_ms
        returning allowed, tat_ms, paused_until_ms, checked_at_ms`);
      const row = rowsOf<{ allowed: boolean; tat_ms: number; paused_until_ms: number; checked_at_ms: number }>(result)[0]!;
      const now = Number(row.checked_at_ms);
      const pausedForMs = Math.max(0, Number(row.paused_until_ms) - now);
      if (row.allowed) return { waitMs: 0, pausedForMs: 0 };
      return { waitMs: Math.max(pausedForMs, Number(row.tat_ms) - now - tolerance, 1), pausedForMs };
    },
    async pause(key, ms) {
      await db.execute(sql`
        insert into supplier_rate_buckets as b (key, tat_ms, paused_until_ms, allowed, checked_at_ms)
        select ${storedKey(key)}, t.now, t.now + ${ms}::float8, false, t.now
        from (select extract(epoch from clock_timestamp())::float8 * 1000 as now) t
        on conflict (key) do update set paused_until_ms = greatest(b.paused_until_ms, excluded.paused_until_ms)`);
    },
  };
}

export function postgresTokenStore(db: Database): SharedTokenStore {
  const read = async (tx: Pick<Database, "execute">, key: string): Promise<CachedToken | null> => {
    const rows = rowsOf<{ sealed_token: string; refresh_ms: number | string }>(
      await tx.execute(sql`select sealed_token, extract(epoch from refresh_at) * 1000 as refresh_ms from supplier_tokens where key = ${key}`),
    );
    const row = rows[0];
    if (!row) return null;
    try {
      return { accessToken: openSecret(row.sealed_token), refreshAt: Number(row.refresh_ms) };
    } catch (error) {
      // Sealed under a key since rotated out: a token lives minutes, so it is fetched anew rather than re-sealed.
      if (error instanceof SealedValueError) return null;
      throw error;
    }
  };
  return {
    async getOrFetch(key, fetch, now) {
      const fresh = await read(db, key);
      if (fresh && now < fresh.refreshAt) return fresh;
      return db.transaction(async (tx) => {
        // One process fetches; the others wait here and then read what it stored.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`supplier-token:${key}`}, 0))`);
        const stored = await read(tx, key);
        if (stored && Date.now() < stored.refreshAt) return stored;
        const token = await fetch();
        await tx.execute(sql`
          insert into supplier_tokens (key, sealed_token, refresh_at)
          values (${key}, ${sealSecret(token.accessToken)}, to_timestamp(${token.refreshAt / 1000}))
          on conflict (key) do update set sealed_token = excluded.sealed_token, refresh_at = excluded.refresh_at`);
        return token;
      });
    },
    async forget(key, accessToken) {
      const stored = await read(db, key);
      if (stored?.accessToken === accessToken) await db.execute(sql`delete from supplier_tokens where key = ${key}`);
    },
  };
}

/** From now on this process keeps supplier limits and tokens together with every other process on this PostgreSQL. */
export function shareSupplierStateThrough(db: Database): void {
  registerSharedRateStore(postgresRateStore(db));
  registerSharedTokenStore(postgresTokenStore(db));
}
