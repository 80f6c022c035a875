/**
 * A company's supplier connections: the row in the database (its secret sealed at rest) and the connector built
 * from it. This is the only place a connection row becomes a connector, so the supplier layer never reads the
 * database and every caller gets the same per-connection token, limiter and caches.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { supplierConnections } from "@/db/schema";
import { CREDENTIAL_KIND_OF, CREDENTIAL_KINDS_OF, type SupplierCredentialKind, type SupplierKind } from "@/common/suppliers";
import { notFound } from "@/server/errors";
import { orderspaceRateLimitFromEnv, hygradeRateLimitFromEnv } from "@/server/env";
import { openSecret, sealSecret } from "@/server/secrets";
import { connectorFor, SupplierError, type ConnectorOptions, type SupplierConnectionSettings, type SupplierConnector } from "@/server/suppliers";

export type SupplierConnectionRow = typeof supplierConnections.$inferSelect;

const kindWords = (kind: SupplierCredentialKind) => kind.replace("_", " ");

export function connectorForRow(row: SupplierConnectionRow, options: ConnectorOptions = {}): SupplierConnector {
  // The stored kind of credentials must be one this supplier's API takes: a connection is never tried with the wrong shape.
  const taken = CREDENTIAL_KINDS_OF[row.supplier];
  if (!taken.includes(row.credentialKind)) {
    throw new SupplierError(
      "auth",
      `${row.displayName} takes ${taken.map(kindWords).join(" or ")} credentials; this connection has ${kindWords(row.credentialKind)} ones.`,
      row.supplier,
      { code: "credential_kind" },
    );
  }
  return connectorFor(
    row.supplier,
    {
      baseUrl: row.baseUrl,
      tokenUrl: row.tokenUrl,
      clientId: row.clientId,
      clientSecret: openSecret(row.clientSecretSealed),
      accountId: row.accountId,
      grant: grantOf(row),
      rateLimit: row.supplier === "orderspace" ? orderspaceRateLimitFromEnv() : row.supplier === "hygrade" ? hygradeRateLimitFromEnv() : undefined,
    },
    options,
  );
}

/** A password-grant connection's user, opened; one without its user and password is refused rather than tried. */
function grantOf(row: SupplierConnectionRow): SupplierConnectionSettings["grant"] {
  if (row.credentialKind !== "password") return { kind: "client_credentials" };
  if (!row.username || !row.passwordSealed) {
    throw new SupplierError("auth", `${row.displayName} signs in as a user, and this connection has no user name and password.`, row.supplier, {
      code: "credential_kind",
      field: row.username ? "password" : "username",
    });
  }
  return { kind: "password", username: row.username, password: openSecret(row.passwordSealed) };
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

/** What a connection has beyond its credentials: where purchase orders go, and its webhook's path and signing key. */
export interface SupplierConnectionExtras {
  orderEmail?: string | null;
  webhook?: { key: string; secret: string } | null;
}

export async function createSupplierConnection(
  db: Database,
  input: { companyId: string; supplier: SupplierKind; displayName: string; settings: SupplierConnectionSettings } & SupplierConnectionExtras & {
      portalApprovalAnswersHold?: boolean;
    },
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
      credentialKind: input.settings.grant?.kind ?? CREDENTIAL_KIND_OF[input.supplier],
      username: input.settings.grant?.kind === "password" ? input.settings.grant.username : null,
      passwordSealed: input.settings.grant?.kind === "password" ? sealSecret(input.settings.grant.password) : null,
      orderEmail: input.orderEmail ?? null,
      webhookKey: input.webhook?.key ?? null,
      webhookSecretSealed: input.webhook ? sealSecret(input.webhook.secret) : null,
    })
    .returning();
  return row!;
}

/** The enabled connection a webhook path names, or null (an unknown key is answered like a bad signature). */
export async function connectionByWebhookKey(db: Database, key: string): Promise<SupplierConnectionRow | null> {
  const [row] = await db
    .select()
    .from(supplierConnections)
    .where(and(eq(supplierConnections.webhookKey, key), eq(supplierConnections.enabled, true)))
    .limit(1);
  return row ?? null;
}

/** The connection's webhook signing key, opened; null when it has none. */
export const webhookSecretOf = (row: SupplierConnectionRow): string | null => (row.webhookSecretSealed ? openSecret(row.webhookSecretSealed) : null);
