/**
 * Signed-in sessions, the one home of when a sign-in stops counting: the sign-in cookie carries only a session id, and
 * every request asks checkSession whether that id is still live. Sign-out, sign out everywhere, a password change, a
 * deactivation and the company's timeouts all end the row, so the cookie stops working wherever it is.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { companies, userSessions, users } from "@/db/schema";
import type { SessionEndReason } from "@/common/sessions";
import type { Actor } from "@/server/actor";
import { describeDevice, SESSION_TOUCH_INTERVAL_MS, sessionVerdict } from "@/server/domain/sessions";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/audit/audit-log";

/** Long enough that the header's values are recognisable, short enough that a hostile one cannot fill the table. */
const MAX_USER_AGENT = 400;
const MAX_IP = 64;

export interface SessionOrigin {
  userAgent?: string | null;
  ip?: string | null;
}

/** Where a session was used from, as the audit log keeps it: never its id, which names a live sign-in. */
const whereFrom = (row: { userAgent: string | null; ip: string | null }) => ({ device: describeDevice(row.userAgent), ip: row.ip });

/**
 * A new, unguessable id on every sign-in: a session id from before a sign-in never becomes valid again. Audited as the
 * sign-in it is: a password, or (`sso`) the company's single sign-on.
 */
export async function startSession(
  db: Database,
  user: { id: string; companyId: string },
  origin: SessionOrigin,
  now = new Date(),
  sso: { configurationId: string | null } | null = null,
): Promise<{ sessionId: string }> {
  const sessionId = randomBytes(32).toString("base64url");
  const userAgent = origin.userAgent?.slice(0, MAX_USER_AGENT) || null;
  const ip = origin.ip?.slice(0, MAX_IP) || null;
  await recordAudit(db, {
    companyId: user.companyId,
    actorId: user.id,
    action: sso ? "user.signed_in_sso" : "user.signed_in",
    subject: { type: "user", id: user.id },
    details: { ...whereFrom({ userAgent, ip }), ...(sso ? { ssoConfigurationId: sso.configurationId } : {}) },
  });
  await db.insert(userSessions).values({
    id: sessionId,
    userId: user.id,
    companyId: user.companyId,
    createdAt: now,
    lastSeenAt: now,
    userAgent,
    ip,
  });
  return { sessionId };
}

/**
 * The signed-in person behind a session id, or null when there is none: unknown, ended, timed out (ended here, with
 * its reason), or its person deactivated. The person is read fresh, so a change of roles counts at once. A
 * `background` request (a page refreshing its own counts) is answered but is not use: a tab left open still goes idle.
 */
export async function checkSession(
  db: Database,
  sessionId: string | null | undefined,
  now = new Date(),
  options: { background?: boolean } = {},
): Promise<Actor | null> {
  if (!sessionId) return null;
  const [row] = await db
    .select({
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
      endedAt: userSessions.endedAt,
      idleMinutes: companies.sessionIdleMinutes,
      absoluteHours: companies.sessionAbsoluteHours,
      user: { id: users.id, companyId: users.companyId, name: users.name, email: users.email, roles: users.roles, active: users.active },
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .innerJoin(companies, eq(companies.id, userSessions.companyId))
    .where(eq(userSessions.id, sessionId))
    .limit(1);
  if (!row || row.endedAt) return null;
  if (!row.user.active) {
    await endSession(db, sessionId, "deactivated", now);
    return null;
  }
  const verdict = sessionVerdict(row, { idleMinutes: row.idleMinutes, absoluteHours: row.absoluteHours }, now);
  if (!verdict.live) {
    await endSession(db, sessionId, verdict.reason, now);
    return null;
  }
  if (verdict.touch && !options.background) {
    // Conditional, so requests arriving together write once between them.
    await db
      .update(userSessions)
      .set({ lastSeenAt: now })
      .where(
        and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt), lt(userSessions.lastSeenAt, new Date(now.getTime() - SESSION_TOUCH_INTERVAL_MS))),
      );
  }
  const { active: _active, ...user } = row.user;
  return user;
}

