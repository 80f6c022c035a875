import type { Metadata } from "next";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Your invitation" };
export const dynamic = "force-dynamic";

/** The invitee has no account yet, so this lives outside the portal's signed-in pages, like the first run. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-8">
      <div className="w-full max-w-lg rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <AcceptInvitation token={token} />
      </div>
    </main>
  );
}
