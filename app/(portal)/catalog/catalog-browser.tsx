"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert, Amount, Badge, Button, PageTitle } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

const PAGE_SIZE = 24;

export function CatalogBrowser() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const suppliers = useQuery(trpc.catalog.suppliers.queryOptions());
  const connectionId = params.get("supplier") ?? suppliers.data?.[0]?.id ?? "";
  const q = params.get("q") ?? "";
  const categoryId = params.get("category") ?? "";
  const inStockOnly = params.get("instock") === "1";
  // Cursor paging only goes forward; the stack of cursors seen lets "Previous" go back.
  const [cursors, setCursors] = useState<string[]>([]);
  useEffect(() => setCursors([]), [connectionId, q, categoryId, inStockOnly]);

  const categories = useQuery({ ...trpc.catalog.categories.queryOptions({ connectionId }), enabled: !!connectionId, staleTime: 10 * 60_000 });
  const results = useQuery({
    ...trpc.catalog.search.queryOptions({ connectionId, q: q || undefined, categoryId: categoryId || undefined, inStockOnly, cursor: cursors.at(-1), limit: PAGE_SIZE }),
    enabled: !!connectionId,
    placeholderData: keepPreviousData,
  });

  const setParam = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    router.replace(`${pathname}?${next.toString()}`);
  };

  return (
    <>
      <PageTitle>Catalog</PageTitle>
      <form
        role="search"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
        // Uncontrolled with a real GET fallback: what a person types before the page has hydrated is kept and still searched.
        action="/catalog"
        onSubmit={(e) => {
          e.preventDefault();
          setParam({ q: String(new FormData(e.currentTarget).get("q") ?? "").trim() || null });
        }}
      >
        {suppliers.data && suppliers.data.length > 1 ? (
          <label className="text-sm">
            <span className="block font-medium">Supplier</span>
            <select value={connectionId} onChange={(e) => setParam({ supplier: e.target.value, category: null })} className="mt-1 min-h-11 rounded-md border border-slate-300 px-2">
              {suppliers.data.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </label>
        ) : null}
        <label className="min-w-56 flex-1 text-sm">
          <span className="block font-medium">Search</span>
          <input type="search" name="q" key={q} defaultValue={q} placeholder="Name, description or item code" className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3" />
        </label>
        <label className="text-sm">
          <span className="block font-medium">Category</span>
          <select value={categoryId} onChange={(e) => setParam({ category: e.target.value || null })} className="mt-1 min-h-11 rounded-md border border-slate-300 px-2" aria-label="Category">
            <option value="">All categories</option>
            {categories.data?.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" checked={inStockOnly} onChange={(e) => setParam({ instock: e.target.checked ? "1" : null })} className="h-5 w-5" />
          In stock only
        </label>
        <Button type="submit">Search</Button>
      </form>

      {results.error ? <div className="mt-4"><Alert>{results.error.message}</Alert></div> : null}
      {suppliers.data?.length === 0 ? <div className="mt-4"><Alert tone="amber">Your company has no supplier connected yet. Ask an admin to connect one.</Alert></div> : null}

      <p className="mt-4 text-sm text-slate-600" aria-live="polite">
        {results.isFetching ? "Loading…" : results.data ? `Page ${cursors.length + 1}${results.data.items.length === 0 ? ": no items match" : `: ${results.data.items.length} items`}` : ""}
      </p>
      <ul className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="catalog-results">
        {results.data?.items.map((item) => (
          <li key={item.supplierItemId} className="flex gap-3 rounded-lg border border-slate-200 bg-white p-3">
            {item.images[0] ? <img src={item.images[0]} alt="" width={72} height={72} className="h-18 w-18 flex-none rounded bg-slate-100 object-cover" loading="lazy" /> : null}
            <div className="min-w-0 flex-1">
              <Link href={`/catalog/${connectionId}/${item.supplierItemId}`} className="font-medium text-brand-700 hover:underline">{item.name}</Link>
              <p className="text-xs text-slate-500">{item.itemCode} · {item.category.name}</p>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
                {item.priceTiers[0] ? <span>from <Amount value={item.priceTiers.at(-1)!.unitPrice} className="font-medium" /></span> : null}
                {item.available ? <Badge tone="green">In stock</Badge> : <Badge tone="red">Unavailable</Badge>}
              </div>
            </div>
          </li>
        ))}
      </ul>
      <div className="mt-4 flex gap-3">
        <Button variant="secondary" disabled={cursors.length === 0 || results.isFetching} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</Button>
        <Button
          variant="secondary"
          disabled={!results.data?.hasMore || !results.data.nextCursor || results.isFetching}
          onClick={() => results.data?.nextCursor && setCursors((c) => [...c, results.data.nextCursor!])}
        >
          Next
        </Button>
      </div>
    </>
  );
}
