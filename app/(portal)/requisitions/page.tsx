import type { Metadata } from "next";
import Link from "next/link";
import { Amount, Card, formatDateTime, PageTitle, RequisitionStatus, SupplierOrderState } from "@/app/_components/ui";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Orders" };

export default async function RequisitionsPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  const caller = await getServerCaller();
  const me = await caller.me.get();
  const canSeeCompany = me.roles.includes("approver") || me.roles.includes("admin");
  const scope = (await searchParams).scope === "company" && canSeeCompany ? "company" : "mine";
  const rows = await caller.requisitions.list({ scope });
  return (
    <>
      <PageTitle
        aside={
          canSeeCompany ? (
            <div className="flex gap-1 text-sm">
              <Link href="/requisitions" aria-current={scope === "mine" ? "page" : undefined} className={`rounded-md px-3 py-2 ${scope === "mine" ? "bg-brand-50 font-medium" : ""}`}>Mine</Link>
              <Link href="/requisitions?scope=company" aria-current={scope === "company" ? "page" : undefined} className={`rounded-md px-3 py-2 ${scope === "company" ? "bg-brand-50 font-medium" : ""}`}>Whole company</Link>
            </div>
          ) : null
        }
      >
        Orders
      </PageTitle>
      {rows.length === 0 ? (
        <Card><p>No requisitions yet.</p></Card>
      ) : (
        <ul className="space-y-2" data-testid="requisition-list">
          {rows.map((r) => (
            <li key={r.id}>
              <Link href={`/requisitions/${r.id}`} className="block rounded-lg border border-slate-200 bg-white p-3 hover:border-brand-600">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-medium text-brand-700">REQ-{r.number}</span>
                  <RequisitionStatus status={r.status} />
                </div>
                <div className="mt-1 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
                  <span>{formatDateTime(r.submittedAt)} · {r.costCenterCode} · PO {r.poNumber || "—"}{scope === "company" ? ` · ${r.requesterName}` : ""}</span>
                  <Amount value={r.total} className="font-medium text-slate-900" />
                </div>
                <div className="mt-1 flex flex-wrap gap-2">
                  {r.supplierOrders.map((o, i) => (
                    <span key={i} className="text-xs text-slate-600">{o.supplierName}: <SupplierOrderState state={o.state} supplierStatus={o.supplierStatus} /></span>
                  ))}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
