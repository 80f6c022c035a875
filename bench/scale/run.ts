/**
 * The scale benchmark: for PGlite and for PostgreSQL side by side, a fresh database is filled by the scale seeders
 * (100,000 catalog items, a million requisitions; `--quick` far fewer), the portal is started in production mode with
 * its sandboxes on that database, and each seeded request is loaded over HTTP with autocannon at several
 * concurrencies, as the signed-in person a browser would be. Then the paths that write: checkout submit, a cart's live
 * re-price against four suppliers with fixed latencies. Figures only; nothing here passes or fails.
 */
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import cliProgress from "cli-progress";
import pg from "pg";
import { openDatabase } from "@/db/client";
import { launchPortal, signIn, trpc, type LaunchedPortal } from "../production-portal";
import type { BenchQuery, BenchSize, ScaleSeeder, SeededScale } from "./scenario";
import { seedCatalogScale } from "./catalog-seed";
import { seedRequisitionsScale } from "./requisitions-seed";
import { checkoutBench, repriceBench } from "./writes";

export type DatabaseKind = "pglite" | "postgres";

export interface LoadFigure {
  label: string;
  database: DatabaseKind;
  connections: number;
  p50: number;
  p99: number;
  requestsPerSecond: number;
  requests: number;
  /** Answers that were not 2xx, and connection errors: a figure with these is not a clean one. */
  failures: number;
}

export interface ScaleResults {
  at: string;
  size: BenchSize;
  cores: number;
  cpu: string;
  rows: Partial<Record<DatabaseKind, Record<string, number>>>;
  seedSeconds: Partial<Record<DatabaseKind, number>>;
  load: LoadFigure[];
  writes: Record<string, number | string>[];
  skipped: string[];
}

const SEEDERS: { name: string; seed: ScaleSeeder }[] = [
  { name: "catalog", seed: seedCatalogScale },
  { name: "requisitions", seed: seedRequisitionsScale },
];

const PORT = Number(process.env.BENCH_SCALE_PORT ?? 3350);
const SANDBOX_STATE_DIR = path.join(".data", "bench-scale-sandboxes");

