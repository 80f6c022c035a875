import { z } from "zod";

/** Whole units, at least one, and no more than a real order line would ask for. */
export const MAX_LINE_QUANTITY = 10_000;
export const quantity = z
  .number({ message: "Quantity must be a number" })
  .int("Quantity must be a whole number")
  .min(1, "Quantity must be at least 1")
  .max(MAX_LINE_QUANTITY, `Quantity can be at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")} per line`);

export const addToCartInput = z.object({
  connectionId: z.uuid({ message: "Choose a supplier" }),
  itemId: z.string().trim().min(1, "Choose an item").max(100),
  quantity,
});
export type AddToCartInput = z.infer<typeof addToCartInput>;

export const setQuantityInput = z.object({ lineId: z.uuid({ message: "Unknown cart line" }), quantity });
export type SetQuantityInput = z.infer<typeof setQuantityInput>;

export const removeLineInput = z.object({ lineId: z.uuid({ message: "Unknown cart line" }) });
export type RemoveLineInput = z.infer<typeof removeLineInput>;
