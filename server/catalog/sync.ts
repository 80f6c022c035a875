/**
 * Mirrors a supplier connection's catalog into catalog_items, page by page
 * through its connector (which keeps within the supplier's rate limit and
 * retries what may be retried). Each page's items and the run's cursor are
 * written in one transaction, so a crash resumes at the page after the last
 * one saved; upserts make a page seen twice harmless. A finished full sync
 * delists the items it did not see.
 */
import { and, desc, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { catalogItems, catalogSyncRuns, supplierConnections } from "@/db/schema";
import { connectorForRow } from "@/server/suppliers/connections";
import { isSupplierError } from "@/server/suppliers/errors";
import type { CatalogItem } from "@/server/suppliers/types";

const PAGE_SIZE = 100;
/** A running sync not heard from for this long belongs to a process that died. */
const STALE_MS = 2 * 60_000;

export interface SyncOptions {
  pageSize?: number;
  /** Stop after this many pages (tests use it to simulate a crash mid-sync). */
  maxPages?: number;
  now?: () => Date;
  /** A page the supplier keeps refusing for a passing reason is asked again this many times... */
  pageRetries?: number;
  /** ...waiting this long first, doubling each time (or as long as the supplier's Retry-After says). */
  pageRetryDelayMs?: number;
}

export interface SyncResult {
  runId: string;
  state: "running" | "done" | "failed";
  itemsDone: number;
  pages: number;
  delisted: number;
  resumed: boolean;
}

function mirrorRow(companyId: string, connectionId: string, runId: string, item: CatalogItem, at: Date) {
  const tiers = [...item.priceTiers].sort((a, b) => a.minQuantity - b.minQuantity);
  const cheapest = tiers.reduce((min, t) => (t.unitPrice.amount < min ? t.unitPrice.amount : min), tiers[0]?.unitPrice.amount ?? 0);
  return {
    companyId,
    connectionId,
    supplierItemId: item.supplierItemId,
    itemCode: item.itemCode,
    name: item.name,
    description: item.description,
    categoryId: item.category.id,
    categoryName: item.category.name,
    imageUrl: item.images[0] ?? null,
    available: item.available,
    priceFromMinor: cheapest,
    currency: tiers[0]?.unitPrice.currency ?? "USD",
    priceTiers: tiers.map((t) => ({ minQuantity: t.minQuantity, amount: t.unitPrice.amount })),
    leadTimeDays: item.leadTimeDays,
    lastSyncRunId: runId,
    syncedAt: at,
    delistedAt: null,
  };
}

/**
 * A sync is background work with no one waiting on it, so it is more patient
 * than a buyer's request: past the HTTP core's own retries, a rate limit or an
 * outage gets a few more, longer waits before the run is left to resume later.
 */
async function patiently<T>(call: () => Promise<T>, options: SyncOptions): Promise<T> {
  const retries = options.pageRetries ?? 5;
  let delay = options.pageRetryDelayMs ?? 2000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isSupplierError(error) || !error.retryable || attempt >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.max(delay, error.details.retryAfterMs ?? 0)));
      delay *= 2;
    }
  }
}

/** The run to continue: a running one (ours to take over when its heartbeat stopped), or a new one. */
async function claimRun(db: Database, companyId: string, connectionId: string, now: Date) {
  return db.transaction(async (tx) => {
    await tx.select({ id: supplierConnections.id }).from(supplierConnections).where(eq(supplierConnections.id, connectionId)).for("update");
    const [running] = await tx
      .select()
      .from(catalogSyncRuns)
      .where(and(eq(catalogSyncRuns.connectionId, connectionId), eq(catalogSyncRuns.state, "running")))
      .orderBy(desc(catalogSyncRuns.startedAt))
      .limit(1);
    if (running) {
      if (now.getTime() - running.heartbeatAt.getTime() < STALE_MS) return { run: running, resumed: true, busy: true };
      const [taken] = await tx.update(catalogSyncRuns).set({ heartbeatAt: now }).where(eq(catalogSyncRuns.id, running.id)).returning();
      return { run: taken!, resumed: true, busy: false };
    }
    const [last] = await tx
      .select({ itemsDone: catalogSyncRuns.itemsDone })
      .from(catalogSyncRuns)
      .where(and(eq(catalogSyncRuns.connectionId, connectionId), eq(catalogSyncRuns.state, "done")))
      .orderBy(desc(catalogSyncRuns.startedAt))
      .limit(1);
    const [created] = await tx
      .insert(catalogSyncRuns)
      .values({ companyId, connectionId, state: "running", itemsTotal: last?.itemsDone ?? null, startedAt: now, heartbeatAt: now })
      .returning();
    return { run: created!, resumed: false, busy: false };
  });
}

