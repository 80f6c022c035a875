import { Alert, Amount, formatDateTime } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_lib/trpc";

type SupplierOrder = RouterOutputs["requisitions"]["get"]["supplierOrders"][number];

/**
 * For a supplier whose API takes no orders: the purchase order the portal sent instead (download, where it was
 * emailed), whether the supplier has entered it yet, what it entered differently from what was approved, and its invoices.
 */
export function PurchaseOrderPanel({ order }: { order: SupplierOrder }) {
  const po = order.purchaseOrder;
  if (!po) return null;
  return (
    <section
      className="mt-3 space-y-2 border-t border-slate-100 pt-2 text-sm"
      data-testid="purchase-order"
      aria-label={`Purchase order for ${order.supplierName}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 className="font-medium">Purchase order {po.poNumber}</h3>
        <a
          href={po.downloadPath}
          download
          className="inline-flex min-h-11 items-center font-medium text-brand-700 hover:underline"
          data-testid="purchase-order-download"
        >
          Download PDF
        </a>
      </div>
      <p className="text-slate-600">
        Issued {formatDateTime(po.issuedAt)}
        {po.emailedTo
          ? po.emailedAt
            ? ` · emailed to ${po.emailedTo} ${formatDateTime(po.emailedAt)}`
            : ` · being emailed to ${po.emailedTo}`
          : " · not emailed: send it to the supplier yourself"}
      </p>
      {po.linkedAt ? (
        <p className="text-slate-600" data-testid="purchase-order-linked">
          {order.supplierName} entered it as order <span className="font-mono">{po.supplierOrderNumber ?? order.supplierOrderRef}</span> (
          {formatDateTime(po.linkedAt)}){po.differences.length === 0 ? ", as approved." : "."}
        </p>
      ) : (
        <p className="text-slate-600">
          {order.supplierName}&apos;s API takes no orders: the portal links the order as soon as {order.supplierName} enters it with PO number {po.poNumber}.
        </p>
      )}
      {po.differences.length > 0 ? (
        <Alert tone="amber" title={`${order.supplierName} entered it differently from what was approved`}>
          <ul className="list-disc pl-5" data-testid="purchase-order-differences">
            {po.differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {order.invoices.length > 0 ? (
        <ul className="space-y-1" data-testid="supplier-invoices" aria-label={`Invoices from ${order.supplierName}`}>
          {order.invoices.map((i) => (
            <li key={i.id}>
              Invoice <span className="font-mono">{i.number}</span> of {i.invoiceDate}: <Amount value={i.total} />
              {i.paid ? " · paid" : i.dueDate ? ` · due ${i.dueDate}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
