import { z } from "zod";
import { MOVE_DIRECTIONS } from "@/server/order-lists/order-lists";
import { quantity } from "../fields";

export const MAX_LIST_NAME = 80;

const listId = z.uuid({ message: "Unknown order list" });
const name = z
  .string({ message: "Give the list a name" })
  .trim()
  .min(1, "Give the list a name")
  .max(MAX_LIST_NAME, `A list name can be at most ${MAX_LIST_NAME} characters`);

export const listIdInput = z.object({ listId });

export const createListInput = z.object({ name, shared: z.boolean().default(false) });

/** Rename, share or stop sharing: whatever is given changes. */
export const updateListInput = z.object({ listId, name: name.optional(), shared: z.boolean().optional() });

export const addItemInput = z.object({
  listId,
  connectionId: z.uuid({ message: "Choose a supplier" }),
  itemId: z.string().trim().min(1, "Choose an item").max(100),
  quantity,
});

export const setItemQuantityInput = z.object({ listId, itemId: z.uuid({ message: "Unknown list item" }), quantity });

export const removeItemInput = z.object({ listId, itemId: z.uuid({ message: "Unknown list item" }) });

export const moveItemInput = z.object({
  listId,
  itemId: z.uuid({ message: "Unknown list item" }),
  direction: z.enum(MOVE_DIRECTIONS, { message: "Move an item up, down, to the top or to the bottom" }),
});

/**
 * Quantities to use this time instead of the list's usual ones, keyed by list item id
 * (a record rather than an array so the field error names the item).
 */
export const addListToCartInput = z.object({ listId, quantities: z.record(z.uuid({ message: "Unknown list item" }), quantity).optional() });
