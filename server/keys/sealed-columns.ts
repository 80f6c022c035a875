import { getTableColumns, getTableName } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { accountsPayableConnections, invitations, ssoConfigurations, supplierConnections } from "@/db/schema";

/**
 * Every column holding a sealed value (server/secrets.ts), so the key rotation re-seals them all. A new sealed column
 * is one line here; server/keys/sealed-columns.test.ts fails for a `…Sealed` column of db/schema.ts that is missing.
 */
export const SEALED_COLUMNS = [
  sealed(supplierConnections, "clientSecretSealed"),
  sealed(supplierConnections, "passwordSealed"),
  sealed(supplierConnections, "webhookSecretSealed"),
  sealed(accountsPayableConnections, "clientSecretSealed"),
  sealed(invitations, "tokenSealed"),
  sealed(ssoConfigurations, "clientSecretSealed"),
];

export interface SealedColumn {
  table: PgTable & { id: AnyPgColumn };
  /** The schema's property name, e.g. clientSecretSealed. */
  key: string;
  column: AnyPgColumn;
  /** table.column as in the database, e.g. supplier_connections.client_secret_sealed: how the rotation reports it. */
  label: string;
}

function sealed<T extends PgTable & { id: AnyPgColumn }>(table: T, key: keyof T["_"]["columns"] & string): SealedColumn {
  const column = getTableColumns(table)[key] as AnyPgColumn;
  return { table, key, column, label: `${getTableName(table)}.${column.name}` };
}
