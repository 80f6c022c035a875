/**
 * Who is asking, as the use cases see it: a signed-in, active person of one company, reloaded from the database on
 * every call (server/trpc/init.ts). Use cases take `{ db, user, companyId }` and look every object up within that
 * company, so nothing crosses companies whoever calls them (a router, the worker or a test).
 */
import type { Database } from "@/db/client";
import type { Role } from "@/common/roles";

export interface Actor {
  id: string;
  companyId: string;
  name: string;
  email: string;
  roles: Role[];
}

export interface ActorContext {
  db: Database;
  user: Actor;
  companyId: string;
}

/**
 * Who changes something: a signed-in person (an ActorContext fits), or the company's identity provider over SCIM
 * (`user` null, `via` naming the token as "SCIM (Okta)"), recorded so in the audit log either way.
 */
export interface ChangeContext {
  db: Database;
  companyId: string;
  user: Pick<Actor, "id"> | null;
  via?: string;
}

export const hasRole = (actor: Pick<Actor, "roles">, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r));
