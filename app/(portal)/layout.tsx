import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerAuthSession } from "@/server/auth";
import { getServerCaller, getServerMe } from "@/server/trpc/server";
import { PortalNav } from "./portal-nav";

export const dynamic = "force-dynamic";

/** Every portal page: signed-out visitors go to /login and come back to where they were headed. */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const session = await getServerAuthSession();
  if (!session?.user.id) {
    const path = (await headers()).get("x-portal-path") ?? "/";
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  const caller = await getServerCaller();
  const isApprover = session.user.roles.includes("approver");
  const [me, waitingForMe, unread] = await Promise.all([getServerMe(), isApprover ? caller.approvals.count() : 0, caller.notifications.unreadCount()]);
  return (
    <div className="min-h-screen pb-20 md:pb-0">
      <PortalNav
        roles={session.user.roles}
        userName={session.user.name}
        companyName={me.companyName}
        canSeeSpend={me.canSeeSpend}
        counts={{ cartLines: me.cartLineCount, waitingForMe, unread }}
      />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
