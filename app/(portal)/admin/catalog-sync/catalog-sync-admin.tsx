"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, Badge, Button, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

/** For admins: how far each supplier's catalog mirror is, when it last finished, and what went wrong. */
export function CatalogSyncAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery({
    ...trpc.catalog.syncStatus.queryOptions(),
    // While a sync runs, follow its progress.
    refetchInterval: (q) => (q.state.data?.some((s) => s.current) ? 2000 : false),
  });
  const [notice, setNotice] = useState<string | null>(null);
  const syncNow = useMutation(
    trpc.catalog.syncNow.mutationOptions({
      onSuccess: (r) => setNotice(`Syncing ${r.supplierName}'s catalog now.`),
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.catalog.syncStatus.queryKey() }),
    }),
  );

  return (
    <>
      <PageTitle>Supplier catalogs</PageTitle>
      <p className="mb-4 text-sm text-slate-600">
        Buyers search a copy of each supplier&apos;s catalog kept here, so searching never waits on a supplier. Prices and stock are still checked live when a
        line is added to a cart and at checkout.
      </p>
      {notice ? (
        <div className="mb-4">
          <Alert tone="green">{notice}</Alert>
        </div>
      ) : null}
      {syncNow.error ? (
        <div className="mb-4">
          <Alert>{syncNow.error.message}</Alert>
        </div>
      ) : null}
      {status.error ? <Alert>{status.error.message}</Alert> : null}
      {status.isPending ? <p className="text-slate-600">Loading…</p> : null}
      <ul className="space-y-4" data-testid="catalog-sync">
        {status.data?.map((s) => (
          <li key={s.connectionId}>
            <Card>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="text-lg font-medium">{s.supplierName}</h2>
                {s.current ? (
                  <Badge tone="blue">Syncing</Badge>
                ) : s.lastSyncedAt ? (
                  <Badge tone="green">Up to date</Badge>
                ) : (
                  <Badge tone="amber">Not synced yet</Badge>
                )}
              </div>
              <dl className="mt-2 grid gap-2 text-sm sm:grid-cols-3">
                <div>
                  <dt className="text-slate-500">Items in the catalog</dt>
                  <dd data-testid="mirrored-items">{s.mirroredItems.toLocaleString("en-US")}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Last full sync</dt>
                  <dd>{s.lastSyncedAt ? formatDateTime(s.lastSyncedAt) : "never"}</dd>
                </div>
                {s.lastNewItemsCheck ? (
                  <div>
                    <dt className="text-slate-500">Last check for new items</dt>
                    <dd data-testid="new-items-check">
                      {formatDateTime(s.lastNewItemsCheck.at)}:{" "}
                      {s.lastNewItemsCheck.found === 0 ? "none new" : `${s.lastNewItemsCheck.found.toLocaleString("en-US")} new`}
                    </dd>
                  </div>
                ) : null}
                {s.current ? (
                  <div>
                    <dt className="text-slate-500">{s.current.kind === "new_items" ? "Looking for new items" : "This sync"}</dt>
                    <dd>
                      {s.current.itemsDone.toLocaleString("en-US")}
                      {s.current.itemsTotal ? ` of about ${s.current.itemsTotal.toLocaleString("en-US")}` : ""} items
                    </dd>
                  </div>
                ) : null}
              </dl>
              {s.current?.lastError ? (
                <div className="mt-2">
                  <Alert tone="amber" title={`${s.supplierName} refused the last attempt (${s.current.errorCount} so far)`}>
                    {s.current.lastError} The sync resumes from the last saved page.
                  </Alert>
                </div>
              ) : null}
              <div className="mt-3">
                <Button variant="secondary" disabled={syncNow.isPending || !!s.current} onClick={() => syncNow.mutate({ connectionId: s.connectionId })}>
                  Sync {s.supplierName} now
                </Button>
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
