import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerAuthSession } from "@/server/auth";
import { getServerCaller } from "@/server/trpc/server";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const session = await getServerAuthSession();
  const target = safeCallback(callbackUrl);
  if (session?.user.id) redirect(target);
  // An empty portal has nobody to sign in as yet: its installer sets it up first.
  if ((await (await getServerCaller()).setup.status()).firstRun) redirect("/setup");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to the Buyer Portal</h1>
        <p className="mt-1 text-sm text-slate-600">Use your work email and password.</p>
        <LoginForm callbackUrl={target} />
      </div>
    </main>
  );
}

/** Only paths inside the portal: an open redirect would let a link send buyers to someone else's site. */
function safeCallback(value: string | undefined): string {
  if (!value) return "/";
  try {
    const url = new URL(value, "http://portal.local");
    if (url.origin !== "http://portal.local" && !value.startsWith("/")) return "/";
    return url.pathname.startsWith("/login") ? "/" : `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}
