/**
 * The admin's view of the company's connections: its suppliers and its accounts-payable service (Hypatos), listed
 * with what each is used for, added and changed, switched off and on, and removed while nothing was ordered through
 * it. Secrets are sealed the moment they arrive and only ever said back as "set, ends in …".
 *
 * This lives apart from server/connections/ (which turns a row into a connector for every other use case) because
 * routers may not reach that layer: here are the admin's use cases, there the machinery they use.
 */
import { randomBytes } from "node:crypto";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  accountsPayableConnections,
  cartLines,
  catalogFacets,
  catalogItems,
  catalogSyncRuns,
  orderListItems,
  outbox,
  requisitionLines,
  shipToReceivers,
  supplierConnections,
  supplierOrders,
  supplierIntents,
  supplierQuotes,
  supplierWebhookDeliveries,
} from "@/db/schema";
import {
  CONNECTION_KIND_LABELS,
  CREDENTIAL_KIND_OF,
  CREDENTIAL_KINDS_OF,
  type ConnectionKind,
  type SupplierCredentialKind,
  type SupplierKind,
} from "@/common/suppliers";
import type { ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { checkConnectionUrl, type ConnectionUrlField } from "@/server/domain/connection-url";
import { portalAddressFromEnv } from "@/server/env";
import { AppError, invalid, notFound } from "@/server/errors";
import { openSecret, sealSecret } from "@/server/secrets";

/** A secret as the admin may see it: whether there is one, and its last four characters when it is long enough to spare them. */
export interface SecretShown {
  set: boolean;
  last4: string | null;
}

export interface ConnectionView {
  id: string;
  kind: ConnectionKind;
  displayName: string;
  baseUrl: string;
  tokenUrl: string;
  credentialKind: SupplierCredentialKind;
  clientId: string;
  clientSecret: SecretShown;
  /** The supplier-side user of a password-grant connection (OrderCloud); null otherwise. */
  username: string | null;
  password: SecretShown | null;
  /** The supplier-side account (Hygrade's customer id, OrderCloud's buyer id…); null for Hypatos. */
  accountId: string | null;
  /** The Hypatos project invoices are read in; null for a supplier. */
  projectId: string | null;
  /** Where purchase orders are emailed (Orderspace). */
  orderEmail: string | null;
  /** The address to give the supplier for its webhook (Orderspace), and whether its signing key is set. */
  webhook: { path: string; url: string | null; secretSet: boolean } | null;
  enabled: boolean;
  /** Supplier orders placed through it; its history, which keeps it from being deleted. */
  orderCount: number;
  createdAt: Date;
}

const SUPPLIER_NAME_MAX = 80;
/** Below this a secret's last four characters give too much of it away. */
const LAST4_MIN_LENGTH = 12;
const HYPATOS_NAME = "Hypatos";

/** A sealed secret as the admin may see it; also single sign-on's client secret (server/sso). */
export function shown(sealed: string | null): SecretShown {
  if (!sealed) return { set: false, last4: null };
  let plain: string;
  try {
    plain = openSecret(sealed);
  } catch {
    // Sealed with another key (the portal's key changed): it is there, but nothing of it can be said.
    return { set: true, last4: null };
  }
  if (plain === "") return { set: false, last4: null };
  return { set: true, last4: plain.length >= LAST4_MIN_LENGTH ? plain.slice(-4) : null };
}

const WEBHOOK_PATH = "/api/suppliers/webhooks/";

function webhookOf(row: typeof supplierConnections.$inferSelect): ConnectionView["webhook"] {
  if (row.supplier !== "orderspace") return null;
  if (!row.webhookKey) return null;
  const path = `${WEBHOOK_PATH}${row.webhookKey}`;
  const origin = portalAddressFromEnv().origins[0];
  return { path, url: origin ? `${origin}${path}` : null, secretSet: Boolean(row.webhookSecretSealed) };
}

async function orderCounts(db: Database, connectionIds: string[]): Promise<Map<string, number>> {
  if (connectionIds.length === 0) return new Map();
  const rows = await db
    .select({ id: supplierOrders.supplierConnectionId, n: count() })
    .from(supplierOrders)
    .where(inArray(supplierOrders.supplierConnectionId, connectionIds))
    .groupBy(supplierOrders.supplierConnectionId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** Every connection of the company, suppliers by name and then its Hypatos connection, secrets never included. */
export async function listConnections(ctx: Pick<ActorContext, "db" | "companyId">): Promise<ConnectionView[]> {
  const [suppliers, [payables]] = await Promise.all([
    ctx.db.select().from(supplierConnections).where(eq(supplierConnections.companyId, ctx.companyId)).orderBy(supplierConnections.displayName),
    ctx.db.select().from(accountsPayableConnections).where(eq(accountsPayableConnections.companyId, ctx.companyId)).limit(1),
  ]);
  const counts = await orderCounts(
    ctx.db,
    suppliers.map((s) => s.id),
  );
  const views: ConnectionView[] = suppliers.map((row) => ({
    id: row.id,
    kind: row.supplier,
    displayName: row.displayName,
    baseUrl: row.baseUrl,
    tokenUrl: row.tokenUrl,
    credentialKind: row.credentialKind,
    clientId: row.clientId,
    clientSecret: shown(row.clientSecretSealed),
    username: row.credentialKind === "password" ? row.username : null,
    password: row.credentialKind === "password" ? shown(row.passwordSealed) : null,
    accountId: row.accountId,
    projectId: null,
    orderEmail: row.orderEmail,
    webhook: webhookOf(row),
    enabled: row.enabled,
    orderCount: counts.get(row.id) ?? 0,
    createdAt: row.createdAt,
  }));
  if (payables) {
    views.push({
      id: payables.id,
      kind: "hypatos",
      displayName: HYPATOS_NAME,
      baseUrl: payables.baseUrl,
      tokenUrl: payables.tokenUrl,
      credentialKind: "basic",
      clientId: payables.clientId,
      clientSecret: shown(payables.clientSecretSealed),
      username: null,
      password: null,
      accountId: null,
      projectId: payables.projectId,
      orderEmail: null,
      webhook: null,
      enabled: payables.enabled,
      orderCount: 0,
      createdAt: payables.createdAt,
    });
  }
  return views;
}

export interface SaveConnectionInput {
  /** Absent: a new connection. */
  id?: string;
  kind: ConnectionKind;
  displayName?: string;
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  /** Blank when changing a connection: the one stored stays. */
  clientSecret?: string;
  /** Suppliers: the supplier-side account. */
  accountId?: string;
  /** Hypatos: the project invoices are read in. */
  projectId?: string;
  /** Orderspace: where purchase orders are emailed; blank: none. */
  orderEmail?: string | null;
  /** Orderspace: the signing key of its webhook; blank keeps the stored one. */
  webhookSecret?: string;
  /** OrderCloud: the buyer user's password grant (the usual) or the API client's own client credentials. */
  credentialKind?: SupplierCredentialKind;
  username?: string;
  /** Blank when changing a connection: the one stored stays. */
  password?: string;
}

/** What the admin calls the supplier-side account, per supplier. */
const ACCOUNT_WORDS: Record<SupplierKind, string> = {
  hygrade: "Hygrade customer id (e.g. ACME001)",
  yodify: "Yodify account id or number",
  orderspace: "Orderspace customer id (cu_…)",
  ordercloud: "OrderCloud buyer id",
};

const blank = (value: string | null | undefined) => !value || value.trim() === "";

function checkedUrl(field: ConnectionUrlField, raw: string): string {
  const check = checkConnectionUrl(field, raw, portalAddressFromEnv());
  if (!check.ok) throw invalid(check.field, check.message);
  return check.url;
}

type SupplierRow = typeof supplierConnections.$inferSelect;
type PayablesRow = typeof accountsPayableConnections.$inferSelect;

/** The company's connection with this id, of either kind; another company's is "not found", like one that never was. */
export async function findCompanyConnection(db: Database, companyId: string, id: string): Promise<{ supplier: SupplierRow } | { payables: PayablesRow }> {
  const [supplier] = await db
    .select()
    .from(supplierConnections)
    .where(and(eq(supplierConnections.id, id), eq(supplierConnections.companyId, companyId)))
    .limit(1);
  if (supplier) return { supplier };
  const [payables] = await db
    .select()
    .from(accountsPayableConnections)
    .where(and(eq(accountsPayableConnections.id, id), eq(accountsPayableConnections.companyId, companyId)))
    .limit(1);
  if (payables) return { payables };
  throw notFound("That connection");
}

/** Adds a connection, or changes one; a blank secret on a change keeps the one stored. Audited without any secret. */
export async function saveConnection(ctx: ActorContext, input: SaveConnectionInput): Promise<ConnectionView> {
  const existing = input.id ? await findCompanyConnection(ctx.db, ctx.companyId, input.id) : null;
  if (existing) {
    const storedKind: ConnectionKind = "supplier" in existing ? existing.supplier.supplier : "hypatos";
    if (storedKind !== input.kind)
      throw invalid("kind", `This connection is to ${CONNECTION_KIND_LABELS[storedKind]}; its supplier cannot change. Add a new connection instead.`);
  }
  const baseUrl = checkedUrl("baseUrl", input.baseUrl);
  const tokenUrl = checkedUrl("tokenUrl", input.tokenUrl);
  const clientId = input.clientId.trim();
  if (!clientId) throw invalid("clientId", "Enter the client id the supplier gave you.");
  const urls = { baseUrl, tokenUrl, clientId };
  const savedId =
    input.kind === "hypatos"
      ? await saveHypatos(ctx, input, existing && "payables" in existing ? existing.payables : null, urls)
      : await saveSupplier(ctx, { ...input, kind: input.kind }, existing && "supplier" in existing ? existing.supplier : null, urls);
  const view = (await listConnections(ctx)).find((c) => c.id === savedId);
  if (!view) throw notFound("That connection");
  return view;
}

async function saveHypatos(
  ctx: ActorContext,
  input: SaveConnectionInput,
  existing: PayablesRow | null,
  urls: { baseUrl: string; tokenUrl: string; clientId: string },
): Promise<string> {
  const projectId = (input.projectId ?? "").trim();
  if (!projectId) throw invalid("projectId", "Enter the Hypatos project id invoices are read in.");
  if (!existing) {
    const [other] = await ctx.db
      .select({ id: accountsPayableConnections.id })
      .from(accountsPayableConnections)
      .where(eq(accountsPayableConnections.companyId, ctx.companyId))
      .limit(1);
    if (other) throw new AppError("conflict", "The company already has a Hypatos connection; change that one instead.", { field: "kind" });
    if (blank(input.clientSecret)) throw invalid("clientSecret", "Enter the client secret Hypatos gave you.");
  }
  const values = {
    baseUrl: urls.baseUrl,
    tokenUrl: urls.tokenUrl,
    clientId: urls.clientId,
    projectId,
    ...(blank(input.clientSecret) ? {} : { clientSecretSealed: sealSecret(input.clientSecret!.trim()) }),
  };
  return ctx.db.transaction(async (tx) => {
    const [row] = existing
      ? await tx.update(accountsPayableConnections).set(values).where(eq(accountsPayableConnections.id, existing.id)).returning()
      : await tx
          .insert(accountsPayableConnections)
          .values({ ...values, clientSecretSealed: values.clientSecretSealed!, companyId: ctx.companyId, service: "hypatos" })
          .returning();
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: existing ? "connection_changed" : "connection_added",
      subject: { type: "supplier_connection", id: row!.id },
      details: {
        kind: "hypatos",
        changed: changes(existing, { baseUrl: values.baseUrl, tokenUrl: values.tokenUrl, clientId: values.clientId, projectId }),
        secretChanged: !blank(input.clientSecret),
      },
    });
    return row!.id;
  });
}

async function saveSupplier(
  ctx: ActorContext,
  input: SaveConnectionInput & { kind: SupplierKind },
  existing: SupplierRow | null,
  urls: { baseUrl: string; tokenUrl: string; clientId: string },
): Promise<string> {
  const kind = input.kind;
  const displayName = (input.displayName ?? "").trim();
  if (!displayName) throw invalid("displayName", "Enter the supplier's name as buyers should see it.");
  if (displayName.length > SUPPLIER_NAME_MAX) throw invalid("displayName", `A supplier's name can be at most ${SUPPLIER_NAME_MAX} characters.`);
  const accountId = (input.accountId ?? "").trim();
  if (!accountId) throw invalid("accountId", `Enter the ${ACCOUNT_WORDS[kind]}.`);

  const credentialKind = input.credentialKind ?? existing?.credentialKind ?? CREDENTIAL_KIND_OF[kind];
  const taken = CREDENTIAL_KINDS_OF[kind];
  if (!taken.includes(credentialKind))
    throw invalid("credentialKind", `${CONNECTION_KIND_LABELS[kind]} takes ${taken.map((k) => k.replace("_", " ")).join(" or ")} credentials.`);
  const password = credentialKind === "password";
  const username = password ? (input.username ?? "").trim() : null;
  if (password && !username) throw invalid("username", `Enter the ${CONNECTION_KIND_LABELS[kind]} user the portal signs in as.`);
  if (password && blank(input.password) && !existing?.passwordSealed) throw invalid("password", "Enter that user's password.");
  // A public API client (OrderCloud's password grant) has no secret; every other connection needs one.
  if (!password && blank(input.clientSecret) && !shown(existing?.clientSecretSealed ?? null).set)
    throw invalid("clientSecret", "Enter the client secret the supplier gave you.");

  const orderEmail = kind === "orderspace" && !blank(input.orderEmail) ? input.orderEmail!.trim() : null;
  if (orderEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(orderEmail))
    throw invalid("orderEmail", "Enter the order desk's email address, like orders@supplier.example.");
  const webhookSecret = kind === "orderspace" && !blank(input.webhookSecret) ? input.webhookSecret!.trim() : null;
  if (webhookSecret && webhookSecret.length < 8) throw invalid("webhookSecret", "The webhook signing key is at least 8 characters; copy it from Orderspace.");

  const values = {
    displayName,
    baseUrl: urls.baseUrl,
    tokenUrl: urls.tokenUrl,
    clientId: urls.clientId,
    accountId,
    credentialKind,
    username,
    orderEmail,
    ...(blank(input.clientSecret) ? {} : { clientSecretSealed: sealSecret(input.clientSecret!.trim()) }),
    ...(password && !blank(input.password) ? { passwordSealed: sealSecret(input.password!) } : {}),
    ...(password ? {} : { passwordSealed: null }),
    ...(webhookSecret ? { webhookSecretSealed: sealSecret(webhookSecret), webhookKey: existing?.webhookKey ?? randomBytes(24).toString("base64url") } : {}),
  };
  return ctx.db.transaction(async (tx) => {
    const [row] = existing
      ? await tx.update(supplierConnections).set(values).where(eq(supplierConnections.id, existing.id)).returning()
      : await tx
          .insert(supplierConnections)
          .values({ ...values, companyId: ctx.companyId, supplier: kind, clientSecretSealed: values.clientSecretSealed ?? sealSecret("") })
          .returning();
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: existing ? "connection_changed" : "connection_added",
      subject: { type: "supplier_connection", id: row!.id },
      details: {
        kind,
        changed: changes(existing, {
          displayName,
          baseUrl: values.baseUrl,
          tokenUrl: values.tokenUrl,
          clientId: values.clientId,
          accountId,
          credentialKind,
          username,
          orderEmail,
        }),
        secretChanged: !blank(input.clientSecret),
        passwordChanged: password && !blank(input.password),
        webhookSecretChanged: Boolean(webhookSecret),
      },
    });
    return row!.id;
  });
}

