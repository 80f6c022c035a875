/**
 * The company's people as its admin keeps them: who is in it and with which roles, and the invitations that bring
 * someone new in. An invitation is a link with a random token; accepting it (once, before it expires, unless it was
 * revoked) creates the person with the roles the admin chose. Every change is audited.
 */
import { currentRequestId } from "@/server/logging";
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { companies, costCenters, invitations, outbox, users } from "@/db/schema";
import { ROLE_LABELS, ROLES, type Role } from "@/common/roles";
import type { ActorContext, ChangeContext } from "@/server/actor";
import { keepAnActiveAdmin } from "@/server/people/deactivation";
import { recordAudit } from "@/server/audit/audit-log";
import { passwordProblem } from "@/server/domain/password-rules";
import { AppError, invalid, notFound } from "@/server/errors";
import { portalMailer } from "@/server/notifications/email";
import { hashPassword } from "@/server/passwords";
import { openSecret, sealSecret } from "@/server/secrets";

const DAY_MS = 24 * 60 * 60 * 1000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type InvitationState = "pending" | "expired" | "accepted" | "revoked";
type InvitationRow = typeof invitations.$inferSelect;

export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Where an invitation's link points inside the portal; the page and the email put the portal's address in front. */
export const invitationPath = (token: string) => `/invite/${token}`;

function newToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token), tokenSealed: sealSecret(token) };
}

export function invitationState(row: Pick<InvitationRow, "acceptedAt" | "revokedAt" | "expiresAt">, now: Date): InvitationState {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

const isOpen = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

function checkRoles(roles: readonly Role[]): Role[] {
  const chosen = ROLES.filter((r) => roles.includes(r));
  if (chosen.length === 0) throw invalid("roles", "Choose at least one role.");
  return chosen;
}

/** The one form of an email address the portal keeps and compares: trimmed, lower-cased, and shaped like one. */
export function normalisedEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  if (!EMAIL.test(lower)) throw invalid("email", "Enter an email address, like ada@example.com.");
  return lower;
}

const formatDay = (at: Date) => at.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

/** Everyone in the company with their roles, and the invitations nobody has accepted or revoked yet. */
export async function listPeople(ctx: ActorContext, now = new Date()) {
  const [people, open] = await Promise.all([
    ctx.db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        roles: users.roles,
        active: users.active,
        defaultCostCenter: { id: costCenters.id, code: costCenters.code, name: costCenters.name },
      })
      .from(users)
      .leftJoin(costCenters, and(eq(costCenters.id, users.defaultCostCenterId), eq(costCenters.companyId, ctx.companyId)))
      .where(eq(users.companyId, ctx.companyId))
      .orderBy(asc(users.name)),
    ctx.db
      .select({ invitation: invitations, invitedBy: users.name })
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedById))
      .where(and(eq(invitations.companyId, ctx.companyId), isOpen))
      .orderBy(asc(invitations.createdAt)),
  ]);
  return {
    people: people.map((p) => ({ ...p, defaultCostCenter: p.defaultCostCenter?.id ? p.defaultCostCenter : null })),
    invitations: open.map(({ invitation: i, invitedBy }) => {
      const state = invitationState(i, now) as "pending" | "expired";
      return {
        id: i.id,
        email: i.email,
        name: i.name,
        roles: i.roles,
        state,
        expiresAt: i.expiresAt,
        lastSentAt: i.lastSentAt,
        invitedBy: invitedBy ?? "",
        // An expired link would only show the invitee "expired"; the admin resends instead.
        link: state === "pending" ? invitationPath(openSecret(i.tokenSealed)) : null,
      };
    }),
  };
}

async function expiryFrom(db: Database, companyId: string, now: Date): Promise<Date> {
  const [company] = await db.select({ days: companies.invitationExpiryDays }).from(companies).where(eq(companies.id, companyId));
  if (!company) throw notFound("Your company");
  return new Date(now.getTime() + company.days * DAY_MS);
}

