/**
 * Browsing what the company's suppliers sell: every supplier at once from the mirror (never waiting on one), one
 * supplier or one item asked live, and for admins how far each supplier's mirror is, with "sync now".
 */
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { catalogItems, catalogSyncRuns } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { companyCurrency } from "@/server/companies/company";
import { askSupplier } from "@/server/connections/ask-supplier";
import { listSupplierConnections, loadSupplierConnection } from "@/server/connections/connections";
import { decimalToMinor } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { searchMirror, type CatalogSort } from "./search";
import { syncCatalog } from "./sync";

export interface MirrorSearch {
  q?: string;
  supplierIds: string[];
  categoryIds: string[];
  brandIds: string[];
  inStockOnly: boolean;
  /** In major units of the company's currency, as the buyer types them. */
  minPrice?: number;
  maxPrice?: number;
  sort: CatalogSort;
  page: number;
  pageSize: number;
}

export async function listSuppliers(ctx: ActorContext) {
  const rows = await listSupplierConnections(ctx.db, ctx.companyId);
  return rows.map((r) => ({ id: r.id, name: r.displayName, supplier: r.supplier, accountId: r.accountId }));
}

export async function searchCatalog(
  ctx: ActorContext,
  input: { connectionId: string; q?: string; categoryId?: string; inStockOnly: boolean; cursor?: string; limit: number },
) {
  const { connection, connector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const page = await askSupplier(connection.displayName, () =>
    connector.searchCatalog({
      q: input.q || undefined,
      categoryId: input.categoryId || undefined,
      availableOnly: input.inStockOnly,
      cursor: input.cursor,
      limit: input.limit,
    }),
  );
  return { supplier: { id: connection.id, name: connection.displayName }, ...page };
}

export async function listCategories(ctx: ActorContext, input: { connectionId: string }) {
  const { connection, connector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  return askSupplier(connection.displayName, () => connector.listCategories());
}

export async function getItem(ctx: ActorContext, input: { connectionId: string; itemId: string }) {
  const { connection, connector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const item = await askSupplier(connection.displayName, () => connector.getItem(input.itemId));
  return { supplier: { id: connection.id, name: connection.displayName }, item };
}

/** Every supplier at once, from the mirror: never waits on a supplier. */
export async function searchAll(ctx: ActorContext, input: MirrorSearch) {
  const currency = await companyCurrency(ctx.db, ctx.companyId);
  const minor = (major: number | undefined) => (major === undefined ? undefined : decimalToMinor(major, currency).amount);
  const result = await searchMirror(ctx.db, ctx.companyId, {
    q: input.q || undefined,
    connectionIds: input.supplierIds,
    categoryIds: input.categoryIds,
    brandIds: input.brandIds,
    inStockOnly: input.inStockOnly,
    minPriceMinor: minor(input.minPrice),
    maxPriceMinor: minor(input.maxPrice),
    sort: input.sort,
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  // Past the counted matches there is at least one more page; how many more is not worth counting.
  const pages = Math.max(1, Math.ceil(result.total.count / input.pageSize)) + (result.total.more ? 1 : 0);
  return { ...result, page: input.page, pageSize: input.pageSize, pages };
}

/** For admins: how far each supplier's mirror is, when it last finished, and what went wrong. */
export async function syncStatus(ctx: ActorContext) {
  const connections = await listSupplierConnections(ctx.db, ctx.companyId);
  return Promise.all(
    connections.map(async (c) => {
      const [[latest], [lastDone], [lastNewItems], [mirrored]] = await Promise.all([
        ctx.db.select().from(catalogSyncRuns).where(eq(catalogSyncRuns.connectionId, c.id)).orderBy(desc(catalogSyncRuns.startedAt)).limit(1),
        ctx.db
          .select()
          .from(catalogSyncRuns)
          .where(and(eq(catalogSyncRuns.connectionId, c.id), eq(catalogSyncRuns.state, "done"), eq(catalogSyncRuns.kind, "full")))
          .orderBy(desc(catalogSyncRuns.startedAt))
          .limit(1),
        ctx.db
          .select()
          .from(catalogSyncRuns)
          .where(and(eq(catalogSyncRuns.connectionId, c.id), eq(catalogSyncRuns.state, "done"), eq(catalogSyncRuns.kind, "new_items")))
          .orderBy(desc(catalogSyncRuns.startedAt))
          .limit(1),
        ctx.db
          .select({ n: count() })
          .from(catalogItems)
          .where(and(eq(catalogItems.connectionId, c.id), isNull(catalogItems.delistedAt))),
      ]);
      return {
        connectionId: c.id,
        supplierName: c.displayName,
        supplier: c.supplier,
        mirroredItems: mirrored?.n ?? 0,
        lastSyncedAt: lastDone?.finishedAt ?? null,
        /** The last look for items added since (suppliers that can list them), and how many it found. */
        lastNewItemsCheck:
          lastNewItems?.finishedAt && (!lastDone?.finishedAt || lastNewItems.finishedAt > lastDone.finishedAt)
            ? { at: lastNewItems.finishedAt, found: lastNewItems.itemsDone }
            : null,
        current:
          latest && latest.state === "running"
            ? {
                kind: latest.kind,
                itemsDone: latest.itemsDone,
                itemsTotal: latest.itemsTotal,
                startedAt: latest.startedAt,
                lastError: latest.lastError,
                errorCount: latest.errorCount,
              }
            : null,
      };
    }),
  );
}

export async function syncNow(ctx: ActorContext, input: { connectionId: string }) {
  const { connection } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const [running] = await ctx.db
    .select({ id: catalogSyncRuns.id, heartbeatAt: catalogSyncRuns.heartbeatAt })
    .from(catalogSyncRuns)
    .where(and(eq(catalogSyncRuns.connectionId, connection.id), eq(catalogSyncRuns.state, "running")));
  if (running && Date.now() - running.heartbeatAt.getTime() < 60_000)
    throw new AppError("conflict", `${connection.displayName}'s catalog is already being synced.`);
  // Runs on in the portal's process; the page follows its progress through syncStatus.
  void syncCatalog(ctx.db, connection.id).catch((error: unknown) => console.error(`[catalog] sync of ${connection.displayName} failed; it will resume`, error));
  return { started: true, supplierName: connection.displayName };
}
