/**
 * A company's supplier connections: the row in the database (its secret sealed at rest) and the connector built
 * from it. This is the only place a connection row becomes a connector, so the supplier layer never reads the
 * database and every caller gets the same per-connection token, limiter and caches.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { supplierConnections } from "@/db/schema";
import type { SupplierKind } from "@/common/suppliers";
import { notFound } from "@/server/errors";
import { openSecret, sealSecret } from "@/server/secrets";
import { connectorFor, type SupplierConnectionSettings, type SupplierConnector } from "@/server/suppliers";

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

export type LoadedConnection = Awaited<ReturnType<typeof loadSupplierConnection>>;

/** Several connections of one company, each loaded (and its secret opened) once, keyed by id. */
export async function loadSupplierConnections(db: Database, companyId: string, connectionIds: string[]): Promise<Map<string, LoadedConnection>> {
  const loaded = await Promise.all([...new Set(connectionIds)].map((id) => loadSupplierConnection(db, companyId, id)));
  return new Map(loaded.map((l) => [l.connection.id, l]));
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
  input: { companyId: string; supplier: SupplierKind; displayName: string; settings: SupplierConnectionSettings; portalApprovalAnswersHold?: boolean },
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
      portalApprovalAnswersHold: input.portalApprovalAnswersHold ?? false,
    })
    .returning();
  return row!;
}
