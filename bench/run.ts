/**
 * `npm run bench`: measures, never asserts. Runs each benchmark against real
 * parts (PGlite, the supplier sandboxes on loopback) and prints a table; the
 * figures also go to bench/results/latest.json for notes and comparisons.
 */
import "./env";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { benchmarks } from "./suites";

const only = process.argv.slice(2);
const results: Record<string, unknown> = {};
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
const out = path.join(process.cwd(), "bench", "results");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "latest.json"), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
process.exit(0);
