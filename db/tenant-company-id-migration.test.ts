import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePostgres } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "./client";
import { migrationsBefore } from "./migrations-before";

/** One company's rows as they were before its child rows carried company_id; `c` is a hex digit naming the company. */
function companyRows(c: string): string {
  const id = (n: number) => `'${c}0000000-0000-0000-0000-${String(n).padStart(12, "0")}'`;
  return `
    insert into companies (id, name) values (${id(0)}, 'Company ${c}');
    insert into users (id, company_id, email, name, roles) values (${id(1)}, ${id(0)}, '${c}@example.com', 'Person ${c}', '{admin}');
    insert into cost_centers (id, company_id, code, name) values (${id(2)}, ${id(0)}, 'CC-${c}', 'Center ${c}');
    insert into cost_center_users (cost_center_id, user_id) values (${id(2)}, ${id(1)});
    insert into supplier_connections (id, company_id, supplier, display_name, base_url, token_url, client_id, client_secret_sealed, account_id)
      values (${id(3)}, ${id(0)}, 'hygrade', 'Hygrade', 'x', 'x', 'x', 'x', 'ACME001');
    insert into requisitions (id, company_id, number, requester_id, status, cost_center_id, po_number, total_minor, currency, approval_reason)
      values (${id(4)}, ${id(0)}, 1, ${id(1)}, 'approved', ${id(2)}, 'PO-1', 2450, 'USD', 'none');
    insert into supplier_orders (id, company_id, requisition_id, supplier_connection_id, state, ship_to, subtotal_minor, currency)
      values (${id(5)}, ${id(0)}, ${id(4)}, ${id(3)}, 'placed', '{}', 2450, 'USD');
    insert into requisition_lines (id, requisition_id, supplier_order_id, supplier_item_id, item_code, name, quantity, unit_price_minor, line_total_minor, currency)
      values (${id(6)}, ${id(4)}, ${id(5)}, 'itm_1', 'FM-0014-LT', 'Letterhead', 1, 2450, 2450, 'USD');
    insert into approval_steps (id, company_id, requisition_id, revision, position, level, rule_id, mode, reasons, state)
      values (${id(7)}, ${id(0)}, ${id(4)}, 1, 0, 1, 'r1', 'any', '{}', 'approved');
    insert into approval_step_approvers (step_id, user_id, source) values (${id(7)}, ${id(1)}, 'policy');
    insert into order_lists (id, company_id, owner_id, name) values (${id(8)}, ${id(0)}, ${id(1)}, 'Weekly');
    insert into order_list_items (order_list_id, supplier_connection_id, supplier_item_id, item_code, name, quantity)
      values (${id(8)}, ${id(3)}, 'itm_1', 'FM-0014-LT', 'Letterhead', 2);
    insert into receipts (id, company_id, supplier_order_id, received_by_id, received_on) values (${id(9)}, ${id(0)}, ${id(5)}, ${id(1)}, '2026-12-01');
    insert into receipt_lines (receipt_id, requisition_line_id, quantity_received) values (${id(9)}, ${id(6)}, 1);
    insert into supplier_webhook_deliveries (id, connection_id, body_sha256, body) values (${id(10)}, ${id(3)}, 'digest', '{}');
    insert into notifications (id, company_id, user_id, kind, title, body) values (${id(11)}, ${id(0)}, ${id(1)}, 'approval.waiting', 't', 'b');
    insert into purchase_orders (id, company_id, supplier_order_id, po_number, issued_at) values (${id(12)}, ${id(0)}, ${id(5)}, 'PO-1', now());
    insert into hypatos_pushes (id, company_id, supplier_order_id, resource, action, external_id)
      values (${id(13)}, ${id(0)}, ${id(5)}, 'purchase_order', 'insert', 'x');
    insert into invitations (id, company_id, email, name, roles, invited_by_id, token_hash, token_sealed, expires_at)
      values (${id(14)}, ${id(0)}, 'new-${c}@example.com', 'New', '{buyer}', ${id(1)}, 'hash-${c}', 'sealed', now());
    insert into outbox (kind, subject_id) values
      ('place_supplier_order', ${id(5)}), ('send_email', ${id(11)}), ('send_purchase_order', ${id(12)}),
      ('supplier_webhook', ${id(10)}), ('hypatos_push', ${id(13)}), ('send_invitation', ${id(14)});`;
}

const CHILD_TABLES = [
  "cost_center_users",
  "requisition_lines",
  "approval_step_approvers",
  "order_list_items",
  "receipt_lines",
  "supplier_webhook_deliveries",
  "outbox",
];

/** A database of its own (PGlite in memory, or one created on TEST_DATABASE_URL's server), dropped at the end. */
async function emptyDatabase(kind: "pglite" | "postgres") {
  if (kind === "pglite") {
    const client = new PGlite({ extensions: { pg_trgm } });
    const db = drizzlePglite(client);
    return {
      migrate: (folder: string) => migratePglite(db, { migrationsFolder: folder }),
      exec: async (text: string) => void (await client.exec(text)),
      query: async <T>(text: string) => (await client.query<T>(text)).rows,
      close: () => client.close(),
    };
  }
  const server = new URL(process.env.TEST_DATABASE_URL!);
  const name = `portal_migration_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const own = new URL(server);
  own.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: own.toString(), max: 2 });
  const db = drizzleNodePostgres(pool);
  return {
    migrate: (folder: string) => migrateNodePostgres(db, { migrationsFolder: folder }),
    exec: async (text: string) => void (await pool.query(text)),
    query: async <T>(text: string) => (await pool.query(text)).rows as T[],
    close: async () => {
      await pool.end();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

const kinds: ("pglite" | "postgres")[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

describe.each(kinds)("tenant_company_id on %s", (kind) => {
  it("upgrades a database that holds two companies: each child row takes its parent's company, outbox work its object's", async () => {
    const database = await emptyDatabase(kind);
    try {
      await database.migrate(migrationsBefore("_tenant_company_id"));
      await database.exec(companyRows("a") + companyRows("b"));
      // Work whose object is gone cannot name a company; it had nothing left to do.
      await database.exec(`insert into outbox (kind, subject_id) values ('send_email', 'c0000000-0000-0000-0000-000000000000')`);
      await database.migrate(MIGRATIONS_FOLDER);

      for (const table of CHILD_TABLES) {
        const rows = await database.query<{ company: string; n: number }>(
          `select company_id::text as company, count(*)::int as n from ${table} group by company_id order by 1`,
        );
        const perCompany = table === "outbox" ? 6 : 1;
        expect(rows, table).toEqual([
          { company: "a0000000-0000-0000-0000-000000000000", n: perCompany },
          { company: "b0000000-0000-0000-0000-000000000000", n: perCompany },
        ]);
      }
      const mismatched = await database.query(
        `select o.kind from outbox o join supplier_orders s on s.id = o.subject_id where o.kind = 'place_supplier_order' and s.company_id <> o.company_id`,
      );
      expect(mismatched).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
