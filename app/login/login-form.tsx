"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { TextField } from "@/app/_components/forms";
import { Alert, Button } from "@/app/_components/ui";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      // Deliberately the same words for a wrong email and a wrong password.
      setError("That email and password do not match an account. Check both and try again.");
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <TextField label="Email" name="email" type="email" autoComplete="username" required error={null} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={null} />
      {error ? (
        <div data-testid="login-error">
          <Alert>{error}</Alert>
        </div>
      ) : null}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
