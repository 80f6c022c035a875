"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, Button, Card } from "@/app/_components/ui";
import { errorElsewhere, errorFor, TextField } from "@/app/_components/forms";
import { useTRPC } from "@/app/_lib/trpc";
import { PASSWORD_MIN_LENGTH } from "@/server/domain/password-rules";

const FIELDS = ["currentPassword", "newPassword"] as const;

/** A new password, with the current one; every other sign-in ends with it, this one stays. */
export function PasswordForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrentPassword("");
        setNewPassword("");
        void queryClient.invalidateQueries(trpc.me.sessions.queryFilter());
      },
    }),
  );
  const elsewhere = errorElsewhere(change.error, FIELDS);
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">Change your password</h2>
      <form
        className="max-w-md space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate({ currentPassword, newPassword });
        }}
      >
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          error={errorFor(change.error, "currentPassword")}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters, not your name or email. You stay signed in here; every other device is signed out.`}
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          error={errorFor(change.error, "newPassword")}
        />
        {elsewhere ? <Alert>{elsewhere}</Alert> : null}
        {change.isSuccess ? (
          <Alert tone="green">
            Your password is changed.{" "}
            {change.data.otherSessionsEnded === 1
              ? "1 other device was signed out."
              : change.data.otherSessionsEnded > 1
                ? `${change.data.otherSessionsEnded} other devices were signed out.`
                : ""}
          </Alert>
        ) : null}
        <Button type="submit" disabled={change.isPending}>
          Change password
        </Button>
      </form>
    </Card>
  );
}
