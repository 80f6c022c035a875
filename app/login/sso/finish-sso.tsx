"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/app/_components/ui";

export function FinishSso({ callbackUrl }: { callbackUrl: string }) {
  const [failed, setFailed] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    // Once: the ticket is single-use, and React may run an effect twice in development.
    if (started.current) return;
    started.current = true;
    // The ticket is this browser's cookie (set by the provider's answer), sent by next-auth's sign-in request itself.
    void signIn("sso-ticket", { redirect: false }).then((result) => {
      if (!result || result.error) setFailed(true);
      else window.location.assign(callbackUrl);
    });
  }, [callbackUrl]);

  if (!failed) return <p className="mt-2 text-sm text-slate-600">One moment.</p>;
  return (
    <div className="mt-4 space-y-3" data-testid="login-error">
      <Alert>That sign-in has expired or was already used. Start again.</Alert>
      <Link className="text-blue-700 underline" href="/login">
        Back to sign in
      </Link>
    </div>
  );
}
