import { z } from "zod";

const day = (what: string) =>
  z
    .string({ message: `Enter the ${what} date` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${what} date as YYYY-MM-DD`)
    .refine(
      (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      `The ${what} date is not a real date`,
    );

export const SPEND_GROUPINGS = ["costCenter", "supplier", "month"] as const;

export const spendReportInput = z
  .object({
    from: day("from"),
    to: day("to"),
    costCenterId: z.uuid({ message: "Choose a cost center from the list" }).optional(),
    groupBy: z.enum(SPEND_GROUPINGS, { message: "Group by cost center, supplier or month" }).default("costCenter"),
  })
  .refine((v) => v.from <= v.to, { message: "The from date must be on or before the to date", path: ["to"] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 5 * 366 * 86_400_000, { message: "Choose a range of at most five years", path: ["from"] });
export type SpendReportInput = z.infer<typeof spendReportInput>;
