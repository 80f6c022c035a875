import { z } from "zod";
import { REQUISITION_STATUSES } from "@/common/requisitions";
import { MAX_LINE_QUANTITY } from "@/server/domain/quantities";
import { calendarDay, neededBy, note, poNumber } from "../fields";

export const requisitionIdInput = z.object({ requisitionId: z.uuid({ message: "Unknown requisition" }) });

export const listRequisitionsInput = z
  .object({
    scope: z.enum(["mine", "company"]).default("mine"),
    status: z.enum(REQUISITION_STATUSES).optional(),
    supplierId: z.uuid({ message: "Unknown supplier" }).optional(),
    /** Submitted on or after this day (UTC). */
    from: calendarDay("From").optional(),
    /** Submitted on or before this day (UTC), the whole day included. */
    to: calendarDay("To").optional(),
    limit: z.number().int().min(1).max(100).default(50),
    /** The nextCursor of the page before; none for the first page. */
    cursor: z.string().max(300, "That page of orders is no longer available").optional(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "The end date must be on or after the start date" });

export const withdrawRequisitionInput = z.object({
  requisitionId: z.uuid({ message: "Unknown requisition" }),
  reason: z.string().trim().max(300, "A reason can be at most 300 characters").default(""),
});

export const cancelSupplierOrderInput = z.object({
  supplierOrderId: z.uuid({ message: "Unknown supplier order" }),
  reason: z.string().trim().min(3, "Say why the order is cancelled (at least 3 characters)").max(300, "A reason can be at most 300 characters"),
});

export const resubmitRequisitionInput = z.object({
  requisitionId: z.uuid({ message: "Unknown requisition" }),
  /** Every line of the current revision with its new quantity; 0 leaves it out. */
  lines: z
    .array(
      z.object({
        lineId: z.uuid({ message: "Unknown line" }),
        quantity: z
          .number({ message: "Quantity must be a number" })
          .int("Quantity must be a whole number")
          .min(0, "Quantity cannot be negative")
          .max(MAX_LINE_QUANTITY, `Quantity can be at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")} per line`),
      }),
    )
    .min(1, "Keep at least one line")
    .max(500),
  costCenterId: z.uuid({ message: "Choose a cost center" }),
  poNumber,
  note,
  neededBy,
});

export const purchaseOrderInput = z.object({ supplierOrderId: z.uuid({ message: "Unknown supplier order" }) });
