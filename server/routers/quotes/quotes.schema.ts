import { z } from "zod";
import { note, poNumber } from "../fields";

export const requestQuoteInput = z.object({
  connectionId: z.uuid({ message: "Choose a supplier" }),
  note: z.string().trim().max(1000, "Note to the supplier can be at most 1,000 characters").optional(),
});

export const quoteIdInput = z.object({ quoteId: z.uuid({ message: "That quote id is not valid" }) });

export const declineQuoteInput = quoteIdInput.extend({
  reason: z.string().trim().min(3, "Tell the supplier why you decline (at least 3 characters)").max(500, "Reason can be at most 500 characters"),
});

export const checkoutQuoteInput = quoteIdInput.extend({
  costCenterId: z.uuid({ message: "Choose a cost center" }),
  addressId: z.string().trim().min(1, "Choose a ship-to address").max(100),
  poNumber,
  note,
});
