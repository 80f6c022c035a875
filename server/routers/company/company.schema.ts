import { z } from "zod";
import { MAX_SESSION_ABSOLUTE_HOURS, MAX_SESSION_IDLE_MINUTES } from "@/server/domain/sessions";
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
  sessionIdleMinutes: z
    .number({ message: "Enter the idle timeout as a whole number of minutes" })
    .int("Enter the idle timeout as a whole number of minutes")
    .min(5, "The idle timeout must be at least 5 minutes")
    .max(MAX_SESSION_IDLE_MINUTES, `The idle timeout can be at most ${MAX_SESSION_IDLE_MINUTES} minutes`),
  sessionAbsoluteHours: z
    .number({ message: "Enter the session length as a whole number of hours" })
    .int("Enter the session length as a whole number of hours")
    .min(1, "A session must last at least 1 hour")
    .max(MAX_SESSION_ABSOLUTE_HOURS, `A session can last at most ${MAX_SESSION_ABSOLUTE_HOURS} hours`),
  invitationExpiryDays: z
    .number({ message: "Enter how long an invitation works as a whole number of days" })
    .int("Enter how long an invitation works as a whole number of days")
    .min(1, "An invitation must work for at least 1 day")
    .max(30, "An invitation can work for at most 30 days"),
});
