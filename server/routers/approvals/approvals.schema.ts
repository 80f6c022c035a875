import { z } from "zod";

export const approveInput = z.object({ requisitionId: z.uuid({ message: "Unknown requisition" }) });
export type ApproveInput = z.infer<typeof approveInput>;

export const rejectInput = z.object({
  requisitionId: z.uuid({ message: "Unknown requisition" }),
  reason: z
    .string()
    .trim()
    .min(3, "Give the requester a reason (at least 3 characters)")
    .max(1000, "Reason can be at most 1,000 characters"),
});
export type RejectInput = z.infer<typeof rejectInput>;
