/**
 * SCIM Users (RFC 7644) over the company's people: the identity provider creates, finds, changes and deactivates them
 * through the same rules the People page uses (server/people/): one email per person across the portal, buyer by
 * default, and deactivation (sessions end, waiting approvals move on) by `deactivatePerson` itself. A DELETE
 * deactivates and keeps the person's history; SCIM then no longer finds them.
 */
import { and, asc, count as countRows, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { scimPeople, users } from "@/db/schema";
import { deactivatePerson, reactivatePerson } from "@/server/people/deactivation";
import { changePersonDetails, normalisedEmail, provisionPerson } from "@/server/people/people";
import { notFound } from "@/server/errors";
import { scimInvalid } from "./errors";
import { readFilter } from "./filter";
import { readPatch } from "./patch";
import type { ScimContext } from "./tokens";
import {
  applyAttributes,
  attributeTarget,
  portalName,
  refusePassword,
  removeAttribute,
  setAttribute,
  userStateFromBody,
  type ScimUserState,
} from "./user-attributes";

export interface ScimUserRecord {
  id: string;
  userName: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  active: boolean;
  createdAt: Date;
  lastModified: Date;
}

export interface Page {
  startIndex: number;
  count: number;
}

const FILTERABLE = ["userName", "externalId", "emails.value", "displayName", "id"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const userNotFound = () => notFound("That user");

const columns = {
  id: users.id,
  userName: users.email,
  name: users.name,
  givenName: scimPeople.givenName,
  familyName: scimPeople.familyName,
  externalId: scimPeople.externalId,
  active: users.active,
  createdAt: users.createdAt,
  lastModified: sql<Date>`coalesce(${scimPeople.updatedAt}, ${users.createdAt})`.mapWith(users.createdAt),
};

/** The company's people as SCIM sees them: everyone but those a SCIM DELETE removed. */
function visible(companyId: string, ...more: (SQL | undefined)[]) {
  return and(eq(users.companyId, companyId), isNull(scimPeople.removedAt), ...more);
}

async function recordOf(db: Database, companyId: string, id: string, lock = false): Promise<ScimUserRecord> {
  if (!UUID.test(id)) throw userNotFound();
  const query = db
    .select(columns)
    .from(users)
    .leftJoin(scimPeople, eq(scimPeople.userId, users.id))
    .where(visible(companyId, eq(users.id, id)));
  const [row] = lock ? await query.for("update", { of: users }) : await query;
  if (!row) throw userNotFound();
  return row;
}

export const getScimUser = (ctx: ScimContext, id: string) => recordOf(ctx.db, ctx.companyId, id);

export async function listScimUsers(ctx: ScimContext, query: { filter: string | null } & Page) {
  const conditions = readFilter(query.filter, FILTERABLE).map(({ attribute, value }): SQL => {
    switch (attribute) {
      case "userName":
      case "emails.value":
        // userName is case-insensitive (RFC 7643 §4.1.1), and it is the person's email.
        return sql`lower(${users.email}) = ${value.trim().toLowerCase()}`;
      case "displayName":
        return sql`lower(${users.name}) = ${value.trim().toLowerCase()}`;
      case "externalId":
        return eq(scimPeople.externalId, value);
      case "id":
        return UUID.test(value) ? eq(users.id, value) : sql`false`;
    }
  });
  const where = visible(ctx.companyId, ...conditions);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(columns)
      .from(users)
      .leftJoin(scimPeople, eq(scimPeople.userId, users.id))
      .where(where)
      .orderBy(asc(users.createdAt), asc(users.id))
      .offset(query.startIndex - 1)
      .limit(query.count),
    ctx.db.select({ n: countRows() }).from(users).leftJoin(scimPeople, eq(scimPeople.userId, users.id)).where(where),
  ]);
  return { totalResults: total?.n ?? 0, startIndex: query.startIndex, resources: query.count === 0 ? [] : rows };
}

/** The portal signs a person in by one email, so the work email the provider sends must be the userName. */
function checkState(state: ScimUserState): string {
  const email = normalisedEmail(state.userName);
  if (state.email && state.email.toLowerCase() !== email) {
    throw scimInvalid(
      "invalidValue",
      "emails",
      `the work email ${state.email} is not the userName ${state.userName}; the portal signs people in by one email address, so map the same address to both.`,
    );
  }
  return email;
}

function stateOf(record: ScimUserRecord): ScimUserState {
  return {
    userName: record.userName,
    // A name that is only the given and family names follows them when they change; one the provider set stays.
    displayName: record.name === [record.givenName, record.familyName].filter(Boolean).join(" ") ? null : record.name,
    givenName: record.givenName,
    familyName: record.familyName,
    formatted: null,
    email: record.userName,
    externalId: record.externalId,
    active: record.active,
  };
}