export async function syncCatalog(db: Database, connectionId: string, options: SyncOptions = {}): Promise<SyncResult> {
  const now = options.now ?? (() => new Date());
  const [connection] = await db.select().from(supplierConnections).where(eq(supplierConnections.id, connectionId));
  if (!connection) throw new Error(`no supplier connection ${connectionId}`);
  const claimed = await claimRun(db, connection.companyId, connection.id, now());
  const run = claimed.run;
  if (claimed.busy) return { runId: run.id, state: "running", itemsDone: run.itemsDone, pages: 0, delisted: 0, resumed: true };

  const connector = connectorForRow(connection);
  let cursor = run.cursor ?? undefined;
  let itemsDone = run.itemsDone;
  let pages = 0;
  try {
    for (;;) {
      if (options.maxPages !== undefined && pages >= options.maxPages) return { runId: run.id, state: "running", itemsDone, pages, delisted: 0, resumed: claimed.resumed };
      const page = await patiently(() => connector.searchCatalog({ limit: options.pageSize ?? PAGE_SIZE, cursor }), options);
      const at = now();
      await db.transaction(async (tx) => {
        if (page.items.length > 0) {
          const rows = page.items.map((item) => mirrorRow(connection.companyId, connection.id, run.id, item, at));
          await tx
            .insert(catalogItems)
            .values(rows)
            .onConflictDoUpdate({
              target: [catalogItems.connectionId, catalogItems.supplierItemId],
              set: {
                itemCode: sql`excluded.item_code`,
                name: sql`excluded.name`,
                description: sql`excluded.description`,
                categoryId: sql`excluded.category_id`,
                categoryName: sql`excluded.category_name`,
                imageUrl: sql`excluded.image_url`,
                available: sql`excluded.available`,
                priceFromMinor: sql`excluded.price_from_minor`,
                currency: sql`excluded.currency`,
                priceTiers: sql`excluded.price_tiers`,
                leadTimeDays: sql`excluded.lead_time_days`,
                lastSyncRunId: sql`excluded.last_sync_run_id`,
                syncedAt: sql`excluded.synced_at`,
                delistedAt: sql`null`,
              },
            });
        }
        await tx
          .update(catalogSyncRuns)
          .set({
            cursor: page.nextCursor,
            pagesDone: sql`${catalogSyncRuns.pagesDone} + 1`,
            itemsDone: itemsDone + page.items.length,
            heartbeatAt: at,
          })
          .where(eq(catalogSyncRuns.id, run.id));
      });
      itemsDone += page.items.length;
      pages++;
      cursor = page.nextCursor ?? undefined;
      if (!page.hasMore || !page.nextCursor) break;
    }
    // Everything the supplier still lists was seen by this run; the rest is no longer sold.
    const delisted = await db
      .update(catalogItems)
      .set({ delistedAt: now(), available: false })
      .where(and(eq(catalogItems.connectionId, connection.id), isNull(catalogItems.delistedAt), or(isNull(catalogItems.lastSyncRunId), ne(catalogItems.lastSyncRunId, run.id))))
      .returning({ id: catalogItems.id });
    await db
      .update(catalogSyncRuns)
      .set({ state: "done", finishedAt: now(), itemsTotal: itemsDone, heartbeatAt: now() })
      .where(eq(catalogSyncRuns.id, run.id));
    return { runId: run.id, state: "done", itemsDone, pages, delisted: delisted.length, resumed: claimed.resumed };
  } catch (error) {
    // The supplier gave up on us (after the core's retries): the run stays open with its cursor and an
    // expired heartbeat, so the next attempt takes it over and resumes at the last saved page.
    const message = error instanceof Error ? error.message : String(error);
    console.warn(`[catalog-sync] ${connection.displayName}: ${message}; will resume from the last saved page`);
    await db
      .update(catalogSyncRuns)
      .set({ lastError: message, errorCount: sql`${catalogSyncRuns.errorCount} + 1`, heartbeatAt: new Date(0) })
      .where(eq(catalogSyncRuns.id, run.id));
    return { runId: run.id, state: "failed", itemsDone, pages, delisted: 0, resumed: claimed.resumed };
  }
}

/** Connections whose mirror is older than `everyMs` (or never synced), oldest first: what the worker syncs next. */
export async function connectionsDueForSync(db: Database, everyMs: number, now = new Date()) {
  const rows = await db
    .select({
      id: supplierConnections.id,
      lastStarted: sql<Date | null>`(select max(r.started_at) from catalog_sync_runs r where r.connection_id = ${supplierConnections.id} and r.state = 'done')`,
      running: sql<boolean>`exists (select 1 from catalog_sync_runs r where r.connection_id = ${supplierConnections.id} and r.state = 'running')`,
    })
    .from(supplierConnections)
    .where(eq(supplierConnections.enabled, true));
  return rows
    .filter((r) => r.running || !r.lastStarted || now.getTime() - new Date(r.lastStarted).getTime() >= everyMs)
    .map((r) => r.id);
}
