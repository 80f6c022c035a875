/** The company a person belongs to, and the company-wide rules a requisition is held to. */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { companies } from "@/db/schema";
import { describePoNumberFormat, matchesPoNumberFormat } from "@/server/domain/po-number-format";
import { AppError, invalid } from "@/server/errors";

export type CompanyRow = typeof companies.$inferSelect;

export async function loadCompany(db: Database, companyId: string): Promise<CompanyRow> {
  const [company] = await db.select().from(companies).where(eq(companies.id, companyId));
  if (!company) throw new AppError("forbidden", "Your company could not be found.");
  return company;
}

export async function companyCurrency(db: Database, companyId: string): Promise<string> {
  return (await loadCompany(db, companyId)).currency;
}

/** A supplier the order goes to, as far as PO numbers go. */
export interface PoNumberSupplier {
  name: string;
  requiresPoNumber: boolean;
}

/**
 * Whether an order needs a PO number, and who asks for it: the company for every order, or a supplier that refuses
 * orders without one (asking at checkout beats a refusal after approval). Null when nobody needs one.
 */
export function poNumberRequirement(company: Pick<CompanyRow, "name" | "poNumberRequired">, suppliers: PoNumberSupplier[]): string | null {
  if (company.poNumberRequired) return `${company.name} requires one on every order.`;
  const asking = suppliers.filter((s) => s.requiresPoNumber).map((s) => s.name);
  if (asking.length === 0) return null;
  return `${asking.join(" and ")} ${asking.length === 1 ? "requires" : "require"} one on every order.`;
}

/**
 * A requisition gets a PO number whenever its company or one of its suppliers needs one, and any PO number it gets has
 * the company's format, however it is submitted.
 */
export function requirePoNumber(company: Pick<CompanyRow, "poNumberRequired"> & PoNumberFormatOf, suppliers: PoNumberSupplier[], poNumber: string): void {
  const requiredBecause = poNumberRequirement(company, suppliers);
  if (requiredBecause && poNumber === "") throw invalid("poNumber", `Enter a PO number: ${requiredBecause}`);
  if (poNumber !== "" && company.poNumberPattern && !matchesPoNumberFormat(company.poNumberPattern, poNumber)) {
    throw invalid("poNumber", poNumberFormatHint(company)!);
  }
}

type PoNumberFormatOf = Pick<CompanyRow, "name" | "poNumberPattern" | "poNumberExample">;

/** The company's PO number format in a sentence, shown beside the field and when a PO number does not fit it. */
export function poNumberFormatHint(company: PoNumberFormatOf): string | null {
  if (!company.poNumberPattern) return null;
  const example = company.poNumberExample ? `, like ${company.poNumberExample}` : "";
  return `${company.name}'s PO numbers are ${describePoNumberFormat(company.poNumberPattern)}${example}.`;
}
