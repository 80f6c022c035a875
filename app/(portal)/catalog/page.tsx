import type { Metadata } from "next";
import Link from "next/link";
import { AddToCartButton } from "@/app/_components/add-to-cart";
import { ListPrice } from "@/app/_components/list-price";
import { ProductImage } from "@/app/_components/product-image";
import { Alert, Badge, PageTitle } from "@/app/_components/ui";
import { getServerCaller, inputErrorOf } from "@/server/trpc/server";
import { CatalogControls, CatalogPager } from "./catalog-controls";
import { CATALOG_PAGE_SIZE, catalogSearchOf, catalogViewOf, itemHref } from "./catalog-view";

export const metadata: Metadata = { title: "Catalog" };

/**
 * One search over every connected supplier, answered from the catalog mirror (never waits on a supplier), rendered on the
 * server: the results arrive with the page, so a phone shows them without a second round trip or a shifting layout.
 */
export default async function CatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const view = catalogViewOf(params);
  const backSearch = catalogSearchOf(params);
  const caller = await getServerCaller();
  const suppliers = await caller.catalog.suppliers();
  let results: Awaited<ReturnType<typeof caller.catalog.searchAll>> | null = null;
  let searchError: ReturnType<typeof inputErrorOf> | null = null;
  try {
    results = await caller.catalog.searchAll({
      q: view.q || undefined,
      supplierIds: view.supplierIds,
      categoryIds: view.categoryId ? [view.categoryId] : [],
      brandIds: view.brandId ? [view.brandId] : [],
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
      <CatalogControls view={view} suppliers={suppliers} categories={results?.categories ?? []} brands={results?.brands ?? []} fieldError={searchError} />
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
        {results
          ? `Page ${view.page}${results.items.length === 0 ? ": no items match" : `: ${results.items.length} items (${results.total.count.toLocaleString("en-US")}${results.total.more ? "+" : ""} in all)`}`
          : ""}
      </p>
      <ul className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="catalog-results">
        {results?.items.map((item) => (
          <li
            key={`${item.supplier.id}/${item.supplierItemId}`}
            className="flex gap-3 rounded-lg border border-slate-200 bg-white p-3"
            data-testid="catalog-result"
          >
            <ProductImage src={item.imageUrl} alt={item.name} />
            <div className="min-w-0 flex-1">
              <Link href={itemHref(item.supplier.id, item.supplierItemId, backSearch)} className="font-medium text-brand-700 hover:underline">
                {item.name}
              </Link>
              <p className="text-xs text-slate-500">{[item.itemCode, item.category?.name, item.brand?.name].filter(Boolean).join(" · ")}</p>
              <p className="text-xs text-slate-600" data-testid="result-supplier">
                {item.supplier.name}
              </p>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
                <ListPrice price={item.price} />
                {item.available ? <Badge tone="green">In stock</Badge> : <Badge tone="red">Unavailable</Badge>}
              </div>
              <div className="mt-2">
                <AddToCartButton
                  connectionId={item.supplier.id}
                  itemId={item.supplierItemId}
                  itemCode={item.itemCode}
                  quantity={item.price.quantity}
                  disabled={!item.available}
                />
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
