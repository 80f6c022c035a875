/**
 * Out of office: an approver names a colleague who stands in for them from a first to a last day (inclusive, UTC);
 * their approvals reach the delegate's inbox too, and a delegate's decision records both people.
 */
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { approvalDelegations, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { invalid, notFound } from "@/server/errors";
import { sentence } from "@/server/domain/sentences";
import { notify } from "@/server/notifications/notify";

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const dayAfter = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/** Out of office: from the first day to the last (inclusive, UTC) the delegate gets this approver's items. */
export async function setDelegation(ctx: ActorContext, input: { delegateId: string; startsOn: string; endsOn: string; note: string }) {
  if (input.delegateId === ctx.user.id) throw invalid("delegateId", "Choose someone else to stand in for you.");
  const [delegate] = await ctx.db
    .select({ id: users.id, name: users.name, roles: users.roles, active: users.active })
    .from(users)
    .where(and(eq(users.id, input.delegateId), eq(users.companyId, ctx.companyId)));
  if (!delegate || !delegate.active) throw invalid("delegateId", "Choose an active person from your company.");
  if (!delegate.roles.includes("approver")) throw invalid("delegateId", `${delegate.name} is not an approver, so cannot stand in for you.`);
  const startsAt = dayStart(input.startsOn);
  const endsAt = dayAfter(input.endsOn);
  if (endsAt <= new Date()) throw invalid("endsOn", "The last day has already passed.");
  return ctx.db.transaction(async (tx) => {
    // One delegation per approver at a time: two overlapping ones would leave it unclear who has the items.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, ctx.user.id)).for("update");
    const [overlap] = await tx
      .select({ startsAt: approvalDelegations.startsAt, endsAt: approvalDelegations.endsAt, delegateName: users.name })
      .from(approvalDelegations)
      .innerJoin(users, eq(users.id, approvalDelegations.delegateId))
      .where(
        and(
          eq(approvalDelegations.approverId, ctx.user.id),
          isNull(approvalDelegations.revokedAt),
          sql`${approvalDelegations.startsAt} < ${endsAt}`,
          sql`${approvalDelegations.endsAt} > ${startsAt}`,
        ),
      );
    if (overlap) {
      throw invalid(
        "startsOn",
        `You already have ${overlap.delegateName} standing in from ${overlap.startsAt.toISOString().slice(0, 10)}; end that delegation first.`,
      );
    }
    const [created] = await tx
      .insert(approvalDelegations)
      .values({ companyId: ctx.companyId, approverId: ctx.user.id, delegateId: delegate.id, startsAt, endsAt, note: input.note })
      .returning();
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "delegation.created",
      subject: { type: "delegation", id: created!.id },
      details: { approver: ctx.user.name, delegate: delegate.name, from: input.startsOn, to: input.endsOn, note: input.note || null },
    });
    await notify(tx, {
      companyId: ctx.companyId,
      userIds: [delegate.id],
      kind: "delegation.started",
      title: `You stand in for ${ctx.user.name}`,
      body: `From ${input.startsOn} to ${input.endsOn}, ${ctx.user.name}'s approvals come to your inbox as well.${input.note ? ` Note: ${sentence(input.note)}` : ""}`,
      link: "/approvals",
    });
    return { id: created!.id, delegateName: delegate.name, startsAt, endsAt };
  });
}

export async function revokeDelegation(ctx: ActorContext, input: { delegationId: string }) {
  const [row] = await ctx.db
    .update(approvalDelegations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(approvalDelegations.id, input.delegationId),
        eq(approvalDelegations.companyId, ctx.companyId),
        eq(approvalDelegations.approverId, ctx.user.id),
        isNull(approvalDelegations.revokedAt),
      ),
    )
    .returning();
  if (!row) throw notFound("That delegation");
  await recordAudit(ctx.db, { companyId: ctx.companyId, actorId: ctx.user.id, action: "delegation.ended", subject: { type: "delegation", id: row.id } });
  return { id: row.id };
}

/** My delegations (who stands in for me) and the ones where I stand in for others; plus who I could choose. */
export async function listDelegations(ctx: ActorContext) {
  const delegate = users;
  const rows = await ctx.db
    .select({
      id: approvalDelegations.id,
      approverId: approvalDelegations.approverId,
      delegateId: approvalDelegations.delegateId,
      startsAt: approvalDelegations.startsAt,
      endsAt: approvalDelegations.endsAt,
      note: approvalDelegations.note,
      revokedAt: approvalDelegations.revokedAt,
    })
    .from(approvalDelegations)
    .where(
      and(
        eq(approvalDelegations.companyId, ctx.companyId),
        or(eq(approvalDelegations.approverId, ctx.user.id), eq(approvalDelegations.delegateId, ctx.user.id)),
      ),
    )
    .orderBy(asc(approvalDelegations.startsAt));
  const people = await ctx.db
    .select({ id: delegate.id, name: delegate.name, roles: delegate.roles, active: delegate.active })
    .from(delegate)
    .where(eq(delegate.companyId, ctx.companyId))
    .orderBy(asc(delegate.name));
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const now = new Date();
  const shaped = rows.map((r) => ({
    ...r,
    approverName: nameOf.get(r.approverId) ?? "",
    delegateName: nameOf.get(r.delegateId) ?? "",
    inForce: !r.revokedAt && r.startsAt <= now && r.endsAt > now,
    // endsAt is exclusive; people think of the last day away.
    lastDay: new Date(r.endsAt.getTime() - 86_400_000).toISOString().slice(0, 10),
    firstDay: r.startsAt.toISOString().slice(0, 10),
  }));
  return {
    mine: shaped.filter((r) => r.approverId === ctx.user.id && !r.revokedAt && r.endsAt > now),
    standingInFor: shaped.filter((r) => r.delegateId === ctx.user.id && !r.revokedAt && r.endsAt > now),
    candidates: people.filter((p) => p.active && p.roles.includes("approver") && p.id !== ctx.user.id).map((p) => ({ id: p.id, name: p.name })),
  };
}
