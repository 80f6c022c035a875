import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerCaller } from "@/server/trpc/server";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up the portal" };
export const dynamic = "force-dynamic";

/** The first run: there is no company yet, so there is nobody to sign in as. Once there is one, this is the sign-in page. */
export default async function SetupPage() {
  const { firstRun } = await (await getServerCaller()).setup.status();
  if (!firstRun) redirect("/login");
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-8">
      <div className="w-full max-w-lg rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Set up your company</h1>
        <p className="mt-1 text-sm text-slate-600">
          Create the company and your own admin account. Then connect a supplier and add cost centers, and your buyers can order.
        </p>
        <SetupForm />
      </div>
    </main>
  );
}
