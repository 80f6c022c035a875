/**
 * Input fields several routers take, validated the same way wherever a person types them: a quantity, a PO number,
 * a note, a calendar day.
 */
import { z } from "zod";
import { NOTE_MAX_LENGTH } from "@/common/requisitions";
import { MAX_LINE_QUANTITY } from "@/server/domain/quantities";

export const quantity = z
  .number({ message: "Quantity must be a whole number in digits, like 12" })
  .int("Quantity must be a whole number")
  .min(1, "Quantity must be at least 1")
  .max(MAX_LINE_QUANTITY, `Quantity can be at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")} per line`);

export const poNumber = z
  .string()
  .trim()
  .max(40, "PO number can be at most 40 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$|^$/, "PO number may only hold letters, digits, spaces and . _ / -");

export const note = z
  .string()
  .trim()
  .max(NOTE_MAX_LENGTH, {
    error: (issue) => `Note can be at most ${NOTE_MAX_LENGTH.toLocaleString("en-US")} characters; this one has ${String((issue.input as string).length)}`,
  })
  .optional();

/** A calendar day as a date input sends it ("2026-11-28"), checked to be a real day; `label` starts the messages ("From"). */
export const calendarDay = (label: string) =>
  z
    .string({ message: `${label} must be a date like 2026-11-28` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date like 2026-11-28`)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), `${label} is not a real date`);

/** The day the goods are needed by: a real day, not before today (the server's today, in UTC), and within two years. */
export const neededBy = calendarDay("Needed-by date")
  .refine((day) => day >= new Date().toISOString().slice(0, 10), "Needed-by date must be today or later")
  .refine((day) => day <= new Date(Date.now() + 2 * 366 * 86_400_000).toISOString().slice(0, 10), "Needed-by date must be within two years")
  .optional();

/**
 * "2", "2.5", "2.5%" or 2.5: a percentage from 0 to 100 with at most two decimals, so it is exact in basis points
 * (the company row keeps 250 for 2.5%). `what` names it in the messages ("the price tolerance").
 */
export const percentInBasisPoints = (what: string) =>
  z
    .union([z.string(), z.number()], { message: `Enter ${what} as a percentage, e.g. 2 or 2.5` })
    .transform((v) => String(v).trim().replace(/%$/, "").trim())
    .refine((v) => /^\d+(\.\d{1,2})?$/.test(v), `Enter ${what} as a percentage from 0 to 100 with at most two decimals, e.g. 2.5`)
    .transform((v) => {
      const [whole, fraction = ""] = v.split(".");
      return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
    })
    .refine((bp) => bp <= 10_000, `${what[0]!.toUpperCase()}${what.slice(1)} can be at most 100%`);

/** A three-letter currency code as a person types it ("usd" is USD). */
export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD");

/** A currency the runtime knows (ISO 4217), for a company's own currency. */
export const knownCurrency = currencyCode.refine(
  (c) => Intl.supportedValuesOf("currency").includes(c),
  "That is not a currency code; use one like USD, EUR or GBP",
);

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone"));

/** An IANA time zone, as the lists of zones offer them. */
export const timeZone = z
  .string()
  .trim()
  .refine((zone) => TIME_ZONES.has(zone) || zone === "UTC", "Choose a time zone from the list, e.g. Europe/Berlin");

export const companyName = z.string().trim().min(1, "Enter the company's name").max(120, "A company name can be at most 120 characters");
