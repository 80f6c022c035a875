"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { FilterPanel } from "@/app/_components/filter-panel";
import { controlClass, errorElsewhere, errorFor } from "@/app/_components/forms";
import { Alert, Amount, Button, Card, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterInputs } from "@/app/_lib/trpc";
import { MatchLines, MatchStanding, matchStandingLabel } from "../requisitions/[id]/match-panel";

type Filters = Omit<RouterInputs["matching"]["list"], "page" | "pageSize">;
const PAGE_SIZE = 20;

/**
 * Accounts payable's list: every placed order with a receipt or an invoice, worst first, with what does not match line
 * by line; filters by supplier, cost center and where it stands.
 */
export function ToMatchList() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const list = useQuery(trpc.matching.list.queryOptions({ ...filters, page, pageSize: PAGE_SIZE }));
  const set = (change: Filters) => {
    setFilters((f) => ({ ...f, ...change }));
    setPage(1);
  };
  const active = Object.values(filters).filter(Boolean).length;
  const fields = ["supplierId", "costCenterId", "standing"];
  return (
    <>
      <PageTitle>To match</PageTitle>
      <FilterPanel activeCount={active} className="mb-4">
        <form className="grid grid-cols-1 gap-3 md:grid-cols-3" aria-label="Filter the orders to match" onSubmit={(e) => e.preventDefault()}>
          <label className="block text-sm font-medium">
            Supplier
            <select className={`mt-1 ${controlClass}`} value={filters.supplierId ?? ""} onChange={(e) => set({ supplierId: e.target.value || undefined })}>
              <option value="">Every supplier</option>
              {list.data?.options.suppliers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            {errorFor(list.error, "supplierId") ? <span className="text-red-700">{errorFor(list.error, "supplierId")}</span> : null}
          </label>
          <label className="block text-sm font-medium">
            Cost center
            <select className={`mt-1 ${controlClass}`} value={filters.costCenterId ?? ""} onChange={(e) => set({ costCenterId: e.target.value || undefined })}>
              <option value="">Every cost center</option>
              {list.data?.options.costCenters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} · {c.name}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm font-medium">
            State
            <select
              className={`mt-1 ${controlClass}`}
              value={filters.standing ?? ""}
              onChange={(e) => set({ standing: (e.target.value || undefined) as Filters["standing"] })}
            >
              <option value="">Every state</option>
              {Object.entries(matchStandingLabel).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </form>
      </FilterPanel>
      {list.isPending ? <p className="text-slate-600">Loading…</p> : null}
      {list.error ? <Alert>{errorElsewhere(list.error, fields) ?? list.error.message}</Alert> : null}
      {list.data ? (
        list.data.orders.length === 0 ? (
          <Card>
            <p>{active ? "No order matches these filters." : "Nothing to match yet: orders show here once something was received or invoiced."}</p>
          </Card>
        ) : (
          <>
            <ul className="space-y-3" data-testid="to-match">
              {list.data.orders.map((o) => (
                <li key={o.supplierOrderId}>
                  <Card>
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <h2 className="font-medium">
                        <Link href={`/requisitions/${o.requisitionId}`} className="inline-flex min-h-11 items-center text-brand-700 hover:underline">
                          {o.requisitionLabel} · {o.supplierName}
                        </Link>
                      </h2>
                      <MatchStanding standing={o.standing} />
                    </div>
                    <p className="text-sm text-slate-600">
                      {o.costCenterCode} · {o.requesterName} · PO {o.poNumber || "—"} · ordered <Amount value={o.ordered} />
                      {o.invoiced ? (
                        <>
                          {" "}
                          · invoiced <Amount value={o.invoiced} />
                        </>
                      ) : null}
                    </p>
                    {o.mismatches.length ? <MatchLines lines={o.mismatches} label={`What does not match on ${o.requisitionLabel}`} /> : null}
                    {o.unlinked.length ? (
                      <p className="mt-1 text-sm text-amber-900">Invoiced but not on the order: {o.unlinked.map((l) => l.description).join(", ")}</p>
                    ) : null}
                  </Card>
                </li>
              ))}
            </ul>
            {list.data.total > PAGE_SIZE ? (
              <div className="mt-4 flex items-center gap-3">
                <Button variant="secondary" disabled={page === 1} onClick={() => setPage((p) => p - 1)}>
                  Previous
                </Button>
                <span className="text-sm text-slate-600">
                  Page {page} of {Math.ceil(list.data.total / PAGE_SIZE)}
                </span>
                <Button variant="secondary" disabled={page * PAGE_SIZE >= list.data.total} onClick={() => setPage((p) => p + 1)}>
                  Next
                </Button>
              </div>
            ) : null}
          </>
        )
      ) : null}
    </>
  );
}
