/**
 * Hostile input at every procedure that takes any, from a person of the company who holds every role: NUL characters,
 * lone surrogates, right-to-left overrides, 100,000-character strings, numbers at their extremes, dates far out of
 * range, deep and wide objects, the wrong types (as superjson carries them: Date, BigInt, Map, undefined). Each run
 * starts from the procedure's valid input (server/testing/procedure-inputs.ts) and spoils one field, or the whole input. Whatever
 * arrives: never a failure on our side, a refusal names its field or says in words what is wrong, and a refused call
 * leaves every row of the company as it was.
 */
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/trpc/root";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";
import { companyWithObjects, type CompanyObjects } from "@/server/testing/company-objects";
import { callProcedure, PROCEDURE_INPUTS } from "@/server/testing/procedure-inputs";

// Small enough for CI on two busy cores; FUZZ_RUNS=200 for a longer hunt by hand.
const RUNS_PER_PROCEDURE = Number(process.env.FUZZ_RUNS ?? 15);

interface RouterProcedure {
  _def: { inputs: unknown[] };
}
const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, RouterProcedure> }).procedures)
  .filter(([, p]) => p._def.inputs.length > 0)
  .sort(([a], [b]) => a.localeCompare(b));

const hostileString = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "PO\u0000-1",
    "\uD800",
    "tail\uDFFF",
    "\uDC00\uD800",
    "\u202Eevil.exe\u202C",
    "\u200B\u200D\uFEFF",
    "x".repeat(100_000),
    "",
    " \t\r\n ",
    "'; drop table users; --",
    "%00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "😀".repeat(50),
    "9999-12-31",
    "0000-00-00",
    "275760-09-14",
    "-000001-01-01",
    "2026-02-30",
    "1e308",
    "NaN",
  ),
  fc.tuple(fc.string({ unit: "binary" }), fc.string({ unit: "binary" })).map(([a, b]) => `${a}\u0000${b}`),
  fc.string({ unit: "binary", maxLength: 40 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.NaN, Infinity, -Infinity, -0, 2 ** 53 + 1, -(2 ** 53 + 1), 0.1, Number.MIN_VALUE, 2 ** 31, -1),
  fc.double(),
  fc.integer(),
);
const hostileDate = fc.constantFrom(new Date(8.64e15), new Date(-8.64e15), new Date(Number.NaN), new Date(0));
const deep = (depth: number): unknown => (depth === 0 ? "bottom" : { a: deep(depth - 1) });
const hostileShape = fc.constantFrom<unknown>(
  deep(500),
  [deep(200)],
  Array.from({ length: 20_000 }, () => "x"),
  Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])),
  { __proto__: { admin: true }, constructor: { prototype: { polluted: true } } },
  null,
  undefined,
  true,
  [],
  {},
  10n ** 30n,
  new Map([["a", 1]]),
  new Set([1]),
);
const hostile = fc.oneof(hostileString, hostileNumber, hostileDate, hostileShape);

/** Every place a value sits in an input: its leaves and objects, as paths of keys. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return prefix.length ? [prefix] : [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [...(prefix.length ? [prefix] : []), ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

/** The top-level fields a schema knows, optional ones too (so a field the valid input leaves out is spoiled as well). */
function schemaFields(schema: unknown): string[] {
  let s = schema as { _zod?: { def: { type: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown> } } };
  for (let i = 0; i < 10 && s?._zod; i++) {
    const def = s._zod.def;
    if (def.type === "object" && def.shape) return Object.keys(def.shape);
    s = (def.innerType ?? def.in) as typeof s;
  }
  return [];
}

