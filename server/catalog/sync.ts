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
import { catalogFacets, catalogItems, catalogSyncRuns, catalogWords, supplierConnections, type CatalogSyncKind } from "@/db/schema";
import { connectorForRow } from "@/server/connections/connections";
import { AppError } from "@/server/errors";
import { shownPrice } from "@/server/domain/price-tiers";
import { MIN_FUZZY_WORD_LENGTH } from "@/server/domain/search-terms";
import { isSupplierError } from "@/server/suppliers/errors";
import type { CatalogItem } from "@/server/suppliers/types";

const PAGE_SIZE = 100;
/** A running sync not heard from for this long belongs to a process that died. */
const STALE_MS = 2 * 60_000;

export interface SyncOptions {
  /**
   * "full" (the default) walks the whole catalog and delists what it did not see; "new_items" asks
   * only for items added since the newest one mirrored, where the connector can (newItemsSince).
   * A connector that cannot falls back to a full sync.
   */
  kind?: CatalogSyncKind;
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
  kind: CatalogSyncKind;
  state: "running" | "done" | "failed";
  itemsDone: number;
  pages: number;
  delisted: number;
  resumed: boolean;
}

function mirrorRow(companyId: string, connectionId: string, runId: string, item: CatalogItem, at: Date) {
  const tiers = [...item.priceTiers].sort((a, b) => a.minQuantity - b.minQuantity);
  const cheapest = tiers.reduce((min, t) => (t.unitPrice.amount < min ? t.unitPrice.amount : min), tiers[0]?.unitPrice.amount ?? 0);
  const shown = tiers.length > 0 ? shownPrice(tiers).unitPrice.amount : 0;
  return {
    companyId,
    connectionId,
    supplierItemId: item.supplierItemId,
    itemCode: item.itemCode,
    name: item.name,
    description: item.description,
    categoryId: item.category?.id ?? null,
    categoryName: item.category?.name ?? null,
    brandId: item.brand?.id ?? null,
    brandName: item.brand?.name ?? null,
    imageUrl: item.images[0] ?? null,
    available: item.available,
    priceFromMinor: cheapest,
    priceMinor: shown,
    currency: tiers[0]?.unitPrice.currency ?? "USD",
    priceTiers: tiers.map((t) => ({ minQuantity: t.minQuantity, amount: t.unitPrice.amount })),
    leadTimeDays: item.leadTimeDays,
    lastSyncRunId: runId,
    syncedAt: at,
    delistedAt: null,
  };
}

/**
 * Adds the words of these mirrored items to the company's search vocabulary (catalog_words), split as the search
 * splits what a buyer types (MIN_FUZZY_WORD_LENGTH and up; shorter words are only ever matched as typed).
 */
async function rememberWords(db: Pick<Database, "execute">, connectionId: string, supplierItemIds: string[]) {
  await db.execute(sql`
    insert into ${catalogWords} (company_id, word)
    select distinct ${catalogItems.companyId}, w
    from ${catalogItems},
      regexp_split_to_table(lower(${catalogItems.itemCode} || ' ' || ${catalogItems.name} || ' ' || coalesce(${catalogItems.categoryName}, '') || ' ' || coalesce(${catalogItems.brandName}, '') || ' ' || ${catalogItems.description}), '[^[:alnum:]]+') as w
    where ${catalogItems.connectionId} = ${connectionId} and ${catalogItems.supplierItemId} in ${supplierItemIds} and length(w) >= ${MIN_FUZZY_WORD_LENGTH}
    on conflict do nothing`);
}

/**
 * The categories and brands of a connection's listed items, counted afresh (catalog_facets): after every sync, whatever
 * it added, changed or delisted, so the search's filters never scan the mirror. One transaction, so a search sees the
 * old list or the new one, never none.
 */
