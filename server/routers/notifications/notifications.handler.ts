import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { notifications } from "@/db/schema";
import { portalPath } from "@/server/notifications/email";
import type { MemberContext } from "@/server/trpc/init";
import type { ListNotificationsInput, MarkReadInput } from "./notifications.schema";

/** Every query here is keyed on the caller: a person only ever sees or changes their own notifications. */
const mine = (ctx: MemberContext) => and(eq(notifications.userId, ctx.user.id), eq(notifications.companyId, ctx.companyId));

export async function listNotificationsHandler({ ctx, input }: { ctx: MemberContext; input: ListNotificationsInput }) {
  const rows = await ctx.db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(and(mine(ctx), input.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit);
  return rows.map((n) => ({ ...n, link: portalPath(n.link), unread: n.readAt === null }));
}

export async function unreadCount(ctx: MemberContext): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(ctx), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/**
 * Ids that are not the caller's are passed over silently, exactly like ids that
 * do not exist, so the answer reveals nothing about other people's notifications.
 */
export async function markReadHandler({ ctx, input }: { ctx: MemberContext; input: MarkReadInput }) {
  await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(mine(ctx), inArray(notifications.id, input.ids), isNull(notifications.readAt)));
  return { unread: await unreadCount(ctx) };
}

export async function markAllReadHandler({ ctx }: { ctx: MemberContext }) {
  await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(mine(ctx), isNull(notifications.readAt)));
  return { unread: 0 };
}
