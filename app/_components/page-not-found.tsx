import Link from "next/link";

/**
 * What any address that leads nowhere shows: an unknown page, a requisition that does not exist (or is another
 * company's), a page the person's roles do not open. Says so plainly and offers the way on: home, or a search.
 */
export function PageNotFound() {
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl py-6" data-testid="page-not-found">
      <h1 id="not-found-title" className="text-2xl font-semibold tracking-tight">
        Page not found
      </h1>
      <p className="mt-2 text-slate-700">
        There is nothing at this address, or it is not yours to see. The link may be old, or it may have been typed with a mistake.
      </p>
      <form role="search" action="/catalog" method="get" className="mt-4 rounded-lg border border-slate-200 bg-white p-3">
        <label htmlFor="not-found-search" className="block text-sm font-medium">
          Looking for an item? Search the catalog by name or item code
        </label>
        <div className="mt-1 flex gap-2">
          <input
            id="not-found-search"
            type="search"
            name="q"
            enterKeyHint="search"
            className="block min-h-11 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 text-base"
          />
          <button type="submit" className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
            Search
          </button>
        </div>
        <p className="mt-2 text-sm text-slate-600">A requisition? Your orders list finds it by status, supplier and date.</p>
      </form>
      <div className="mt-4 flex flex-wrap gap-2">
        <Link href="/" className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
          Go to home
        </Link>
        <Link
          href="/requisitions"
          className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Your orders
        </Link>
      </div>
    </section>
  );
}
