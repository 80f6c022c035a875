import type { Metadata } from "next";
import { safeReturnPath } from "@/server/domain/return-path";
import { FinishSso } from "./finish-sso";

export const metadata: Metadata = { title: "Signing in" };
export const dynamic = "force-dynamic";

/** Where single sign-on lands: the browser redeems its single-use ticket (its own cookie) for a session, as a password sign-in would. */
export default async function SsoLandingPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Signing you in…</h1>
        <FinishSso callbackUrl={safeReturnPath(callbackUrl)} />
      </div>
    </main>
  );
}
