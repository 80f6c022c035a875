/**
 * Where a requisition and each of its supplier orders stand. The lifecycle (server/requisitions/lifecycle.ts) is the
 * only code that moves them; pages and filters read these words.
 */
/** Approved, and where its supplier orders then are (server/domain/requisition-status.ts). */
export const REQUISITION_STATUSES_AFTER_APPROVAL = [
  "approved",
  "partly_ordered",
  "ordered",
  "partly_shipped",
  "shipped",
  "delivered",
  "received",
  "cancelled",
  "declined",
  "not_ordered",
] as const;

export const REQUISITION_STATUSES = ["pending_approval", ...REQUISITION_STATUSES_AFTER_APPROVAL, "rejected", "withdrawn", "returned"] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];

/** Approved (or approved without needing it): the portal's part is done and the supplier orders carry it on. */
export const isPastApproval = (status: RequisitionStatus) => (REQUISITION_STATUSES_AFTER_APPROVAL as readonly string[]).includes(status);

/** The portal's side of sending: queued until the supplier has it, failed when the supplier refused it for good. */
export const SUPPLIER_ORDER_STATES = ["awaiting_approval", "queued", "placed", "failed", "not_sent"] as const;
export type SupplierOrderState = (typeof SUPPLIER_ORDER_STATES)[number];

/** The longest note a requisition takes; the form counts down to it and the server refuses more, never cutting it. */
export const NOTE_MAX_LENGTH = 1000;
