import { z } from "zod";
import { neededBy, note, poNumber } from "../fields";

export const submitRequisitionInput = z.object({
  shipTo: z
    .array(z.object({ connectionId: z.uuid(), addressId: z.string().trim().min(1, "Choose a ship-to address").max(100) }))
    .min(1, "Choose a ship-to address")
    .max(20),
  costCenterId: z.uuid({ message: "Choose a cost center" }),
  poNumber,
  note,
  neededBy,
});
