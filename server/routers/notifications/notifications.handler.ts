import { listNotifications, markAllRead, markRead, unreadCount } from "@/server/notifications/inbox";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { listNotificationsInput, markReadInput } from "./notifications.schema";

export const listNotificationsHandler = ({ ctx, input }: Handled<typeof listNotificationsInput>) => listNotifications(ctx, input);
export const unreadCountHandler = ({ ctx }: { ctx: MemberContext }) => unreadCount(ctx);
export const markReadHandler = ({ ctx, input }: Handled<typeof markReadInput>) => markRead(ctx, input);
export const markAllReadHandler = ({ ctx }: { ctx: MemberContext }) => markAllRead(ctx);
