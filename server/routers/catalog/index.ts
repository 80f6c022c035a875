import { adminProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import {
  getItemHandler,
  listCategoriesHandler,
  listSuppliersHandler,
  searchAllHandler,
  searchCatalogHandler,
  syncNowHandler,
  syncStatusHandler,
} from "./catalog.handler";
import { catalogCategoriesInput, catalogItemInput, catalogSearchAllInput, catalogSearchInput, syncNowInput } from "./catalog.schema";

export const catalogRouter = createTRPCRouter({
  suppliers: memberProcedure.query(listSuppliersHandler),
  /** One supplier, asked live. */
  search: memberProcedure.input(catalogSearchInput).query(searchCatalogHandler),
  /** Every supplier at once, from the mirror. */
  searchAll: memberProcedure.input(catalogSearchAllInput).query(searchAllHandler),
  categories: memberProcedure.input(catalogCategoriesInput).query(listCategoriesHandler),
  item: memberProcedure.input(catalogItemInput).query(getItemHandler),
  syncStatus: adminProcedure.query(syncStatusHandler),
  syncNow: adminProcedure.input(syncNowInput).mutation(syncNowHandler),
});
