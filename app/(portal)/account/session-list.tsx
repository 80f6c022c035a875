"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Badge, Button, Card, formatDateTime } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { SESSION_END_REASON_LABELS } from "@/common/sessions";
import { signOutToLogin } from "../portal-nav";

/** Where the person is signed in: each device in plain words, from where and when, with a way to end any of them. */
export function SessionList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.me.sessions.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.me.sessions.queryFilter());
  const endOne = useMutation(
    trpc.me.endSession.mutationOptions({
      // Ending the session in use signs this browser out: the next page would only send it to sign in.
      onSuccess: (result) => (result.wasThisOne ? void signOutToLogin() : void refresh()),
    }),
  );
  const everywhere = useMutation(trpc.me.signOutEverywhere.mutationOptions({ onSuccess: () => void signOutToLogin() }));

  const failure = endOne.error ?? everywhere.error;
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">Where you are signed in</h2>
        <Button
          variant="secondary"
          disabled={everywhere.isPending}
          onClick={() => {
            if (window.confirm("Sign out on every device, this one included?")) everywhere.mutate();
          }}
        >
          Sign out everywhere
        </Button>
      </div>
      <p className="mb-3 text-sm text-slate-600">If you see a device you do not recognise, end it and change your password below.</p>
      {failure ? (
        <div className="mb-3">
          <Alert>{failure.message}</Alert>
        </div>
      ) : null}
      {sessions.isPending ? (
        <p className="text-slate-600">Loading your sign-ins…</p>
      ) : sessions.error ? (
        <Alert>{sessions.error.message}</Alert>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Sign-ins" data-testid="session-list">
          {sessions.data.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className={s.live ? "" : "text-slate-500"}>
                <p className="font-medium" title={s.userAgent ?? undefined}>
                  {s.device}
                  {s.current ? (
                    <>
                      {" "}
                      <Badge tone="green">This device</Badge>
                    </>
                  ) : null}
                  {!s.live && s.endedReason ? (
                    <>
                      {" "}
                      <Badge>{SESSION_END_REASON_LABELS[s.endedReason]}</Badge>
                    </>
                  ) : null}
                </p>
                <p className="text-sm">
                  {s.ip ? `From ${s.ip} · ` : ""}Signed in {formatDateTime(s.startedAt)} · {s.live ? "Last active" : "Ended"}{" "}
                  {formatDateTime(s.live ? s.lastActiveAt : s.endedAt)}
                </p>
              </div>
              {s.live ? (
                <Button
                  variant="secondary"
                  disabled={endOne.isPending}
                  aria-label={`End ${s.device}${s.current ? " (this device)" : ""}, signed in ${formatDateTime(s.startedAt)}`}
                  onClick={() => endOne.mutate({ sessionId: s.id })}
                >
                  End
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
