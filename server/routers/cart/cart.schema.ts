import { z } from "zod";
import { quantity } from "../fields";

export const addToCartInput = z.object({
  connectionId: z.uuid({ message: "Choose a supplier" }),
  itemId: z.string().trim().min(1, "Choose an item").max(100),
  quantity,
});

export const setQuantityInput = z.object({ lineId: z.uuid({ message: "Unknown cart line" }), quantity });

export const removeLineInput = z.object({ lineId: z.uuid({ message: "Unknown cart line" }) });
