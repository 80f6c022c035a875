/**
 * A periodic job (escalations, reminders, status refreshes) run by one worker at a time, whichever instance: the job's
 * row in worker_job_leases is taken with a single upsert that only succeeds once the last lease has run out. One
 * statement, no session state, so it holds through PgBouncer's transaction pooling and on PGlite alike.
 */
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";

/** Takes the job for `leaseMs`, or returns false when another worker holds it or ran it less than its period ago. */
export async function claimJob(db: Database, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const result = await db.execute<{ name: string }>(sql`
    insert into worker_job_leases (name, locked_until, holder)
    values (${name}, clock_timestamp() + ${leaseMs} * interval '1 millisecond', ${holder})
    on conflict (name) do update set locked_until = excluded.locked_until, holder = excluded.holder
    where worker_job_leases.locked_until <= clock_timestamp()
    returning name`);
  return rowsOf(result).length > 0;
}

/** Done: the job is next due `everyMs` after it was claimed (the holder check keeps a late finisher from freeing a newer lease). */
export async function finishJob(db: Database, name: string, holder: string, nextDueInMs: number): Promise<void> {
  await db.execute(sql`
    update worker_job_leases set locked_until = clock_timestamp() + ${nextDueInMs} * interval '1 millisecond'
    where name = ${name} and holder = ${holder}`);
}

/** Runs `job` if this worker gets its lease; the next run anywhere is `everyMs` later. */
export async function runOnce<T>(db: Database, name: string, holder: string, everyMs: number, job: () => Promise<T>): Promise<T | undefined> {
  // A lease outlives the longest pass; should a worker die holding it, the job waits this long, never runs twice.
  const leaseMs = Math.max(everyMs, 5 * 60_000);
  if (!(await claimJob(db, name, holder, leaseMs))) return undefined;
  const started = Date.now();
  try {
    return await job();
  } finally {
    // Due again a period after it started (less a little, so a worker ticking at the same period never skips one).
    await finishJob(db, name, holder, Math.max(0, everyMs - (Date.now() - started) - 500));
  }
}

export async function beat(db: Database, workerId: string): Promise<void> {
  await db
    .insert(workerHeartbeats)
    .values({ workerId, beatAt: sql`now()` })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { beatAt: sql`now()` } });
}

/** Seconds since any worker last finished a pass, or null when none ever did. */
export async function secondsSinceLastBeat(db: Database): Promise<number | null> {
  const result = await db.execute<{ age: string | number | null }>(sql`select extract(epoch from (now() - max(beat_at))) as age from worker_heartbeats`);
  const age = rowsOf<{ age: string | number | null }>(result)[0]?.age;
  return age === null || age === undefined ? null : Number(age);
}

/** node-postgres answers { rows }, PGlite too; drizzle's execute types differ per driver. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
