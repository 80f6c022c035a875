import { and, eq, sql } from "drizzle-orm";
import { cache } from "react";
import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import type { Database } from "@/db/client";
import { getDb } from "@/server/database";
import { users } from "@/db/schema";
import type { Role } from "@/common/roles";
import { SSO_TICKET_COOKIE } from "@/common/sso";
import { env } from "@/server/env";
import { checkPassword, UNKNOWN_USER_HASH } from "@/server/passwords";
import { MAX_SESSION_ABSOLUTE_HOURS } from "@/server/domain/sessions";
import { checkSession, endSession, startSession } from "@/server/sessions/sessions";
import { recordFailedSignInAudit } from "@/server/sessions/sign-in-audit";
import { clearAccountFailures, recordFailedSignIn, secondsToWait, throttleKeys } from "@/server/sessions/sign-in-throttle";
import { throttledCode } from "@/server/domain/sign-in-throttle";
import { passwordRefusalForCompany, passwordRefusalForDomain, redeemSsoTicket, SsoRefused } from "@/server/sso/sign-in";

declare module "next-auth" {
  interface Session {
    user: { id: string; companyId: string; roles: Role[]; name: string; email: string };
    /** The user_sessions row this sign-in is. Its owner may see it (their session list does); it signs nobody in without the secret. */
    sessionId?: string;
  }
  interface User {
    id: string;
    companyId: string;
    roles: Role[];
    sessionId: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    uid?: string;
    companyId?: string;
    roles?: Role[];
  }
}

const signInInput = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

/**
 * The one place a password is checked. Returns null for any failure, never saying which part was wrong; throws
 * SsoRefused("sso_required") when the person's company signs in only through single sign-on (server/sso/sign-in.ts).
 */
export async function verifyCredentials(db: Database, raw: unknown) {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return null;
  const byDomain = await passwordRefusalForDomain(db, parsed.data.email);
  if (byDomain) throw new SsoRefused(byDomain);
  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${parsed.data.email}`, eq(users.active, true)))
    .limit(1);
  const ok = await checkPassword(parsed.data.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!user || !user.passwordHash || !ok) return null;
  const byCompany = await passwordRefusalForCompany(db, user);
  if (byCompany) throw new SsoRefused(byCompany);
  return { id: user.id, email: user.email, name: user.name, companyId: user.companyId, roles: user.roles };
}

type RequestHeaders = Record<string, string | string[] | undefined> | undefined;

const firstHeader = (headers: RequestHeaders, name: string) => {
  const value = headers?.[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || null;
};

/**
 * Where a sign-in came from, as the person will recognise it in their list of sessions. The forwarded address is shown,
 * never trusted for anything: a client can write that header itself.
 */
export function sessionOriginOf(headers: RequestHeaders) {
  const forwarded = firstHeader(headers, "x-forwarded-for")?.split(",")[0]?.trim() || null;
  return { userAgent: firstHeader(headers, "user-agent"), ip: forwarded ?? firstHeader(headers, "x-real-ip") };
}

/**
 * A checked password starts a new session (a new id every time); null for any failure, as verifyCredentials. Too many
 * failures for the email typed or from the address make it wait (server/domain/sign-in-throttle.ts): the right password
 * is not even checked until then, and the wait is the same whether or not the email has an account.
 */
export async function signIn(db: Database, credentials: unknown, headers: RequestHeaders, now = new Date()) {
  const origin = sessionOriginOf(headers);
  const typedEmail = (credentials as { email?: unknown } | null)?.email;
  const keys = throttleKeys(typedEmail, origin.ip);
  const wait = await secondsToWait(db, keys, now);
  if (wait > 0) {
    await recordFailedSignInAudit(db, typedEmail, origin, true);
    throw new Error(throttledCode(wait));
  }
  const user = await verifyCredentials(db, credentials);
  if (!user) {
    await recordFailedSignIn(db, keys, now);
    await recordFailedSignInAudit(db, typedEmail, origin, false);
    return null;
  }
  await clearAccountFailures(db, keys);
  const { sessionId } = await startSession(db, user, origin);
  return { ...user, sessionId };
}

/** A ticket from a finished single sign-on (server/sso/sign-in.ts) starts a session, as a password does; null otherwise. */
export async function signInWithSsoTicket(db: Database, headers: RequestHeaders) {
  const cookies = firstHeader(headers, "cookie") ?? "";
  const raw = cookies
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SSO_TICKET_COOKIE}=`))
    ?.slice(SSO_TICKET_COOKIE.length + 1);
  const ticket = z.string().min(20).max(200).safeParse(raw);
  if (!ticket.success) return null;
  return redeemSsoTicket(db, ticket.data, sessionOriginOf(headers));
}

/** next-auth reports an authorize() error's message to the login page: the refusal's code, which the page words. */
async function withRefusalCode<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SsoRefused) throw new Error(error.reason, { cause: error });
    throw error;
  }
}

/** next-auth's sign-out: the session the cookie named ends, so a copy of the cookie kept anywhere is signed out too. */
export async function signOut(db: Database, token: { sid?: string } | null | undefined) {
  if (token?.sid) await endSession(db, token.sid, "signed_out");
}

/** __Secure- cookies exactly when the portal is served over https: next-auth's own default, stated rather than implied. */
const useSecureCookies = (env.NEXTAUTH_URL ?? "").startsWith("https://");

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  useSecureCookies,
  // The cookie may outlive no company's absolute limit; the session row decides sooner (server/sessions/sessions.ts).
  session: { strategy: "jwt", maxAge: MAX_SESSION_ABSOLUTE_HOURS * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials, req) => withRefusalCode(async () => signIn(await getDb(), credentials, req?.headers as RequestHeaders)),
    }),
    CredentialsProvider({
      id: "sso-ticket",
      name: "Single sign-on",
      credentials: {},
      authorize: async (_credentials, req) => signInWithSsoTicket(await getDb(), req?.headers as RequestHeaders),
    }),
  ],
  events: {
    signOut: async ({ token }) => signOut(await getDb(), token),
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sid = user.sessionId;
        token.uid = user.id;
        token.companyId = user.companyId;
        token.roles = user.roles;
      }
      return token;
    },
    session({ session, token }) {
      // Roles in the session are for showing the right navigation only; every
      // procedure reloads the user from the database before trusting them.
      session.user = {
        id: token.uid ?? "",
        companyId: token.companyId ?? "",
        roles: token.roles ?? [],
        name: session.user?.name ?? "",
        email: session.user?.email ?? "",
      };
      session.sessionId = token.sid;
      return session;
    },
  },
};

/**
 * The signed-in session for server components and route handlers, or null when the cookie is missing or its session has
 * ended (signed out, timed out, ended elsewhere): an ended session is signed out, however valid its cookie still is.
 * Asked once per request. `background`: see checkSession.
 */
export const getServerAuthSession = cache(async (background = false) => {
  const session = await getServerSession(authOptions);
  const sessionId = session?.sessionId;
  if (!session || !sessionId) return null;
  const user = await checkSession(await getDb(), sessionId, new Date(), { background });
  if (!user) return null;
  return { ...session, sessionId, user: { ...session.user, id: user.id, companyId: user.companyId, roles: user.roles, name: user.name, email: user.email } };
});
