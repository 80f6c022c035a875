"use client";

import { signIn } from "next-auth/react";
import { secondsFromThrottledCode, tryAgainMessage } from "@/server/domain/sign-in-throttle";
import { useCallback, useEffect, useRef, useState } from "react";
import { isSsoRefusal, SSO_REFUSALS } from "@/common/sso";
import { TextField } from "@/app/_components/forms";
import { Alert, Button } from "@/app/_components/ui";
import { howToSignIn } from "./actions";

type Step = "email" | "password" | "sso";

const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());

/**
 * Email first: a company with single sign-on for the email's domain sends the person to its provider; everyone else
 * (unknown emails too, so nothing says whether an account exists) gets the password field. The question is asked as
 * the email is typed, and again on Continue.
 */
export function LoginForm({ callbackUrl, initialEmail, initialError }: { callbackUrl: string; initialEmail: string; initialError: string | null }) {
  const [email, setEmail] = useState(initialEmail);
  const [step, setStep] = useState<Step>("email");
  const [required, setRequired] = useState(false);
  const [error, setError] = useState<string | null>(initialError);
  const [emailError, setEmailError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const asked = useRef(0);

  const ask = useCallback(async (value: string) => {
    const turn = ++asked.current;
    const answer = await howToSignIn(value.trim());
    if (turn !== asked.current) return null;
    if ("error" in answer) {
      setEmailError(answer.error);
      return null;
    }
    setEmailError(null);
    setStep(answer.method);
    setRequired(answer.required);
    return answer.method;
  }, []);

  useEffect(() => {
    if (!looksLikeEmail(email)) return;
    const timer = setTimeout(() => void ask(email), 250);
    return () => clearTimeout(timer);
  }, [email, ask]);

  const toProvider = () => {
    setPending(true);
    window.location.assign(`/api/sso/start?${new URLSearchParams({ email: email.trim(), callbackUrl }).toString()}`);
  };

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setError(null);
    if (step !== "password" || password === "") {
      const method = await ask(email);
      if (method === "sso") return toProvider();
      if (method !== "password" || step !== "password") return;
    }
    setPending(true);
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      setPending(false);
      // Deliberately the same words for a wrong email and a wrong password; single sign-on's own refusal says itself.
      const wait = secondsFromThrottledCode(result?.error);
      setError(
        wait !== null
          ? tryAgainMessage(wait)
          : isSsoRefusal(result?.error)
            ? SSO_REFUSALS[result.error]
            : "That email and password do not match an account. Check both and try again.",
      );
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={emailError}
      />
      {step === "password" ? <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={null} /> : null}
      {step === "sso" ? (
        <p className="text-sm text-slate-600" data-testid="sso-note">
          Your company signs in with single sign-on{required ? "" : " (you can still use your password if you have one)"}. Continue to its sign-in page.
        </p>
      ) : null}
      {error ? (
        <div data-testid="login-error">
          <Alert>{error}</Alert>
        </div>
      ) : null}
      {step === "password" ? (
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      ) : step === "sso" ? (
        <>
          <Button type="submit" disabled={pending} className="w-full">
            {pending ? "Opening your company's sign-in…" : "Continue with single sign-on"}
          </Button>
          {required ? null : (
            <button type="button" className="w-full text-sm text-blue-700 underline" onClick={() => setStep("password")}>
              Use my password instead
            </button>
          )}
        </>
      ) : (
        <Button type="submit" disabled={pending} className="w-full">
          Continue
        </Button>
      )}
    </form>
  );
}
