/**
 * Where a requisition and each of its supplier orders stand. The lifecycle (server/requisitions/lifecycle.ts) is the
 * only code that moves them; pages and filters read these words.
 */
export const REQUISITION_STATUSES = ["pending_approval", "approved", "rejected", "withdrawn", "returned", "cancelled"] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];

/** The portal's side of sending: queued until the supplier has it, failed when the supplier refused it for good. */
export const SUPPLIER_ORDER_STATES = ["awaiting_approval", "queued", "placed", "failed", "not_sent"] as const;
export type SupplierOrderState = (typeof SUPPLIER_ORDER_STATES)[number];
