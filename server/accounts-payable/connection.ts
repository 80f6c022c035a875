/**
 * A company's accounts-payable service (Hypatos): the row (its secret sealed at rest) and the client built from it.
 * The one place the row becomes a client, so every upload, poll and push of a company shares one token and one limiter.
 */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accountsPayableConnections } from "@/db/schema";
import { createHypatosClient, type HypatosClient, type HypatosSettings } from "@/server/hypatos/client";
import { openSecret, sealSecret } from "@/server/secrets";

export type AccountsPayableConnectionRow = typeof accountsPayableConnections.$inferSelect;

export const hypatosClientForRow = (row: AccountsPayableConnectionRow, retry?: HypatosSettings["retry"]): HypatosClient =>
  createHypatosClient({
    retry,
    baseUrl: row.baseUrl,
    tokenUrl: row.tokenUrl,
    clientId: row.clientId,
    clientSecret: openSecret(row.clientSecretSealed),
    projectId: row.projectId,
  });

/** The company's enabled accounts-payable connection, or null when it has none (invoices are then entered by hand). */
export async function loadAccountsPayableConnection(db: Database, companyId: string): Promise<AccountsPayableConnectionRow | null> {
  const [row] = await db.select().from(accountsPayableConnections).where(eq(accountsPayableConnections.companyId, companyId)).limit(1);
  return row && row.enabled ? row : null;
}

/** The company's Hypatos client, or null when it has no accounts-payable connection. */
export async function hypatosClientFor(db: Database, companyId: string): Promise<HypatosClient | null> {
  const row = await loadAccountsPayableConnection(db, companyId);
  return row ? hypatosClientForRow(row) : null;
}

/** Connects a company to Hypatos; a company that has a connection gets it replaced (one per company). */
export async function saveAccountsPayableConnection(db: Database, companyId: string, settings: Omit<HypatosSettings, "retry">) {
  const values = {
    companyId,
    service: "hypatos" as const,
    baseUrl: settings.baseUrl.replace(/\/+$/, ""),
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    clientSecretSealed: sealSecret(settings.clientSecret),
    projectId: settings.projectId,
    enabled: true,
  };
  const [row] = await db
    .insert(accountsPayableConnections)
    .values(values)
    .onConflictDoUpdate({ target: accountsPayableConnections.companyId, set: values })
    .returning();
  return row!;
}
