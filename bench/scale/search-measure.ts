/**
 * The catalog search measured below HTTP (issue 19): seeds with seedCatalogScale, then calls searchMirror directly with
 * N searches at once, p50/p99 per query. Usage:
 *   npx tsx bench/scale/search-measure.ts [--pg postgres://...] [--quick] [--concurrency 1,10] [--rounds 20]
 *     [--reuse] [--before | --compare]
 * PGlite runs in memory; --pg empties that database's public schema first (--reuse: searches what it holds).
 * --before / --compare search with the code as it was before issue 19, which is kept out of the repository:
 *   git show 63bf718:server/catalog/search.ts > bench/scale/_old-search.ts
 */
import "../env";
process.env.PORTAL_ENCRYPTION_KEY ??= `bench:${Buffer.alloc(32, 0x22).toString("base64")}`;

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

async function main() {
  const { sql, eq } = await import("drizzle-orm");
  const { openDatabase } = await import("@/db/client");
  const { companies } = await import("@/db/schema");
  // --before: the search as it was before issue 19 (a copy kept out of the repository), over the same rows; --compare: both.
  const current = await import("@/server/catalog/search");
  const before = args.includes("--before") || args.includes("--compare") ? ((await import("./_old-search" as string)) as typeof current) : null;
  const versions = args.includes("--compare") ? [before!, current] : [before ?? current];
  const { seedCatalogScale } = await import("./catalog-seed");
  const url = flag("--pg");
  const size = args.includes("--quick") ? "quick" : "full";
  const levels = (flag("--concurrency") ?? (url ? "1,50" : "1,10")).split(",").map(Number);
  const rounds = Number(flag("--rounds") ?? 20);
  const handle = await openDatabase({ url });
  // --reuse: measure what an earlier run seeded into the --pg database.
  const reuse = url !== undefined && args.includes("--reuse");
  if (url && !reuse) await handle.db.execute(sql`drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;`);
  await handle.migrate();
  const started = Date.now();
  let last = 0;
  const seed = reuse ? reusedSeed : seedCatalogScale;
  const seeded = await seed(handle.db, size, (label, done, total) => {
    if (Date.now() - last > 2000 || done === total) {
      last = Date.now();
      process.stderr.write(`${label}: ${done}/${total}\n`);
    }
  });
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`, seeded.rows);
  const [measured] = await handle.db.select({ id: companies.id }).from(companies).where(eq(companies.name, "Scale Measured Co"));
  const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  console.log(`| query | matches | concurrency | p50 ms | p99 ms |`);
  console.log(`|---|---|---|---|---|`);
  for (const { searchMirror } of versions)
    for (const query of seeded.queries) {
      const q = (query.input as { q: string }).q;
      const search = () =>
        searchMirror(handle.db, measured!.id, { q, sort: "relevance", connectionIds: [], categoryIds: [], brandIds: [], limit: 24, offset: 0 });
      const first = await search();
      const count = typeof first.total === "number" ? { count: first.total, more: false } : first.total;
      for (let i = 0; i < 3; i++) await search();
      for (const c of levels) {
        const times: number[] = [];
        for (let r = 0; r < Math.max(3, Math.ceil(rounds * (c === 1 ? 5 : 1))); r++)
          await Promise.all(
            Array.from({ length: c }, async () => {
              const t = performance.now();
              await search();
              times.push(performance.now() - t);
            }),
          );
        times.sort((a, b) => a - b);
        console.log(
          `| ${versions.length > 1 && searchMirror === before?.searchMirror ? "before: " : ""}${query.label} | ${count.count}${count.more ? "+" : ""} | ${c} | ${pct(times, 50).toFixed(1)} | ${pct(times, 99).toFixed(1)} |`,
        );
      }
    }
  await handle.close();
}

/** The queries seedCatalogScale returns, without seeding again. */
const reusedSeed: typeof import("./catalog-seed").seedCatalogScale = async () => ({
  password: "",
  rows: {},
  queries: ["paper", "archival", "cp-01", "zqxjv", "nitrile gloves", "glvoes"].map((q) => ({
    label: q,
    procedure: "catalog.searchAll",
    input: { q },
    signInAs: "",
  })),
});

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
