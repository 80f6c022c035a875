import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { claimDataFolder } from "@/db/data-folder-lock";
import { env } from "@/server/env";
import { readKeyFile, writeKeyFile } from "@/server/keys/key-file";
import { formatKeyring, parseKeyring, type Keyring } from "@/server/keys/keyring";
import { SEALED_COLUMNS } from "@/server/keys/sealed-columns";
import { keyIdOf, legacyKeyFrom, openWith, portalKeys } from "@/server/secrets";
import { makeOldValue, seedSealedValues } from "@/server/testing/sealed-values";

/** `npm run keys:rotate` as an operator runs it: its own process, on a PGlite folder, with the embedded key file. */
function rotate(args: string[], extraEnv: Record<string, string | undefined> = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PGLITE_DATA_DIR: dataDir, PORTAL_KEY_FILE: keyFile, ...extraEnv };
  if (!("PORTAL_ENCRYPTION_KEY" in extraEnv)) delete childEnv.PORTAL_ENCRYPTION_KEY;
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const run = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/keys-rotate.ts", ...args], {
    env: childEnv,
    encoding: "utf8",
  });
  return { status: run.status, out: run.stdout, err: run.stderr, all: run.stdout + run.stderr };
}

async function storedValues(): Promise<{ label: string; sealed: string }[]> {
  const handle = await openDatabase({ dataDir });
  try {
    const values: { label: string; sealed: string }[] = [];
    for (const c of SEALED_COLUMNS) {
      const rows = (await handle.db.select({ id: c.table.id, sealed: c.column }).from(c.table)) as { id: string; sealed: string | null }[];
      for (const r of rows) if (r.sealed) values.push({ label: `${c.label}/${r.id}`, sealed: r.sealed });
    }
    return values.sort((x, y) => x.label.localeCompare(y.label));
  } finally {
    await handle.close();
  }
}

let folder: string;
let dataDir: string;
let keyFile: string;
let plainBefore: Map<string, string>;
const legacy = legacyKeyFrom(env.NEXTAUTH_SECRET);
const keyMaterial = (ring: Keyring) => ring.keys.map((k) => k.key.toString("base64"));
const plainTexts = ["hygrade-secret-1", "webhook-secret-1", "ordercloud-password-old", "hypatos-secret-1", "invitation-token-1", "orderspace-secret-1"];

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "keys-rotate-"));
  dataDir = path.join(folder, "pglite");
  keyFile = path.join(folder, "keys", "ring");
  // A data folder as the portal left it: values sealed under the key file's key A, one from before the keyring (v1).
  const handle = await openDatabase({ dataDir });
  await handle.migrate();
  const company = await seedSealedValues(handle.db, 1);
  await makeOldValue(handle.db, company.ordercloudConnectionId!, "ordercloud-password-old", env.NEXTAUTH_SECRET!);
  await handle.close();
  writeKeyFile(keyFile, portalKeys().ring);
  plainBefore = new Map((await storedValues()).map((v) => [v.label, openWith({ ring: portalKeys().ring, legacy }, v.sealed)]));
});

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