/** The invitation email is queued; a resend queues it again even though the outbox worked the first one. */
async function queueInvitationEmail(tx: Database, companyId: string, invitationId: string) {
  await tx
    .insert(outbox)
    .values({ companyId, kind: "send_invitation", subjectId: invitationId, requestId: currentRequestId() })
    .onConflictDoUpdate({
      target: [outbox.companyId, outbox.kind, outbox.subjectId],
      set: { state: "pending", attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null, lastError: null, doneAt: null },
    });
}

const alreadySignsIn = () => invalid("email", "Someone already signs in with this email address.");

export interface InviteInput {
  email: string;
  name: string;
  roles: Role[];
}

/**
 * Invites someone by email with the roles they will have. The link comes back whether or not the portal can send
 * email, so the admin can always pass it on; `emailed` says whether an email is on its way too.
 */
export async function invitePerson(ctx: ActorContext, input: InviteInput, now = new Date()) {
  const email = normalisedEmail(input.email);
  const name = input.name.trim();
  if (!name) throw invalid("name", "Enter the person's name.");
  const roles = checkRoles(input.roles);
  const expiresAt = await expiryFrom(ctx.db, ctx.companyId, now);
  const { token, tokenHash, tokenSealed } = newToken();
  try {
    const invitation = await ctx.db.transaction(async (tx) => {
      // Emails are unique across the portal: a person signs in with their email alone.
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`);
      if (existing) throw alreadySignsIn();
      const [open] = await tx
        .select({ createdAt: invitations.createdAt })
        .from(invitations)
        .where(and(eq(invitations.companyId, ctx.companyId), sql`lower(${invitations.email}) = ${email}`, isOpen));
      if (open) throw alreadyInvited(email, open.createdAt);
      const [row] = await tx
        .insert(invitations)
        .values({ companyId: ctx.companyId, email, name, roles, invitedById: ctx.user.id, tokenHash, tokenSealed, expiresAt, lastSentAt: now })
        .returning();
      await queueInvitationEmail(tx, ctx.companyId, row!.id);
      await recordAudit(tx, {
        companyId: ctx.companyId,
        actorId: ctx.user.id,
        action: "invitation.sent",
        subject: { type: "invitation", id: row!.id },
        details: { email, name, roles, expiresAt: expiresAt.toISOString() },
      });
      return row!;
    });
    return { id: invitation.id, email, expiresAt, link: invitationPath(token), emailed: portalMailer().transport !== null };
  } catch (error) {
    // Two admins inviting the same person at once: the open-invitation index lets only one through.
    if (isUniqueViolation(error)) throw alreadyInvited(email, now);
    throw error;
  }
}

const alreadyInvited = (email: string, at: Date) =>
  invalid("email", `${email} was already invited on ${formatDay(at)}; resend or revoke that invitation instead.`);

async function openInvitationFor(tx: Database, ctx: ActorContext, invitationId: string): Promise<InvitationRow> {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.companyId, ctx.companyId)))
    .for("update");
  if (!row) throw notFound("That invitation");
  if (row.acceptedAt) throw new AppError("precondition", `${row.name} already accepted this invitation.`);
  if (row.revokedAt) throw new AppError("precondition", `This invitation for ${row.email} was revoked; invite them again instead.`);
  return row;
}

/** A new link and a new expiry; the link sent before stops working. */
export async function resendInvitation(ctx: ActorContext, input: { invitationId: string }, now = new Date()) {
  const expiresAt = await expiryFrom(ctx.db, ctx.companyId, now);
  const { token, tokenHash, tokenSealed } = newToken();
  const row = await ctx.db.transaction(async (tx) => {
    const before = await openInvitationFor(tx, ctx, input.invitationId);
    await tx.update(invitations).set({ tokenHash, tokenSealed, expiresAt, lastSentAt: now }).where(eq(invitations.id, before.id));
    await queueInvitationEmail(tx, ctx.companyId, before.id);
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "invitation.resent",
      subject: { type: "invitation", id: before.id },
      details: { email: before.email, expiresAt: { from: before.expiresAt.toISOString(), to: expiresAt.toISOString() } },
    });
    return before;
  });
  return { id: row.id, email: row.email, expiresAt, link: invitationPath(token), emailed: portalMailer().transport !== null };
}

export async function revokeInvitation(ctx: ActorContext, input: { invitationId: string }, now = new Date()) {
  return ctx.db.transaction(async (tx) => {
    const row = await openInvitationFor(tx, ctx, input.invitationId);
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, row.id));
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "invitation.revoked",
      subject: { type: "invitation", id: row.id },
      details: { email: row.email, roles: row.roles },
    });
    return { id: row.id, email: row.email };
  });
}

const STATE_WORDS = {
  expired: "This invitation has expired. Ask your admin to send a new one.",
  accepted: "This invitation was already used. Sign in with your email and password.",
  revoked: "This invitation was withdrawn by your admin. Ask them if you still need access.",
  unknown: "This invitation link is not valid. Check that you copied all of it, or ask your admin for a new one.",
} as const;

async function invitationRowByToken(db: Database, token: string, forUpdate = false) {
  const query = db
    .select({ invitation: invitations, companyName: companies.name })
    .from(invitations)
    .innerJoin(companies, eq(companies.id, invitations.companyId))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)));
  const [row] = forUpdate ? await query.for("update", { of: invitations }) : await query;
  return row;
}

/** What the invitation page shows: who is invited to which company, or why the link no longer works. */
export async function invitationByToken(db: Database, token: string, now = new Date()) {
  const row = await invitationRowByToken(db, token);
  if (!row) return { state: "unknown" as const, message: STATE_WORDS.unknown };
  const state = invitationState(row.invitation, now);
  const base = { companyName: row.companyName, email: row.invitation.email };
  if (state !== "pending") return { state, message: STATE_WORDS[state], ...base };
  return { state, message: null, ...base, name: row.invitation.name, expiresAt: row.invitation.expiresAt };
}

/**
 * The invitee chooses a password and becomes a person of the company with the invited roles. Inside one transaction
 * that holds the invitation row: a double submit waits, then finds it accepted, so there is never a second person.
 */
export async function acceptInvitation(db: Database, input: { token: string; password: string; name?: string | null }, now = new Date()) {
  const found = await invitationRowByToken(db, input.token);
  if (!found) throw invalid("token", STATE_WORDS.unknown);
  const name = input.name?.trim() || found.invitation.name;
  const problem = passwordProblem(input.password, { email: found.invitation.email, name });
  if (problem) throw invalid("password", problem);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const row = await invitationRowByToken(tx, input.token, true);
      // Resent while the form was open: the old link stopped working.
      if (!row) throw invalid("token", STATE_WORDS.unknown);
      const { invitation } = row;
      const state = invitationState(invitation, now);
      if (state !== "pending") throw new AppError("precondition", STATE_WORDS[state], { field: "token" });
      const [user] = await tx
        .insert(users)
        .values({ companyId: invitation.companyId, email: invitation.email, name, passwordHash, roles: invitation.roles })
        .returning({ id: users.id, email: users.email });
      await tx.update(invitations).set({ acceptedAt: now, acceptedUserId: user!.id }).where(eq(invitations.id, invitation.id));
      await recordAudit(tx, {
        companyId: invitation.companyId,
        actorId: user!.id,
        action: "user.joined",
        subject: { type: "user", id: user!.id },
        details: { email: invitation.email, name, roles: invitation.roles, invitationId: invitation.id, invitedById: invitation.invitedById },
      });
      return { email: user!.email, companyName: row.companyName };
    });
  } catch (error) {
    // Someone else (in another company, or by another invitation) took the email meanwhile.
    if (isUniqueViolation(error)) throw alreadySignsIn();
    throw error;
  }
}

/** Changes what a person may do. The company keeps at least one active admin, so nobody is locked out of the settings. */
export async function setRoles(ctx: ActorContext, input: { userId: string; roles: Role[] }) {
  const roles = checkRoles(input.roles);
  return ctx.db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: users.id, name: users.name, roles: users.roles, active: users.active })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.companyId, ctx.companyId)))
      .for("update");
    if (!person) throw notFound("That person");
    const losesAdmin = person.roles.includes("admin") && !roles.includes("admin");
    if (losesAdmin && person.active) await keepAnActiveAdmin(tx, ctx.companyId, person, "roles");
    const same = person.roles.length === roles.length && roles.every((r) => person.roles.includes(r));
    if (same) return { id: person.id, roles: person.roles };
    await tx.update(users).set({ roles }).where(eq(users.id, person.id));
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "user.roles_changed",
      subject: { type: "user", id: person.id },
      details: { roles: { from: person.roles, to: roles }, said: `${person.name}: ${roles.map((r) => ROLE_LABELS[r]).join(", ")}` },
    });
    return { id: person.id, roles };
  });
}

const emailTaken = (email: string) => new AppError("conflict", `Someone already signs in with ${email}.`, { field: "email" });

async function emailInUse(tx: Database, email: string, exceptUserId?: string) {
  const [existing] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email}`, exceptUserId ? ne(users.id, exceptUserId) : undefined));
  return Boolean(existing);
}

function checkName(raw: string): string {
  const name = raw.replace(/\s+/g, " ").trim();
  if (!name) throw invalid("name", "Enter the person's name.");
  if (name.length > 120) throw invalid("name", "A name can be at most 120 characters.");
  return name;
}

/**
 * A person the company's identity provider brings in (SCIM) rather than an invitation: no portal password, they sign
 * in through single sign-on. The same email and role rules as an invitation; a taken email is a conflict.
 */
export async function provisionPerson(ctx: ChangeContext, input: { email: string; name: string; roles: Role[] }) {
  const email = normalisedEmail(input.email);
  const name = checkName(input.name);
  const roles = checkRoles(input.roles);
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await emailInUse(tx, email)) throw emailTaken(email);
      const [user] = await tx.insert(users).values({ companyId: ctx.companyId, email, name, passwordHash: null, roles }).returning();
      await recordAudit(tx, {
        companyId: ctx.companyId,
        actorId: ctx.user?.id ?? null,
        via: ctx.via,
        action: "user.provisioned",
        subject: { type: "user", id: user!.id },
        details: { email, name, roles },
      });
      return user!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(email);
    throw error;
  }
}