/** The settings that changed, old and new; for a new connection every one, from null. */
function changes<T extends Record<string, unknown>>(before: Partial<Record<keyof T, unknown>> | null, after: T) {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    const from = before ? ((before as Record<string, unknown>)[key] ?? null) : null;
    if (from !== to) changed[key] = { from, to };
  }
  return changed;
}

/**
 * Switches a connection off or on. Off, its catalog is hidden from buyers, its catalog syncs and status refreshes stop
 * and its webhooks are refused; its orders, receipts and invoices stay as they were. On again, all of it resumes.
 */
export async function setConnectionEnabled(ctx: ActorContext, input: { id: string; enabled: boolean }): Promise<ConnectionView> {
  const found = await findCompanyConnection(ctx.db, ctx.companyId, input.id);
  await ctx.db.transaction(async (tx) => {
    if ("supplier" in found) await tx.update(supplierConnections).set({ enabled: input.enabled }).where(eq(supplierConnections.id, input.id));
    else await tx.update(accountsPayableConnections).set({ enabled: input.enabled }).where(eq(accountsPayableConnections.id, input.id));
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: input.enabled ? "connection_enabled" : "connection_disabled",
      subject: { type: "supplier_connection", id: input.id },
    });
  });
  const view = (await listConnections(ctx)).find((c) => c.id === input.id);
  if (!view) throw notFound("That connection");
  return view;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Removes a connection nothing was ordered or quoted through, with its catalog mirror, cart and order-list lines and
 * receivers. One with orders or quotes is refused, saying how many: disabling it keeps their history.
 */
