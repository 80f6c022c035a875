import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import type { RequisitionStatus as RequisitionStatusName } from "@/common/requisitions";
import { isEndedAtSupplier } from "@/common/suppliers";
import { formatMoney, type Money } from "@/server/domain/money";

export function Amount({ value, className }: { value: Money; className?: string }) {
  return <span className={`tabular-nums ${className ?? ""}`}>{formatMoney(value)}</span>;
}

const buttonStyles = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-slate-300",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400",
  danger: "bg-red-600 text-white hover:bg-red-700 disabled:bg-slate-300",
  ghost: "text-brand-700 hover:bg-brand-50",
};

export function Button({ variant = "primary", className, ...props }: ComponentProps<"button"> & { variant?: keyof typeof buttonStyles }) {
  return (
    <button
      {...props}
      className={`inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-md px-4 text-sm font-medium transition disabled:cursor-not-allowed ${buttonStyles[variant]} ${className ?? ""}`}
    />
  );
}

export function ButtonLink({ variant = "primary", className, ...props }: ComponentProps<typeof Link> & { variant?: keyof typeof buttonStyles }) {
  return (
    <Link
      {...props}
      className={`inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-md px-4 text-sm font-medium transition ${buttonStyles[variant]} ${className ?? ""}`}
    />
  );
}

export function Card({ children, className }: { children: ReactNode; className?: string }) {
  return <section className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${className ?? ""}`}>{children}</section>;
}

export function PageTitle({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-semibold tracking-tight">{children}</h1>
      {aside}
    </div>
  );
}

const badgeTones = {
  gray: "bg-slate-100 text-slate-700",
  blue: "bg-blue-100 text-blue-800",
  green: "bg-green-100 text-green-800",
  amber: "bg-amber-100 text-amber-900",
  red: "bg-red-100 text-red-800",
};

export function Badge({ tone = "gray", children }: { tone?: keyof typeof badgeTones; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ${badgeTones[tone]}`}>{children}</span>;
}

export function Alert({ tone = "red", children, title }: { tone?: "red" | "amber" | "green" | "blue"; children: ReactNode; title?: string }) {
  const tones = {
    red: "border-red-200 bg-red-50 text-red-900",
    amber: "border-amber-200 bg-amber-50 text-amber-900",
    green: "border-green-200 bg-green-50 text-green-900",
    blue: "border-blue-200 bg-blue-50 text-blue-900",
  };
  return (
    <div role={tone === "red" ? "alert" : "status"} className={`rounded-md border p-3 text-sm ${tones[tone]}`}>
      {title ? <p className="font-medium">{title}</p> : null}
      <div>{children}</div>
    </div>
  );
}

const requisitionTone: Record<RequisitionStatusName, keyof typeof badgeTones> = {
  pending_approval: "amber",
  approved: "green",
  partly_ordered: "blue",
  ordered: "blue",
  partly_shipped: "blue",
  shipped: "blue",
  delivered: "green",
  received: "green",
  rejected: "red",
  withdrawn: "gray",
  returned: "amber",
  cancelled: "gray",
  declined: "red",
  not_ordered: "red",
};

/** A requisition's status as people read it; the order history's filter offers the same words. */
export const requisitionStatusLabel: Record<RequisitionStatusName, string> = {
  pending_approval: "Waiting for approval",
  approved: "Approved",
  partly_ordered: "Partly ordered",
  ordered: "Ordered",
  partly_shipped: "Partly shipped",
  shipped: "Shipped",
  delivered: "Delivered",
  received: "Received",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
  returned: "Back with you: prices changed",
  cancelled: "Cancelled",
  declined: "Declined at the supplier",
  not_ordered: "Not ordered: refused by the supplier",
};

export function RequisitionStatus({ status }: { status: RequisitionStatusName }) {
  return <Badge tone={requisitionTone[status]}>{requisitionStatusLabel[status]}</Badge>;
}

/** A placed order's status at its supplier, as a badge a person reads; the supplier is named where it matters. */
function supplierStatusLabel(status: string, supplier: string): string {
  switch (status) {
    case "awaiting_entry":
      return `Purchase order sent, waiting for ${supplier} to enter it`;
    case "awaiting_confirmation":
      return `Waiting for ${supplier} to confirm`;
    case "pending_approval":
      return `Held for approval at ${supplier}`;
    case "approved":
      return `Accepted by ${supplier}`;
    case "in_production":
      return "In production";
    case "partly_shipped":
      return "Partly dispatched";
    case "shipped":
      return "Shipped";
    case "delivered":
      return "Delivered";
    case "declined":
      return `Declined at ${supplier}`;
    case "cancelled":
      return "Cancelled";
    default:
      return status.replace(/_/g, " ");
  }
}

export function SupplierOrderState({ state, supplierStatus, supplierName }: { state: string; supplierStatus: string | null; supplierName?: string }) {
  if (state === "placed" && supplierStatus) {
    const tone = isEndedAtSupplier(supplierStatus) ? "red" : supplierStatus === "delivered" ? "green" : "blue";
    return <Badge tone={tone}>{supplierStatusLabel(supplierStatus, supplierName ?? "the supplier")}</Badge>;
  }
  const labels: Record<string, [string, keyof typeof badgeTones]> = {
    awaiting_approval: ["Not sent: waiting for approval", "gray"],
    queued: ["Sending to supplier", "amber"],
    failed: ["Refused by supplier", "red"],
    not_sent: ["Not sent", "gray"],
  };
  const [label, tone] = labels[state] ?? [state, "gray"];
  return <Badge tone={tone}>{label}</Badge>;
}

/** A calendar day as stored ("2026-12-15") read as "Tue, Dec 15, 2026", the same wherever the portal shows it. */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

export function formatDateTime(value: Date | string | null): string {
  if (!value) return "";
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}
