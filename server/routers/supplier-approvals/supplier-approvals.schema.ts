import { z } from "zod";

export const decideSupplierApprovalInput = z.object({
  connectionId: z.uuid({ message: "Unknown supplier" }),
  approvalId: z.string().trim().min(1, "Unknown approval").max(200, "Unknown approval"),
});

export const rejectSupplierApprovalInput = decideSupplierApprovalInput.extend({
  reason: z
    .string({ message: "Give a reason for rejecting (the supplier passes it on)" })
    .trim()
    .min(3, "Give a reason for rejecting (at least 3 characters)")
    .max(500, "A reason can be at most 500 characters"),
});
