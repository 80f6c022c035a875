import type { Metadata } from "next";
import Link from "next/link";
import { FilterPanel } from "@/app/_components/filter-panel";
import { Alert, Amount, Badge, PageTitle } from "@/app/_components/ui";
import { getServerCaller, inputErrorOf } from "@/server/trpc/server";
import { CatalogControls, CatalogPager } from "./catalog-controls";
import { CATALOG_PAGE_SIZE, catalogViewOf } from "./catalog-view";

export const metadata: Metadata = { title: "Catalog" };

/**
 * One search over every connected supplier, answered from the catalog mirror (never waits on a supplier), rendered on the
 * server: the results arrive with the page, so a phone shows them without a second round trip or a shifting layout.
 */
export default async function CatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = catalogViewOf(await searchParams);
  const caller = await getServerCaller();
  const suppliers = await caller.catalog.suppliers();
  let results: Awaited<ReturnType<typeof caller.catalog.searchAll>> | null = null;
  let searchError: ReturnType<typeof inputErrorOf> | null = null;
  try {
    results = await caller.catalog.searchAll({
      q: view.q || undefined,
      supplierIds: view.supplierIds,
      categoryIds: view.categoryId ? [view.categoryId] : [],
      inStockOnly: view.inStockOnly,
      minPrice: view.minPrice,
      maxPrice: view.maxPrice,
      sort: view.sort,
      page: view.page,
      pageSize: CATALOG_PAGE_SIZE,
    });
  } catch (error) {
    searchError = inputErrorOf(error);
  }

  return (
    <>
      <PageTitle>Catalog</PageTitle>
      <FilterPanel label="Search and filters" activeCount={activeFilters(view)} startOpen={!!searchError}>
        <CatalogControls view={view} suppliers={suppliers} categories={results?.categories ?? []} fieldError={searchError} />
      </FilterPanel>
      {searchError ? (
        <div className="mt-4">
          <Alert>{searchError.message}</Alert>
        </div>
      ) : null}
      {suppliers.length === 0 ? (
        <div className="mt-4">
          <Alert tone="amber">Your company has no supplier connected yet. Ask an admin to connect one.</Alert>
        </div>
      ) : null}
      <p className="mt-4 text-sm text-slate-600" aria-live="polite">
        {results ? `Page ${view.page}${results.items.length === 0 ? ": no items match" : `: ${results.items.length} items (${results.total} in all)`}` : ""}
      </p>
      <ul className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="catalog-results">
        {results?.items.map((item) => (
          <li key={`${item.supplier.id}/${item.supplierItemId}`} className="flex gap-3 rounded-lg border border-slate-200 bg-white p-3">
            {item.imageUrl ? (
              <img src={item.imageUrl} alt="" width={72} height={72} className="h-18 w-18 flex-none rounded bg-slate-100 object-cover" loading="lazy" />
            ) : null}
            <div className="min-w-0 flex-1">
              <Link href={`/catalog/${item.supplier.id}/${item.supplierItemId}`} className="font-medium text-brand-700 hover:underline">
                {item.name}
              </Link>
              <p className="text-xs text-slate-500">
                {item.itemCode}
                {item.category ? ` · ${item.category.name}` : ""}
              </p>
              <p className="text-xs text-slate-600" data-testid="result-supplier">
                {item.supplier.name}
              </p>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
                <span>
                  from <Amount value={item.priceFrom} className="font-medium" />
                </span>
                {item.available ? <Badge tone="green">In stock</Badge> : <Badge tone="red">Unavailable</Badge>}
              </div>
            </div>
          </li>
        ))}
      </ul>
      <CatalogPager page={view.page} pages={results?.pages ?? 0} />
      <p className="mt-2 text-xs text-slate-500">
        Prices and stock here are from each supplier&apos;s last catalog sync; they are checked live when you add to the cart and again at checkout.
      </p>
    </>
  );
}

/** What the phone's folded search says is on: the search words, the category, suppliers, stock, prices and a sort other than best match. */
function activeFilters(view: ReturnType<typeof catalogViewOf>): number {
  return [view.q, view.categoryId, view.supplierIds.length > 0, view.inStockOnly, view.minPriceText, view.maxPriceText, view.sort !== "relevance"].filter(
    Boolean,
  ).length;
}
