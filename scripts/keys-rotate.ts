/**
 * npm run keys:rotate — a new key for the stored secrets (supplier credentials, invitation tokens), every sealed value
 * sealed again under it. See README "Supplier connections: where their secrets live".
 *
 *   (no option)      make a new key current (older keys kept for reading) and re-seal every value under it
 *   --key <id:key>   use this key as the new one instead of making one
 *   --keep-key       no new key: re-seal under the keyring's current key (after rolling out a new PORTAL_ENCRYPTION_KEY)
 *   --retire         afterwards, drop the keys no stored value uses any more
 *   --add-only       only add the new key, touch no database (PostgreSQL with the portal running: roll it out first)
 *   --print-new-key  print a fresh keyring for PORTAL_ENCRYPTION_KEY and stop
 *
 * With the embedded default (no PORTAL_ENCRYPTION_KEY) it edits the key file; with PORTAL_ENCRYPTION_KEY it prints the
 * value to set, since it cannot change the portal's environment. On a PGlite folder it refuses while the portal runs.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DataFolderInUseError } from "../db/data-folder-lock";
import { closeDatabase, getDatabaseHandle } from "../server/database";
import { env, keyringSettingFromEnv } from "../server/env";
import { readKeyFile, writeKeyFile } from "../server/keys/key-file";
import { formatKeyring, generateKey, parseKeyring, type Keyring } from "../server/keys/keyring";
import { rotateKeys } from "../server/keys/rotation";
import { legacyKeyFrom } from "../server/secrets";
import { sessionSecret } from "./embedded-defaults";

function fail(message: string): never {
  console.error(`[keys] ${message}`);
  process.exit(1);
}

async function main() {
  const { values: options } = parseArgs({
    options: {
      key: { type: "string" },
      "keep-key": { type: "boolean", default: false },
      retire: { type: "boolean", default: false },
      "add-only": { type: "boolean", default: false },
      "print-new-key": { type: "boolean", default: false },
    },
  });
  if (options["print-new-key"]) {
    console.log(`PORTAL_ENCRYPTION_KEY=${formatKeyring([generateKey()])}`);
    return;
  }
  if (options["keep-key"] && (options.key || options["add-only"])) fail("--keep-key makes no new key: it goes with neither --key nor --add-only");

  const where = env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `the PGlite folder ${env.PGLITE_DATA_DIR}`;
  if (!options["add-only"] && !env.DATABASE_URL && !existsSync(path.resolve(env.PGLITE_DATA_DIR, "PG_VERSION"))) {
    fail(`There is no PGlite database at ${env.PGLITE_DATA_DIR}: set PGLITE_DATA_DIR to the portal's folder, or DATABASE_URL`);
  }
  let setting;
  try {
    setting = keyringSettingFromEnv();
  } catch (error) {
    fail((error as Error).message);
  }
  const fromFile = setting.kind === "file" ? setting.file : null;
  let ring: Keyring | null;
  try {
    ring = setting.kind === "environment" ? parseKeyring(setting.keyring) : readKeyFile(setting.file);
  } catch (error) {
    fail((error as Error).message);
  }
  let newKey = null;
  if (!options["keep-key"]) {
    try {
      newKey = options.key ? parseKeyring(options.key).current : generateKey();
    } catch (error) {
      fail(`--key ${(error as Error).message}`);
    }
  }
  if (!ring) {
    // No key file yet: values so far are sealed the old way (v1) at most; the new key is the whole ring.
    if (!newKey) fail(`There is no key file at ${fromFile} to re-seal under; run without --keep-key`);
    ring = { current: newKey, keys: [newKey] };
    newKey = null;
    if (fromFile) writeKeyFile(fromFile, ring);
  }
  if (newKey && ring.keys.some((k) => k.id === newKey.id)) fail(`Key id ${newKey.id} is already in the keyring; choose another`);

  let toSet: Keyring | null = null;
  const saveRing = (next: Keyring) => {
    if (fromFile) writeKeyFile(fromFile, next);
    else toSet = next;
  };

  if (options["add-only"]) {
    saveRing({ current: newKey ?? ring.current, keys: newKey ? [newKey, ...ring.keys] : ring.keys });
    console.log(`[keys] new current key ${newKey?.id ?? ring.current.id}; no stored value changed yet`);
    finish(fromFile, toSet);
    console.log("[keys] once the portal runs with it, re-seal everything: npm run keys:rotate -- --keep-key --retire");
    return;
  }

  let handle;
  try {
    handle = await getDatabaseHandle();
  } catch (error) {
    if (error instanceof DataFolderInUseError) fail(`${error.message} Stop the portal, then run npm run keys:rotate again.`);
    throw error;
  }
  try {
    const report = await rotateKeys({
      db: handle.db,
      keys: { ring, legacy: legacyKeyFrom(sessionSecret({ create: false })) },
      newKey,
      retire: options.retire,
      saveRing,
    });
    console.log(`[keys] ${where}: every stored secret is now sealed under key ${report.current}`);
    for (const c of report.counts) console.log(`[keys]   ${c.column.padEnd(48)} ${c.resealed} re-sealed, ${c.current} already under it`);
    if (report.retired.length > 0) console.log(`[keys] retired (no value uses them): ${report.retired.join(", ")}`);
    for (const [id, count] of report.stillInUse)
      console.log(`[keys] key ${id} is still named by ${count} value(s) written meanwhile; run again to re-seal them`);
    if (!options.retire) {
      const older = report.ring.keys.filter((k) => k.id !== report.current).map((k) => k.id);
      if (older.length > 0) console.log(`[keys] older keys kept for reading: ${older.join(", ")} (drop them with --keep-key --retire)`);
    }
    finish(fromFile, toSet);
  } finally {
    await closeDatabase();
  }
}

/** Where the new ring went: the key file, or the value the operator sets (never anything else holding a key). */
function finish(fromFile: string | null, toSet: Keyring | null) {
  if (fromFile) {
    console.log(`[keys] key file ${fromFile} updated; restart the portal to use it`);
    return;
  }
  if (!toSet) return;
  console.log("[keys] set this as the portal's PORTAL_ENCRYPTION_KEY and restart it (this is the only copy of a new key):");
  console.log(`PORTAL_ENCRYPTION_KEY=${formatKeyring(toSet)}`);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
