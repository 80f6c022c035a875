"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Alert, Badge, Button, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

export function NotificationList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.notifications.list.queryOptions({ limit: 50 }), refetchInterval: 30_000 });
  // The bell's badge and this list read the same rows; refresh both after any change.
  const refresh = () => queryClient.invalidateQueries(trpc.notifications.pathFilter());
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: refresh }));
  const markAllRead = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSettled: refresh }));

  if (list.isPending) return <p className="text-slate-600">Loading your notifications…</p>;
  if (list.error) return <Alert>{list.error.message}</Alert>;
  const anyUnread = list.data.some((n) => n.unread);
  const failure = markRead.error ?? markAllRead.error;

  return (
    <>
      <PageTitle
        aside={
          <Button variant="secondary" disabled={!anyUnread || markAllRead.isPending} onClick={() => markAllRead.mutate()}>
            Mark all as read
          </Button>
        }
      >
        Notifications
      </PageTitle>
      {failure ? (
        <div className="mb-4">
          <Alert>{failure.message}</Alert>
        </div>
      ) : null}
      {list.data.length === 0 ? (
        <Card>
          <p>Nothing yet. Approvals, decisions and supplier updates on your requisitions show up here.</p>
        </Card>
      ) : (
        <ul className="space-y-3" aria-label="Notifications" data-testid="notification-list">
          {list.data.map((n) => (
            <li key={n.id}>
              <Card className={n.unread ? "border-l-4 border-l-brand-600" : "bg-slate-50"}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 className={`text-base ${n.unread ? "font-semibold text-slate-900" : "font-normal text-slate-700"}`}>
                    {n.link ? (
                      <Link href={n.link} className="text-brand-700 hover:underline" onClick={() => n.unread && markRead.mutate({ ids: [n.id] })}>
                        {n.title}
                      </Link>
                    ) : (
                      n.title
                    )}
                    {n.unread ? (
                      <>
                        {" "}
                        <Badge tone="blue">New</Badge>
                      </>
                    ) : null}
                  </h2>
                  <time dateTime={new Date(n.createdAt).toISOString()} className="text-sm text-slate-500">
                    {formatDateTime(n.createdAt)}
                  </time>
                </div>
                <p className={`mt-1 text-sm ${n.unread ? "text-slate-800" : "text-slate-600"}`}>{n.body}</p>
                {!n.link && n.unread ? (
                  <Button variant="ghost" className="mt-2 -ml-4" onClick={() => markRead.mutate({ ids: [n.id] })} aria-label={`Mark "${n.title}" as read`}>
                    Mark as read
                  </Button>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