export async function rebuildFacets(db: Database, connectionId: string) {
  await db.transaction(async (tx) => {
    await tx.delete(catalogFacets).where(eq(catalogFacets.connectionId, connectionId));
    await tx.execute(sql`
      insert into ${catalogFacets} (company_id, connection_id, kind, facet_id, name, item_count)
      select company_id, connection_id, 'category', category_id, max(coalesce(category_name, category_id)), count(*)::int from ${catalogItems}
        where connection_id = ${connectionId} and delisted_at is null and category_id is not null group by company_id, connection_id, category_id
      union all
      select company_id, connection_id, 'brand', brand_id, max(coalesce(brand_name, brand_id)), count(*)::int from ${catalogItems}
        where connection_id = ${connectionId} and delisted_at is null and brand_id is not null group by company_id, connection_id, brand_id`);
  });
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

/**
 * The newest supplier item id in the mirror, for suppliers whose item ids grow (Yodify's SinceId
 * compares ids). Non-numeric ids cannot be compared, so there is no "since" for them.
 */
async function newestMirroredItemId(tx: Pick<Database, "select">, connectionId: string): Promise<string | null> {
  const [row] = await tx
    .select({ newest: sql<string | null>`max(${catalogItems.supplierItemId}::numeric)::text` })
    .from(catalogItems)
    .where(and(eq(catalogItems.connectionId, connectionId), sql`${catalogItems.supplierItemId} ~ '^[0-9]+$'`));
  return row?.newest ?? null;
}

/**
 * The run to continue: a running one (ours to take over when its heartbeat stopped), whatever its
 * kind, or a new one of the kind asked for.
 */
async function claimRun(db: Database, companyId: string, connectionId: string, now: Date, kind: CatalogSyncKind) {
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
      .where(and(eq(catalogSyncRuns.connectionId, connectionId), eq(catalogSyncRuns.state, "done"), eq(catalogSyncRuns.kind, "full")))
      .orderBy(desc(catalogSyncRuns.startedAt))
      .limit(1);
    // New items are only "new" relative to a finished full sync; before one, walk everything.
    const since = kind === "new_items" && last ? await newestMirroredItemId(tx, connectionId) : null;
    const runKind: CatalogSyncKind = since ? "new_items" : "full";
    const [created] = await tx
      .insert(catalogSyncRuns)
      .values({
        companyId,
        connectionId,
        state: "running",
        kind: runKind,
        sinceItemId: since,
        itemsTotal: runKind === "full" ? (last?.itemsDone ?? null) : null,
        startedAt: now,
        heartbeatAt: now,
      })
      .returning();
    return { run: created!, resumed: false, busy: false };
  });
}

async function stillEnabled(db: Database, connectionId: string): Promise<boolean> {
  const [row] = await db.select({ enabled: supplierConnections.enabled }).from(supplierConnections).where(eq(supplierConnections.id, connectionId));
  return row?.enabled === true;
}

export async function syncCatalog(db: Database, connectionId: string, options: SyncOptions = {}): Promise<SyncResult> {
  const now = options.now ?? (() => new Date());
  const [connection] = await db.select().from(supplierConnections).where(eq(supplierConnections.id, connectionId));
  if (!connection) throw new Error(`no supplier connection ${connectionId}`);
  // The worker and "sync now" only pick enabled connections; this holds for any other caller too.
  if (!connection.enabled) throw new AppError("precondition", `${connection.displayName} is disabled; its catalog is not synced until it is enabled again.`);
  const connector = connectorForRow(connection);
  const wanted: CatalogSyncKind = options.kind === "new_items" && connector.capabilities.newItemsSince ? "new_items" : "full";
  const claimed = await claimRun(db, connection.companyId, connection.id, now(), wanted);
  const run = claimed.run;
  const kind = run.kind;
  if (claimed.busy) return { runId: run.id, kind, state: "running", itemsDone: run.itemsDone, pages: 0, delisted: 0, resumed: true };
  const afterItemId = kind === "new_items" ? (run.sinceItemId ?? undefined) : undefined;

  let cursor = run.cursor ?? undefined;
  let itemsDone = run.itemsDone;
  let pages = 0;
  try {
    for (;;) {
      if (options.maxPages !== undefined && pages >= options.maxPages)
        return { runId: run.id, kind, state: "running", itemsDone, pages, delisted: 0, resumed: claimed.resumed };
      // Disabled while syncing: stop at this page; the run keeps its cursor and resumes when the connection is enabled again.
      if (pages > 0 && !(await stillEnabled(db, connection.id))) {
        await db
          .update(catalogSyncRuns)
          .set({ heartbeatAt: new Date(0) })
          .where(eq(catalogSyncRuns.id, run.id));
        return { runId: run.id, kind, state: "running", itemsDone, pages, delisted: 0, resumed: claimed.resumed };
      }
      const page = await patiently(() => connector.searchCatalog({ limit: options.pageSize ?? PAGE_SIZE, cursor, afterItemId }), options);
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
                brandId: sql`excluded.brand_id`,
                brandName: sql`excluded.brand_name`,
                imageUrl: sql`excluded.image_url`,
                available: sql`excluded.available`,
                priceFromMinor: sql`excluded.price_from_minor`,
                priceMinor: sql`excluded.price_minor`,
                currency: sql`excluded.currency`,
                priceTiers: sql`excluded.price_tiers`,
                leadTimeDays: sql`excluded.lead_time_days`,
                lastSyncRunId: sql`excluded.last_sync_run_id`,
                syncedAt: sql`excluded.synced_at`,
                delistedAt: sql`null`,
              },
            });
          await rememberWords(
            tx,
            connection.id,
            rows.map((r) => r.supplierItemId),
          );
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
    // After a full walk, everything the supplier still lists was seen by this run; the rest is no
    // longer sold. A new-items run saw only the new ones, so it delists nothing.
    const delisted =
      kind === "full"
        ? await db
            .update(catalogItems)
            .set({ delistedAt: now(), available: false })
            .where(
              and(
                eq(catalogItems.connectionId, connection.id),
                isNull(catalogItems.delistedAt),
                or(isNull(catalogItems.lastSyncRunId), ne(catalogItems.lastSyncRunId, run.id)),
              ),
            )
            .returning({ id: catalogItems.id })
        : [];
    await rebuildFacets(db, connection.id);
    await db.update(catalogSyncRuns).set({ state: "done", finishedAt: now(), itemsTotal: itemsDone, heartbeatAt: now() }).where(eq(catalogSyncRuns.id, run.id));
    return { runId: run.id, kind, state: "done", itemsDone, pages, delisted: delisted.length, resumed: claimed.resumed };
  } catch (error) {
    // The supplier gave up on us (after the core's retries): the run stays open with its cursor and an
    // expired heartbeat, so the next attempt takes it over and resumes at the last saved page.
    const message = error instanceof Error ? error.message : String(error);
    console.warn(`[catalog-sync] ${connection.displayName}: ${message}; will resume from the last saved page`);
    await db
      .update(catalogSyncRuns)
      .set({ lastError: message, errorCount: sql`${catalogSyncRuns.errorCount} + 1`, heartbeatAt: new Date(0) })
      .where(eq(catalogSyncRuns.id, run.id));
    return { runId: run.id, kind, state: "failed", itemsDone, pages, delisted: 0, resumed: claimed.resumed };
  }
}

