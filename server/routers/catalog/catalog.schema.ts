import { z } from "zod";
import { CATALOG_SORTS } from "@/server/catalog/search";

export const connectionId = z.uuid({ message: "Choose a supplier" });

export const catalogSearchInput = z.object({
  connectionId,
  q: z.string().trim().max(200, "Search text is too long (200 characters at most)").optional(),
  categoryId: z.string().trim().max(100).optional(),
  inStockOnly: z.boolean().default(false),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(24),
});

export const catalogItemInput = z.object({ connectionId, itemId: z.string().trim().min(1).max(100) });

export const catalogCategoriesInput = z.object({ connectionId });

const price = (which: string) =>
  z
    .number({ message: `The ${which} price must be a number` })
    .min(0, `The ${which} price cannot be negative`)
    .max(1_000_000_000, `The ${which} price is too large`);

/** One search over every connected supplier, from the catalog mirror. */
export const catalogSearchAllInput = z
  .object({
    q: z.string().trim().max(200, "Search text is too long (200 characters at most)").optional(),
    supplierIds: z
      .array(z.uuid({ message: "Choose suppliers from the list" }))
      .max(50)
      .default([]),
    categoryIds: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    brandIds: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    inStockOnly: z.boolean().default(false),
    /** In major units of the company's currency, as the buyer types them. */
    minPrice: price("lowest").optional(),
    maxPrice: price("highest").optional(),
    sort: z.enum(CATALOG_SORTS, { message: "Sort by relevance, price or name" }).default("relevance"),
    page: z.number().int().min(1).max(1000).default(1),
    pageSize: z.number().int().min(1).max(100).default(24),
  })
  .refine((v) => v.minPrice === undefined || v.maxPrice === undefined || v.minPrice <= v.maxPrice, {
    message: "The lowest price must not be above the highest",
    path: ["maxPrice"],
  });

export const syncNowInput = z.object({ connectionId });
