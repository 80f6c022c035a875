"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { errorElsewhere, errorFor, TextField } from "@/app/_components/forms";
import { Alert, Button } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { PASSWORD_MIN_LENGTH } from "@/server/domain/password-rules";

const FIELDS = ["password", "name"] as const;

export function AcceptInvitation({ token }: { token: string }) {
  const trpc = useTRPC();
  const invitation = useQuery(trpc.invitations.get.queryOptions({ token }, { retry: false }));
  const [name, setName] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [signInFailed, setSignInFailed] = useState(false);
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async ({ email }) => {
        const result = await signIn("credentials", { email, password, redirect: false });
        if (!result || result.error) {
          setSignInFailed(true);
          return;
        }
        window.location.assign("/");
      },
    }),
  );

  if (invitation.isPending) return <p>Loading…</p>;
  if (invitation.error) return <Alert>{invitation.error.message}</Alert>;
  const found = invitation.data;
  if (found.state !== "pending") {
    return (
      <>
        <h1 className="text-xl font-semibold">{"companyName" in found ? `Joining ${found.companyName}` : "Your invitation"}</h1>
        <div className="mt-4">
          <Alert tone="amber">{found.message}</Alert>
        </div>
        <p className="mt-4 text-sm">
          <a className="text-brand-700 underline" href="/login">
            Sign in
          </a>
        </p>
      </>
    );
  }
  const shownName = name ?? found.name;
  // The token is the link's; a refusal about it (the link was resent meanwhile) is said above the button.
  const elsewhere = errorElsewhere(accept.error, FIELDS);
  return (
    <>
      <h1 className="text-xl font-semibold">Join {found.companyName}</h1>
      <p className="mt-1 text-sm text-slate-600">
        You are invited to the Buyer Portal as <strong>{found.email}</strong>. Choose a password to finish.
      </p>
      <form
        className="mt-6 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          accept.mutate({ token, password, name: shownName });
        }}
      >
        <input type="email" className="hidden" autoComplete="username" value={found.email} readOnly aria-hidden tabIndex={-1} />
        <TextField label="Your name" value={shownName} onChange={(e) => setName(e.target.value)} autoComplete="name" error={errorFor(accept.error, "name")} />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters; a few words you will remember work well.`}
          error={errorFor(accept.error, "password")}
        />
        {elsewhere ? <Alert>{elsewhere}</Alert> : null}
        {signInFailed ? (
          <Alert tone="amber">
            Your account is ready, but signing you in did not work.{" "}
            <a className="underline" href="/login">
              Sign in
            </a>{" "}
            with your email and the password you chose.
          </Alert>
        ) : null}
        <Button type="submit" className="w-full" disabled={accept.isPending || accept.isSuccess}>
          {accept.isPending ? "Joining…" : `Join ${found.companyName}`}
        </Button>
      </form>
    </>
  );
}
