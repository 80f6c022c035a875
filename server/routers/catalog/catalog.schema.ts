import { z } from "zod";

export const connectionId = z.uuid({ message: "Choose a supplier" });

export const catalogSearchInput = z.object({
  connectionId,
  q: z.string().trim().max(200, "Search text is too long (200 characters at most)").optional(),
  categoryId: z.string().trim().max(100).optional(),
  inStockOnly: z.boolean().default(false),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(24),
});
export type CatalogSearchInput = z.infer<typeof catalogSearchInput>;

export const catalogItemInput = z.object({ connectionId, itemId: z.string().trim().min(1).max(100) });
export type CatalogItemInput = z.infer<typeof catalogItemInput>;

export const catalogCategoriesInput = z.object({ connectionId });
export type CatalogCategoriesInput = z.infer<typeof catalogCategoriesInput>;
