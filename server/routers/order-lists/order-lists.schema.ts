import { z } from "zod";
import { quantity } from "../cart/cart.schema";

export const MAX_LIST_NAME = 80;

const listId = z.uuid({ message: "Unknown order list" });
const name = z
  .string({ message: "Give the list a name" })
  .trim()
  .min(1, "Give the list a name")
  .max(MAX_LIST_NAME, `A list name can be at most ${MAX_LIST_NAME} characters`);

export const listIdInput = z.object({ listId });
export type ListIdInput = z.infer<typeof listIdInput>;

export const createListInput = z.object({ name, shared: z.boolean().default(false) });
export type CreateListInput = z.infer<typeof createListInput>;

/** Rename, share or stop sharing: whatever is given changes. */
export const updateListInput = z.object({ listId, name: name.optional(), shared: z.boolean().optional() });
export type UpdateListInput = z.infer<typeof updateListInput>;

export const addItemInput = z.object({
  listId,
  connectionId: z.uuid({ message: "Choose a supplier" }),
  itemId: z.string().trim().min(1, "Choose an item").max(100),
  quantity,
});
export type AddItemInput = z.infer<typeof addItemInput>;

export const setItemQuantityInput = z.object({ listId, itemId: z.uuid({ message: "Unknown list item" }), quantity });
export type SetItemQuantityInput = z.infer<typeof setItemQuantityInput>;

export const removeItemInput = z.object({ listId, itemId: z.uuid({ message: "Unknown list item" }) });
export type RemoveItemInput = z.infer<typeof removeItemInput>;

/** One step up or down, or straight to the top or the bottom: the order the owner walks the stock room in. */
export const MOVE_DIRECTIONS = ["up", "down", "top", "bottom"] as const;
export type MoveDirection = (typeof MOVE_DIRECTIONS)[number];

export const moveItemInput = z.object({
  listId,
  itemId: z.uuid({ message: "Unknown list item" }),
  direction: z.enum(MOVE_DIRECTIONS, { message: "Move an item up, down, to the top or to the bottom" }),
});
export type MoveItemInput = z.infer<typeof moveItemInput>;

/**
 * Quantities to use this time instead of the list's usual ones, keyed by list item id
 * (a record rather than an array so the field error names the item).
 */
export const addListToCartInput = z.object({ listId, quantities: z.record(z.uuid({ message: "Unknown list item" }), quantity).optional() });
export type AddListToCartInput = z.infer<typeof addListToCartInput>;