function spoil(input: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: unknown = structuredClone(input ?? {});
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

/** A readable message, not a serialized list of zod issues. */
const readsAsWords = (message: string) => message.length > 0 && message.length < 400 && !/^\s*[[{]/.test(message) && !/"code":|invalid_type/.test(message);

describe.each(databaseKinds)("input fuzzing on %s", (kind) => {
  let h: Harness;
  let company: CompanyObjects;
  let companyTables: string[];

  beforeAll(async () => {
    h = await startHarness(kind);
    company = await companyWithObjects(h, "fuzz");
    // Sessions are touched by every call (their last use); the rest must not move when a call is refused.
    const tables = (await h.db.execute(
      sql`select table_name from information_schema.columns where column_name = 'company_id' and table_schema = current_schema() and table_name <> 'user_sessions' order by table_name`,
    )) as unknown as { rows: { table_name: string }[] };
    companyTables = tables.rows.map((r) => r.table_name);
  }, 180_000);
  afterAll(async () => h?.close());

  /**
   * Each company table's rows, as one fingerprint per table: a refused call that saved half of something changes one.
   * When it last asked a supplier is not part of it: a refusal may first read the supplier's word (a quote's state).
   */
  async function fingerprint(): Promise<Record<string, string>> {
    const parts = companyTables.map(
      (t) =>
        sql`select ${t} as t, count(*)::text || ':' || coalesce(md5(string_agg((to_jsonb(x) - 'checked_at' - 'updated_at')::text, '|' order by (to_jsonb(x) - 'checked_at' - 'updated_at')::text)), '') as f from ${sql.identifier(t)} x where company_id = ${company.company.companyId}`,
    );
    const rows = (await h.db.execute(sql.join(parts, sql` union all `))) as unknown as { rows: { t: string; f: string }[] };
    return Object.fromEntries(rows.rows.map((r) => [r.t, r.f]));
  }

  it("finds the company's tables", () => {
    expect(companyTables).toEqual(expect.arrayContaining(["requisitions", "cart_lines", "order_lists", "cost_centers", "users"]));
  });

  it("refuses a NUL in a name, naming the field, and saves nothing", async () => {
    const before = await fingerprint();
    expect(await rejection(company.all.groups.create({ name: "Night\u0000shift" }))).toEqual({
      code: "BAD_REQUEST",
      field: "name",
      message: "This text cannot contain control characters (such as NUL); remove them and try again.",
    });
    expect(await rejection(company.all.orderLists.addToCart({ listId: company.list.id, quantities: { "\u0000": 1 } }))).toMatchObject({
      field: "quantities.\u0000",
    });
    expect(await fingerprint()).toEqual(before);
    // Tabs and line breaks are text a person pastes, and stay allowed.
    const group = await company.all.groups.create({ name: "Night shift\tB" });
    expect(group.name).toMatch(/^Night shift\s+B$/);
  });

  it(`answers ${RUNS_PER_PROCEDURE} hostile inputs per procedure without failing, in words, saving nothing when it refuses`, { timeout: 900_000 }, async () => {
    const caller = company.all;
    const failures: string[] = [];
    let calls = 0;
    let refused = 0;
    // Taken again only after a call that was answered (and so may have changed something); refusals change nothing.
    let before: Record<string, string> | null = null;
    for (const [name, procedure] of procedures) {
      const valid = PROCEDURE_INPUTS[name]!(company);
      const paths = [[], ...pathsOf(valid), ...schemaFields(procedure._def.inputs[0]).map((f) => [f])];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), hostile, async (path, value) => {
          const input = spoil(valid, path, value);
          const was = (before ??= await fingerprint());
          calls++;
          let error: unknown;
          try {
            await callProcedure(caller, name, input);
            before = null;
            return;
          } catch (e) {
            error = e;
          }
          refused++;
          const at = `${name} with ${path.join(".") || "(whole input)"} = ${shown(value)}`;
          if (!(error instanceof TRPCError)) return void failures.push(`${at}: threw ${String(error)}`);
          if (error.code === "INTERNAL_SERVER_ERROR")
            return void failures.push(`${at}: failed on our side (${String(error.cause ?? error.message).slice(0, 200)})`);
          const field = (error as { field?: string }).field;
          if (error.code === "BAD_REQUEST" && !field && !readsAsWords(error.message))
            failures.push(`${at}: refused without a field or words: ${error.message.slice(0, 200)}`);
          const after = await fingerprint();
          const changed = Object.keys(after).filter((t) => after[t] !== was[t]);
          if (changed.length) failures.push(`${at}: refused (${error.code}) but changed ${changed.join(", ")}`);
          before = after;
        }),
        { numRuns: RUNS_PER_PROCEDURE, seed: 20_261_203 },
      );
    }
    const unique = [...new Set(failures)];
    console.log(
      `input fuzzing on ${kind}: ${procedures.length} procedures × ${RUNS_PER_PROCEDURE} runs, ${calls} calls, ${refused} refused, ${unique.length} failures` +
        (unique.length ? `:\n  ${unique.slice(0, 80).join("\n  ")}` : ""),
    );
    expect(unique).toEqual([]);
  });
});

function shown(value: unknown): string {
  if (typeof value === "string") return value.length > 40 ? `${JSON.stringify(value.slice(0, 20))}… (${value.length} chars)` : JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (value instanceof Map || value instanceof Set) return value.constructor.name;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 40 ? `${json.slice(0, 40)}…` : json;
  } catch {
    return typeof value;
  }
}
