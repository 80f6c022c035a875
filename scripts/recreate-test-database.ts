/**
 * Drops and makes again the PostgreSQL database DATABASE_URL names, for a test run that starts the portal on
 * PostgreSQL (the first-run portal of the Playwright run, when TEST_DATABASE_URL is set): the PostgreSQL side of
 * PORTAL_RESET_DATA, which scripts/start.ts ignores with DATABASE_URL. The sandboxes' state folder (SANDBOX_STATE_DIR)
 * is emptied with it: a fresh database beside sandboxes remembering old orders would poll orders it never placed.
 * Refuses any database whose name does not start with "e2e_", so it can never empty a real one.
 */
import { rmSync } from "node:fs";
import pg from "pg";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("recreate-test-database: set DATABASE_URL");
  process.exit(2);
}
const target = new URL(url);
const name = decodeURIComponent(target.pathname.slice(1));
if (!/^e2e_[a-z0-9_]+$/.test(name)) {
  console.error(`recreate-test-database: refusing "${name}": only a database named e2e_… is dropped and made again`);
  process.exit(2);
}
const server = new URL(url);
server.pathname = "/postgres";
const client = new pg.Client({ connectionString: server.toString() });
await client.connect();
await client.query(`drop database if exists ${name} with (force)`);
await client.query(`create database ${name}`);
await client.end();
if (process.env.SANDBOX_STATE_DIR) rmSync(process.env.SANDBOX_STATE_DIR, { recursive: true, force: true });
console.log(`[e2e] fresh PostgreSQL database ${name}`);
