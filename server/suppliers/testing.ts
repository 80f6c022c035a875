/** Test support shared by the supplier tests (not imported by the portal). */
import { isSupplierError, type SupplierError } from "./errors";

/** The order in Hygrade's reference ("Create an order"), as its wire body. */
export const DOCUMENTED_HYGRADE_ORDER = {
  cust_id: "ACME001",
  shipping_address_id: "addr_1c9d2f3b",
  cost_center: "CC-4420",
  po_number: "PO-2026-0881",
  items: [{ item_code: "FM-0014-LT", quantity: 3 }],
};

/** The SupplierError a call ends in; anything else (success included) fails the test. */
export async function supplierFailure(promise: Promise<unknown>): Promise<SupplierError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isSupplierError(error)) throw new Error(`expected a SupplierError, got ${String(error)}`);
  return error;
}
