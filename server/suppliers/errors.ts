/**
 * The few supplier failures the rest of the portal understands. Connectors
 * translate every wire error into one of these; callers decide from the class
 * whether to retry (rate limited, unavailable) or to show the buyer (validation).
 */
export type SupplierErrorKind = "validation" | "auth" | "not_found" | "rate_limited" | "unavailable" | "conflict" | "malformed";

export class SupplierError extends Error {
  constructor(
    readonly kind: SupplierErrorKind,
    message: string,
    readonly supplier: string,
    readonly details: { field?: string; status?: number; requestId?: string; retryAfterMs?: number; code?: string } = {},
  ) {
    super(message);
    this.name = "SupplierError";
  }

  /** Worth trying again later with the same idempotency key. */
  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "unavailable";
  }
}

export const isSupplierError = (e: unknown): e is SupplierError => e instanceof SupplierError;
