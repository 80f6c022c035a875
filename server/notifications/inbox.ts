/** A person's own notifications: newest first, the bell's unread count, and marking them read. */
import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { notifications } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { portalPath } from "./email";

/** Every query here is keyed on the caller: a person only ever sees or changes their own notifications. */
const mine = (ctx: ActorContext) => and(eq(notifications.userId, ctx.user.id), eq(notifications.companyId, ctx.companyId));

export async function listNotifications(ctx: ActorContext, input: { limit: number; unreadOnly: boolean }) {
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

export async function unreadCount(ctx: ActorContext): Promise<number> {
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
export async function markRead(ctx: ActorContext, input: { ids: string[] }) {
  await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(mine(ctx), inArray(notifications.id, input.ids), isNull(notifications.readAt)));
  return { unread: await unreadCount(ctx) };
}

export async function markAllRead(ctx: ActorContext) {
  await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(mine(ctx), isNull(notifications.readAt)));
  return { unread: 0 };
}
