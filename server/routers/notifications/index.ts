import { createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { listNotificationsHandler, markAllReadHandler, markReadHandler, unreadCount } from "./notifications.handler";
import { listNotificationsInput, markReadInput } from "./notifications.schema";

export const notificationsRouter = createTRPCRouter({
  /** The caller's own, newest first. */
  list: memberProcedure.input(listNotificationsInput).query(listNotificationsHandler),
  /** For the bell's badge. */
  unreadCount: memberProcedure.query(({ ctx }) => unreadCount(ctx)),
  markRead: memberProcedure.input(markReadInput).mutation(markReadHandler),
  markAllRead: memberProcedure.mutation(markAllReadHandler),
});