/** A database of the run's own: a PGlite folder under .data/, or a database made on the PostgreSQL server (dropped after). */
async function freshDatabase(
  kind: DatabaseKind,
  serverUrl: string | undefined,
): Promise<{ env: Record<string, string>; open: () => ReturnType<typeof openDatabase>; drop: () => Promise<void> }> {
  const stamp = `${Date.now()}`;
  if (kind === "pglite") {
    const dataDir = path.join(".data", `bench-scale-pglite-${stamp}`);
    return { env: { PGLITE_DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const server = new URL(serverUrl!);
  const name = `bench_scale_${stamp}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    // No worker beside the reads: the seeded orders' status refreshes would ask placeholder suppliers while the figures
    // are taken (PGlite allows no worker of its own process, so there the portal keeps its in-process one).
    env: { DATABASE_URL: url.toString(), PORTAL_WORKER: "off" },
    open: () => openDatabase({ url: url.toString() }),
    drop: async () => {
      const client = new pg.Client({ connectionString: server.toString() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

async function seedAll(kind: DatabaseKind, open: () => ReturnType<typeof openDatabase>, size: BenchSize) {
  const handle = await open();
  await handle.migrate();
  const bars = new cliProgress.MultiBar(
    { format: `  ${kind} {label} [{bar}] {percentage}% {value}/{total}`, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 10_000 },
    cliProgress.Presets.shades_classic,
  );
  const seeded: SeededScale[] = [];
  const started = performance.now();
  try {
    for (const { name, seed } of SEEDERS) {
      const shown = new Map<string, cliProgress.SingleBar>();
      seeded.push(
        await seed(handle.db, size, (label, done, total) => {
          const key = `${name}: ${label}`;
          let bar = shown.get(key);
          if (!bar) {
            bar = bars.create(total, 0, { label: key });
            shown.set(key, bar);
          }
          bar.setTotal(total);
          bar.update(done, { label: key });
        }),
      );
    }
  } finally {
    bars.stop();
    await handle.close();
  }
  return { seeded, seconds: (performance.now() - started) / 1000 };
}

async function load(portal: LaunchedPortal, cookie: string, query: BenchQuery, connections: number, seconds: number) {
  const url = `${portal.baseUrl}/api/trpc/${query.procedure}?input=${encodeURIComponent(JSON.stringify({ json: query.input }))}`;
  const result = await autocannon({ url, connections, duration: seconds, headers: { cookie } });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

export async function runScaleBench(options: { size: BenchSize; databases: DatabaseKind[] }): Promise<ScaleResults> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const results: ScaleResults = {
    at: new Date().toISOString(),
    size: options.size,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    rows: {},
    seedSeconds: {},
    load: [],
    writes: [],
    skipped: [],
  };
  const seconds = options.size === "quick" ? 3 : 10;
  for (const kind of options.databases) {
    if (kind === "postgres" && !serverUrl) {
      results.skipped.push("PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a server the bench may create a database on");
      continue;
    }
    console.log(`\n## ${kind}: seeding (${options.size})`);
    const database = await freshDatabase(kind, serverUrl);
    try {
      const { seeded, seconds: seedSeconds } = await seedAll(kind, database.open, options.size);
      results.seedSeconds[kind] = Math.round(seedSeconds);
      results.rows[kind] = Object.assign({}, ...seeded.map((s) => s.rows));
      console.log(`  seeded in ${Math.round(seedSeconds)} s: ${JSON.stringify(results.rows[kind])}`);
      // Sandboxes that remember nothing, like the database.
      rmSync(SANDBOX_STATE_DIR, { recursive: true, force: true });
      const portal = await launchPortal({
        port: PORT,
        quiet: true,
        env: { ...database.env, SANDBOX_STATE_DIR, PORTAL_RESET_DATA: "0" },
      });
      try {
        const cookies = new Map<string, string>();
        for (const set of seeded)
          for (const query of set.queries)
            if (!cookies.has(query.signInAs)) cookies.set(query.signInAs, await signIn(portal.baseUrl, query.signInAs, set.password));
        for (const query of seeded.flatMap((s) => s.queries)) {
          const cookie = cookies.get(query.signInAs)!;
          // Warm: the first answers pay for compiling the route and filling the database's caches.
          await trpc(portal.baseUrl, cookie, query.procedure, query.input, "GET");
          for (const connections of [1, 10, 50]) {
            const figure = { label: query.label, database: kind, connections, ...(await load(portal, cookie, query, connections, seconds)) };
            results.load.push(figure);
            console.log(
              `  ${query.label.padEnd(48)} c=${String(connections).padStart(2)}  p50 ${figure.p50} ms  p99 ${figure.p99} ms  ${Math.round(figure.requestsPerSecond)} req/s${figure.failures ? `  (${figure.failures} failed)` : ""}`,
            );
          }
        }
        for (const write of [checkoutBench, repriceBench]) {
          const figures = { database: kind, ...(await write(portal, options.size)) };
          results.writes.push(figures);
          console.log(`  ${JSON.stringify(figures)}`);
        }
      } finally {
        await portal.close();
      }
    } finally {
      await database.drop();
    }
  }
  return results;
}

/** The results as a markdown page: every figure, PGlite and PostgreSQL side by side. */
export function scaleMarkdown(results: ScaleResults): string {
  const lines = [
    `# Scale benchmark (${results.size})`,
    "",
    `${results.at}; ${results.cores} cores (${results.cpu}).`,
    "",
    "## Rows seeded",
    "",
    "| rows | PGlite | PostgreSQL |",
    "| --- | ---: | ---: |",
  ];
  const rowNames = [...new Set(Object.values(results.rows).flatMap((r) => Object.keys(r ?? {})))];
  for (const name of rowNames)
    lines.push(
      `| ${name} | ${results.rows.pglite?.[name]?.toLocaleString("en-US") ?? "–"} | ${results.rows.postgres?.[name]?.toLocaleString("en-US") ?? "–"} |`,
    );
  lines.push(
    `| seed time (s) | ${results.seedSeconds.pglite ?? "–"} | ${results.seedSeconds.postgres ?? "–"} |`,
    "",
    "## Reads over HTTP (autocannon; latency in ms)",
    "",
    "| request | concurrency | PGlite p50 | PGlite p99 | PGlite req/s | PostgreSQL p50 | PostgreSQL p99 | PostgreSQL req/s |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  const cell = (f: LoadFigure | undefined) =>
    f ? `${f.p50} | ${f.p99}${f.failures ? ` (${f.failures} failed)` : ""} | ${Math.round(f.requestsPerSecond)}` : "– | – | –";
  const keys = [...new Set(results.load.map((f) => `${f.label}\u0000${f.connections}`))];
  for (const key of keys) {
    const [label, c] = key.split("\u0000") as [string, string];
    const of = (db: DatabaseKind) => results.load.find((f) => f.label === label && f.connections === Number(c) && f.database === db);
    lines.push(`| ${label} | ${c} | ${cell(of("pglite"))} | ${cell(of("postgres"))} |`);
  }
  lines.push("", "## Writes", "");
  for (const w of results.writes)
    lines.push(
      `- ${Object.entries(w)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ")}`,
    );
  if (results.skipped.length) lines.push("", "## Not run", "", ...results.skipped.map((s) => `- ${s}`));
  return `${lines.join("\n")}\n`;
}
