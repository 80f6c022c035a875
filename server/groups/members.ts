/**
 * Who is in which group, read by the approval engine's callers (server/approvals/chain.ts) without the group use cases,
 * which themselves read the approval policy.
 */
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { groupMembers, groups, users } from "@/db/schema";
import type { PersonRecord } from "@/server/domain/approval-policy";

/** The company's groups by name, for choosing in a rule and for naming them in a chain. */
export async function companyGroups(db: Database, companyId: string) {
  return db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.companyId, companyId)).orderBy(asc(groups.name));
}

/** Everyone in the company with their roles and groups: what the approval engine resolves approvers from. */
export async function peopleWithGroups(db: Database, companyId: string): Promise<(PersonRecord & { name: string; groupIds: string[] })[]> {
  const [people, memberships] = await Promise.all([
    db.select({ id: users.id, name: users.name, roles: users.roles, active: users.active }).from(users).where(eq(users.companyId, companyId)),
    db.select({ userId: groupMembers.userId, groupId: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.companyId, companyId)),
  ]);
  const byPerson = new Map<string, string[]>();
  for (const m of memberships) byPerson.set(m.userId, [...(byPerson.get(m.userId) ?? []), m.groupId]);
  return people.map((p) => ({ ...p, groupIds: byPerson.get(p.id) ?? [] }));
}
