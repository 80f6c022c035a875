import { z } from "zod";

export const reorderRequisitionInput = z.object({ requisitionId: z.uuid({ message: "Unknown requisition" }) });

export const buyAgainInput = z.object({
  /** "company": what colleagues buy too (items and quantities only, never who ordered them). */
  scope: z.enum(["mine", "company"]).default("mine"),
  limit: z.number().int().min(1).max(50).default(10),
});

export const suggestInput = z.object({ q: z.string().trim().min(1, "Type part of an item code").max(100, "An item code is at most 100 characters") });

/** A pasted order is at most this many lines; more is a file upload, not a phone paste. */
export const MAX_QUICK_ORDER_LINES = 200;

export const quickOrderInput = z.object({
  text: z
    .string()
    .max(20_000, "Paste at most 20,000 characters")
    .refine((t) => t.split(/\r?\n/).filter((l) => l.trim() !== "").length > 0, "Type or paste at least one line: item code, quantity")
    .refine((t) => t.split(/\r?\n/).filter((l) => l.trim() !== "").length <= MAX_QUICK_ORDER_LINES, `Paste at most ${MAX_QUICK_ORDER_LINES} lines at once`),
  /** For a code several suppliers sell: which supplier the buyer picked for that line (1-based line number of the text). */
  picks: z
    .array(z.object({ line: z.number().int().min(1).max(10_000), connectionId: z.uuid({ message: "Choose a supplier" }) }))
    .max(MAX_QUICK_ORDER_LINES)
    .default([]),
});