/** A person's name and email as their identity provider now has them; audited with the old and new values. */
export async function changePersonDetails(ctx: ChangeContext, input: { userId: string; name?: string; email?: string }) {
  const name = input.name === undefined ? undefined : checkName(input.name);
  const email = input.email === undefined ? undefined : normalisedEmail(input.email);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [person] = await tx
        .select()
        .from(users)
        .where(and(eq(users.id, input.userId), eq(users.companyId, ctx.companyId)))
        .for("update");
      if (!person) throw notFound("That person");
      const changes: Record<string, { from: string; to: string }> = {};
      if (name !== undefined && name !== person.name) changes.name = { from: person.name, to: name };
      if (email !== undefined && email !== person.email) {
        if (await emailInUse(tx, email, person.id)) throw emailTaken(email);
        changes.email = { from: person.email, to: email };
      }
      if (Object.keys(changes).length === 0) return person;
      const [changed] = await tx
        .update(users)
        .set({ name: changes.name?.to ?? person.name, email: changes.email?.to ?? person.email })
        .where(eq(users.id, person.id))
        .returning();
      await recordAudit(tx, {
        companyId: ctx.companyId,
        actorId: ctx.user?.id ?? null,
        via: ctx.via,
        action: "user.details_changed",
        subject: { type: "user", id: person.id },
        details: changes,
      });
      return changed!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(email ?? "");
    throw error;
  }
}
