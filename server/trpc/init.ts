/**
 * The one tRPC init: the context (who is asking, as far as the transport knows), the error mapping (an AppError's
 * kind becomes a status code here and nowhere else), and the procedures built from named middlewares:
 * authed -> company member -> role.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, type z } from "zod";
import type { Database } from "@/db/client";
import { getDb } from "@/server/database";
import { ROLE_LABELS, type Role } from "@/common/roles";
import { hasRole, type Actor, type ActorContext } from "@/server/actor";
import { AppError, type AppErrorKind } from "@/server/errors";
import { checkSession } from "@/server/sessions/sessions";
import { requestIdFrom, withRequestId } from "@/server/logging";

/**
 * Who is asking, as far as the transport knows: the session id the sign-in cookie carries. Whether that session is still
 * live, and whose it is, is looked up per call (the authed middleware below).
 */
export interface PortalContext {
  db: Database;
  sessionId: string | null;
  /** Sent by a page refreshing its own counts on a timer: answered, but not counted as the person using the session. */
  background?: boolean;
  /** The x-request-id this call carries (or one made for it): on its log lines, its outbox rows and their supplier calls. */
  requestId?: string;
}

/** The header app/_lib/portal-api.ts sends on a background refresh. */
export const BACKGROUND_REQUEST_HEADER = "x-portal-background";

export async function createTRPCContext(opts: { req?: Request } = {}): Promise<PortalContext> {
  const { getServerAuthSession } = await import("@/server/auth");
  const background = opts.req?.headers.get(BACKGROUND_REQUEST_HEADER) === "1";
  const session = await getServerAuthSession(background);
  return { db: await getDb(), sessionId: session?.sessionId ?? null, background, requestId: requestIdFrom(opts.req?.headers.get("x-request-id")) };
}

const CODE_FOR_KIND = {
  invalid: "BAD_REQUEST",
  unauthenticated: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  precondition: "PRECONDITION_FAILED",
  supplier_unavailable: "SERVICE_UNAVAILABLE",
  supplier_rejected: "UNPROCESSABLE_CONTENT",
} as const satisfies Record<AppErrorKind, TRPCError["code"]>;

/** A refusal as callers receive it: tRPC's error with the field it is about, for the form that shows it. */
export class PortalError extends TRPCError {
  readonly field: string | undefined;

  constructor(code: TRPCError["code"], message: string, field: string | undefined, cause: unknown) {
    super({ code, message, cause });
    this.name = "PortalError";
    this.field = field;
  }
}

function describeZodIssue(error: ZodError): { message: string; field: string | undefined } {
  const issue = error.issues[0];
  if (!issue) return { message: "Invalid input", field: undefined };
  // The message is written for the person beside the field ("Quantity must be at least 1"); the field travels apart.
  const field = issue.path.length > 0 ? issue.path.join(".") : undefined;
  return { message: issue.message, field };
}

/** An AppError from a use case, or input that failed its zod schema, as the refusal a caller reads. */
function refusalOf(error: TRPCError): PortalError | null {
  const cause = error.cause;
  if (cause instanceof AppError) return new PortalError(CODE_FOR_KIND[cause.kind], cause.message, cause.field, cause);
  if (cause instanceof ZodError) {
    const { message, field } = describeZodIssue(cause);
    return new PortalError("BAD_REQUEST", message, field, cause);
  }
  return null;
}

/**
 * Who may call a procedure, read from the builder it was made with (the same roles its middleware checks), so the
 * authorization matrix (server/security/authorization-matrix.test.ts) classifies every procedure without a list that
 * could drift: "anyone" is public by design, "member" is any signed-in person of the company.
 */
export type ProcedureAccess = "anyone" | "member" | readonly Role[];
export interface PortalMeta {
  access?: ProcedureAccess;
}

const t = initTRPC
  .context<PortalContext>()
  .meta<PortalMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      // Responses carry the field for forms and a readable message; an unexpected failure says only that it happened.
      const field = error instanceof PortalError ? error.field : undefined;
      const internal = error.code === "INTERNAL_SERVER_ERROR";
      if (internal) console.error("[trpc] internal error", error.cause ?? error);
      return {
        ...shape,
        message: internal ? "Something went wrong on our side. Nothing was changed; please try again." : shape.message,
        data: { ...shape.data, field, stack: undefined },
      };
    },
  });

