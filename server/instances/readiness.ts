/**
 * Whether this instance should be sent requests (the load balancer's check, /api/ready): the database answers, every
 * migration this build knows of is applied, and some worker finished a pass lately (a portal whose orders nobody sends
 * is not ready, even if its pages load).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER, type Database } from "@/db/client";
import { rowsOf, secondsSinceLastBeat } from "@/server/jobs/job-leases";

export interface Readiness {
  ready: boolean;
  database: "reachable" | "unreachable";
  migrations: "current" | "behind" | "unknown";
  worker: "alive" | "stale" | "never seen" | "unknown";
  /** Seconds since a worker last finished a pass. */
  workerSecondsAgo: number | null;
}

/** The newest migration this build ships, as drizzle records it (the journal's `when`, its created_at). */
function newestMigrationMillis(): number {
  const journal = JSON.parse(readFileSync(path.join(/*turbopackIgnore: true*/ MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((e) => e.when));
}

export async function readiness(db: Database, options: { workerStaleSeconds: number }): Promise<Readiness> {
  const answer: Readiness = { ready: false, database: "unreachable", migrations: "unknown", worker: "unknown", workerSecondsAgo: null };
  try {
    const rows = rowsOf<{ newest: string | number | null }>(await db.execute(sql`select max(created_at) as newest from drizzle.__drizzle_migrations`));
    answer.database = "reachable";
    answer.migrations = Number(rows[0]?.newest ?? 0) >= newestMigrationMillis() ? "current" : "behind";
    const age = await secondsSinceLastBeat(db);
    answer.workerSecondsAgo = age === null ? null : Math.round(age);
    answer.worker = age === null ? "never seen" : age <= options.workerStaleSeconds ? "alive" : "stale";
  } catch {
    // Whatever failed is left as unreachable or unknown: the balancer only needs "not ready".
  }
  answer.ready = answer.database === "reachable" && answer.migrations === "current" && answer.worker === "alive";
  return answer;
}
