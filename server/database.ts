/**
 * The portal process's one database handle, opened from the validated settings (PGlite data folder, or DATABASE_URL)
 * and migrated on first use.
 */
import { openDatabase, type Database, type DatabaseHandle } from "@/db/client";
import { claimDataFolder } from "@/db/data-folder-lock";
import { env } from "@/server/env";

// Next bundles route handlers and instrumentation separately, so module state is
// not shared between them; the one handle per process lives on globalThis.
const globalForDb = globalThis as unknown as { __portalDatabase?: Promise<DatabaseHandle> };

export function getDatabaseHandle(): Promise<DatabaseHandle> {
  if (!globalForDb.__portalDatabase) {
    globalForDb.__portalDatabase = (async () => {
      // Marks the folder as the portal's, so a command (npm run keys:rotate) refuses to open it meanwhile.
      const release = env.DATABASE_URL || env.PGLITE_DATA_DIR.startsWith("memory://") ? () => {} : claimDataFolder(env.PGLITE_DATA_DIR);
      try {
        const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DATA_DIR });
        await handle.migrate();
        return {
          ...handle,
          close: async () => {
            await handle.close();
            release();
          },
        };
      } catch (error) {
        release();
        throw error;
      }
    })();
  }
  return globalForDb.__portalDatabase;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}

export async function closeDatabase(): Promise<void> {
  const pending = globalForDb.__portalDatabase;
  globalForDb.__portalDatabase = undefined;
  if (pending) await (await pending).close();
}
