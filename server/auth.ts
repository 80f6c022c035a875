import { and, eq, sql } from "drizzle-orm";
import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import type { Database } from "@/db/client";
import { getDb } from "@/server/database";
import { users } from "@/db/schema";
import type { Role } from "@/common/roles";
import { env } from "@/server/env";
import { checkPassword, UNKNOWN_USER_HASH } from "@/server/passwords";

declare module "next-auth" {
  interface Session {
    user: { id: string; companyId: string; roles: Role[]; name: string; email: string };
  }
  interface User {
    id: string;
    companyId: string;
    roles: Role[];
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    companyId?: string;
    roles?: Role[];
  }
}

const signInInput = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

/** The one place a password is checked. Returns null for any failure, never saying which part was wrong. */
export async function verifyCredentials(db: Database, raw: unknown) {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return null;
  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${parsed.data.email}`, eq(users.active, true)))
    .limit(1);
  const ok = await checkPassword(parsed.data.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!user || !ok) return null;
  return { id: user.id, email: user.email, name: user.name, companyId: user.companyId, roles: user.roles };
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials) => verifyCredentials(await getDb(), credentials),
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
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
      return session;
    },
  },
};

export const getServerAuthSession = () => getServerSession(authOptions);
