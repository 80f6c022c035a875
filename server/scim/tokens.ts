/**
 * The bearer tokens a company's identity provider provisions people with over SCIM. An admin creates one (named for
 * the provider it is given to), sees it once, and can revoke it; the portal keeps only its SHA-256 and last four
 * characters, and when it was last used.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { scimTokens } from "@/db/schema";
import type { ActorContext, ChangeContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { AppError, invalid, notFound } from "@/server/errors";

const PREFIX = "scim_";
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Who is provisioning: the token's company, acting as the system, audited as "SCIM (<token name>)". */
export interface ScimContext extends ChangeContext {
  user: null;
  via: string;
  tokenId: string;
}

export async function listScimTokens(ctx: ActorContext) {
  return ctx.db
    .select({
      id: scimTokens.id,
      name: scimTokens.name,
      lastFour: scimTokens.lastFour,
      createdAt: scimTokens.createdAt,
      lastUsedAt: scimTokens.lastUsedAt,
      revokedAt: scimTokens.revokedAt,
    })
    .from(scimTokens)
    .where(eq(scimTokens.companyId, ctx.companyId))
    .orderBy(desc(scimTokens.createdAt));
}

/** A new token; its value is in this answer only. */
export async function createScimToken(ctx: ActorContext, input: { name: string }) {
  const name = input.name.replace(/\s+/g, " ").trim();
  if (!name) throw invalid("name", "Name the token after the identity provider it is for, like Okta.");
  if (name.length > 80) throw invalid("name", "A token name can be at most 80 characters.");
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(scimTokens)
      .values({ companyId: ctx.companyId, name, tokenHash: hashToken(token), lastFour: token.slice(-4), createdById: ctx.user.id })
      .returning({ id: scimTokens.id, name: scimTokens.name, lastFour: scimTokens.lastFour, createdAt: scimTokens.createdAt });
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "scim_token.created",
      subject: { type: "scim_token", id: row!.id },
      details: { name, lastFour: row!.lastFour },
    });
    return { ...row!, token };
  });
}

export async function revokeScimToken(ctx: ActorContext, input: { tokenId: string }, now = new Date()) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(scimTokens)
      .where(and(eq(scimTokens.id, input.tokenId), eq(scimTokens.companyId, ctx.companyId)))
      .for("update");
    if (!row) throw notFound("That token");
    if (row.revokedAt) return { id: row.id, revokedAt: row.revokedAt };
    await tx.update(scimTokens).set({ revokedAt: now }).where(eq(scimTokens.id, row.id));
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "scim_token.revoked",
      subject: { type: "scim_token", id: row.id },
      details: { name: row.name, lastFour: row.lastFour },
    });
    return { id: row.id, revokedAt: now };
  });
}

const refused = () => new AppError("unauthenticated", "The bearer token is not valid, or was revoked. Create a new one under Admin, SCIM provisioning.");

/** The company an `Authorization: Bearer …` header provisions for; a missing, unknown or revoked token is refused. */
export async function authenticateScimToken(db: Database, authorization: string | null, now = new Date()): Promise<ScimContext> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match || !match[1]!.startsWith(PREFIX)) throw refused();
  // Looked up by its hash: a 256-bit random token leaks nothing through the lookup's timing.
  const [row] = await db
    .select({ id: scimTokens.id, companyId: scimTokens.companyId, name: scimTokens.name })
    .from(scimTokens)
    .where(and(eq(scimTokens.tokenHash, hashToken(match[1]!)), isNull(scimTokens.revokedAt)));
  if (!row) throw refused();
  await db.update(scimTokens).set({ lastUsedAt: now }).where(eq(scimTokens.id, row.id));
  return { db, companyId: row.companyId, user: null, via: `SCIM (${row.name})`, tokenId: row.id };
}
