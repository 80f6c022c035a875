/**
 * Groups of people within a company. An admin keeps them on the People page, or the company's identity provider keeps
 * them over SCIM; approval rules name them ("a member of Finance approves"). Every change is audited; a group an
 * approval rule still names cannot be deleted, so no rule silently loses its approvers.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { groupMembers, groups, users } from "@/db/schema";
import type { ChangeContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { currentPolicy } from "@/server/approvals/chain";
import type { PolicyRule } from "@/server/domain/approval-policy";
import { AppError, invalid, notFound } from "@/server/errors";

export const MAX_GROUP_NAME = 100;

/** The rules of the current policy that name a group, as "Rule 2 (finance)". */
function rulesNaming(rules: PolicyRule[], groupId: string): string[] {
  return rules.flatMap((rule, i) => {
    const approves = rule.step.approvers.some((a) => a.kind === "group" && a.groupId === groupId);
    const matches = rule.conditions.some((c) => c.kind === "requester_in_group" && c.groupIds.includes(groupId));
    return approves || matches ? [`Rule ${i + 1} (${rule.id})`] : [];
  });
}

export async function listGroups(ctx: { db: Database; companyId: string }) {
  const [rows, members, policy] = await Promise.all([
    ctx.db
      .select({ id: groups.id, name: groups.name, externalId: groups.externalId, createdAt: groups.createdAt })
      .from(groups)
      .where(eq(groups.companyId, ctx.companyId))
      .orderBy(asc(groups.name)),
    ctx.db
      .select({ groupId: groupMembers.groupId, id: users.id, name: users.name, email: users.email, active: users.active })
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(eq(groupMembers.companyId, ctx.companyId))
      .orderBy(asc(users.name)),
    currentPolicy(ctx.db, ctx.companyId),
  ]);
  return rows.map((g) => ({
    ...g,
    members: members.filter((m) => m.groupId === g.id).map(({ groupId: _g, ...m }) => m),
    /** The approval rules that name it; while there are any it cannot be deleted. */
    usedBy: rulesNaming(policy?.rules ?? [], g.id),
  }));
}

function checkName(raw: string): string {
  const name = raw.replace(/\s+/g, " ").trim();
  if (!name) throw invalid("name", "Give the group a name.");
  if (name.length > MAX_GROUP_NAME) throw invalid("name", `A group name can be at most ${MAX_GROUP_NAME} characters.`);
  return name;
}

const nameTaken = (name: string) => invalid("name", `There is already a group called “${name}”. Choose another name.`);

async function groupOf(tx: Database, companyId: string, groupId: string) {
  const [group] = await tx
    .select()
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.companyId, companyId)))
    .for("update");
  if (!group) throw notFound("That group");
  return group;
}

/** The given people, all of this company; anyone else is refused as not found rather than silently left out. */
async function companyPeople(tx: Database, companyId: string, userIds: string[], field: string) {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const found = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.companyId, companyId), inArray(users.id, unique)));
  if (found.length !== unique.length) throw invalid(field, "Choose members from your company's people.");
  return found;
}

const audit = (tx: Database, ctx: ChangeContext, action: string, groupId: string, details: Record<string, unknown>) =>
  recordAudit(tx, {
    companyId: ctx.companyId,
    actorId: ctx.user?.id ?? null,
    action,
    subject: { type: "group", id: groupId },
    details,
    via: ctx.via,
  });

