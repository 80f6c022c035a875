/**
 * What a scale seeder hands the HTTP benchmark (bench/scale/run.ts): the seeder fills a fresh, migrated database before
 * the portal starts (PGlite allows one process per data folder, so seeding and serving never overlap), and names the
 * requests to load, each as a person who signs in with the seeded password.
 */
import type { Database } from "@/db/client";

export type BenchSize = "quick" | "full";

/** Called as rows go in, so a long seed shows a progress bar. */
export type SeedProgress = (label: string, done: number, total: number) => void;

export interface BenchQuery {
  /** What the figure is called in bench/results, e.g. "search: broad word (paper)". */
  label: string;
  /** A tRPC query procedure, e.g. "catalog.searchAll"; loaded as GET /api/trpc/<procedure>?input=... */
  procedure: string;
  input: unknown;
  /** The email of a seeded person allowed to call it. */
  signInAs: string;
}

export interface SeededScale {
  /** Every seeded person's password. */
  password: string;
  queries: BenchQuery[];
  /** Row counts worth printing beside the figures, e.g. { "catalog items": 100000 }. */
  rows: Record<string, number>;
}

export type ScaleSeeder = (db: Database, size: BenchSize, progress: SeedProgress) => Promise<SeededScale>;
