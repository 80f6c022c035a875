import { createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { listNotificationsInput, markReadInput } from "./notifications.schema";
import { listNotifications, markAllRead, markRead, unreadCount } from "@/server/notifications/inbox";

export const notificationsRouter = createTRPCRouter({
  /** The caller's own, newest first. */
  list: memberProcedure.input(listNotificationsInput).query(({ ctx, input }) => listNotifications(ctx, input)),
  /** For the bell's badge. */
  unreadCount: memberProcedure.query(({ ctx }) => unreadCount(ctx)),
  markRead: memberProcedure.input(markReadInput).mutation(({ ctx, input }) => markRead(ctx, input)),
  markAllRead: memberProcedure.mutation(({ ctx }) => markAllRead(ctx)),
});
