"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
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
  brands,
  fieldError,
}: {
  view: CatalogView;
  suppliers: { id: string; name: string }[];
  categories: { id: string; name: string }[];
  brands: { id: string; name: string }[];
  fieldError: { field: string | undefined; message: string } | null;
}) {
  const { setParams, pending } = useCatalogNavigation();
  const { q, categoryId, brandId, supplierIds, inStockOnly, minPriceText, maxPriceText, sort } = view;
  const invalid = (field: string) => fieldError?.field === field;
  const narrowed = [categoryId, brandId, inStockOnly, minPriceText, maxPriceText, supplierIds.length > 0, sort !== "relevance"].filter(Boolean).length;
  // On a phone the filters fold away behind one button, so the first results (price and Add to cart) are on the first screen.
  const [filtersOpen, setFiltersOpen] = useState(fieldError !== null);
  const select = "mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2";
  return (
    <form
      role="search"
      action="/catalog"
      className="rounded-lg border border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        // The results asked for are what the screen should show next, not the filters.
        setFiltersOpen(false);
        setParams({
          q: String(form.get("q") ?? "").trim() || null,
          min: String(form.get("min") ?? "").trim() || null,
          max: String(form.get("max") ?? "").trim() || null,
        });
      }}
    >
      <div className="flex items-end gap-2">
        <label className="min-w-0 flex-1 text-sm">
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
        <Button type="submit" disabled={pending}>
          Search
        </Button>
        <Button
          type="button"
          variant="secondary"
          className="sm:hidden"
          aria-expanded={filtersOpen}
          aria-controls="catalog-filters"
          data-testid="catalog-filters-toggle"
          onClick={() => setFiltersOpen((o) => !o)}
        >
          Filters{narrowed ? ` (${narrowed})` : ""}
        </Button>
      </div>
      {/* Without JavaScript the Filters button could not open them: they are simply shown. */}
      <noscript>
        <style>{"#catalog-filters { display: grid !important } [data-testid=catalog-filters-toggle] { display: none !important }"}</style>
      </noscript>
      <div id="catalog-filters" className={`${filtersOpen ? "grid" : "hidden"} mt-3 gap-3 sm:grid sm:grid-cols-3`}>
        <label className="text-sm">
          <span className="block font-medium">Category</span>
          <select name="category" value={categoryId} onChange={(e) => setParams({ category: e.target.value || null })} className={select} aria-label="Category">
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">Brand</span>
          <select name="brand" value={brandId} onChange={(e) => setParams({ brand: e.target.value || null })} className={select} aria-label="Brand">
            <option value="">All brands</option>
            {brands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">Sort by</span>
          <select name="sort" value={sort} onChange={(e) => setParams({ sort: e.target.value === "relevance" ? null : e.target.value })} className={select}>
            {CATALOG_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex flex-wrap items-end gap-3 text-sm sm:col-span-3">
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
        </fieldset>
      </div>
      <p className={pending ? "mt-2 text-sm text-slate-600" : "sr-only"} aria-live="polite">
        {pending ? "Loading…" : ""}
      </p>
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
