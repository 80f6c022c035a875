/**
 * The requisition history's figures without HTTP: seeds (unless told the database is seeded already), then calls each
 * query the seeder names through tRPC callers with real sessions, one at a time and 50 at once, and prints p50/p99.
 * The HTTP benchmark (bench/scale/run.ts) measures the same queries through the portal; this is for working on them.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/scale/requisitions-measure.ts --size full [--seeded]
 *   npx tsx bench/scale/requisitions-measure.ts --size quick --data-dir .data/bench-history
 */
import "../env";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { users } from "@/db/schema";
import { startSession } from "@/server/sessions/sessions";
import { createCaller } from "@/server/trpc/root";
import { percentile } from "../stats";
import { seedRequisitionsScale } from "./requisitions-seed";
import type { BenchQuery, BenchSize } from "./scenario";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "quick" },
    "data-dir": { type: "string" },
    seeded: { type: "boolean", default: false },
    requests: { type: "string", default: "300" },
    only: { type: "string" },
  },
});
const size = values.size as BenchSize;
const url = process.env.DATABASE_URL;
process.env.PORTAL_ENCRYPTION_KEY ??= `bench:${Buffer.alloc(32, 0x22).toString("base64")}`;

const handle = await openDatabase(url ? { url } : { dataDir: values["data-dir"] ?? ".data/bench-history" });
await handle.migrate();
const db = handle.db;

let queries: BenchQuery[];
if (values.seeded) {
  // The queries the seed named when it ran (the people and the deep page's cursor).
  const { readFile } = await import("node:fs/promises");
  queries = JSON.parse(await readFile(`.data/bench-history-queries-${handle.kind}.json`, "utf8"));
} else {
  const t0 = performance.now();
  let last = 0;
  const seeded = await seedRequisitionsScale(db, size, (label, done, total) => {
    if (performance.now() - last > 2000 || done === total) {
      last = performance.now();
      console.log(`${label}: ${done}/${total} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  });
  console.log(`seeded ${handle.kind} ${size} in ${((performance.now() - t0) / 1000).toFixed(1)} s`, seeded.rows);
  queries = seeded.queries;
  const { writeFile, mkdir } = await import("node:fs/promises");
  await mkdir(".data", { recursive: true });
  await writeFile(`.data/bench-history-queries-${handle.kind}.json`, JSON.stringify(queries, null, 2));
}

async function callerAs(email: string) {
  const [user] = await db.select({ id: users.id, companyId: users.companyId }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no seeded ${email}`);
  const { sessionId } = await startSession(db, user, {});
  // background: as the navigation's refreshes send it, so the measurement does not write the session's last use each time.
  return createCaller({ db, sessionId, background: true });
}

const requests = Number(values.requests);
const call = (caller: ReturnType<typeof createCaller>, q: BenchQuery) => {
  const [router, procedure] = q.procedure.split(".") as [string, string];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (caller as any)[router][procedure](q.input);
};

for (const q of queries.filter((q) => !values.only || q.label.includes(values.only))) {
  const caller = await callerAs(q.signInAs);
  const sample = await call(caller, q);
  const shape = Array.isArray(sample)
    ? `${sample.length} rows`
    : sample && typeof sample === "object" && "items" in sample
      ? `${sample.items.length} rows`
      : "";
  for (const concurrency of [1, 50]) {
    const times: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next++;
          const t = performance.now();
          await call(caller, q);
          times.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    console.log(
      `${handle.kind} | ${q.label} | c=${concurrency} | p50 ${percentile(times, 50).toFixed(1)} ms | p99 ${percentile(times, 99).toFixed(1)} ms | ${(times.length / elapsed).toFixed(0)} req/s | ${shape}`,
    );
  }
}
await handle.close();
