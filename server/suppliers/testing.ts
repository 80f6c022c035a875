/** Test support shared by the connector tests (not imported by the portal). */
import { isSupplierError, type SupplierError } from "./errors";

/** The SupplierError a call ends in; anything else (success included) fails the test. */
export async function supplierFailure(promise: Promise<unknown>): Promise<SupplierError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isSupplierError(error)) throw new Error(`expected a SupplierError, got ${String(error)}`);
  return error;
}
