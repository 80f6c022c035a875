"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { controlClass } from "@/app/_components/forms";
import { Alert, Amount, Badge, Button, Card, PageTitle, formatDateTime } from "@/app/_components/ui";
import { useTRPC, type RouterInputs, type RouterOutputs } from "@/app/_lib/trpc";
import { InvoiceUpload } from "./invoice-upload";

type InvoiceFile = RouterOutputs["invoices"]["list"]["documents"][number];
type View = NonNullable<RouterInputs["invoices"]["list"]["view"]>;

const VIEWS: { view: View; label: string }[] = [
  { view: "all", label: "All" },
  { view: "needs_attention", label: "Needs you" },
  { view: "in_progress", label: "Being read" },
  { view: "linked", label: "Linked" },
];

const tone = (f: InvoiceFile) => (f.state === "linked" ? "green" : f.mayLink || f.mayRetry ? "red" : "blue");
/** While Hypatos reads a file, the list looks again every two seconds. */
const refetchWhileReading = (files: InvoiceFile[] | undefined) => (files?.some((f) => f.inFlight) ? 2000 : false);

/** Links an unlinked file to the order a person picks, found by PO number, order reference, REQ number or supplier. */
function LinkToOrder({ file }: { file: InvoiceFile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState(file.read?.poNumber ?? "");
  const orders = useQuery(trpc.invoices.linkableOrders.queryOptions({ search: search || undefined }));
  const link = useMutation(trpc.invoices.link.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() }) }));
  return (
    <div className="mt-2 rounded-md bg-slate-50 p-2">
      <label className="block text-sm font-medium">
        Find its order
        <input
          className={`mt-1 ${controlClass}`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="PO number, order reference or REQ-…"
        />
      </label>
      <ul className="mt-2 space-y-1">
        {orders.data?.map((o) => (
          <li key={o.supplierOrderId} className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <span>
              {o.label} · {o.supplierName} · PO {o.poNumber || "none"} · <Amount value={o.ordered} />
            </span>
            <Button variant="secondary" disabled={link.isPending} onClick={() => link.mutate({ documentId: file.id, supplierOrderId: o.supplierOrderId })}>
              Link to {o.label}
            </Button>
          </li>
        ))}
        {orders.data?.length === 0 ? <li className="text-sm text-slate-600">No placed order matches.</li> : null}
      </ul>
      {link.error ? <Alert>{link.error.message}</Alert> : null}
      {link.data?.problem ? <Alert tone="amber">{link.data.problem}</Alert> : null}
    </div>
  );
}

/** Uploaded invoice files with where each stands, and what a person can do about the ones that need them. */
export function InvoiceFileList({ files }: { files: InvoiceFile[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(trpc.invoices.retry.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() }) }));
  const [linking, setLinking] = useState<string | null>(null);
  if (files.length === 0) return <p className="text-sm text-slate-600">No invoice files here.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {files.map((f) => (
        <li key={f.id} className="py-2" data-testid="invoice-file">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span className="font-medium [overflow-wrap:anywhere]">{f.filename}</span>
            <span data-testid="invoice-file-state">
              <Badge tone={tone(f)}>{f.stateWords}</Badge>
            </span>
          </div>
          <p className="text-sm text-slate-600">
            {f.uploadedByName}, {formatDateTime(f.uploadedAt)}
            {f.invoice ? (
              <>
                {" · "}Invoice {f.invoice.number}, <Amount value={f.invoice.total} />
              </>
            ) : f.read?.number ? (
              ` · Read as invoice ${f.read.number}${f.read.poNumber ? `, PO ${f.read.poNumber}` : ""}`
            ) : null}
            {f.order?.requisitionId && f.order.label ? (
              <>
                {" · "}
                <Link className="text-blue-700 underline" href={`/requisitions/${f.order.requisitionId}`}>
                  {f.order.label}
                </Link>
                {f.order.supplierName ? ` (${f.order.supplierName})` : ""}
              </>
            ) : null}
          </p>
          {f.problem ? <p className={`text-sm ${f.state === "linked" ? "text-slate-700" : "text-red-800"}`}>{f.problem}</p> : null}
          <div className="mt-1 flex flex-wrap gap-2">
            {f.mayRetry ? (
              <Button variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate({ documentId: f.id })}>
                Retry reading it
              </Button>
            ) : null}
            {f.mayLink ? (
              <Button variant="secondary" onClick={() => setLinking(linking === f.id ? null : f.id)} aria-expanded={linking === f.id}>
                Choose its order
              </Button>
            ) : null}
          </div>
          {linking === f.id ? <LinkToOrder file={f} /> : null}
        </li>
      ))}
      {retry.error ? <Alert>{retry.error.message}</Alert> : null}
    </ul>
  );
}

/** The invoices page: drop several supplier invoices at once, then follow each until it is linked to its order. */
export function InvoiceFiles() {
  const trpc = useTRPC();
  const [view, setView] = useState<View>("all");
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...trpc.invoices.list.queryOptions({ view, page, pageSize: 25 }),
    refetchInterval: (q) => refetchWhileReading(q.state.data?.documents),
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  return (
    <>
      <PageTitle>Invoices</PageTitle>
      <InvoiceUpload />
      <div className="mt-4 flex flex-wrap gap-2" role="group" aria-label="Show">
        {VIEWS.map((v) => (
          <Button
            key={v.view}
            variant={v.view === view ? "primary" : "secondary"}
            aria-pressed={v.view === view}
            onClick={() => {
              setView(v.view);
              setPage(1);
            }}
          >
            {v.label}
            {v.view === "needs_attention" && list.data?.needsAttention ? ` (${list.data.needsAttention})` : ""}
          </Button>
        ))}
      </div>
      <Card className="mt-3">
        {list.error ? (
          <Alert>{list.error.message}</Alert>
        ) : list.data ? (
          <InvoiceFileList files={list.data.documents} />
        ) : (
          <p className="text-sm text-slate-600">Loading…</p>
        )}
      </Card>
      {pages > 1 ? (
        <div className="mt-3 flex items-center gap-2 text-sm">
          <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Newer
          </Button>
          <span>
            Page {page} of {pages}
          </span>
          <Button variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Older
          </Button>
        </div>
      ) : null}
    </>
  );
}

/** The files uploaded on one order, with an upload of its own, for the order's match panel. */
export function OrderInvoiceFiles({ supplierOrderId }: { supplierOrderId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const files = useQuery({
    ...trpc.invoices.forOrder.queryOptions({ supplierOrderId }),
    refetchInterval: (q) => refetchWhileReading(q.state.data),
  });
  const wasReading = files.data?.some((f) => f.inFlight) ?? false;
  // A file that was just linked changes the match: read it again.
  const [lastReading, setLastReading] = useState(false);
  if (lastReading !== wasReading) {
    setLastReading(wasReading);
    if (!wasReading) void queryClient.invalidateQueries({ queryKey: trpc.matching.pathKey() });
  }
  return (
    <div className="mt-3 space-y-2">
      <InvoiceUpload supplierOrderId={supplierOrderId} compact />
      {files.data?.length ? <InvoiceFileList files={files.data} /> : null}
    </div>
  );
}
