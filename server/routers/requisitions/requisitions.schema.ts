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
