import { initTRPC } from "@trpc/server";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { ZodError } from "zod";
import { getDb, type Database } from "@/db/client";
import { users, type Role } from "@/db/schema";
import { AppError } from "@/server/errors";

/** Who is asking, as far as the transport knows. Everything else is looked up per call. */
export interface PortalContext {
  db: Database;
  sessionUserId: string | null;
}

export async function createTRPCContext(): Promise<PortalContext> {
  const { getServerAuthSession } = await import("@/server/auth");
  const session = await getServerAuthSession();
  return { db: await getDb(), sessionUserId: session?.user.id || null };
}

function describeZodIssue(error: ZodError): { message: string; field: string | undefined } {
  const issue = error.issues[0];
  if (!issue) return { message: "Invalid input", field: undefined };
  const field = issue.path.length > 0 ? issue.path.join(".") : undefined;
  return { message: field ? `${field}: ${issue.message}` : issue.message, field };
}

const t = initTRPC.context<PortalContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // The one place errors become responses: a field name for forms, and a readable message.
    const field = (error as { field?: string }).field;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    if (internal) console.error("[trpc] internal error", error.cause ?? error);
    return {
      ...shape,
      message: internal ? "Something went wrong on our side. Nothing was changed; please try again." : shape.message,
      data: { ...shape.data, field, stack: undefined },
    };
  },
});

/**
 * Input that fails its zod schema is reported as "field: what is wrong", with
 * the field attached, for callers over HTTP and server-side callers alike.
 */
const readableInputErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ZodError) {
    const { message, field } = describeZodIssue(result.error.cause);
    Object.assign(result.error, { message, field });
  }
  return result;
});

const procedure = t.procedure.use(readableInputErrors);

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export interface PortalUser {
  id: string;
  companyId: string;
  name: string;
  email: string;
  roles: Role[];
}

/** Signed in, and still an active user: the user is reloaded on every call, so a deactivation takes effect at once. */
const authed = t.middleware(async ({ ctx, next }) => {
  if (!ctx.sessionUserId) throw new AppError("unauthenticated", "Please sign in.");
  const [user] = await ctx.db
    .select({ id: users.id, companyId: users.companyId, name: users.name, email: users.email, roles: users.roles, active: users.active })
    .from(users)
    .where(eq(users.id, ctx.sessionUserId))
    .limit(1);
  if (!user || !user.active) throw new AppError("unauthenticated", "Your session is no longer valid. Please sign in again.");
  return next({ ctx: { user: user as PortalUser } });
});

/** Every object a procedure touches is looked up within this company; nothing crosses companies. */
const companyMember = authed.unstable_pipe(({ ctx, next }) => next({ ctx: { companyId: ctx.user.companyId } }));

const hasRole = (...roles: Role[]) =>
  companyMember.unstable_pipe(({ ctx, next }) => {
    if (!roles.some((r) => ctx.user.roles.includes(r))) {
      throw new AppError("forbidden", `This needs the ${roles.join(" or ")} role.`);
    }
    return next();
  });

export const publicProcedure = procedure;
export const memberProcedure = procedure.use(companyMember);
export const buyerProcedure = procedure.use(hasRole("buyer"));
export const approverProcedure = procedure.use(hasRole("approver"));
/** Approvals: approvers, and admins (who stand in when nobody else can approve and receive escalations). */
export const deciderProcedure = procedure.use(hasRole("approver", "admin"));
export const adminProcedure = procedure.use(hasRole("admin"));

export type MemberContext = PortalContext & { user: PortalUser; companyId: string };
