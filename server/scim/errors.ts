/**
 * SCIM's refusals (RFC 7644 §3.12): an AppError that also carries the `scimType` an identity provider reads, and the
 * one mapping from any error to the SCIM error body and status.
 */
import { AppError, type AppErrorKind } from "@/server/errors";

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export type ScimType = "invalidFilter" | "invalidSyntax" | "invalidPath" | "invalidValue" | "uniqueness" | "mutability" | "noTarget" | "tooMany";

export class ScimError extends AppError {
  readonly scimType: ScimType;

  constructor(kind: AppErrorKind, scimType: ScimType, message: string, field?: string) {
    super(kind, message, { field });
    this.scimType = scimType;
  }
}

/** A bad request about one attribute: the detail starts with the attribute's name, so the provider's log says which. */
export const scimInvalid = (scimType: ScimType, attribute: string, message: string) =>
  new ScimError("invalid", scimType, `${attribute}: ${message}`, attribute);

const STATUS: Record<AppErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 400,
  supplier_unavailable: 503,
  supplier_rejected: 400,
};

/**
 * The portal's people rules name their own fields; SCIM's callers know these attributes instead (a refusal about the
 * person as a whole, like the last active admin, comes from deactivating them).
 */
const ATTRIBUTE_OF_FIELD: Record<string, string> = { email: "userName", name: "displayName", userId: "active", groupId: "id" };

export function scimErrorOf(error: unknown): { status: number; body: Record<string, unknown> } {
  if (!(error instanceof AppError)) {
    console.error("[scim] internal error", error);
    return {
      status: 500,
      body: { schemas: [SCIM_ERROR_SCHEMA], status: "500", detail: "Something went wrong on our side. Nothing was changed; please try again." },
    };
  }
  const status = STATUS[error.kind];
  const scimType =
    error instanceof ScimError ? error.scimType : error.kind === "conflict" ? "uniqueness" : error.kind === "invalid" ? "invalidValue" : undefined;
  const attribute = error.field ? (ATTRIBUTE_OF_FIELD[error.field] ?? error.field) : undefined;
  const detail = error instanceof ScimError || !attribute ? error.message : `${attribute}: ${error.message}`;
  return { status, body: { schemas: [SCIM_ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail } };
}
