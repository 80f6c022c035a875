import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "./client";
import { migrationsBefore } from "./migrations-before";

it("0008 upgrades a mirror made before it: Yodify's brands leave the categories, the shown price and the search words are filled in", async () => {
  const client = new PGlite({ extensions: { pg_trgm } });
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: migrationsBefore("0008_") });
  await client.exec(`
    insert into companies (id, name) values ('00000000-0000-0000-0000-000000000001', 'Old Co');
    insert into supplier_connections (id, company_id, supplier, display_name, base_url, token_url, client_id, client_secret_sealed, account_id)
      values ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', 'yodify', 'Yodify', 'x', 'x', 'x', 'x', 'ACME'),
             ('00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-000000000001', 'hygrade', 'Hygrade', 'x', 'x', 'x', 'x', 'ACME001');
    insert into catalog_items (company_id, connection_id, supplier_item_id, item_code, name, description, category_id, category_name, available, price_from_minor, currency, price_tiers)
      values ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', '99001', 'SGP-NITRIL-M', 'SafeGuard PPE Nitrile Gloves', 'Box of 100.', '104', 'SafeGuard PPE', true, 2386, 'USD', '[{"minQuantity":1,"amount":3215},{"minQuantity":10,"amount":2386}]'),
             ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a2', 'itm_1', 'FM-0014-LT', 'Letterhead', 'Cotton stock.', 'cat_forms', 'Forms & Stationery', true, 1890, 'USD', '[{"minQuantity":1,"amount":2450},{"minQuantity":100,"amount":1890}]');
  `);
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const rows = await client.query(
    `select item_code, category_id, brand_id, brand_name, price_minor::int as price_minor, search_doc @@ to_tsquery('english', 'nitr:*') as finds_nitr
     from catalog_items order by item_code`,
  );
  expect(rows.rows).toEqual([
    { item_code: "FM-0014-LT", category_id: "cat_forms", brand_id: null, brand_name: null, price_minor: 2450, finds_nitr: false },
    { item_code: "SGP-NITRIL-M", category_id: null, brand_id: "104", brand_name: "SafeGuard PPE", price_minor: 3215, finds_nitr: true },
  ]);
  const words = (await client.query<{ word: string }>(`select word from catalog_words`)).rows.map((r) => r.word);
  expect(words).toEqual(expect.arrayContaining(["gloves", "nitrile", "letterhead", "safeguard"]));
  expect(words.every((w) => w.length >= 3)).toBe(true);
  await client.close();
});

it("0023 fills the catalog's filters from what is mirrored already: each category and brand of a connection with its listed items", async () => {
  const client = new PGlite({ extensions: { pg_trgm } });
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: migrationsBefore("0023_") });
  await client.exec(`
    insert into companies (id, name) values ('00000000-0000-0000-0000-000000000001', 'Old Co');
    insert into supplier_connections (id, company_id, supplier, display_name, base_url, token_url, client_id, client_secret_sealed, account_id)
      values ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', 'hygrade', 'Hygrade', 'x', 'x', 'x', 'x', 'ACME001');
    insert into catalog_items (company_id, connection_id, supplier_item_id, item_code, name, category_id, category_name, brand_id, brand_name, available, price_from_minor, price_minor, currency, price_tiers, delisted_at)
      values ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'itm_1', 'FM-0014-LT', 'Letterhead', 'cat_forms', 'Forms & Stationery', null, null, true, 1890, 2450, 'USD', '[]', null),
             ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'itm_2', 'FM-0015-LT', 'Memo pad', 'cat_forms', 'Forms & Stationery', 'acme', 'Acme Paper', true, 100, 100, 'USD', '[]', null),
             ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'itm_3', 'OLD-0001', 'Gone', 'cat_gone', 'Discontinued', null, null, false, 100, 100, 'USD', '[]', now());
  `);
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const rows = await client.query(`select kind, facet_id, name, item_count from catalog_facets order by kind, facet_id`);
  expect(rows.rows).toEqual([
    { kind: "brand", facet_id: "acme", name: "Acme Paper", item_count: 1 },
    { kind: "category", facet_id: "cat_forms", name: "Forms & Stationery", item_count: 2 },
  ]);
  await client.close();
});
