import { z } from "zod";

export const poNumber = z
  .string()
  .trim()
  .max(40, "PO number can be at most 40 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$|^$/, "PO number may only hold letters, digits, spaces and . _ / -");
export const note = z.string().trim().max(1000, "Note can be at most 1,000 characters").optional();

export const submitRequisitionInput = z.object({
  shipTo: z
    .array(z.object({ connectionId: z.uuid(), addressId: z.string().trim().min(1, "Choose a ship-to address").max(100) }))
    .min(1, "Choose a ship-to address")
    .max(20),
  costCenterId: z.uuid({ message: "Choose a cost center" }),
  poNumber,
  note,
});
export type SubmitRequisitionInput = z.infer<typeof submitRequisitionInput>;
