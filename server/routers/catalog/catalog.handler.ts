import type { MemberContext } from "@/server/trpc/init";
import { askSupplier, listSupplierConnections, loadSupplierConnection } from "@/server/suppliers/connections";
import type { CatalogCategoriesInput, CatalogItemInput, CatalogSearchInput } from "./catalog.schema";

export async function listSuppliersHandler({ ctx }: { ctx: MemberContext }) {
  const rows = await listSupplierConnections(ctx.db, ctx.companyId);
  return rows.map((r) => ({ id: r.id, name: r.displayName, supplier: r.supplier, accountId: r.accountId }));
}

export async function searchCatalogHandler({ ctx, input }: { ctx: MemberContext; input: CatalogSearchInput }) {
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

export async function listCategoriesHandler({ ctx, input }: { ctx: MemberContext; input: CatalogCategoriesInput }) {
  const { connection, connector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  return askSupplier(connection.displayName, () => connector.listCategories());
}

export async function getItemHandler({ ctx, input }: { ctx: MemberContext; input: CatalogItemInput }) {
  const { connection, connector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const item = await askSupplier(connection.displayName, () => connector.getItem(input.itemId));
  return { supplier: { id: connection.id, name: connection.displayName }, item };
}
