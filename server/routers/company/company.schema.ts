import { z } from "zod";
import { companyName, knownCurrency, percentInBasisPoints, timeZone } from "@/server/routers/fields";

export const saveCompanySettingsInput = z.object({
  name: companyName,
  currency: knownCurrency,
  timeZone,
  poNumberRequired: z.boolean({ message: "Say whether every order needs a PO number" }),
  poNumberPattern: z.string().trim().max(60, "A PO number format can be at most 60 characters").default(""),
  poNumberExample: z.string().trim().max(40, "An example PO number can be at most 40 characters").default(""),
  receiptReminderDays: z
    .number({ message: "Enter the receiving reminder as a whole number of days" })
    .int("Enter the receiving reminder as a whole number of days")
    .min(1, "The receiving reminder must be at least 1 day")
    .max(60, "The receiving reminder can be at most 60 days"),
  matchTolerancePercent: percentInBasisPoints("the match tolerance"),
  matchToleranceAmount: z.union([z.string(), z.number()], { message: "Enter the match tolerance as an amount, like 5.00" }).transform((v) => String(v).trim()),
});