// Each case starts the command as a process of its own (tsx compiling it): slow on a loaded machine, not a timing assertion.
describe("npm run keys:rotate", { timeout: 180_000 }, () => {
  it("refuses, saying so, while the portal has the PGlite folder open, and changes nothing", async () => {
    const before = await storedValues();
    // The portal claims its folder this way when it opens the database (server/database.ts).
    const release = claimDataFolder(dataDir);
    try {
      const run = rotate(["--retire"]);
      expect(run.status).toBe(1);
      expect(run.err).toContain(`is in use by process ${process.pid}`);
      expect(run.err).toMatch(/PGlite allows one process per data folder.*Stop the portal/);
    } finally {
      release();
    }
    expect(await storedValues()).toEqual(before);
    expect(formatKeyring(readKeyFile(keyFile)!)).toBe(formatKeyring(portalKeys().ring));
  });

  it("embedded default: edits the key file, re-seals every value, reports per column, retires the old key, prints no key or secret", async () => {
    const a = portalKeys().ring;
    const run = rotate(["--retire"], { NEXTAUTH_SECRET: env.NEXTAUTH_SECRET });
    expect(run.status, run.all).toBe(0);
    const ring = readKeyFile(keyFile)!;
    expect(ring.keys).toHaveLength(1);
    expect(ring.current.id).not.toBe(a.current.id);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(run.out).toContain(`every stored secret is now sealed under key ${ring.current.id}`);
    expect(run.out).toMatch(/supplier_connections\.client_secret_sealed\s+3 re-sealed, 0 already under it/);
    expect(run.out).toMatch(/supplier_connections\.password_sealed\s+1 re-sealed/);
    expect(run.out).toMatch(/invitations\.token_sealed\s+1 re-sealed/);
    expect(run.out).toContain(`retired (no value uses them): ${a.current.id}`);
    for (const secret of [...keyMaterial(a), ...keyMaterial(ring), ...plainTexts]) expect(run.all).not.toContain(secret);

    const after = await storedValues();
    expect(after.map((v) => v.label)).toEqual([...plainBefore.keys()].sort());
    for (const v of after) {
      expect(keyIdOf(v.sealed)).toBe(ring.current.id);
      expect(openWith({ ring, legacy: null }, v.sealed)).toBe(plainBefore.get(v.label));
    }
  });

  it("with PORTAL_ENCRYPTION_KEY: leaves the key file alone and prints the value to set", async () => {
    const fileRing = readKeyFile(keyFile)!;
    const run = rotate(["--retire"], { PORTAL_ENCRYPTION_KEY: formatKeyring(fileRing) });
    expect(run.status, run.all).toBe(0);
    expect(formatKeyring(readKeyFile(keyFile)!)).toBe(formatKeyring(fileRing));
    const printed = /^PORTAL_ENCRYPTION_KEY=(.+)$/m.exec(run.out)?.[1];
    expect(printed).toBeDefined();
    const ring = parseKeyring(printed!);
    expect(ring.keys.map((k) => k.id)).toEqual([ring.current.id]);
    expect(ring.current.id).not.toBe(fileRing.current.id);
    for (const v of await storedValues()) expect(openWith({ ring, legacy: null }, v.sealed)).toBe(plainBefore.get(v.label));
  });

  it("refuses in production without PORTAL_ENCRYPTION_KEY, and names the variable when it is malformed", () => {
    const production = rotate([], { NODE_ENV: "production" });
    expect(production.status).toBe(1);
    expect(production.err).toContain("PORTAL_ENCRYPTION_KEY is required when NODE_ENV=production");
    const malformed = rotate([], { PORTAL_ENCRYPTION_KEY: "not-a-keyring-at-all" });
    expect(malformed.status).not.toBe(0);
    expect(malformed.err).toContain("PORTAL_ENCRYPTION_KEY entry 1 has no key id");
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)("npm run keys:rotate on PostgreSQL (DATABASE_URL)", { timeout: 180_000 }, () => {
  const server = new URL(process.env.TEST_DATABASE_URL ?? "postgres://unset");
  const name = `portal_keys_cli_${process.pid}_${Date.now().toString(36)}`;
  const own = new URL(server);
  own.pathname = `/${name}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  afterAll(() => admin(`drop database if exists ${name}`));

  it("re-seals every value there, the portal's key file edited as with PGlite", async () => {
    await admin(`create database ${name}`);
    const handle = await openDatabase({ url: own.toString() });
    await handle.migrate();
    await seedSealedValues(handle.db, 3);
    await handle.close();
    const pgKeyFile = path.join(folder, "pg-keys");
    writeKeyFile(pgKeyFile, portalKeys().ring);

    const run = rotate(["--retire"], { DATABASE_URL: own.toString(), PORTAL_KEY_FILE: pgKeyFile, PGLITE_DATA_DIR: undefined });
    expect(run.status, run.all).toBe(0);
    expect(run.out).toContain("PostgreSQL (DATABASE_URL): every stored secret is now sealed under key");
    const ring = readKeyFile(pgKeyFile)!;
    const after = await openDatabase({ url: own.toString() });
    try {
      for (const c of SEALED_COLUMNS) {
        const rows = (await after.db.select({ sealed: c.column }).from(c.table)) as { sealed: string | null }[];
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) if (r.sealed) expect(keyIdOf(r.sealed)).toBe(ring.current.id);
      }
    } finally {
      await after.close();
    }
  });
});
