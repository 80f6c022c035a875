import Link from "next/link";
import { Amount, Button, ButtonLink, Card, formatDateTime, PageTitle, RequisitionStatus } from "@/app/_components/ui";
import { getServerCaller, getServerMe } from "@/server/trpc/server";
import { BuyAgainList } from "./buy-again/buy-again-list";
import { ReorderButton } from "./requisitions/[id]/reorder-button";

export default async function HomePage() {
  const caller = await getServerCaller();
  const me = await getServerMe();
  const isApprover = me.roles.includes("approver");
  const isBuyer = me.roles.includes("buyer");
  const isAdmin = me.roles.includes("admin");
  const [recent, waiting, last, buyAgain] = await Promise.all([
    caller.requisitions.list({ scope: "mine", limit: 5 }).then((page) => page.items),
    isApprover ? caller.approvals.count() : Promise.resolve(0),
    isBuyer ? caller.reorder.last() : Promise.resolve(null),
    isBuyer ? caller.reorder.buyAgain({ scope: "mine", limit: 5 }) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageTitle>Good to see you, {me.name.split(" ")[0]}</PageTitle>
      {isBuyer ? (
        // A plain GET form: it searches the catalog before the page has hydrated, and without JavaScript.
        <form role="search" action="/catalog" className="mb-4 flex gap-2" aria-label="Search the catalog">
          <label className="min-w-0 flex-1">
            <span className="sr-only">Search the catalog</span>
            <input
              type="search"
              name="q"
              placeholder="Search every supplier: name, description or item code"
              className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3"
            />
          </label>
          <Button type="submit">Search</Button>
        </form>
      ) : null}
      {last ? (
        // First on a phone: the same order again is home -> Reorder -> Submit.
        <Card className="mb-4">
          <div className="flex flex-wrap items-start justify-between gap-3" data-testid="reorder-last">
            <div className="min-w-0 flex-1">
              <h2 className="font-medium">Reorder {last.label}</h2>
              <p className="text-sm text-slate-600">
                {formatDateTime(last.submittedAt)} · {last.lineCount} line{last.lineCount === 1 ? "" : "s"} · <Amount value={last.total} />
              </p>
              <ul className="mt-1 text-sm text-slate-700">
                {last.lines.map((l) => (
                  <li key={l.itemCode} className="truncate">
                    {l.quantity} × {l.itemCode} {l.name}
                  </li>
                ))}
                {last.lineCount > last.lines.length ? <li className="text-slate-600">and {last.lineCount - last.lines.length} more</li> : null}
              </ul>
            </div>
            <ReorderButton requisitionId={last.id} label={last.label} className="w-full sm:w-auto" />
          </div>
        </Card>
      ) : null}
      <div className="grid gap-4 md:grid-cols-3">
        {isBuyer ? (
          <Card>
            <h2 className="font-medium">Shop</h2>
            <p className="mt-1 text-sm text-slate-600">Browse and search your suppliers&apos; catalogs at {me.companyName}&apos;s prices.</p>
            <ButtonLink href="/catalog" className="mt-3">
              Open the catalog
            </ButtonLink>
          </Card>
        ) : null}
        {isBuyer ? (
          <Card>
            <h2 className="font-medium">Cart</h2>
            <p className="mt-1 text-sm text-slate-600">
              {me.cartLineCount === 0 ? "Your cart is empty." : `${me.cartLineCount} line${me.cartLineCount === 1 ? "" : "s"} in your cart.`}
            </p>
            <ButtonLink href="/cart" variant="secondary" className="mt-3">
              View cart
            </ButtonLink>
          </Card>
        ) : null}
        {isApprover ? (
          <Card>
            <h2 className="font-medium">Approvals</h2>
            <p className="mt-1 text-sm text-slate-600" data-testid="home-inbox-count">
              {waiting === 0 ? "Nothing waits for you." : `${waiting} requisition${waiting === 1 ? "" : "s"} waiting for you.`}
            </p>
            <ButtonLink href="/approvals" variant={waiting ? "primary" : "secondary"} className="mt-3">
              Open inbox
            </ButtonLink>
          </Card>
        ) : null}
        {isBuyer ? (
          <Card>
            <h2 className="font-medium">Quick order</h2>
            <p className="mt-1 text-sm text-slate-600">Know the item codes? Type or paste them with quantities.</p>
            <ButtonLink href="/quick-order" variant="secondary" className="mt-3">
              Quick order
            </ButtonLink>
          </Card>
        ) : null}
        {/* The phone's bottom bar has no room for these, so they are offered here to the people who may use them. */}
        {isBuyer ? (
          <Card>
            <h2 className="font-medium">Order lists</h2>
            <p className="mt-1 text-sm text-slate-600">Your usual items and quantities, and the lists your colleagues share: add a whole list to the cart.</p>
            <ButtonLink href="/lists" variant="secondary" className="mt-3">
              Open lists
            </ButtonLink>
          </Card>
        ) : null}
        {isBuyer ? (
          <Card>
            <h2 className="font-medium">Quotes</h2>
            <p className="mt-1 text-sm text-slate-600">Prices your suppliers quoted on request: check them out or decline them.</p>
            <ButtonLink href="/quotes" variant="secondary" className="mt-3">
              See quotes
            </ButtonLink>
          </Card>
        ) : null}
        {me.canSeeSpend ? (
          <Card>
            <h2 className="font-medium">Spend</h2>
            <p className="mt-1 text-sm text-slate-600">
              {isAdmin ? "What each cost center has spent against its budget." : "What the cost centers you own have spent against their budgets."}
            </p>
            <ButtonLink href="/spend" variant="secondary" className="mt-3">
              See spend
            </ButtonLink>
          </Card>
        ) : null}
        {isAdmin ? (
          <Card>
            <h2 className="font-medium">Cost centers and budgets</h2>
            <p className="mt-1 text-sm text-slate-600">Set up cost centers, who may charge them, and their budgets.</p>
            <ButtonLink href="/admin/cost-centers" variant="secondary" className="mt-3">
              Manage cost centers
            </ButtonLink>
          </Card>
        ) : null}
      </div>
      {isBuyer && buyAgain.length ? (
        <Card className="mt-6">
          <div className="flex items-center justify-between">
            <h2 className="font-medium">Buy again</h2>
            <Link href="/buy-again" className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
              See all
            </Link>
          </div>
          <BuyAgainList items={buyAgain} showCounts={false} />
        </Card>
      ) : null}
      <Card className="mt-6">
        <div className="flex items-center justify-between">
          <h2 className="font-medium">Your recent requisitions</h2>
          <Link href="/requisitions" className="text-sm text-brand-700 hover:underline">
            All orders
          </Link>
        </div>
        {recent.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No requisitions yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {recent.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/requisitions/${r.id}`} className="font-medium text-brand-700 hover:underline">
                  REQ-{r.number}
                </Link>
                <span className="text-sm text-slate-600">{formatDateTime(r.submittedAt)}</span>
                <RequisitionStatus status={r.status} />
                <Amount value={r.total} className="font-medium" />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