async function keepScimDetails(tx: Database, companyId: string, userId: string, state: ScimUserState, now: Date) {
  const values = { externalId: state.externalId, givenName: state.givenName, familyName: state.familyName, updatedAt: now };
  await tx
    .insert(scimPeople)
    .values({ userId, companyId, ...values })
    .onConflictDoUpdate({ target: scimPeople.userId, set: values });
}

/**
 * A new person; or one SCIM deleted from this company before, coming back with the same userName (re-created in the
 * provider): the same person, with their history, active again as the body says.
 */
export async function createScimUser(ctx: ScimContext, body: Record<string, unknown>, now = new Date()) {
  const state = userStateFromBody(body);
  const email = checkState(state);
  const id = await ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx };
    const [removed] = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(scimPeople, eq(scimPeople.userId, users.id))
      .where(and(eq(users.companyId, ctx.companyId), sql`lower(${users.email}) = ${email}`, isNotNull(scimPeople.removedAt)))
      .for("update", { of: users });
    if (removed) {
      await tx.update(scimPeople).set({ removedAt: null }).where(eq(scimPeople.userId, removed.id));
      await writeState(inTx, await recordOf(tx, ctx.companyId, removed.id, true), state, email, now);
      return removed.id;
    }
    // SCIM people shop by default; an admin gives other roles on the People page.
    const person = await provisionPerson(inTx, { email, name: portalName(state), roles: ["buyer"] });
    await keepScimDetails(tx, ctx.companyId, person.id, state, now);
    if (!state.active) await deactivatePerson(inTx, { userId: person.id });
    return person.id;
  });
  return recordOf(ctx.db, ctx.companyId, id);
}

/** Writes a changed state: activation through (de)activation's rules, name and email through the people rules. */
async function writeState(ctx: ScimContext, before: ScimUserRecord, state: ScimUserState, email: string, now: Date) {
  // Activation first: a refusal (the last active admin) then names the person as they were.
  if (before.active && !state.active) await deactivatePerson(ctx, { userId: before.id });
  if (!before.active && state.active) await reactivatePerson(ctx, { userId: before.id });
  await changePersonDetails(ctx, { userId: before.id, name: portalName(state), email });
  await keepScimDetails(ctx.db, ctx.companyId, before.id, state, now);
}

async function saveState(ctx: ScimContext, before: ScimUserRecord, state: ScimUserState, now: Date) {
  const email = checkState(state);
  await ctx.db.transaction(async (tx) => writeState({ ...ctx, db: tx }, await recordOf(tx, ctx.companyId, before.id, true), state, email, now));
  return recordOf(ctx.db, ctx.companyId, before.id);
}

export async function replaceScimUser(ctx: ScimContext, id: string, body: Record<string, unknown>, now = new Date()) {
  const before = await recordOf(ctx.db, ctx.companyId, id);
  const state = userStateFromBody(body);
  // A PUT that leaves `active` out is not a reactivation (or a deactivation): only an explicit active changes it.
  const saysActive = Object.keys(body).some((k) => k.toLowerCase() === "active");
  return saveState(ctx, before, saysActive ? state : { ...state, active: before.active }, now);
}

export async function patchScimUser(ctx: ScimContext, id: string, body: unknown, now = new Date()) {
  const operations = readPatch(body);
  const before = await recordOf(ctx.db, ctx.companyId, id);
  const state = stateOf(before);
  for (const { op, path, value } of operations) {
    if (!path) {
      applyAttributes(state, value as Record<string, unknown>, true);
      continue;
    }
    const target = attributeTarget(path);
    refusePassword(target);
    if (target.kind === "ignored") continue;
    if (op === "remove") removeAttribute(state, target, path);
    // RFC 7644 §3.5.2.3: a replace of a complex attribute leaves the sub-attributes it does not name unchanged, as an add does.
    else setAttribute(state, target, value, path, true);
  }
  return saveState(ctx, before, state, now);
}

/** Deactivates the person (as an admin's deactivation does) and keeps their history; SCIM no longer finds them. */
export async function deleteScimUser(ctx: ScimContext, id: string, now = new Date()) {
  const before = await recordOf(ctx.db, ctx.companyId, id);
  await ctx.db.transaction(async (tx) => {
    await deactivatePerson({ ...ctx, db: tx }, { userId: before.id });
    await keepScimDetails(tx, ctx.companyId, before.id, stateOf(before), now);
    await tx.update(scimPeople).set({ removedAt: now }).where(eq(scimPeople.userId, before.id));
  });
}
