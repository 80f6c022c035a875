/**
 * A connector call as a person experiences it: the supplier layer throws SupplierError (it knows nothing of the
 * portal's errors), and this turns each failure into what a buyer can act on: the supplier's own words and field for
 * a refusal, "try again" for an outage.
 */
import { AppError } from "@/server/errors";
import { isSupplierError } from "@/server/suppliers";

export async function askSupplier<T>(supplierName: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw supplierFailureToAppError(supplierName, error);
  }
}

export function supplierFailureToAppError(supplierName: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!isSupplierError(error)) return new AppError("supplier_unavailable", `${supplierName} could not be reached. Please try again.`, { cause: error });
  switch (error.kind) {
    case "validation":
      return new AppError("supplier_rejected", `${supplierName} refused it: ${error.message}`, { field: error.details.field, cause: error });
    case "not_found":
      return new AppError("not_found", `${supplierName} has no such item or order.`, { cause: error });
    case "conflict":
      return new AppError("conflict", `${supplierName}: ${error.message}`, { cause: error });
    default:
      return new AppError(
        "supplier_unavailable",
        `${supplierName} is not answering right now (${error.kind.replace("_", " ")}). Please try again in a moment.`,
        {
          cause: error,
        },
      );
  }
}
