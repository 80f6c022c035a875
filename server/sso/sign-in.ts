/**
 * Signing in through a company's OpenID provider: authorization code with PKCE, state and nonce. The provider's ID
 * token is checked by openid-client (signature against the provider's published keys, issuer, audience = our client
 * id, expiry, nonce); then the person is matched by email within the company, created when the admin allows it, and
 * handed a single-use ticket that the sign-in page redeems for a session, through the same startSession as a password.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { custom, errors, generators, Issuer, type Client, type IdTokenClaims } from "openid-client";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { ssoConfigurations, ssoSignIns, users } from "@/db/schema";
import { SSO_REFUSALS, type SsoRefusal } from "@/common/sso";
import type { Role } from "@/common/roles";
import { recordAudit } from "@/server/audit/audit-log";
import { emailDomain, rolesFromClaim } from "@/server/domain/sso";
import { safeReturnPath } from "@/server/domain/return-path";
import { AppError } from "@/server/errors";
import { openSecret } from "@/server/secrets";
import { startSession, type SessionOrigin } from "@/server/sessions/sessions";
import { enabledSsoOf, ssoForEmail, ssoRedirectUri, type SsoConfigurationRow } from "./configuration";

/** A refused single sign-on: the reason travels to the login page as a code, the words are common/sso.ts's. */
export class SsoRefused extends AppError {
  readonly reason: SsoRefusal;

  constructor(reason: SsoRefusal, options: { cause?: unknown } = {}) {
    super(reason === "not_configured" || reason === "expired_request" ? "precondition" : "forbidden", SSO_REFUSALS[reason], options);
    this.reason = reason;
  }
}

/** Long enough to sign in at the provider (a password, a second factor), short enough that a stale trip is refused. */
const TRIP_MINUTES = 10;
/** The ticket only crosses one redirect to the sign-in page. */
const TICKET_SECONDS = 60;
const SCOPE = "openid email profile";

const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");

// A provider's answers take a moment at most; a hung one should not hold the person's browser for long.
custom.setHttpOptionsDefaults({ timeout: 5_000 });

/** Discovery per issuer, kept a few minutes so a burst of sign-ins does not fetch it each time. */
const DISCOVERY_MS = 5 * 60_000;
const discovered = new Map<string, { at: number; issuer: Promise<Issuer<Client>> }>();

function discover(issuerUrl: string): Promise<Issuer<Client>> {
  const cached = discovered.get(issuerUrl);
  if (cached && Date.now() - cached.at < DISCOVERY_MS) return cached.issuer;
  const issuer = Issuer.discover(issuerUrl);
  discovered.set(issuerUrl, { at: Date.now(), issuer });
  issuer.catch(() => discovered.delete(issuerUrl));
  return issuer;
}

async function clientFor(config: SsoConfigurationRow): Promise<Client> {
  let issuer: Issuer<Client>;
  try {
    issuer = await discover(config.issuer);
  } catch (cause) {
    throw new SsoRefused("provider_unreachable", { cause });
  }
  return new issuer.Client({
    client_id: config.clientId,
    client_secret: openSecret(config.clientSecretSealed),
    redirect_uris: [ssoRedirectUri()],
    response_types: ["code"],
  });
}

/**
 * How the person with this email signs in: with the provider of the company whose enabled single sign-on answers for
 * the domain, or else with a password. Said from the domain alone, so it tells nobody whether an account exists.
 */
export async function howToSignIn(db: Database, email: string): Promise<{ method: "sso" | "password"; required: boolean }> {
  const config = await ssoForEmail(db, email);
  return config ? { method: "sso", required: config.required } : { method: "password", required: false };
}

/**
 * Sends the person to their company's provider: a new trip (state, nonce, PKCE verifier), and the address to go to.
 * The state is also the browser's to keep (a cookie), so an answer arriving in another browser is refused.
 */
export async function startSsoSignIn(db: Database, input: { email: string; returnTo?: string }, now = new Date()) {
  const config = await ssoForEmail(db, input.email);
  if (!config) throw new SsoRefused("not_configured");
  const client = await clientFor(config);
  const state = generators.state();
  const nonce = generators.nonce();
  const codeVerifier = generators.codeVerifier();
  await db.insert(ssoSignIns).values({
    companyId: config.companyId,
    stateHash: sha256(state),
    nonce,
    codeVerifier,
    returnTo: safeReturnPath(input.returnTo),
    expiresAt: new Date(now.getTime() + TRIP_MINUTES * 60_000),
  });
  const authorizationUrl = client.authorizationUrl({
    scope: SCOPE,
    state,
    nonce,
    code_challenge: generators.codeChallenge(codeVerifier),
    code_challenge_method: "S256",
    // The provider may prefill its own sign-in form with the address already typed.
    login_hint: input.email.trim(),
  });
  return { authorizationUrl, state, maxAgeSeconds: TRIP_MINUTES * 60 };
}