/**
 * What the worker syncs next, oldest first: a connection whose last full sync is older than
 * `fullEveryMs` (or that never had one) gets a full sync; one whose supplier can list new items
 * gets a new-items sync when its last sync of any kind is older than `newItemsEveryMs`; a run left
 * open (a crash, a supplier that gave up on us) is resumed.
 */
export async function connectionsDueForSync(
  db: Database,
  fullEveryMs: number,
  now = new Date(),
  newItemsEveryMs = Number.POSITIVE_INFINITY,
): Promise<{ id: string; kind: CatalogSyncKind }[]> {
  // Ages are worked out in SQL: raw timestamp strings come back in a form JS dates do not all parse.
  // The outer row is named in full: drizzle renders a lone column unqualified, which inside the
  // subquery would mean r.id (the bug that once made every connection look due on every pass).
  const at = now.toISOString();
  const ageOf = (filter: ReturnType<typeof sql>) =>
    sql<
      number | null
    >`(select extract(epoch from (${at}::timestamptz - max(r.started_at))) * 1000 from catalog_sync_runs r where r.connection_id = supplier_connections.id and r.state = 'done' ${filter})`.mapWith(
      (v: unknown) => (v === null ? null : Number(v)),
    );
  const rows = await db
    .select({
      connection: supplierConnections,
      fullAge: ageOf(sql`and r.kind = 'full'`),
      anyAge: ageOf(sql``),
      running: sql<number>`(select count(*) from catalog_sync_runs r where r.connection_id = supplier_connections.id and r.state = 'running')`.mapWith(Number),
    })
    .from(supplierConnections)
    .where(eq(supplierConnections.enabled, true));
  const age = (ms: number | null) => ms ?? Number.POSITIVE_INFINITY;
  const due: { id: string; kind: CatalogSyncKind; age: number }[] = [];
  for (const r of rows) {
    if (r.running > 0 || age(r.fullAge) >= fullEveryMs) due.push({ id: r.connection.id, kind: "full", age: age(r.fullAge) });
    else if (age(r.anyAge) >= newItemsEveryMs && connectorForRow(r.connection).capabilities.newItemsSince)
      due.push({ id: r.connection.id, kind: "new_items", age: age(r.anyAge) });
  }
  return due.sort((a, b) => b.age - a.age).map(({ id, kind }) => ({ id, kind }));
}
