import { createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { getItemHandler, listCategoriesHandler, listSuppliersHandler, searchCatalogHandler } from "./catalog.handler";
import { catalogCategoriesInput, catalogItemInput, catalogSearchInput } from "./catalog.schema";

export const catalogRouter = createTRPCRouter({
  suppliers: memberProcedure.query(listSuppliersHandler),
  search: memberProcedure.input(catalogSearchInput).query(searchCatalogHandler),
  categories: memberProcedure.input(catalogCategoriesInput).query(listCategoriesHandler),
  item: memberProcedure.input(catalogItemInput).query(getItemHandler),
});
