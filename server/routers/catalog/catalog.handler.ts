import { getItem, listCategories, listSuppliers, searchAll, searchCatalog, syncNow, syncStatus } from "@/server/catalog/browse";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { catalogCategoriesInput, catalogItemInput, catalogSearchAllInput, catalogSearchInput, syncNowInput } from "./catalog.schema";

export const listSuppliersHandler = ({ ctx }: { ctx: MemberContext }) => listSuppliers(ctx);
export const searchCatalogHandler = ({ ctx, input }: Handled<typeof catalogSearchInput>) => searchCatalog(ctx, input);
export const searchAllHandler = ({ ctx, input }: Handled<typeof catalogSearchAllInput>) => searchAll(ctx, input);
export const listCategoriesHandler = ({ ctx, input }: Handled<typeof catalogCategoriesInput>) => listCategories(ctx, input);
export const getItemHandler = ({ ctx, input }: Handled<typeof catalogItemInput>) => getItem(ctx, input);
export const syncStatusHandler = ({ ctx }: { ctx: MemberContext }) => syncStatus(ctx);
export const syncNowHandler = ({ ctx, input }: Handled<typeof syncNowInput>) => syncNow(ctx, input);
