import { z } from "zod";
import { REQUISITION_STATUSES } from "@/db/schema";

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