/** openid-client's reasons for refusing an ID token, in the person's words. */
function refusalOfTokenError(error: unknown): SsoRefusal {
  if (error instanceof errors.OPError) return "provider_refused";
  const message = error instanceof Error ? error.message : "";
  if (/\baud\b|audience|azp/i.test(message)) return "wrong_audience";
  if (/expired|\bexp\b|iat|nbf|in the future/i.test(message)) return "expired_token";
  if (/signature|no valid key|jwks|kid/i.test(message)) return "bad_signature";
  if (error instanceof errors.RPError || error instanceof TypeError) return "invalid_token";
  return "provider_unreachable";
}

type Refusal = { reason: SsoRefusal; email?: string };

async function refuse(db: Database, config: SsoConfigurationRow, refusal: Refusal, cause?: unknown): Promise<never> {
  await recordAudit(db, {
    companyId: config.companyId,
    actorId: null,
    action: "sso.sign_in_refused",
    subject: { type: "sso_configuration", id: config.id },
    details: { reason: refusal.reason, email: refusal.email ?? null, ...(cause instanceof Error ? { detail: cause.message.slice(0, 300) } : {}) },
  });
  throw new SsoRefused(refusal.reason, { cause });
}

/** The person the provider vouched for: found by email in the company, or created when just-in-time creation is on. */
async function personFor(db: Database, config: SsoConfigurationRow, claims: IdTokenClaims): Promise<{ id: string } | Refusal> {
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email || !emailDomain(email)) return { reason: "no_email" };
  if (claims.email_verified === false) return { reason: "email_not_verified", email };
  if (!config.allowedDomains.includes(emailDomain(email)!)) return { reason: "domain_not_allowed", email };
  const [known] = await db
    .select({ id: users.id, companyId: users.companyId, active: users.active })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  if (known) {
    if (known.companyId !== config.companyId) return { reason: "other_company", email };
    if (!known.active) return { reason: "deactivated", email };
    return { id: known.id };
  }
  if (!config.jitEnabled) return { reason: "unknown_person", email };
  const claim = config.roleClaim ? (claims as Record<string, unknown>)[config.roleClaim] : undefined;
  const roles: Role[] = rolesFromClaim(claim, config.roleMappings, config.defaultRoles);
  if (roles.length === 0) return { reason: "no_roles", email };
  const name = (typeof claims.name === "string" && claims.name.trim()) || email.slice(0, email.indexOf("@"));
  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(users)
        .values({ companyId: config.companyId, email, name: name.slice(0, 200), passwordHash: null, roles })
        .returning({ id: users.id });
      await recordAudit(tx, {
        companyId: config.companyId,
        actorId: created!.id,
        action: "user.created_by_sso",
        subject: { type: "user", id: created!.id },
        details: { email, name, roles, issuer: config.issuer, claim: config.roleClaim ? (claim ?? null) : undefined },
      });
      return { id: created!.id };
    });
  } catch (error) {
    // Created a moment ago by a second sign-in in another tab, or by an invitation: sign in as that person instead.
    if (!isUniqueViolation(error)) throw error;
    return personFor(db, { ...config, jitEnabled: false }, claims);
  }
}

/**
 * The provider's answer: the trip is found by its state (used once, in the browser that started it), the code is
 * exchanged and the ID token checked, the person matched; then a single-use ticket for the sign-in page. Any refusal
 * is audited for the company and starts no session.
 */
