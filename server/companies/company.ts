/** The company a person belongs to, and the company-wide rules a requisition is held to. */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { companies } from "@/db/schema";
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

/** A company that requires PO numbers gets one on every requisition, however it is submitted. */
export function requirePoNumber(company: Pick<CompanyRow, "name" | "poNumberRequired">, poNumber: string): void {
  if (company.poNumberRequired && poNumber === "") throw invalid("poNumber", `Enter a PO number: ${company.name} requires one on every order.`);
}
