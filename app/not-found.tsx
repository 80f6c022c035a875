import type { Metadata } from "next";
import { PageNotFound } from "./_components/page-not-found";

export const metadata: Metadata = { title: "Page not found" };

/** Outside the portal's pages (the portal's own not-found, with its navigation, answers everything under it). */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <PageNotFound />
    </main>
  );
}
