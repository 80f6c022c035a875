import { z } from "zod";
import { SPEND_GROUPINGS } from "@/server/spend/report";
import { calendarDay } from "../fields";

export const spendReportInput = z
  .object({
    from: calendarDay("The from date"),
    to: calendarDay("The to date"),
    costCenterId: z.uuid({ message: "Choose a cost center from the list" }).optional(),
    groupBy: z.enum(SPEND_GROUPINGS, { message: "Group by cost center, supplier or month" }).default("costCenter"),
  })
  .refine((v) => v.from <= v.to, { message: "The from date must be on or before the to date", path: ["to"] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 5 * 366 * 86_400_000, { message: "Choose a range of at most five years", path: ["from"] });
