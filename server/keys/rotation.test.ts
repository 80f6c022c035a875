import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { supplierConnections } from "@/db/schema";
import { env } from "@/server/env";
import { formatKeyring, generateKey, parseKeyring, type Keyring } from "@/server/keys/keyring";
import { databaseKinds, openTestDatabase } from "@/server/testing/harness";
import { makeOldValue, seedSealedValues } from "@/server/testing/sealed-values";
import { keyIdOf, legacyKeyFrom, openWith, portalKeys, sealWith } from "@/server/secrets";
import { SEALED_COLUMNS } from "./sealed-columns";
import { keyIdsInUse, resealAll, rotateKeys } from "./rotation";

/** Every stored sealed value, by column and row, as it is now. */
async function storedValues(handle: DatabaseHandle) {
  const values: { column: string; id: string; sealed: string }[] = [];
  for (const c of SEALED_COLUMNS) {
    const rows = (await handle.db.select({ id: c.table.id, sealed: c.column }).from(c.table)) as { id: string; sealed: string | null }[];
    for (const row of rows) if (row.sealed !== null) values.push({ column: c.label, id: row.id, sealed: row.sealed });
  }
  return values;
}

const legacy = legacyKeyFrom(env.NEXTAUTH_SECRET);

describe.each(databaseKinds)("key rotation (%s)", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("re-seals every value under the new key, the old one kept until retired, and every value opens to what it was", async () => {
    const company = await seedSealedValues(handle.db, 1);
    await makeOldValue(handle.db, company.ordercloudConnectionId!, "ordercloud-password-from-before", env.NEXTAUTH_SECRET!);
    const a = portalKeys().ring;
    const before = await storedValues(handle);
    // Every registered column holds a value: the test covers them all.
    expect(new Set(before.map((v) => v.column))).toEqual(new Set(SEALED_COLUMNS.map((c) => c.label)));
    expect(new Set(before.map((v) => keyIdOf(v.sealed)))).toEqual(new Set([a.current.id, "v1"]));
    const plain = new Map(before.map((v) => [`${v.column}/${v.id}`, openWith({ ring: a, legacy }, v.sealed)]));
    expect(plain.get(`supplier_connections.password_sealed/${company.ordercloudConnectionId}`)).toBe("ordercloud-password-from-before");

    const b = generateKey();
    const saved: Keyring[] = [];
    const report = await rotateKeys({ db: handle.db, keys: { ring: a, legacy }, newKey: b, retire: false, saveRing: (r) => saved.push(r) });
    expect(saved.map((r) => r.keys.map((k) => k.id))).toEqual([[b.id, a.current.id]]);
    expect(report.current).toBe(b.id);
    const resealed = Object.fromEntries(report.counts.map((c) => [c.column, c.resealed]));
    expect(resealed).toEqual({
      "supplier_connections.client_secret_sealed": 3,
      "supplier_connections.password_sealed": 1,
      "supplier_connections.webhook_secret_sealed": 1,
      "accounts_payable_connections.client_secret_sealed": 1,
      "invitations.token_sealed": 1,
      "sso_configurations.client_secret_sealed": 1,
    });

    const after = await storedValues(handle);
    expect(after).toHaveLength(before.length);
    for (const v of after) {
      expect(keyIdOf(v.sealed)).toBe(b.id);
      // Opened with B alone: nothing still needs A or the session secret.
      expect(openWith({ ring: parseKeyring(formatKeyring([b])), legacy: null }, v.sealed)).toBe(plain.get(`${v.column}/${v.id}`));
    }
    expect([...(await keyIdsInUse(handle.db)).keys()]).toEqual([b.id]);

    // Run again: nothing left to re-seal; with retire, A leaves the ring.
    const second = await rotateKeys({ db: handle.db, keys: { ring: saved[0]!, legacy }, newKey: null, retire: true, saveRing: (r) => saved.push(r) });
    expect(second.counts.every((c) => c.resealed === 0)).toBe(true);
    expect(second.retired).toEqual([a.current.id]);
    expect(saved.at(-1)!.keys.map((k) => k.id)).toEqual([b.id]);
    for (const v of await storedValues(handle)) expect(openWith({ ring: saved.at(-1)!, legacy: null }, v.sealed)).toBe(plain.get(`${v.column}/${v.id}`));
  });

  it("changes nothing of a table one of whose values does not open, and names that value", async () => {
    // A database of its own: the first test's values are under a key this one does not know.
    const own = await openTestDatabase(kind);
    try {
      await failingTable(own);
    } finally {
      await own.close();
    }
  });
});

async function failingTable(handle: DatabaseHandle) {
  const company = await seedSealedValues(handle.db, 2);
  const [b, stranger] = [generateKey(), generateKey()];
  // Row by row: one connection's secret under a key the ring does not hold.
  await handle.db
    .update(supplierConnections)
    .set({ clientSecretSealed: sealWith(parseKeyring(formatKeyring([stranger])), "lost-secret") })
    .where(eq(supplierConnections.id, company.connectionId));
  const before = await storedValues(handle);
  await expect(resealAll(handle.db, { ring: parseKeyring(formatKeyring([b, ...portalKeys().ring.keys])), legacy })).rejects.toThrow(
    new RegExp(`supplier_connections.client_secret_sealed of row ${company.connectionId}: .*key id ${stranger.id}, which is not in the keyring`),
  );
  const connectionsBefore = before.filter((v) => v.column.startsWith("supplier_connections."));
  const connectionsAfter = (await storedValues(handle)).filter((v) => v.column.startsWith("supplier_connections."));
  expect(connectionsAfter).toEqual(connectionsBefore);
}
