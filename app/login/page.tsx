import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerAuthSession } from "@/server/auth";
import { getServerCaller } from "@/server/trpc/server";
import { isSsoRefusal, SSO_REFUSALS } from "@/common/sso";
import { LoginForm } from "./login-form";
import { safeReturnPath } from "@/server/domain/return-path";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; sso_error?: string; email?: string }> }) {
  const { callbackUrl, sso_error: ssoError, email } = await searchParams;
  const session = await getServerAuthSession();
  const target = safeReturnPath(callbackUrl);
  if (session?.user.id) redirect(target);
  // An empty portal has nobody to sign in as yet: its installer sets it up first.
  if ((await (await getServerCaller()).setup.status()).firstRun) redirect("/setup");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to the Buyer Portal</h1>
        <p className="mt-1 text-sm text-slate-600">Start with your work email.</p>
        <LoginForm
          callbackUrl={target}
          initialEmail={typeof email === "string" ? email.slice(0, 254) : ""}
          initialError={isSsoRefusal(ssoError) ? SSO_REFUSALS[ssoError] : null}
        />
      </div>
    </main>
  );
}
