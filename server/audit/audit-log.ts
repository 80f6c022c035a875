/**
 * The append-only audit log: every change a person or the system makes to something a company owns is written here,
 * by this function only, inside the transaction that made the change, so the record exists exactly when the change does.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, users } from "@/db/schema";

export const AUDIT_SUBJECTS = [
  "requisition",
  "supplier_order",
  "supplier_connection",
  "cost_center",
  "budget",
  "user",
  "delegation",
  "approval_policy",
  "company",
  "invitation",
  "group",
  "scim_token",
  "sso_configuration",
  "supplier_quote",
] as const;

export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];

export interface AuditEntry {
  companyId: string;
  /** Null for what the system did on its own (the worker, a supplier's answer). */
  actorId: string | null;
  action: string;
  /** What acted when no person did: "SCIM (Okta)". Kept in the details, and named as the actor in trails. */
  via?: string;
  subject: { type: AuditSubject; id: string };
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: Database, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    companyId: entry.companyId,
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subject.type,
    subjectId: entry.subject.id,
    details: entry.via ? { ...entry.details, via: entry.via } : (entry.details ?? {}),
  });
}

/** What happened to these subjects, oldest first, with the name of whoever did it. */
export async function auditTrail(db: Database, companyId: string, subjectIds: string[], subjectType?: AuditSubject) {
  if (subjectIds.length === 0) return [];
  return db
    .select({
      action: auditLog.action,
      at: auditLog.at,
      actorName: sql<string | null>`coalesce(${users.name}, ${auditLog.details}->>'via')`,
      details: auditLog.details,
      subjectId: auditLog.subjectId,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.companyId, companyId), inArray(auditLog.subjectId, subjectIds), subjectType ? eq(auditLog.subjectType, subjectType) : undefined))
    .orderBy(asc(auditLog.at));
}
