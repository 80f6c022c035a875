import type { Metadata } from "next";
import Link from "next/link";
import { FilterPanel } from "@/app/_components/filter-panel";
import { Field, inputClass, TextField } from "@/app/_components/forms";
import { Alert, Amount, Button, Card, formatDateTime, PageTitle, RequisitionStatus, requisitionStatusLabel, SupplierOrderState } from "@/app/_components/ui";
import { REQUISITION_STATUSES } from "@/common/requisitions";
import { ReorderButton } from "./[id]/reorder-button";
import { getServerCaller, getServerMe, inputErrorOf } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Orders" };

type Params = { scope?: string; status?: string; supplier?: string; from?: string; to?: string; after?: string };

export default async function RequisitionsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const caller = await getServerCaller();
  const params = await searchParams;
  const [me, suppliers] = await Promise.all([getServerMe(), caller.catalog.suppliers()]);
  const canSeeCompany = me.roles.includes("approver") || me.roles.includes("admin");
  // A buyer reorders their own requisitions from the list; the whole-company view is for looking.
  const canReorder = me.roles.includes("buyer");
  const scope = params.scope === "company" && canSeeCompany ? "company" : "mine";
  // Filters live in the URL, so a filtered list can be bookmarked, shared and reloaded as it is.
  const status = REQUISITION_STATUSES.find((s) => s === params.status);
  const supplierId = suppliers.find((s) => s.id === params.supplier)?.id;
  const from = params.from || undefined;
  const to = params.to || undefined;
  // Which page: where the last one ended (a cursor the list handed out), so the page link keeps its filters too.
  const cursor = params.after || undefined;
  let rows: Awaited<ReturnType<typeof caller.requisitions.list>>["items"] = [];
  let nextCursor: string | null = null;
  let filterError: { field: string | undefined; message: string } | null = null;
  try {
    ({ items: rows, nextCursor } = await caller.requisitions.list({ scope, status, supplierId, from, to, cursor }));
  } catch (error) {
    filterError = inputErrorOf(error);
  }
  const filtered = !!(status || supplierId || from || to);
  const listHref = (s: "mine" | "company", after?: string) => {
    const q = new URLSearchParams({
      ...(s === "company" ? { scope: s } : {}),
      ...(status ? { status } : {}),
      ...(supplierId ? { supplier: supplierId } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(after ? { after } : {}),
    });
    return `/requisitions${q.size ? `?${q}` : ""}`;
  };
  const scopeHref = (s: "mine" | "company") => listHref(s);
  return (
    <>
      <PageTitle
        aside={
          canSeeCompany ? (
            <div className="flex gap-1 text-sm">
              <Link
                href={scopeHref("mine")}
                aria-current={scope === "mine" ? "page" : undefined}
                className={`inline-flex min-h-11 items-center rounded-md px-3 ${scope === "mine" ? "bg-brand-50 font-medium" : ""}`}
              >
                Mine
              </Link>
              <Link
                href={scopeHref("company")}
                aria-current={scope === "company" ? "page" : undefined}
                className={`inline-flex min-h-11 items-center rounded-md px-3 ${scope === "company" ? "bg-brand-50 font-medium" : ""}`}
              >
                Whole company
              </Link>
            </div>
          ) : null
        }
      >
        Orders
      </PageTitle>
      <FilterPanel className="mb-4" activeCount={[status, supplierId, from, to].filter(Boolean).length} startOpen={!!filterError}>
        <form
          method="get"
          action="/requisitions"
          className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-4"
          aria-label="Filter orders"
        >
          {scope === "company" ? <input type="hidden" name="scope" value="company" /> : null}
          <Field label="Status" error={null}>
            {(control) => (
              <select {...control} name="status" defaultValue={status ?? ""} className={`${inputClass} px-2`}>
                <option value="">Any status</option>
                {REQUISITION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {requisitionStatusLabel[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Supplier" error={null}>
            {(control) => (
              <select {...control} name="supplier" defaultValue={supplierId ?? ""} className={`${inputClass} px-2`}>
                <option value="">Any supplier</option>
                {suppliers.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TextField label="From" type="date" name="from" defaultValue={from ?? ""} error={filterError?.field === "from" ? filterError.message : null} />
          <TextField label="To" type="date" name="to" defaultValue={to ?? ""} error={filterError?.field === "to" ? filterError.message : null} />
          <div className="flex flex-wrap gap-2 sm:col-span-4">
            <Button type="submit">Apply filters</Button>
            {filtered ? (
              <Link
                href={scope === "company" ? "/requisitions?scope=company" : "/requisitions"}
                className="inline-flex min-h-11 items-center rounded-md px-3 text-sm text-brand-700 hover:underline"
              >
                Clear filters
              </Link>
            ) : null}
          </div>
        </form>
      </FilterPanel>
      {filterError && filterError.field !== "from" && filterError.field !== "to" ? (
        <div className="mb-4">
          <Alert>{filterError.message}</Alert>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <Card>
          <p>{cursor ? "No older requisitions." : filtered ? "No requisitions match these filters." : "No requisitions yet."}</p>
        </Card>
      ) : (
        <ul className="space-y-2" data-testid="requisition-list">
          {rows.map((r) => (
            <li key={r.id} className="rounded-lg border border-slate-200 bg-white p-3 hover:border-brand-600">
              <Link href={`/requisitions/${r.id}`} className="block">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-medium text-brand-700">REQ-{r.number}</span>
                  <RequisitionStatus status={r.status} />
                </div>
                <div className="mt-1 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
                  <span>
                    {formatDateTime(r.submittedAt)} · {r.costCenterCode} · PO {r.poNumber || "—"}
                    {scope === "company" ? ` · ${r.requesterName}` : ""}
                  </span>
                  <Amount value={r.total} className="font-medium text-slate-900" />
                </div>
                <div className="mt-1 flex flex-wrap gap-2">
                  {r.supplierOrders.map((o, i) => (
                    <span key={i} className="text-xs text-slate-600">
                      {o.supplierName}: <SupplierOrderState state={o.state} supplierStatus={o.supplierStatus} supplierName={o.supplierName} />
                    </span>
                  ))}
                </div>
              </Link>
              {/* The same order again, from the list: at today's prices, changes shown at checkout. */}
              {canReorder && scope === "mine" ? (
                <ReorderButton requisitionId={r.id} label={`REQ-${r.number}`} variant="secondary" className="mt-2 flex flex-col items-end" />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {nextCursor || cursor ? (
        <nav aria-label="Pages of orders" className="mt-4 flex flex-wrap justify-between gap-2 text-sm">
          {cursor ? (
            <Link href={listHref(scope)} className="inline-flex min-h-11 items-center rounded-md px-3 text-brand-700 hover:underline">
              Newest orders
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link href={listHref(scope, nextCursor)} className="inline-flex min-h-11 items-center rounded-md px-3 font-medium text-brand-700 hover:underline">
              Older orders
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
