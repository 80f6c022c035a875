"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Alert, Amount, Badge, Button, PageTitle } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

const PAGE_SIZE = 24;
const SORTS = [
  { value: "relevance", label: "Best match" },
  { value: "price_asc", label: "Price: low to high" },
  { value: "price_desc", label: "Price: high to low" },
  { value: "name", label: "Name" },
] as const;
type Sort = (typeof SORTS)[number]["value"];

const priceParam = (value: string | null) => {
  if (!value) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/**
 * One search over every connected supplier, answered from the catalog mirror
 * (never waits on a supplier). Everything lives in the URL so a search can be
 * shared and the back button works.
 */
export function CatalogBrowser() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const suppliers = useQuery(trpc.catalog.suppliers.queryOptions());
  const q = params.get("q") ?? "";
  const categoryId = params.get("category") ?? "";
  const supplierIds = params.getAll("supplier");
  const inStockOnly = params.get("instock") === "1";
  const minPrice = priceParam(params.get("min"));
  const maxPrice = priceParam(params.get("max"));
  const sort = (SORTS.find((s) => s.value === params.get("sort"))?.value ?? "relevance") as Sort;
  const page = Math.max(1, Number(params.get("page") ?? 1) || 1);

  const results = useQuery({
    ...trpc.catalog.searchAll.queryOptions({
      q: q || undefined,
      supplierIds,
      categoryIds: categoryId ? [categoryId] : [],
      inStockOnly,
      minPrice,
      maxPrice,
      sort,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });

  const setParams = (changes: Record<string, string | string[] | null>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      next.delete(key);
      for (const v of Array.isArray(value) ? value : value ? [value] : []) next.append(key, v);
    }
    if (!keepPage) next.delete("page");
    router.replace(`${pathname}?${next.toString()}`);
  };
  const fieldError = (field: string) => (results.error?.data?.field === field ? results.error.message : null);
  const many = (suppliers.data?.length ?? 0) > 1;

  return (
    <>
      <PageTitle>Catalog</PageTitle>
      <form
        role="search"
        // Uncontrolled with a real GET fallback: what a person types before the page has hydrated is kept and still searched.
        action="/catalog"
        className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto]"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          setParams({
            q: String(form.get("q") ?? "").trim() || null,
            min: String(form.get("min") ?? "").trim() || null,
            max: String(form.get("max") ?? "").trim() || null,
          });
        }}
      >
        <label className="text-sm sm:col-span-2 lg:col-span-1">
          <span className="block font-medium">Search</span>
          <input type="search" name="q" key={q} defaultValue={q} placeholder="Name, description or item code, across all suppliers" className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3" />
        </label>
        <label className="text-sm">
          <span className="block font-medium">Category</span>
          <select value={categoryId} onChange={(e) => setParams({ category: e.target.value || null })} className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2" aria-label="Category">
            <option value="">All categories</option>
            {results.data?.categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">Sort by</span>
          <select value={sort} onChange={(e) => setParams({ sort: e.target.value === "relevance" ? null : e.target.value })} className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2">
            {SORTS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        </label>
        <div className="flex items-end">
          <Button type="submit" className="w-full">Search</Button>
        </div>
        <fieldset className="flex flex-wrap items-end gap-3 text-sm sm:col-span-2 lg:col-span-4">
          <legend className="sr-only">Narrow down</legend>
          {many ? (
            <div className="flex flex-wrap items-center gap-3" role="group" aria-label="Suppliers">
              {suppliers.data!.map((s) => (
                <label key={s.id} className="flex min-h-11 items-center gap-2">
                  <input
                    type="checkbox"
                    className="h-5 w-5"
                    checked={supplierIds.includes(s.id)}
                    onChange={(e) => setParams({ supplier: e.target.checked ? [...supplierIds, s.id] : supplierIds.filter((id) => id !== s.id) })}
                  />
                  {s.name}
                </label>
              ))}
            </div>
          ) : null}
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" checked={inStockOnly} onChange={(e) => setParams({ instock: e.target.checked ? "1" : null })} className="h-5 w-5" />
            In stock only
          </label>
          <label>
            <span className="block font-medium">Price from</span>
            <input name="min" key={`min-${minPrice ?? ""}`} defaultValue={minPrice ?? ""} inputMode="decimal" aria-invalid={!!fieldError("minPrice")} className="mt-1 block min-h-11 w-28 rounded-md border border-slate-300 px-3" />
          </label>
          <label>
            <span className="block font-medium">Price to</span>
            <input name="max" key={`max-${maxPrice ?? ""}`} defaultValue={maxPrice ?? ""} inputMode="decimal" aria-invalid={!!fieldError("maxPrice")} className="mt-1 block min-h-11 w-28 rounded-md border border-slate-300 px-3" />
          </label>
        </fieldset>
      </form>

      {results.error ? <div className="mt-4"><Alert>{results.error.message}</Alert></div> : null}
      {suppliers.data?.length === 0 ? <div className="mt-4"><Alert tone="amber">Your company has no supplier connected yet. Ask an admin to connect one.</Alert></div> : null}

      <p className="mt-4 text-sm text-slate-600" aria-live="polite">
        {results.isFetching
          ? "Loading…"
          : results.data
            ? `Page ${page}${results.data.items.length === 0 ? ": no items match" : `: ${results.data.items.length} items (${results.data.total} in all)`}`
            : ""}
      </p>
      <ul className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="catalog-results">
        {results.data?.items.map((item) => (
          <li key={`${item.supplier.id}/${item.supplierItemId}`} className="flex gap-3 rounded-lg border border-slate-200 bg-white p-3">
            {item.imageUrl ? <img src={item.imageUrl} alt="" width={72} height={72} className="h-18 w-18 flex-none rounded bg-slate-100 object-cover" loading="lazy" /> : null}
            <div className="min-w-0 flex-1">
              <Link href={`/catalog/${item.supplier.id}/${item.supplierItemId}`} className="font-medium text-brand-700 hover:underline">{item.name}</Link>
              <p className="text-xs text-slate-500">
                {item.itemCode}
                {item.category ? ` · ${item.category.name}` : ""}
              </p>
              <p className="text-xs text-slate-600" data-testid="result-supplier">{item.supplier.name}</p>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
                <span>from <Amount value={item.priceFrom} className="font-medium" /></span>
                {item.available ? <Badge tone="green">In stock</Badge> : <Badge tone="red">Unavailable</Badge>}
              </div>
            </div>
          </li>
        ))}
      </ul>
      <div className="mt-4 flex gap-3">
        <Button variant="secondary" disabled={page <= 1 || results.isFetching} onClick={() => setParams({ page: String(page - 1) }, true)}>Previous</Button>
        <Button variant="secondary" disabled={!results.data || page >= results.data.pages || results.isFetching} onClick={() => setParams({ page: String(page + 1) }, true)}>
          Next
        </Button>
      </div>
      <p className="mt-2 text-xs text-slate-500">Prices and stock here are from each supplier&apos;s last catalog sync; they are checked live when you add to the cart and again at checkout.</p>
    </>
  );
}
