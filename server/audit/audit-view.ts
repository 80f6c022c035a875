/**
 * The admin's view of the audit log: one company's entries, newest first, filtered, a page at a time by keyset (the
 * last row's time and id), so the thousandth page costs what the first does. The page and the CSV export both read it
 * here, so what an admin sees and what they download are the same rows.
 */
import { and, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";
import { accountsPayableConnections, auditLog, companies, costCenters, groups, requisitions, supplierConnections, supplierOrders, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { actionsIn, describeAction, groupOf, SUBJECT_LABELS, summarize, type AuditGroup } from "@/server/domain/audit-words";
import { nextDay, startOfDayIn } from "@/server/domain/time-zones";
import type { AuditSubject } from "./audit-log";

export interface AuditFilter {
  group?: AuditGroup;
  personId?: string;
  subjectType?: AuditSubject;
  subjectId?: string;
  /** Calendar days in the company's time zone, both included. */
  from?: string;
  to?: string;
  /** Words in the action, the details (an email typed, a reason) or the person's name. */
  q?: string;
}

/** Where the last page ended: the row's time to the microsecond (the database's precision, finer than a JS Date) and its id. */
export interface AuditCursor {
  at: string;
  id: string;
}

export const AUDIT_PAGE_SIZE = 50;

const actor = alias(users, "audit_actor");

const likePattern = (q: string) => `%${q.replaceAll(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function conditions(ctx: ActorContext, filter: AuditFilter): Promise<SQL[]> {
  const where: SQL[] = [eq(auditLog.companyId, ctx.companyId)];
  if (filter.group) where.push(inArray(auditLog.action, actionsIn(filter.group)));
  if (filter.personId) {
    // Whoever did it, or whom it was about: a failed sign-in has no actor but is about its person.
    where.push(or(eq(auditLog.actorId, filter.personId), and(eq(auditLog.subjectType, "user"), eq(auditLog.subjectId, filter.personId)))!);
  }
  if (filter.subjectType) where.push(eq(auditLog.subjectType, filter.subjectType));
  if (filter.subjectId) where.push(eq(auditLog.subjectId, filter.subjectId));
  if (filter.from || filter.to) {
    const [company] = await ctx.db.select({ timeZone: companies.timeZone }).from(companies).where(eq(companies.id, ctx.companyId));
    const zone = company?.timeZone ?? "UTC";
    if (filter.from) where.push(gte(auditLog.at, startOfDayIn(filter.from, zone)));
    if (filter.to) where.push(lt(auditLog.at, startOfDayIn(nextDay(filter.to), zone)));
  }
  if (filter.q) {
    const pattern = likePattern(filter.q);
    where.push(or(ilike(auditLog.action, pattern), ilike(sql`${auditLog.details}::text`, pattern), ilike(actor.name, pattern), ilike(actor.email, pattern))!);
  }
  return where;
}

async function page(ctx: ActorContext, filter: AuditFilter, after: AuditCursor | null, limit: number) {
  const where = await conditions(ctx, filter);
  if (after) where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  return ctx.db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      cursorAt: sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      actorId: auditLog.actorId,
      actorName: actor.name,
      actorEmail: actor.email,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

type Row = Awaited<ReturnType<typeof page>>[number];
type Named = { label: string; href: string | null };

/** What each row is about, by name, and the page it lives on; looked up for one page of rows at a time, within the company. */
async function subjectsOf(db: Database, companyId: string, rows: Row[]): Promise<Map<string, Named>> {
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.subjectType === type).map((r) => r.subjectId))];
  const named = new Map<string, Named>();
  const put = (type: string, id: string, label: string, href: string | null) => named.set(`${type}:${id}`, { label, href });
  // One query per kind of subject the page shows, and none for a kind it does not.
  const lookUp = <T>(type: string, query: (ids: string[]) => PromiseLike<T[]>): PromiseLike<T[]> => {
    const ids = idsOf(type);
    return ids.length ? query(ids) : Promise.resolve([]);
  };
  const [people, reqs, orders, connections, apConnections, centers, teams] = await Promise.all([
    lookUp("user", (ids) =>
      db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(and(eq(users.companyId, companyId), inArray(users.id, ids))),
    ),
    lookUp("requisition", (ids) =>
      db
        .select({ id: requisitions.id, number: requisitions.number })
        .from(requisitions)
        .where(and(eq(requisitions.companyId, companyId), inArray(requisitions.id, ids))),
    ),
    lookUp("supplier_order", (ids) =>
      db
        .select({
          id: supplierOrders.id,
          requisitionId: supplierOrders.requisitionId,
          number: requisitions.number,
          supplier: supplierConnections.displayName,
        })
        .from(supplierOrders)
        .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
        .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
        .where(and(eq(supplierOrders.companyId, companyId), inArray(supplierOrders.id, ids))),
    ),
    lookUp("supplier_connection", (ids) =>
      db
        .select({ id: supplierConnections.id, name: supplierConnections.displayName })
        .from(supplierConnections)
        .where(and(eq(supplierConnections.companyId, companyId), inArray(supplierConnections.id, ids))),
    ),
    lookUp("supplier_connection", (ids) =>
      db
        .select({ id: accountsPayableConnections.id })
        .from(accountsPayableConnections)
        .where(and(eq(accountsPayableConnections.companyId, companyId), inArray(accountsPayableConnections.id, ids))),
    ),
    lookUp("cost_center", (ids) =>
      db
        .select({ id: costCenters.id, code: costCenters.code, name: costCenters.name })
        .from(costCenters)
        .where(and(eq(costCenters.companyId, companyId), inArray(costCenters.id, ids))),
    ),
    lookUp("group", (ids) =>
      db
        .select({ id: groups.id, name: groups.name })
        .from(groups)
        .where(and(eq(groups.companyId, companyId), inArray(groups.id, ids))),
    ),
  ]);
  for (const p of people) put("user", p.id, `${p.name} (${p.email})`, "/admin/people");
  for (const r of reqs) put("requisition", r.id, `REQ-${r.number}`, `/requisitions/${r.id}`);
  for (const o of orders) put("supplier_order", o.id, `REQ-${o.number} at ${o.supplier}`, `/requisitions/${o.requisitionId}`);
  for (const c of connections) put("supplier_connection", c.id, c.name, "/admin/connections");
  for (const c of apConnections) put("supplier_connection", c.id, "Hypatos", "/admin/connections");
  for (const c of centers) put("cost_center", c.id, `${c.code} ${c.name}`, `/admin/cost-centers/${c.id}`);
  for (const g of teams) put("group", g.id, g.name, "/admin/people");
  return named;
}

/** Pages for subjects that have one but need no name looked up. */
const PAGE_OF_TYPE: Partial<Record<string, Named>> = {
  company: { label: "The company", href: "/admin/company" },
  approval_policy: { label: "The approval policy", href: "/admin/approval-policy" },
  sso_configuration: { label: "Single sign-on", href: "/admin/sso" },
  scim_token: { label: "A SCIM token", href: "/admin/scim" },
  invitation: { label: "An invitation", href: "/admin/people" },
  delegation: { label: "A delegation", href: null },
  budget: { label: "A budget", href: null },
};

function inWords(row: Row, subjects: Map<string, Named>) {
  const details = { ...row.details };
  const via = typeof details.via === "string" ? details.via : null;
  delete details.via;
  const subject = subjects.get(`${row.subjectType}:${row.subjectId}`) ?? PAGE_OF_TYPE[row.subjectType] ?? { label: "Removed since", href: null };
  return {
    id: row.id,
    at: row.at,
    /** Who, as a person reads it: the person, what acted for nobody ("SCIM (Okta)"), or the portal itself. */
    who: row.actorName ?? via ?? (row.action === "user.sign_in_failed" ? "Not signed in" : "The portal"),
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    via,
    action: row.action,
    group: groupOf(row.action),
    what: describeAction(row.action),
    subjectType: row.subjectType,
    subjectTypeLabel: SUBJECT_LABELS[row.subjectType] ?? row.subjectType,
    subjectId: row.subjectId,
    subjectLabel: subject.label,
    subjectHref: subject.href,
    summary: summarize(row.action, details),
    details,
  };
}

export type AuditEntryView = ReturnType<typeof inWords>;

/** One page of the company's audit log, newest first, with where the next page starts (null: this was the last). */
export async function listAuditEntries(
  ctx: ActorContext,
  filter: AuditFilter,
  after: AuditCursor | null = null,
  limit = AUDIT_PAGE_SIZE,
): Promise<{ entries: AuditEntryView[]; next: AuditCursor | null }> {
  const rows = await page(ctx, filter, after, limit + 1);
  const shown = rows.slice(0, limit);
  const subjects = await subjectsOf(ctx.db, ctx.companyId, shown);
  const last = shown.at(-1);
  return { entries: shown.map((r) => inWords(r, subjects)), next: rows.length > limit && last ? { at: last.cursorAt, id: last.id } : null };
}

/** Every entry the filter matches, newest first, page by page as the reader takes them: an export never holds the whole log. */
export async function* everyAuditEntry(ctx: ActorContext, filter: AuditFilter, pageSize = 500): AsyncGenerator<AuditEntryView> {
  let after: AuditCursor | null = null;
  do {
    const result: Awaited<ReturnType<typeof listAuditEntries>> = await listAuditEntries(ctx, filter, after, pageSize);
    yield* result.entries;
    after = result.next;
  } while (after);
}

/** One entry as a CSV record, in the order of AUDIT_CSV_COLUMNS (server/domain/audit-words.ts). */
export const auditCsvRecord = (e: AuditEntryView): string[] => [
  e.at.toISOString(),
  e.who,
  e.actorEmail ?? "",
  e.what,
  e.subjectTypeLabel,
  e.subjectId,
  e.summary,
  JSON.stringify(e.details),
  e.via ?? "",
];

/** The people an admin can filter by: everyone of the company, deactivated ones too (their entries stay). */
export async function auditPeople(ctx: ActorContext) {
  return ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.companyId, ctx.companyId)).orderBy(users.name);
}
