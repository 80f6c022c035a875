import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { supplierConnections } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import { isSupplierError } from "@/server/suppliers/errors";
import { openSecret, sealSecret } from "@/server/secrets";
import { connectorFor } from "@/server/suppliers";
import type { SupplierConnectionSettings, SupplierConnector, SupplierKind } from "@/server/suppliers/types";

export type SupplierConnectionRow = typeof supplierConnections.$inferSelect;

export function connectorForRow(row: SupplierConnectionRow): SupplierConnector {
  return connectorFor(row.supplier, {
    baseUrl: row.baseUrl,
    tokenUrl: row.tokenUrl,
    clientId: row.clientId,
    clientSecret: openSecret(row.clientSecretSealed),
    accountId: row.accountId,
  });
}

/** A company's connection and its connector; another company's id is "not found", never "forbidden", so ids leak nothing. */
export async function loadSupplierConnection(db: Database, companyId: string, connectionId: string) {
  const [row] = await db
    .select()
    .from(supplierConnections)
    .where(and(eq(supplierConnections.id, connectionId), eq(supplierConnections.companyId, companyId), eq(supplierConnections.enabled, true)))
    .limit(1);
  if (!row) throw notFound("That supplier");
  return { connection: row, connector: connectorForRow(row) };
}

export async function listSupplierConnections(db: Database, companyId: string) {
  return db
    .select()
    .from(supplierConnections)
    .where(and(eq(supplierConnections.companyId, companyId), eq(supplierConnections.enabled, true)))
    .orderBy(supplierConnections.displayName);
}

export async function createSupplierConnection(
  db: Database,
  input: { companyId: string; supplier: SupplierKind; displayName: string; settings: SupplierConnectionSettings },
) {
  const [row] = await db
    .insert(supplierConnections)
    .values({
      companyId: input.companyId,
      supplier: input.supplier,
      displayName: input.displayName,
      baseUrl: input.settings.baseUrl.replace(/\/+$/, ""),
      tokenUrl: input.settings.tokenUrl,
      clientId: input.settings.clientId,
      clientSecretSealed: sealSecret(input.settings.clientSecret),
      accountId: input.settings.accountId,
    })
    .returning();
  return row!;
}

/**
 * Runs a connector call and turns its failures into what a buyer can act on:
 * the supplier's own words and field for a refusal, "try again" for an outage.
 */
export async function askSupplier<T>(supplierName: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw supplierFailureToAppError(supplierName, error);
  }
}

export function supplierFailureToAppError(supplierName: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!isSupplierError(error)) return new AppError("supplier_unavailable", `${supplierName} could not be reached. Please try again.`, { cause: error });
  switch (error.kind) {
    case "validation":
      return new AppError("supplier_rejected", `${supplierName} refused it: ${error.message}`, { field: error.details.field, cause: error });
    case "not_found":
      return new AppError("not_found", `${supplierName} has no such item or order.`, { cause: error });
    case "conflict":
      return new AppError("conflict", `${supplierName}: ${error.message}`, { cause: error });
    default:
      return new AppError(
        "supplier_unavailable",
        `${supplierName} is not answering right now (${error.kind.replace("_", " ")}). Please try again in a moment.`,
        { cause: error },
      );
  }
}
