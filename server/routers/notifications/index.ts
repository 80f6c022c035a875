import { createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { listNotificationsHandler, markAllReadHandler, markReadHandler, unreadCountHandler } from "./notifications.handler";
import { listNotificationsInput, markReadInput } from "./notifications.schema";

export const notificationsRouter = createTRPCRouter({
  /** The caller's own, newest first. */
  list: memberProcedure.input(listNotificationsInput).query(listNotificationsHandler),
  /** For the bell's badge. */
  unreadCount: memberProcedure.query(unreadCountHandler),
  markRead: memberProcedure.input(markReadInput).mutation(markReadHandler),
  markAllRead: memberProcedure.mutation(markAllReadHandler),
});
