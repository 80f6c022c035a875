"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/app/_components/ui";
import { CATALOG_SORTS, type CatalogView } from "./catalog-view";

const SORT_LABELS: Record<CatalogView["sort"], string> = {
  relevance: "Best match",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  name: "Name",
};

/** Moves the catalog to other search parameters: the server renders the new results (router.replace keeps one history entry per search). */
function useCatalogNavigation() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const setParams = (changes: Record<string, string | string[] | null>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      next.delete(key);
      for (const v of Array.isArray(value) ? value : value ? [value] : []) next.append(key, v);
    }
    if (!keepPage) next.delete("page");
    startTransition(() => router.replace(`${pathname}?${next.toString()}`));
  };
  return { setParams, pending };
}

/**
 * The search form. Uncontrolled with a real GET fallback: what a person types before the page has hydrated is kept and
 * still searched, and without JavaScript the form still works.
 */
export function CatalogControls({
  view,
  suppliers,
  categories,
  fieldError,
}: {
  view: CatalogView;
  suppliers: { id: string; name: string }[];
  categories: { id: string; name: string }[];
  fieldError: { field: string | undefined; message: string } | null;
}) {
  const { setParams, pending } = useCatalogNavigation();
  const { q, categoryId, supplierIds, inStockOnly, minPriceText, maxPriceText, sort } = view;
  const invalid = (field: string) => fieldError?.field === field;
  return (
    <form
      role="search"
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
        <input
          type="search"
          name="q"
          key={q}
          defaultValue={q}
          placeholder="Name, description or item code, across all suppliers"
          className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3"
        />
      </label>
      <label className="text-sm">
        <span className="block font-medium">Category</span>
        <select
          name="category"
          value={categoryId}
          onChange={(e) => setParams({ category: e.target.value || null })}
          className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2"
          aria-label="Category"
        >
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="block font-medium">Sort by</span>
        <select
          name="sort"
          value={sort}
          onChange={(e) => setParams({ sort: e.target.value === "relevance" ? null : e.target.value })}
          className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2"
        >
          {CATALOG_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-end">
        <Button type="submit" className="w-full" disabled={pending}>
          Search
        </Button>
      </div>
      <fieldset className="flex flex-wrap items-end gap-3 text-sm sm:col-span-2 lg:col-span-4">
        <legend className="sr-only">Narrow down</legend>
        {suppliers.length > 1 ? (
          <div className="flex flex-wrap items-center gap-3" role="group" aria-label="Suppliers">
            {suppliers.map((s) => (
              <label key={s.id} className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  name="supplier"
                  value={s.id}
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
          <input
            type="checkbox"
            name="instock"
            value="1"
            checked={inStockOnly}
            onChange={(e) => setParams({ instock: e.target.checked ? "1" : null })}
            className="h-5 w-5"
          />
          In stock only
        </label>
        <label>
          <span className="block font-medium">Price from</span>
          <input
            name="min"
            key={`min-${minPriceText}`}
            defaultValue={minPriceText}
            inputMode="decimal"
            aria-invalid={invalid("minPrice")}
            className="mt-1 block min-h-11 w-28 rounded-md border border-slate-300 px-3"
          />
        </label>
        <label>
          <span className="block font-medium">Price to</span>
          <input
            name="max"
            key={`max-${maxPriceText}`}
            defaultValue={maxPriceText}
            inputMode="decimal"
            aria-invalid={invalid("maxPrice")}
            className="mt-1 block min-h-11 w-28 rounded-md border border-slate-300 px-3"
          />
        </label>
        <span className="min-h-11 self-center text-slate-600" aria-live="polite">
          {pending ? "Loading…" : ""}
        </span>
      </fieldset>
    </form>
  );
}

export function CatalogPager({ page, pages }: { page: number; pages: number }) {
  const { setParams, pending } = useCatalogNavigation();
  return (
    <div className="mt-4 flex gap-3">
      <Button variant="secondary" disabled={page <= 1 || pending} onClick={() => setParams({ page: String(page - 1) }, true)}>
        Previous
      </Button>
      <Button variant="secondary" disabled={page >= pages || pending} onClick={() => setParams({ page: String(page + 1) }, true)}>
        Next
      </Button>
    </div>
  );
}