/** Outermost, so it sees what every later middleware, the input parser and the handler refused. */
const refusals = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const refusal = refusalOf(result.error);
    if (refusal) throw refusal;
  }
  return result;
});

/** C0 control characters but tab, line feed and carriage return (which a pasted note or order may hold), and DEL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}
// Inputs nest a few levels at most; anything deeper is refused by its schema, which does not go that deep.
const MAX_CHECKED_DEPTH = 32;

/** The path of the first string in `value` that holds a control character, or null when none does. */
export function controlCharacterAt(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === "string") return hasControlCharacter(value) ? path : null;
  if (value === null || typeof value !== "object" || path.length >= MAX_CHECKED_DEPTH) return null;
  const entries: [string | number, unknown][] =
    value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v]) : Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, inner] of entries) {
    if (typeof key === "string" && hasControlCharacter(key)) return [...path, key];
    const found = controlCharacterAt(inner, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * No text a person types holds a NUL or another control character, and the database refuses NUL outright: every
 * procedure refuses such input here, at the edge, naming the field, before any schema or use case sees it.
 */
const noControlCharacters = t.middleware(async ({ getRawInput, next }) => {
  const at = controlCharacterAt(await getRawInput());
  if (at) {
    const field = at.length > 0 ? at.join(".") : undefined;
    throw new AppError("invalid", "This text cannot contain control characters (such as NUL); remove them and try again.", { field });
  }
  return next();
});

/** Everything a call does, the outbox rows it queues included, runs under its request id (server/logging.ts). */
const underRequestId = t.middleware(({ ctx, next }) => withRequestId(ctx.requestId, () => next()));

const procedure = t.procedure.use(underRequestId).use(refusals).use(noControlCharacters);

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export type PortalUser = Actor;

/**
 * Signed in, in a session still live, as a still active user: both are looked up on every call, so signing out, a
 * timeout, a password change elsewhere or a deactivation takes effect at once.
 */
const authed = t.middleware(async ({ ctx, next }) => {
  if (!ctx.sessionId) throw new AppError("unauthenticated", "Please sign in.");
  const actor: Actor | null = await checkSession(ctx.db, ctx.sessionId, new Date(), { background: ctx.background });
  if (!actor) throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
  return next({ ctx: { user: actor, sessionId: ctx.sessionId } });
});

/** Every object a procedure touches is looked up within this company; nothing crosses companies. */
const companyMember = authed.unstable_pipe(({ ctx, next }) => next({ ctx: { companyId: ctx.user.companyId } }));

/** A procedure for people holding one of `roles`; its meta names the same roles the middleware checks. */
const withRole = (...roles: Role[]) =>
  procedure
    .use(
      companyMember.unstable_pipe(({ ctx, next }) => {
        if (!hasRole(ctx.user, ...roles)) {
          throw new AppError("forbidden", `This needs the ${roles.map((r) => ROLE_LABELS[r]).join(" or ")} role.`);
        }
        return next();
      }),
    )
    .meta({ access: roles });

export const publicProcedure = procedure.meta({ access: "anyone" });
export const memberProcedure = procedure.use(companyMember).meta({ access: "member" });
export const buyerProcedure = withRole("buyer");
export const approverProcedure = withRole("approver");
/** Approvals: approvers, and admins (who stand in when nobody else can approve and receive escalations). */
export const deciderProcedure = withRole("approver", "admin");
/** Order lists: people who shop, and admins who tidy up shared lists; approvers alone have no use for them. */
export const listKeeperProcedure = withRole("buyer", "admin");
/** Supplier invoices: accounts payable, and admins. */
export const payablesProcedure = withRole("accounts_payable", "admin");
/** The three-way match: accounts payable, and approvers and admins who answer for what was bought. */
export const matchDeciderProcedure = withRole("accounts_payable", "approver", "admin");
export const adminProcedure = withRole("admin");

export type MemberContext = PortalContext & ActorContext;

/** What a handler receives: who is asking, and the input as its schema parsed it. */
export type Handled<S extends z.ZodType> = { ctx: MemberContext; input: z.output<S> };
