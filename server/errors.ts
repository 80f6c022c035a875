/**
 * The portal's typed errors: what use cases throw when a person asked for something that cannot be done. They are
 * plain errors, so the use-case layer knows nothing of tRPC; server/trpc/init.ts turns a kind into a status code in
 * one place, and carries `field` to the form that shows it.
 */
export const APP_ERROR_KINDS = [
  "invalid",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "precondition",
  "supplier_unavailable",
  "supplier_rejected",
] as const;

export type AppErrorKind = (typeof APP_ERROR_KINDS)[number];

export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly field: string | undefined;

  constructor(kind: AppErrorKind, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.kind = kind;
    this.field = options.field;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export const invalid = (field: string, message: string) => new AppError("invalid", message, { field });
export const notFound = (what: string) => new AppError("not_found", `${what} was not found`);
