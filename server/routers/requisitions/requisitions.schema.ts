import { z } from "zod";
import { REQUISITION_STATUSES } from "@/db/schema";
import { MAX_LINE_QUANTITY } from "../cart/cart.schema";
import { note, poNumber } from "../checkout/checkout.schema";

export const requisitionIdInput = z.object({ requisitionId: z.uuid({ message: "Unknown requisition" }) });
export type RequisitionIdInput = z.infer<typeof requisitionIdInput>;

export const listRequisitionsInput = z.object({
  scope: z.enum(["mine", "company"]).default("mine"),
  status: z.enum(REQUISITION_STATUSES).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListRequisitionsInput = z.infer<typeof listRequisitionsInput>;

export const withdrawRequisitionInput = z.object({
  requisitionId: z.uuid({ message: "Unknown requisition" }),
  reason: z.string().trim().max(300, "A reason can be at most 300 characters").default(""),
});
export type WithdrawRequisitionInput = z.infer<typeof withdrawRequisitionInput>;

export const cancelSupplierOrderInput = z.object({
  supplierOrderId: z.uuid({ message: "Unknown supplier order" }),
  reason: z.string().trim().min(3, "Say why the order is cancelled (at least 3 characters)").max(300, "A reason can be at most 300 characters"),
});
export type CancelSupplierOrderInput = z.infer<typeof cancelSupplierOrderInput>;

export const resubmitRequisitionInput = z.object({
  requisitionId: z.uuid({ message: "Unknown requisition" }),
  /** Every line of the current revision with its new quantity; 0 leaves it out. */
  lines: z
    .array(
      z.object({
        lineId: z.uuid({ message: "Unknown line" }),
        quantity: z.number({ message: "Quantity must be a number" }).int("Quantity must be a whole number").min(0, "Quantity cannot be negative").max(MAX_LINE_QUANTITY, `Quantity can be at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")} per line`),
      }),
    )
    .min(1, "Keep at least one line")
    .max(500),
  costCenterId: z.uuid({ message: "Choose a cost center" }),
  poNumber,
  note,
});
export type ResubmitRequisitionInput = z.infer<typeof resubmitRequisitionInput>;