export async function createGroup(ctx: ChangeContext, input: { name: string; memberIds?: string[]; externalId?: string | null }) {
  const name = checkName(input.name);
  try {
    return await ctx.db.transaction(async (tx) => {
      const people = await companyPeople(tx, ctx.companyId, input.memberIds ?? [], "memberIds");
      const [group] = await tx
        .insert(groups)
        .values({ companyId: ctx.companyId, name, externalId: input.externalId ?? null })
        .returning();
      if (people.length) await tx.insert(groupMembers).values(people.map((p) => ({ groupId: group!.id, userId: p.id, companyId: ctx.companyId })));
      await audit(tx, ctx, "group.created", group!.id, { name, members: people.map((p) => p.name), said: `Group ${name} created` });
      return group!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

export async function renameGroup(ctx: ChangeContext, input: { groupId: string; name: string; externalId?: string | null }) {
  const name = checkName(input.name);
  try {
    return await ctx.db.transaction(async (tx) => {
      const group = await groupOf(tx, ctx.companyId, input.groupId);
      const externalId = input.externalId === undefined ? group.externalId : input.externalId;
      if (group.name === name && group.externalId === externalId) return group;
      const [renamed] = await tx.update(groups).set({ name, externalId }).where(eq(groups.id, group.id)).returning();
      if (group.name !== name)
        await audit(tx, ctx, "group.renamed", group.id, { name: { from: group.name, to: name }, said: `Group ${group.name} renamed ${name}` });
      return renamed!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

/**
 * Adds and removes members in one step (SCIM patches do both; the People page sends the whole list as a replacement).
 * `replaceWith` sets the members to exactly these people.
 */
export async function changeGroupMembers(ctx: ChangeContext, input: { groupId: string; add?: string[]; remove?: string[]; replaceWith?: string[] }) {
  return ctx.db.transaction(async (tx) => {
    const group = await groupOf(tx, ctx.companyId, input.groupId);
    const current = await tx
      .select({ userId: groupMembers.userId, name: users.name })
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(eq(groupMembers.groupId, group.id));
    const currentIds = new Set(current.map((m) => m.userId));
    const wanted = input.replaceWith
      ? new Set(input.replaceWith)
      : new Set([...currentIds, ...(input.add ?? [])].filter((id) => !(input.remove ?? []).includes(id)));
    const field = input.replaceWith ? "memberIds" : "add";
    const adding = await companyPeople(
      tx,
      ctx.companyId,
      [...wanted].filter((id) => !currentIds.has(id)),
      field,
    );
    const removing = current.filter((m) => !wanted.has(m.userId));
    if (adding.length) await tx.insert(groupMembers).values(adding.map((p) => ({ groupId: group.id, userId: p.id, companyId: ctx.companyId })));
    if (removing.length)
      await tx.delete(groupMembers).where(
        and(
          eq(groupMembers.groupId, group.id),
          inArray(
            groupMembers.userId,
            removing.map((m) => m.userId),
          ),
        ),
      );
    if (adding.length || removing.length) {
      const said = [
        adding.length ? `${adding.map((p) => p.name).join(", ")} added to ${group.name}` : null,
        removing.length ? `${removing.map((m) => m.name).join(", ")} removed from ${group.name}` : null,
      ]
        .filter(Boolean)
        .join("; ");
      await audit(tx, ctx, "group.members_changed", group.id, { added: adding.map((p) => p.name), removed: removing.map((m) => m.name), said });
    }
    return { groupId: group.id, added: adding.length, removed: removing.length };
  });
}

export async function deleteGroup(ctx: ChangeContext, input: { groupId: string }) {
  return ctx.db.transaction(async (tx) => {
    const group = await groupOf(tx, ctx.companyId, input.groupId);
    const policy = await currentPolicy(tx, ctx.companyId);
    const usedBy = rulesNaming(policy?.rules ?? [], group.id);
    if (usedBy.length) {
      throw new AppError(
        "precondition",
        `The approval policy names ${group.name} in ${usedBy.join(" and ")}; change those rules first, then delete the group.`,
        { field: "groupId" },
      );
    }
    await tx.delete(groups).where(eq(groups.id, group.id));
    await audit(tx, ctx, "group.deleted", group.id, { name: group.name, said: `Group ${group.name} deleted` });
    return { groupId: group.id };
  });
}

/** A person's groups, for their profile and the People page. */
export async function groupsOf(db: Database, companyId: string, userId: string) {
  return db
    .select({ id: groups.id, name: groups.name })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.companyId, companyId), eq(groupMembers.userId, userId)))
    .orderBy(asc(groups.name));
}
