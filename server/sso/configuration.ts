/**
 * A company's single sign-on settings, as its admin sees and changes them: the provider (issuer, client id, sealed
 * client secret), the email domains it answers for, the role claim and its mapping, just-in-time creation, whether
 * single sign-on is required, and whether it is on at all. The secret is only ever said back as "set, ends in …".
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ssoConfigurations } from "@/db/schema";
import { ROLES, type Role } from "@/common/roles";
import type { ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { shown, type SecretShown } from "@/server/connections-admin/connections-admin";
import { checkIssuerUrl } from "@/server/domain/connection-url";
import { emailDomain, readAllowedDomains, type RoleMapping } from "@/server/domain/sso";
import { env, portalAddressFromEnv } from "@/server/env";
import { AppError, invalid } from "@/server/errors";
import { sealSecret } from "@/server/secrets";

export type SsoConfigurationRow = typeof ssoConfigurations.$inferSelect;

export interface SsoConfigurationView {
  issuer: string;
  clientId: string;
  clientSecret: SecretShown;
  allowedDomains: string[];
  roleClaim: string | null;
  roleMappings: RoleMapping[];
  defaultRoles: Role[];
  jitEnabled: boolean;
  required: boolean;
  enabled: boolean;
  updatedAt: Date;
}

const DEFAULT_PORTAL_URL = "http://localhost:3000";

/** The address the provider sends people back to: registered there by the admin, and sent with every sign-in. */
export function ssoRedirectUri(): string {
  return new URL("/api/sso/callback", env.NEXTAUTH_URL ?? DEFAULT_PORTAL_URL).toString();
}

const view = (row: SsoConfigurationRow): SsoConfigurationView => ({
  issuer: row.issuer,
  clientId: row.clientId,
  clientSecret: shown(row.clientSecretSealed),
  allowedDomains: row.allowedDomains,
  roleClaim: row.roleClaim,
  roleMappings: row.roleMappings,
  defaultRoles: row.defaultRoles,
  jitEnabled: row.jitEnabled,
  required: row.required,
  enabled: row.enabled,
  updatedAt: row.updatedAt,
});

async function rowOf(db: Database, companyId: string) {
  const [row] = await db.select().from(ssoConfigurations).where(eq(ssoConfigurations.companyId, companyId)).limit(1);
  return row ?? null;
}

/** The company's settings (null when single sign-on was never set up) and the redirect URI to give the provider. */
export async function getSsoConfiguration(ctx: ActorContext): Promise<{ configuration: SsoConfigurationView | null; redirectUri: string }> {
  const row = await rowOf(ctx.db, ctx.companyId);
  return { configuration: row ? view(row) : null, redirectUri: ssoRedirectUri() };
}

export interface SaveSsoConfiguration {
  issuer: string;
  clientId: string;
  /** Blank or absent on a change: the stored secret stays. */
  clientSecret?: string;
  allowedDomains: string | string[];
  roleClaim?: string;
  roleMappings: RoleMapping[];
  defaultRoles: Role[];
  jitEnabled: boolean;
  required: boolean;
  enabled: boolean;
}

const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_:./-]{0,99}$/;

/** Checks everything before anything is written, naming the field; then saves it, audited without the secret. */
export async function saveSsoConfiguration(ctx: ActorContext, input: SaveSsoConfiguration): Promise<SsoConfigurationView> {
  const issuer = checkIssuerUrl(input.issuer, portalAddressFromEnv());
  if (!issuer.ok) throw invalid("issuer", issuer.message);
  const clientId = input.clientId.trim();
  if (clientId === "") throw invalid("clientId", "Enter the client id the provider gave the portal");
  const domains = readAllowedDomains(input.allowedDomains);
  if (!domains.ok) throw invalid("allowedDomains", domains.message);
  const roleClaim = input.roleClaim?.trim() || null;
  if (roleClaim && !CLAIM_NAME.test(roleClaim)) throw invalid("roleClaim", "Enter the claim's name as the provider sends it, e.g. groups or roles");
  const mappings = input.roleMappings
    .map((m) => ({ value: m.value.trim(), roles: ROLES.filter((r) => m.roles.includes(r)) }))
    .filter((m) => m.value !== "" || m.roles.length > 0);
  const unnamed = mappings.findIndex((m) => m.value === "");
  if (unnamed >= 0) throw invalid(`roleMappings.${unnamed}.value`, "Enter the claim value this line maps, e.g. Purchasing");
  const roleless = mappings.findIndex((m) => m.roles.length === 0);
  if (roleless >= 0) throw invalid(`roleMappings.${roleless}.roles`, `Choose at least one portal role for "${mappings[roleless]!.value}"`);
  if (mappings.length > 0 && !roleClaim) throw invalid("roleClaim", "Enter the claim that carries the roles, so the mapping below can be read");
  const defaultRoles = ROLES.filter((r) => input.defaultRoles.includes(r));
  const secret = input.clientSecret ?? "";

  return ctx.db.transaction(async (tx) => {
    const existing = await rowOf(tx, ctx.companyId);
    if (!existing && secret === "") throw invalid("clientSecret", "Enter the client secret the provider gave the portal");
    // A domain answers for one company only, or the login page could not tell where to send its people.
    const taken = await tx
      .select({ domains: ssoConfigurations.allowedDomains })
      .from(ssoConfigurations)
      .where(and(ne(ssoConfigurations.companyId, ctx.companyId), sql`${ssoConfigurations.allowedDomains} && ${sql.param(domains.domains)}::text[]`));
    const clash = domains.domains.find((d) => taken.some((t) => t.domains.includes(d)));
    if (clash) throw new AppError("conflict", `${clash} already signs in through another company's single sign-on`, { field: "allowedDomains" });
    const values = {
      issuer: issuer.url,
      clientId,
      allowedDomains: domains.domains,
      roleClaim,
      roleMappings: mappings,
      defaultRoles,
      jitEnabled: input.jitEnabled,
      required: input.required,
      enabled: input.enabled,
      updatedAt: new Date(),
      ...(secret !== "" ? { clientSecretSealed: sealSecret(secret) } : {}),
    };
    const [row] = existing
      ? await tx.update(ssoConfigurations).set(values).where(eq(ssoConfigurations.id, existing.id)).returning()
      : await tx
          .insert(ssoConfigurations)
          .values({ ...values, companyId: ctx.companyId, clientSecretSealed: sealSecret(secret) })
          .returning();
    const { updatedAt: _at, clientSecretSealed: _secret, ...said } = { clientSecretSealed: undefined, ...values };
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: existing ? "sso.changed" : "sso.set_up",
      subject: { type: "sso_configuration", id: row!.id },
      details: { ...said, clientSecretChanged: secret !== "" },
    });
    return view(row!);
  });
}

/** The enabled single sign-on that answers for this email's domain, if any company has one. */
export async function ssoForEmail(db: Database, email: string): Promise<SsoConfigurationRow | null> {
  const domain = emailDomain(email);
  if (!domain) return null;
  const [row] = await db
    .select()
    .from(ssoConfigurations)
    .where(and(eq(ssoConfigurations.enabled, true), sql`${domain} = any(${ssoConfigurations.allowedDomains})`))
    .limit(1);
  return row ?? null;
}

/** The company's enabled single sign-on, if it has one. */
export async function enabledSsoOf(db: Database, companyId: string): Promise<SsoConfigurationRow | null> {
  const row = await rowOf(db, companyId);
  return row?.enabled ? row : null;
}
