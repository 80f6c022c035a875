import { eq, isNotNull, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { withCurrentKey, withoutUnusedKeys, type Keyring, type SealingKey } from "@/server/keys/keyring";
import { SEALED_COLUMNS, type SealedColumn } from "@/server/keys/sealed-columns";
import { keyIdOf, openWith, sealWith, type OpeningKeys } from "@/server/secrets";

export interface ColumnCount {
  /** e.g. supplier_connections.client_secret_sealed */
  column: string;
  /** Values sealed again under the current key. */
  resealed: number;
  /** Values that were already under it. */
  current: number;
}

/**
 * Seals every registered value again under the ring's current key, one transaction per table (rows locked while
 * they are rewritten, so a value the portal changes meanwhile is not overwritten with an old one). A value that does
 * not open stops its table's transaction, naming the column and the row, and nothing of that table changes.
 */
export async function resealAll(db: Database, keys: OpeningKeys, columns: SealedColumn[] = SEALED_COLUMNS): Promise<ColumnCount[]> {
  const counts = new Map(columns.map((c) => [c.label, { column: c.label, resealed: 0, current: 0 }]));
  for (const [table, ofTable] of groupByTable(columns)) {
    await db.transaction(async (tx) => {
      const selection = Object.fromEntries([["id", table.id], ...ofTable.map((c) => [c.key, c.column])]);
      const rows = (await tx
        .select(selection)
        .from(table)
        .where(or(...ofTable.map((c) => isNotNull(c.column))))
        .for("update")) as Record<string, string | null>[];
      for (const row of rows) {
        const changes: Record<string, string> = {};
        for (const c of ofTable) {
          const sealed = row[c.key];
          if (sealed === null || sealed === undefined) continue;
          const count = counts.get(c.label)!;
          if (keyIdOf(sealed) === keys.ring.current.id) {
            count.current++;
            continue;
          }
          let plain: string;
          try {
            plain = openWith(keys, sealed);
          } catch (error) {
            throw new Error(`${c.label} of row ${row.id}: ${(error as Error).message}`, { cause: error });
          }
          changes[c.key] = sealWith(keys.ring, plain);
          count.resealed++;
        }
        if (Object.keys(changes).length > 0) await tx.update(table).set(changes).where(eq(table.id, row.id!));
      }
    });
  }
  return [...counts.values()];
}

/** How many stored values name each key id ("v1": sealed before the keyring), over every registered column. */
export async function keyIdsInUse(db: Database, columns: SealedColumn[] = SEALED_COLUMNS): Promise<Map<string, number>> {
  const used = new Map<string, number>();
  for (const c of columns) {
    const rows = await db.select({ sealed: c.column }).from(c.table).where(isNotNull(c.column));
    for (const { sealed } of rows as { sealed: string }[]) {
      const id = keyIdOf(sealed) ?? "unrecognised";
      used.set(id, (used.get(id) ?? 0) + 1);
    }
  }
  return used;
}

function groupByTable(columns: SealedColumn[]): Map<SealedColumn["table"], SealedColumn[]> {
  const byTable = new Map<SealedColumn["table"], SealedColumn[]>();
  for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  return byTable;
}

export interface RotationReport {
  /** The key values are sealed under now. */
  current: string;
  counts: ColumnCount[];
  /** Keys dropped from the ring (with `retire`): no stored value names them any more. */
  retired: string[];
  /** Key ids (other than the current one) still named by stored values, with how many: kept in the ring. */
  stillInUse: Map<string, number>;
  ring: Keyring;
}

/**
 * The rotation: `newKey` (unless null: re-seal under the current key) becomes current with the older keys kept for
 * reading, every sealed value is sealed again under it, and with `retire` the keys no value names are dropped.
 * `saveRing` is called with each ring before values depend on it, so no stored value is ever under a key that is not
 * saved.
 */
export async function rotateKeys(input: {
  db: Database;
  keys: OpeningKeys;
  newKey: SealingKey | null;
  retire: boolean;
  saveRing: (ring: Keyring) => void;
}): Promise<RotationReport> {
  let ring = input.newKey ? withCurrentKey(input.keys.ring, input.newKey) : input.keys.ring;
  if (input.newKey) input.saveRing(ring);
  const counts = await resealAll(input.db, { ring, legacy: input.keys.legacy });
  const used = await keyIdsInUse(input.db);
  let retired: string[] = [];
  if (input.retire) {
    ({ ring, retired } = withoutUnusedKeys(ring, new Set(used.keys())));
    if (retired.length > 0) input.saveRing(ring);
  }
  used.delete(ring.current.id);
  return { current: ring.current.id, counts, retired, stillInUse: used, ring };
}
