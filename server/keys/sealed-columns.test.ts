import { getTableColumns, getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { SEALED_COLUMNS } from "./sealed-columns";

describe("the registry of sealed columns", () => {
  it("lists every …Sealed column of the schema, so the key rotation re-seals it", () => {
    const inSchema = (Object.values(schema) as unknown[])
      .filter((value): value is PgTable => is(value, PgTable))
      .flatMap((table) =>
        Object.entries(getTableColumns(table))
          .filter(([key]) => key.endsWith("Sealed"))
          .map(([, column]) => `${getTableName(table)}.${column.name}`),
      )
      .sort();
    expect(inSchema.length).toBeGreaterThanOrEqual(5);
    expect(SEALED_COLUMNS.map((c) => c.label).sort()).toEqual(inSchema);
  });

  it("names each column once, on a table with an id to rewrite its rows by", () => {
    const labels = SEALED_COLUMNS.map((c) => c.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const c of SEALED_COLUMNS) expect(c.table.id.primary).toBe(true);
  });
});
