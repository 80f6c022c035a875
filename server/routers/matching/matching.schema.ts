import { z } from "zod";
import { MATCH_NOTE_MAX_LENGTH } from "@/common/receiving";

export const MATCH_STANDINGS = ["matched", "quantity_mismatch", "price_mismatch", "not_yet_received", "not_yet_invoiced", "accepted", "disputed"] as const;

export const supplierOrderIdInput = z.object({ supplierOrderId: z.uuid({ message: "That order id is not valid" }) });
export const requisitionIdInput = z.object({ requisitionId: z.uuid({ message: "That requisition id is not valid" }) });

export const toMatchInput = z.object({
  supplierId: z.uuid({ message: "Choose a supplier from the list" }).optional(),
  costCenterId: z.uuid({ message: "Choose a cost center from the list" }).optional(),
  standing: z.enum(MATCH_STANDINGS, { message: "Choose a state from the list" }).optional(),
  page: z.number().int().min(1, "Page must be 1 or more").max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100, "At most 100 orders a page").default(25),
});

const text = (label: string) =>
  z
    .string()
    .trim()
    .min(3, `${label} (at least 3 characters)`)
    .max(MATCH_NOTE_MAX_LENGTH, `Can be at most ${MATCH_NOTE_MAX_LENGTH.toLocaleString("en-US")} characters`);

export const acceptInput = supplierOrderIdInput.extend({ reason: text("Say why you accept the difference") });
export const disputeInput = supplierOrderIdInput.extend({ note: text("Say what is wrong with the invoice") });
