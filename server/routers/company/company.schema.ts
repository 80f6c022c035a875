import { z } from "zod";
import { currencyCode, percentInBasisPoints } from "@/server/routers/fields";

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone"));

export const saveCompanySettingsInput = z.object({
  name: z.string().trim().min(1, "Enter the company's name").max(120, "A company name can be at most 120 characters"),
  currency: currencyCode.refine((c) => Intl.supportedValuesOf("currency").includes(c), "That is not a currency code; use one like USD, EUR or GBP"),
  timeZone: z
    .string()
    .trim()
    .refine((zone) => TIME_ZONES.has(zone) || zone === "UTC", "Choose a time zone from the list, e.g. Europe/Berlin"),
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
