/**
 * Every table that holds a company's data says which company (issue 19, "Past one PostgreSQL"): a distributed
 * PostgreSQL such as Citus places rows by company_id, so a row without it cannot live next to its company's other rows,
 * and a query of it cannot be sent to one shard. The tables are read from the migrated database, not from schema.ts,
 * so a table made by a hand-written migration is checked too.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { databaseKinds, openTestDatabase } from "@/server/testing/harness";

/** Tables that rightly have no company_id, each with the reason. Add one here only with a reason as good. */
const WITHOUT_COMPANY: Record<string, string> = {
  "public.companies": "the tenant root: its own id is the company id (distributed by id, or kept as a reference table)",
  "public.sign_in_failures":
    "counted per typed email or per IP address before anyone is known to belong to a company (a global table: reference or coordinator-local)",
  "drizzle.__drizzle_migrations": "drizzle's record of applied migrations, kept by the coordinator",
  "public.worker_job_leases": "which worker runs a periodic job over every company now (coordinator-local, like the workers' claim queries)",
  "public.worker_heartbeats": "each worker process's last pass, for /api/ready: processes, not companies (coordinator-local)",
  "public.supplier_rate_buckets":
    "a supplier's limit per set of credentials, read by the HTTP layer that knows no company; written on every supplier call, so coordinator-local rather than a reference table copied to every node",
  "public.supplier_tokens":
    "a supplier's OAuth token per set of credentials, kept beside the rate buckets for the same reason (coordinator-local); sealed like every stored secret",
};

const HOW_TO_FIX =
  'add companyId: uuid("company_id").notNull().references(() => companies.id) to it in db/schema.ts (backfilled from its parent row in the migration), ' +
  "or, if it truly belongs to no company, list it in WITHOUT_COMPANY in server/security/tenant-tables.test.ts with the reason";

describe.each(databaseKinds)("tenant tables on %s", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(() => handle?.close());

  const rows = async <T>(query: ReturnType<typeof sql>) => ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows;

  it("every table carries a company_id, NOT NULL and referencing companies, except the listed few", async () => {
    const tables = await rows<{ name: string }>(sql`
      select table_schema || '.' || table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by 1`);
    const columns = await rows<{ name: string; nullable: string; type: string }>(sql`
      select table_schema || '.' || table_name as name, is_nullable as nullable, data_type as type from information_schema.columns
      where column_name = 'company_id' and table_schema not in ('pg_catalog', 'information_schema')`);
    const referencing = await rows<{ name: string }>(sql`
      select n.nspname || '.' || t.relname as name
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = 'public.companies'::regclass and array_length(c.conkey, 1) = 1 and a.attname = 'company_id'`);
    const companyColumn = new Map(columns.map((c) => [c.name, c]));
    const references = new Set(referencing.map((r) => r.name));

    // Sanity: the query sees the tables the portal is made of, so an empty answer cannot pass.
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["public.requisitions", "public.outbox", "public.companies"]));

    const problems: string[] = [];
    for (const { name } of tables) {
      if (name in WITHOUT_COMPANY) {
        if (companyColumn.has(name)) problems.push(`${name} has a company_id now: take it off the WITHOUT_COMPANY list`);
        continue;
      }
      const column = companyColumn.get(name);
      if (!column) problems.push(`${name} has no company_id column: ${HOW_TO_FIX}`);
      else {
        if (column.type !== "uuid") problems.push(`${name}.company_id is ${column.type}, not uuid`);
        if (column.nullable !== "NO") problems.push(`${name}.company_id may be null: backfill it from the parent row and SET NOT NULL`);
        if (!references.has(name)) problems.push(`${name}.company_id does not reference companies: add .references(() => companies.id)`);
      }
    }
    for (const listed of Object.keys(WITHOUT_COMPANY)) {
      if (!tables.some((t) => t.name === listed)) problems.push(`${listed} is listed in WITHOUT_COMPANY but no such table exists: take it off`);
    }
    expect(problems).toEqual([]);
  });
});
