/**
 * `npm run bench`: measures, never asserts.
 *
 * First the scale benchmark (bench/scale/run.ts): seeded databases of realistic size, PGlite and PostgreSQL side by
 * side (PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL names a server), the portal in production mode over
 * HTTP. Then the in-process benchmarks (bench/suites.ts) against real parts through tRPC callers. `--quick` runs a
 * small scale benchmark for a laptop; `--scale` or `--suites` runs one part; other arguments pick suites by name.
 * Figures go to bench/results (latest.json, and scale-full.md / scale-quick.md with their .json for the scale part).
 */
import "./env";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runScaleBench, scaleMarkdown, type DatabaseKind } from "./scale/run";
import { benchmarks } from "./suites";

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
const only = args.filter((a) => !a.startsWith("--"));
const databases = (["pglite", "postgres"] as DatabaseKind[]).filter((d) => !flags.has(`--no-${d}`));
const out = path.join(process.cwd(), "bench", "results");
mkdirSync(out, { recursive: true });
const results: Record<string, unknown> = {};

if (!flags.has("--suites") && only.length === 0) {
  const scale = await runScaleBench({ size: flags.has("--quick") ? "quick" : "full", databases });
  writeFileSync(path.join(out, `scale-${scale.size}.json`), JSON.stringify(scale, null, 2));
  writeFileSync(path.join(out, `scale-${scale.size}.md`), scaleMarkdown(scale));
  results.scale = scale;
  console.log(`\nscale figures in ${path.join("bench", "results", `scale-${scale.size}.md`)}`);
}

if (!flags.has("--scale")) {
  for (const bench of benchmarks) {
    if (only.length > 0 && !only.some((name) => bench.name.includes(name))) continue;
    process.stdout.write(`\n# ${bench.name}\n`);
    const started = performance.now();
    const figures = await bench.run();
    results[bench.name] = figures;
    for (const [key, value] of Object.entries(figures))
      console.log(`  ${key.padEnd(40)} ${typeof value === "number" ? Number(value.toFixed(2)) : String(value)}`);
    console.log(`  (took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}
writeFileSync(path.join(out, "latest.json"), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
process.exit(0);
