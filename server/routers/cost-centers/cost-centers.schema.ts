import { z } from "zod";
import { parsePeriod } from "@/server/domain/budgets";
import { currencyCode as currency } from "@/server/routers/fields";

const code = z
  .string()
  .trim()
  .min(1, "Enter a code, e.g. CC-4420")
  .max(20, "A code can be at most 20 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "A code may hold letters, digits and . _ - only, e.g. CC-4420");

export const costCenterFields = z.object({
  code,
  name: z.string().trim().min(1, "Enter a name").max(80, "A name can be at most 80 characters"),
  description: z.string().trim().max(500, "A description can be at most 500 characters").default(""),
  ownerId: z.uuid({ message: "Choose an owner from the list" }).nullable().default(null),
  glAccount: z
    .string()
    .trim()
    .max(30, "A GL account can be at most 30 characters")
    .regex(/^[A-Za-z0-9 .\-/]*$/, "A GL account may hold letters, digits, spaces and . - / only")
    .default(""),
  currency,
  /** Who may charge it; an admin chooses them by name. */
  memberIds: z
    .array(z.uuid({ message: "Choose people from the list" }))
    .max(1000)
    .default([]),
});

export const createCostCenterInput = costCenterFields;

export const updateCostCenterInput = costCenterFields.extend({ id: z.uuid({ message: "Unknown cost center" }), active: z.boolean().default(true) });

export const costCenterIdInput = z.object({ costCenterId: z.uuid({ message: "Unknown cost center" }) });

export const setDefaultCostCenterInput = z.object({
  userId: z.uuid({ message: "Unknown user" }),
  costCenterId: z.uuid({ message: "Choose a cost center from the list" }).nullable(),
});

/**
 * An amount as a person types it in major units ("5000", "5,000.00"). Kept as
 * text here: how many decimals are allowed depends on the cost center's
 * currency, which the handler knows.
 */
const amountText = z
  .union([z.string(), z.number()], { message: "Enter an amount like 5000 or 5,000.00" })
  .transform((v) => String(v).trim())
  .refine((v) => v !== "", "Enter an amount like 5000 or 5,000.00")
  .refine((v) => !/^-/.test(v), "A budget cannot be negative")
  .refine((v) => /^\$?[\d,\s]*\.?\d*$/.test(v) && /\d/.test(v), "Enter an amount like 5000 or 5,000.00 (digits only)");

export const addBudgetInput = z.object({
  costCenterId: z.uuid({ message: "Unknown cost center" }),
  period: z
    .string()
    .trim()
    .refine((v) => parsePeriod(v) !== null, "Use 2026-11 for a month, 2026-Q4 for a quarter or 2026 for a year"),
  amount: amountText,
  /** When given it must be the cost center's own currency; budgets are never converted. */
  currency: currency.optional(),
});

export const changeBudgetInput = z.object({
  budgetId: z.uuid({ message: "Unknown budget" }),
  amount: amountText,
  currency: currency.optional(),
  reason: z.string().trim().min(3, "Say why the budget changes (at least 3 characters)").max(300, "A reason can be at most 300 characters"),
});
