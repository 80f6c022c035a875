import { adminProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { catalogCategoriesInput, catalogItemInput, catalogSearchAllInput, catalogSearchInput, syncNowInput } from "./catalog.schema";
import { getItem, listCategories, listSuppliers, searchAll, searchCatalog, syncNow, syncStatus } from "@/server/catalog/browse";

export const catalogRouter = createTRPCRouter({
  suppliers: memberProcedure.query(({ ctx }) => listSuppliers(ctx)),
  /** One supplier, asked live. */
  search: memberProcedure.input(catalogSearchInput).query(({ ctx, input }) => searchCatalog(ctx, input)),
  /** Every supplier at once, from the mirror. */
  searchAll: memberProcedure.input(catalogSearchAllInput).query(({ ctx, input }) => searchAll(ctx, input)),
  categories: memberProcedure.input(catalogCategoriesInput).query(({ ctx, input }) => listCategories(ctx, input)),
  item: memberProcedure.input(catalogItemInput).query(({ ctx, input }) => getItem(ctx, input)),
  syncStatus: adminProcedure.query(({ ctx }) => syncStatus(ctx)),
  syncNow: adminProcedure.input(syncNowInput).mutation(({ ctx, input }) => syncNow(ctx, input)),
});