export async function deleteConnection(ctx: ActorContext, input: { id: string }): Promise<{ deleted: true; displayName: string }> {
  const found = await findCompanyConnection(ctx.db, ctx.companyId, input.id);
  if ("payables" in found) {
    // Uploaded invoices keep what Hypatos read from them; nothing refers to the connection row itself.
    await ctx.db.transaction(async (tx) => {
      await tx.delete(accountsPayableConnections).where(eq(accountsPayableConnections.id, input.id));
      await recordAudit(tx, {
        companyId: ctx.companyId,
        actorId: ctx.user.id,
        action: "connection_deleted",
        subject: { type: "supplier_connection", id: input.id },
        details: { kind: "hypatos" },
      });
    });
    return { deleted: true, displayName: HYPATOS_NAME };
  }
  const connection = found.supplier;
  const [[orders], [lines], [quotes]] = await Promise.all([
    ctx.db.select({ n: count() }).from(supplierOrders).where(eq(supplierOrders.supplierConnectionId, connection.id)),
    ctx.db
      .select({ n: count() })
      .from(requisitionLines)
      .innerJoin(supplierOrders, and(eq(supplierOrders.id, requisitionLines.supplierOrderId), eq(supplierOrders.companyId, requisitionLines.companyId)))
      .where(and(eq(requisitionLines.companyId, ctx.companyId), eq(supplierOrders.supplierConnectionId, connection.id))),
    ctx.db.select({ n: count() }).from(supplierQuotes).where(eq(supplierQuotes.supplierConnectionId, connection.id)),
  ]);
  const orderCount = Number(orders?.n ?? 0);
  const lineCount = Number(lines?.n ?? 0);
  const quoteCount = Number(quotes?.n ?? 0);
  if (orderCount > 0 || quoteCount > 0) {
    const uses = [
      orderCount > 0 ? `${plural(orderCount, "supplier order", "supplier orders")} (${plural(lineCount, "requisition line", "requisition lines")})` : null,
      quoteCount > 0 ? plural(quoteCount, "quote", "quotes") : null,
    ].filter(Boolean);
    throw new AppError(
      "conflict",
      `${connection.displayName} cannot be deleted: ${uses.join(" and ")} refer to it. Disable it instead; that keeps their history.`,
    );
  }
  await ctx.db.transaction(async (tx) => {
    const deliveries = await tx
      .delete(supplierWebhookDeliveries)
      .where(and(eq(supplierWebhookDeliveries.companyId, ctx.companyId), eq(supplierWebhookDeliveries.connectionId, connection.id)))
      .returning({ id: supplierWebhookDeliveries.id });
    if (deliveries.length > 0)
      await tx.delete(outbox).where(
        and(
          eq(outbox.companyId, ctx.companyId),
          eq(outbox.kind, "supplier_webhook"),
          inArray(
            outbox.subjectId,
            deliveries.map((d) => d.id),
          ),
        ),
      );
    await tx.delete(cartLines).where(eq(cartLines.supplierConnectionId, connection.id));
    await tx.delete(orderListItems).where(and(eq(orderListItems.companyId, ctx.companyId), eq(orderListItems.supplierConnectionId, connection.id)));
    await tx.delete(shipToReceivers).where(eq(shipToReceivers.supplierConnectionId, connection.id));
    await tx.delete(catalogFacets).where(eq(catalogFacets.connectionId, connection.id));
    await tx.delete(catalogItems).where(eq(catalogItems.connectionId, connection.id));
    await tx.delete(catalogSyncRuns).where(eq(catalogSyncRuns.connectionId, connection.id));
    // Without orders or quotes, only decisions on orders placed outside the portal are left; the audit log keeps their outcome.
    await tx.delete(supplierIntents).where(eq(supplierIntents.supplierConnectionId, connection.id));
    await tx.delete(supplierConnections).where(eq(supplierConnections.id, connection.id));
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "connection_deleted",
      subject: { type: "supplier_connection", id: connection.id },
      details: { kind: connection.supplier, displayName: connection.displayName },
    });
  });
  return { deleted: true, displayName: connection.displayName };
}
