import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageTitle } from "@/app/_components/ui";
import { getServerCaller, getServerMe } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Admin" };

/** Every admin page, with what it is for: the one place the header's Admin (and the phone's More) leads to. */
const ADMIN_PAGES = [
  {
    href: "/admin/company",
    title: "Company settings",
    purpose: "The company's name, currency and time zone, its PO number rule and format, the receiving reminder and the three-way match tolerances.",
  },
  {
    href: "/admin/people",
    title: "People",
    purpose: "Who works in the portal and with which roles: invite someone by email, resend or revoke an invitation, change a person's roles.",
  },
  {
    href: "/admin/audit",
    title: "Audit log",
    purpose: "Who did what and when: sign-ins and failed ones, roles, policy, decisions, orders, connections and settings, filtered and as CSV.",
  },
  {
    href: "/admin/scim",
    title: "SCIM provisioning",
    purpose: "Let the company's identity provider (Okta, Entra ID) add, change and deactivate people: its address and the tokens it signs in with.",
  },
  {
    href: "/admin/sso",
    title: "Single sign-on",
    purpose:
      "Signing in through the company's OpenID provider: its issuer and client, the email domains it answers for, roles from its groups, and whether passwords still work.",
  },
  {
    href: "/admin/approval-policy",
    title: "Approval policy",
    purpose: "Who approves what: the rules by amount, budget and cost center, levels in order, and how long a step may wait before it goes further.",
  },
  {
    href: "/admin/cost-centers",
    title: "Cost centers and budgets",
    purpose: "The cost centers buyers charge, who may charge each one, its owner and its budget for each period.",
  },
  {
    href: "/admin/receivers",
    title: "Receivers",
    purpose: "Who receives goods at each ship-to address besides the requester: the people at the dock who record what arrived.",
  },
  {
    href: "/admin/connections",
    title: "Supplier connections",
    purpose: "Where the portal reaches each supplier and Hypatos, with which credentials; a test that says what works, and switching one off.",
  },
  {
    href: "/admin/catalog-sync",
    title: "Supplier catalogs",
    purpose: "Each supplier's catalog as the portal keeps it: how many items, when it was last synced, and a sync on demand.",
  },
  {
    href: "/admin/accounts-payable",
    title: "Accounts payable",
    purpose: "What the portal sent to Hypatos for each order (purchase orders, goods receipts, changes), what it refused and why, and a retry.",
  },
] as const;

export default async function AdminHomePage() {
  const me = await getServerMe();
  // For anyone else this address is like any unknown one: it does not say an admin area exists.
  if (!me.roles.includes("admin")) notFound();
  const checklist = await (await getServerCaller()).company.checklist();
  const toDo = checklist.filter((item) => !item.done).length;
  return (
    <>
      <PageTitle>Admin</PageTitle>
      <p className="mb-4 text-slate-700">Settings for everyone at {me.companyName}.</p>
      {toDo > 0 ? (
        <Card className="mb-4">
          <h2 className="font-medium">Getting {me.companyName} ready to order</h2>
          <p className="text-sm text-slate-600">{`${checklist.length - toDo} of ${checklist.length} done.`}</p>
          <ol className="mt-2 space-y-1" data-testid="setup-checklist">
            {checklist.map((item) => (
              <li key={item.key} className="flex min-h-11 items-center gap-2" data-testid="setup-step" data-done={item.done}>
                <span aria-hidden className={item.done ? "text-green-700" : "text-slate-400"}>
                  {item.done ? "✓" : "○"}
                </span>
                <Link href={item.href} className="text-brand-700 hover:underline">
                  {item.label}
                </Link>
                <span className="sr-only">{item.done ? "(done)" : "(to do)"}</span>
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
      <ul className="grid gap-4 md:grid-cols-3" data-testid="admin-pages">
        {ADMIN_PAGES.map((p) => (
          <li key={p.href}>
            <Card className="h-full">
              <h2 className="font-medium">
                <Link href={p.href} className="inline-flex min-h-11 items-center text-brand-700 hover:underline">
                  {p.title}
                </Link>
              </h2>
              <p className="text-sm text-slate-600">{p.purpose}</p>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
