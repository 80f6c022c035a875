import { TRPCError } from "@trpc/server";

/**
 * The portal's typed errors. Handlers are plain functions that throw these; the
 * kind maps to an HTTP status once, here, and the error formatter
 * (server/trpc/init.ts) puts `field` into the response for the form to show.
 */
const CODE_FOR_KIND = {
  invalid: "BAD_REQUEST",
  unauthenticated: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  precondition: "PRECONDITION_FAILED",
  supplier_unavailable: "SERVICE_UNAVAILABLE",
  supplier_rejected: "UNPROCESSABLE_CONTENT",
} as const satisfies Record<string, TRPCError["code"]>;

export type AppErrorKind = keyof typeof CODE_FOR_KIND;

export class AppError extends TRPCError {
  readonly kind: AppErrorKind;
  readonly field: string | undefined;

  constructor(kind: AppErrorKind, message: string, options: { field?: string; cause?: unknown } = {}) {
    super({ code: CODE_FOR_KIND[kind], message, cause: options.cause });
    this.name = "AppError";
    this.kind = kind;
    this.field = options.field;
  }
}

export const invalid = (field: string, message: string) => new AppError("invalid", message, { field });
export const notFound = (what: string) => new AppError("not_found", `${what} was not found`);
