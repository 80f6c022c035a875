import type { Metadata } from "next";
import { RetryButton } from "./retry-button";

export const metadata: Metadata = { title: "Offline" };

/**
 * What the service worker shows for a page it cannot fetch and has no saved copy of. Outside the (portal) group: it is
 * fetched at install, signed in or not, and must not depend on a session.
 */
export default function OfflinePage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4" data-testid="offline-page">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm font-semibold text-brand-700">Buyer Portal</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">You are offline</h1>
        <p className="mt-2 text-slate-700">This page cannot be reached from this device right now, and it was not saved here while you were online.</p>
        <h2 className="mt-5 text-base font-semibold">While you wait</h2>
        <p className="mt-1 text-slate-700">Orders you opened while online stay readable on this device until someone signs out.</p>
        {/* A plain link, not next/link: a full navigation goes straight to the service worker's saved copy. */}
        <a href="/requisitions" className="mt-2 inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
          Your orders, as last viewed
        </a>
        <div className="mt-5">
          <RetryButton />
        </div>
      </div>
    </main>
  );
}