/** How an ended session is audited: by its person, or by the portal's own rule (a timeout, a deactivated account). */
const ENDED_ACTIONS: Partial<Record<SessionEndReason, { action: string; byThePerson: boolean }>> = {
  signed_out: { action: "user.signed_out", byThePerson: true },
  idle: { action: "user.session_timed_out", byThePerson: false },
  expired: { action: "user.session_timed_out", byThePerson: false },
};

/**
 * Ends one session; one already ended keeps its first reason. Audited once, when it really ended: a sign-out, a timeout.
 * (Ending many at once is audited by whoever did it: sign out everywhere, a password change, a deactivation.)
 */
export async function endSession(db: Database, sessionId: string, reason: SessionEndReason, now = new Date()): Promise<void> {
  const [ended] = await db
    .update(userSessions)
    .set({ endedAt: now, endedReason: reason })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)))
    .returning({ userId: userSessions.userId, companyId: userSessions.companyId, userAgent: userSessions.userAgent, ip: userSessions.ip });
  const audited = ENDED_ACTIONS[reason];
  if (!ended || !audited) return;
  await recordAudit(db, {
    companyId: ended.companyId,
    actorId: audited.byThePerson ? ended.userId : null,
    action: audited.action,
    subject: { type: "user", id: ended.userId },
    details: { ...whereFrom(ended), reason },
  });
}

/** Ends every live session of a person (but the one they are using, when given); returns how many ended. */
export async function endEverySessionOf(
  db: Database,
  userId: string,
  reason: SessionEndReason,
  exceptSessionId?: string | null,
  now = new Date(),
): Promise<number> {
  const ended = await db
    .update(userSessions)
    .set({ endedAt: now, endedReason: reason })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), exceptSessionId ? ne(userSessions.id, exceptSessionId) : undefined))
    .returning({ id: userSessions.id });
  return ended.length;
}

/** Sessions shown to their person: the recent ones are enough to recognise a device that should not be there. */
const LISTED_SESSIONS = 20;

/** A person's own sessions, live ones first (newest first within each), the one they are using flagged. */
export async function listOwnSessions(db: Database, user: Actor, currentSessionId: string | null) {
  const rows = await db
    .select()
    .from(userSessions)
    .where(eq(userSessions.userId, user.id))
    .orderBy(sql`${userSessions.endedAt} is not null`, desc(userSessions.lastSeenAt))
    .limit(LISTED_SESSIONS);
  return rows.map((row) => ({
    id: row.id,
    device: describeDevice(row.userAgent),
    userAgent: row.userAgent,
    ip: row.ip,
    startedAt: row.createdAt,
    lastActiveAt: row.lastSeenAt,
    endedAt: row.endedAt,
    endedReason: row.endedReason,
    live: row.endedAt === null,
    current: row.id === currentSessionId,
  }));
}

/** Ends one of the person's own sessions; anyone else's, or an unknown id, is not found. */
export async function endOwnSession(db: Database, user: Actor, sessionId: string, now = new Date()): Promise<void> {
  const [own] = await db
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, user.id)))
    .limit(1);
  if (!own) throw notFound("That session");
  const [ended] = await db
    .update(userSessions)
    .set({ endedAt: now, endedReason: "signed_out" })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)))
    .returning({ userAgent: userSessions.userAgent, ip: userSessions.ip });
  if (ended) {
    await recordAudit(db, {
      companyId: user.companyId,
      actorId: user.id,
      action: "user.session_ended",
      subject: { type: "user", id: user.id },
      details: whereFrom(ended),
    });
  }
}

/** Signs the person out on every device, this one included. */
export async function signOutEverywhere(db: Database, user: Actor, now = new Date()): Promise<{ ended: number }> {
  return db.transaction(async (tx) => {
    const ended = await endEverySessionOf(tx, user.id, "signed_out_everywhere", null, now);
    await recordAudit(tx, {
      companyId: user.companyId,
      actorId: user.id,
      action: "user.signed_out_everywhere",
      subject: { type: "user", id: user.id },
      details: { sessionsEnded: ended },
    });
    return { ended };
  });
}