export async function finishSsoSignIn(
  db: Database,
  input: { callbackUrl: string; browserState: string | null },
  now = new Date(),
): Promise<{ ticket: string; returnTo: string }> {
  const url = new URL(input.callbackUrl);
  const state = url.searchParams.get("state") ?? "";
  if (!state || !input.browserState || input.browserState !== state) throw new SsoRefused("expired_request");
  // Taken once: a second arrival of the same answer finds nothing.
  const [trip] = await db
    .update(ssoSignIns)
    .set({ answeredAt: now })
    .where(and(eq(ssoSignIns.stateHash, sha256(state)), isNull(ssoSignIns.answeredAt), gt(ssoSignIns.expiresAt, now)))
    .returning();
  if (!trip) throw new SsoRefused("expired_request");
  const config = await enabledSsoOf(db, trip.companyId);
  if (!config) throw new SsoRefused("not_configured");
  const client = await clientFor(config);
  let claims: IdTokenClaims;
  try {
    const params = client.callbackParams(input.callbackUrl);
    const tokens = await client.callback(ssoRedirectUri(), params, { state, nonce: trip.nonce, code_verifier: trip.codeVerifier, response_type: "code" });
    claims = tokens.claims();
    // Some providers keep the email out of the ID token unless configured to send it; their userinfo says it (for the
    // same subject, which openid-client checks). The ID token's own claims win where both say something.
    if (typeof claims.email !== "string" && tokens.access_token && client.issuer.metadata.userinfo_endpoint) {
      claims = { ...(await client.userinfo(tokens)), ...claims } as IdTokenClaims;
    }
  } catch (error) {
    return refuse(db, config, { reason: refusalOfTokenError(error) }, error);
  }
  const person = await personFor(db, config, claims);
  if ("reason" in person) return refuse(db, config, person);
  const ticket = randomBytes(32).toString("base64url");
  await db
    .update(ssoSignIns)
    .set({ userId: person.id, ticketHash: sha256(ticket), ticketExpiresAt: new Date(now.getTime() + TICKET_SECONDS * 1000) })
    .where(eq(ssoSignIns.id, trip.id));
  return { ticket, returnTo: trip.returnTo };
}

/**
 * The ticket, once, for a new session (a new id, like any sign-in) of its person, if they are still active; null for
 * anything else (unknown, used, expired, deactivated meanwhile), as a wrong password is.
 */
export async function redeemSsoTicket(db: Database, ticket: string, origin: SessionOrigin, now = new Date()) {
  if (!ticket) return null;
  const [redeemed] = await db
    .update(ssoSignIns)
    .set({ redeemedAt: now })
    .where(and(eq(ssoSignIns.ticketHash, sha256(ticket)), isNull(ssoSignIns.redeemedAt), gt(ssoSignIns.ticketExpiresAt, now)))
    .returning({ userId: ssoSignIns.userId, companyId: ssoSignIns.companyId });
  if (!redeemed?.userId) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, companyId: users.companyId, roles: users.roles, active: users.active })
    .from(users)
    .where(eq(users.id, redeemed.userId))
    .limit(1);
  if (!user || !user.active || user.companyId !== redeemed.companyId) return null;
  const [config] = await db.select({ id: ssoConfigurations.id }).from(ssoConfigurations).where(eq(ssoConfigurations.companyId, user.companyId)).limit(1);
  const { sessionId } = await startSession(db, user, origin, now, { configurationId: config?.id ?? null });
  const { active: _active, ...signedIn } = user;
  return { ...signedIn, sessionId };
}

async function auditPasswordRefused(db: Database, config: SsoConfigurationRow, user: { id: string; email: string }) {
  await recordAudit(db, {
    companyId: config.companyId,
    actorId: user.id,
    action: "sso.password_refused",
    subject: { type: "user", id: user.id },
    details: { email: user.email, reason: "sso_required" },
  });
}

/**
 * Whether a password may sign this person in: not when the company their email's domain signs in with requires
 * single sign-on. Asked before the password is checked (the login page says as much from the domain anyway); audited
 * when the email is one of that company's people, so unknown addresses leave no trace in anyone's log.
 */
export async function passwordRefusalForDomain(db: Database, email: string): Promise<SsoRefusal | null> {
  const config = await ssoForEmail(db, email);
  if (!config?.required) return null;
  const [person] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, eq(users.companyId, config.companyId)))
    .limit(1);
  if (person) await auditPasswordRefused(db, config, person);
  return "sso_required";
}

/** The same for the person's own company, asked only once their password was right (so it says nothing of unknown emails). */
export async function passwordRefusalForCompany(db: Database, user: { id: string; email: string; companyId: string }): Promise<SsoRefusal | null> {
  const config = await enabledSsoOf(db, user.companyId);
  if (!config?.required) return null;
  await auditPasswordRefused(db, config, user);
  return "sso_required";
}
