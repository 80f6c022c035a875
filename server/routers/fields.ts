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
