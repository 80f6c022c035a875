/**
 * Single sign-on against a real OpenID provider (oidc-provider on loopback, server/sandboxes/oidc): the trip there and
 * back as a browser makes it, the ID token checks, matching and creating people, and the password path it can close.
 */
import { and, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, ssoConfigurations, ssoSignIns, userSessions, users } from "@/db/schema";
import { SSO_REFUSALS } from "@/common/sso";
import { SSO_TICKET_COOKIE } from "@/common/sso";
import { signIn as passwordSignIn, signInWithSsoTicket } from "@/server/auth";
import { startOidcSandbox, type OidcSandbox } from "@/server/sandboxes/oidc/sandbox";
import { startHarness, rejection, type Harness } from "@/server/testing/harness";
import { AppError } from "@/server/errors";
import { checkSession } from "@/server/sessions/sessions";
import { ssoRedirectUri } from "./configuration";
import { finishSsoSignIn, redeemSsoTicket, startSsoSignIn } from "./sign-in";

/** The request next-auth hands the "sso-ticket" provider: the browser's ticket cookie, as the callback set it. */
const withTicket = (ticket: string, headers: Record<string, string>) => ({ ...headers, cookie: `other=1; ${SSO_TICKET_COOKIE}=${ticket}` });

const password = "correct horse battery";

let h: Harness;
let idp: OidcSandbox;
let acme: Awaited<ReturnType<Harness["createCompany"]>>;
let other: Awaited<ReturnType<Harness["createCompany"]>>;

/** What a browser does at the provider: follows its redirects, fills in its sign-in form, and stops at the portal. */
async function throughProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (response: Response) => {
    for (const set of response.headers.getSetCookie()) {
      const pair = set.split(";")[0]!;
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  let url = authorizationUrl;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(ssoRedirectUri())) return url;
    const response = await fetch(url, { redirect: "manual", headers: { cookie: cookie() } });
    keep(response);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get("location")!, url).toString();
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`no sign-in form at ${url} (${response.status}): ${page.slice(0, 400)}`);
    const submitted = await fetch(new URL(action, url), {
      method: "POST",
      redirect: "manual",
      headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ prompt: "login", login, password: "whatever the provider checks" }),
    });
    keep(submitted);
    url = new URL(submitted.headers.get("location")!, url).toString();
  }
  throw new Error("the provider never sent the browser back");
}

/** Types the email on the login page, signs in at the provider as `login`, and brings the answer back to the portal. */
async function ssoRoundTrip(email: string, login = email) {
  const started = await startSsoSignIn(h.db, { email, returnTo: "/orders" });
  const callbackUrl = await throughProvider(started.authorizationUrl, login);
  return finishSsoSignIn(h.db, { callbackUrl, browserState: started.state });
}

/** A use case's refusal (an AppError) or a procedure's (a tRPC error), as the person reads it. */
async function refusal(promise: Promise<unknown>): Promise<{ message: string; code?: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { message: error.message, field: error.field };
    return rejection(Promise.reject(error));
  }
  throw new Error("expected a refusal");
}

const sessionsOf = async (companyId: string) => (await h.db.select({ n: count() }).from(userSessions).where(eq(userSessions.companyId, companyId)))[0]!.n;

const baseSettings = () => ({
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  allowedDomains: "acme-sso.example\nsub.acme-sso.example",
  roleClaim: "groups",
  roleMappings: [
    { value: "Purchasing", roles: ["buyer" as const] },
    { value: "Finance", roles: ["approver" as const, "accounts_payable" as const] },
  ],
  defaultRoles: ["buyer" as const],
  jitEnabled: false,
  required: false,
  enabled: true,
});

beforeAll(async () => {
  h = await startHarness();
  idp = await startOidcSandbox({ redirectUris: [ssoRedirectUri()] });
  acme = await h.createCompany({
    users: [
      { email: "ada@acme-sso.example", name: "Ada Admin", password, roles: ["admin"] },
      { email: "bo@acme-sso.example", name: "Bo Buyer", password, roles: ["buyer"] },
      { email: "gone@acme-sso.example", name: "Gone Person", password, roles: ["buyer"] },
      { email: "pat@elsewhere.example", name: "Pat Elsewhere", password, roles: ["buyer"] },
    ],
  });
  other = await h.createCompany({ users: [{ email: "oli@other-sso.example", name: "Oli Other", password, roles: ["admin"] }] });
  await h.db.update(users).set({ active: false }).where(eq(users.email, "gone@acme-sso.example"));
}, 60_000);

afterAll(async () => {
  await idp?.close();
  await h?.close();
});

beforeEach(async () => {
  idp.tamper(null);
  await acme.callerFor("ada@acme-sso.example").sso.save(baseSettings());
});

describe("an admin sets up single sign-on", () => {
  it("keeps the client secret sealed and shows only that it is set and its last four characters", async () => {
    const { configuration, redirectUri } = await acme.callerFor("ada@acme-sso.example").sso.configuration();
    expect(redirectUri).toBe(ssoRedirectUri());
    expect(configuration?.clientSecret).toEqual({ set: true, last4: idp.clientSecret.slice(-4) });
    expect(JSON.stringify(configuration)).not.toContain(idp.clientSecret);
    expect(configuration?.allowedDomains).toEqual(["acme-sso.example", "sub.acme-sso.example"]);
    const [stored] = await h.db.select().from(ssoConfigurations).where(eq(ssoConfigurations.companyId, acme.companyId));
    expect(stored!.clientSecretSealed).not.toContain(idp.clientSecret);
    // A change with the secret left blank keeps it.
    await acme.callerFor("ada@acme-sso.example").sso.save({ ...baseSettings(), clientSecret: "" });
    expect((await acme.callerFor("ada@acme-sso.example").sso.configuration()).configuration?.clientSecret.set).toBe(true);
  });

  it("refuses bad input naming the field, and changes nothing", async () => {
    const admin = acme.callerFor("ada@acme-sso.example");
    const cases: [Partial<ReturnType<typeof baseSettings>>, string, RegExp][] = [
      [{ issuer: "http://login.example.com" }, "issuer", /https/],
      [{ issuer: "not a url" }, "issuer", /not a web address/],
      [{ issuer: "https://169.254.169.254/" }, "issuer", /metadata/],
      [{ clientId: "  " }, "clientId", /client id/],
      [{ allowedDomains: "acme" }, "allowedDomains", /not an email domain/],
      [{ allowedDomains: "" }, "allowedDomains", /at least one/],
      [{ roleClaim: "has spaces" }, "roleClaim", /claim/],
      [{ roleMappings: [{ value: "Purchasing", roles: [] }] }, "roleMappings.0.roles", /at least one portal role/],
    ];
    for (const [change, field, message] of cases) {
      const refused = await rejection(admin.sso.save({ ...baseSettings(), ...change }));
      expect(refused, JSON.stringify(change)).toMatchObject({ code: "BAD_REQUEST", field });
      expect(refused.message).toMatch(message);
    }
    expect((await admin.sso.configuration()).configuration?.issuer).toBe(idp.issuer);
  });

  it("lets a domain answer for one company only, and only an admin set it up", async () => {
    const refused = await rejection(
      other.callerFor("oli@other-sso.example").sso.save({ ...baseSettings(), allowedDomains: "other-sso.example, acme-sso.example" }),
    );
    expect(refused).toMatchObject({ code: "CONFLICT", field: "allowedDomains" });
    expect(refused.message).toMatch(/acme-sso\.example already signs in/);
    expect(await rejection(acme.callerFor("bo@acme-sso.example").sso.configuration())).toMatchObject({ code: "FORBIDDEN" });
  });

  it("tells the login page how an email signs in from its domain alone", async () => {
    const anyone = h.anonymous();
    expect(await anyone.sso.howToSignIn({ email: "bo@acme-sso.example" })).toEqual({ method: "sso", required: false });
    // Unknown at the portal, but in the domain: the answer cannot tell.
    expect(await anyone.sso.howToSignIn({ email: "nobody@ACME-SSO.example" })).toEqual({ method: "sso", required: false });
    expect(await anyone.sso.howToSignIn({ email: "pat@elsewhere.example" })).toEqual({ method: "password", required: false });
    expect(await rejection(anyone.sso.howToSignIn({ email: "no-at-sign" }))).toMatchObject({ code: "BAD_REQUEST", field: "email" });
  });
});

describe("signing in through the provider", () => {
  it("signs a known person in (matched case-insensitively) with a single-use ticket and a new session each time", async () => {
    const before = await sessionsOf(acme.companyId);
    const first = await ssoRoundTrip("Bo@ACME-sso.example");
    expect(first.returnTo).toBe("/orders");
    const signedIn = await signInWithSsoTicket(h.db, withTicket(first.ticket, { "user-agent": "Test browser" }));
    expect(signedIn).toMatchObject({ email: "bo@acme-sso.example", companyId: acme.companyId, roles: ["buyer"] });
    expect(await checkSession(h.db, signedIn!.sessionId)).toMatchObject({ email: "bo@acme-sso.example" });
    // The ticket is spent.
    expect(await signInWithSsoTicket(h.db, withTicket(first.ticket, {}))).toBeNull();
    // Only this browser's cookie carries a ticket: one offered without it (in a link, a form) signs nobody in.
    const unspent = await ssoRoundTrip("bo@acme-sso.example");
    expect(await signInWithSsoTicket(h.db, { cookie: "other=1", "x-ticket": unspent.ticket })).toBeNull();
    const second = await signInWithSsoTicket(h.db, withTicket((await ssoRoundTrip("bo@acme-sso.example")).ticket, {}));
    expect(second!.sessionId).not.toBe(signedIn!.sessionId);
    expect(await sessionsOf(acme.companyId)).toBe(before + 2);
    const audited = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.signed_in_sso"), eq(auditLog.subjectId, signedIn!.id)));
    expect(audited).toHaveLength(2);
  });

  it("reads the email from the provider's userinfo when its ID token leaves it out", async () => {
    idp.tamper({ kind: "claims", claims: { email: undefined, email_verified: undefined } });
    const signedIn = await signInWithSsoTicket(h.db, withTicket((await ssoRoundTrip("bo@acme-sso.example")).ticket, {}));
    expect(signedIn).toMatchObject({ email: "bo@acme-sso.example", companyId: acme.companyId });
  });

  it("refuses a ticket past its minute, or whose person was deactivated meanwhile, starting no session", async () => {
    const before = await sessionsOf(acme.companyId);
    const late = await ssoRoundTrip("bo@acme-sso.example");
    expect(await redeemSsoTicket(h.db, late.ticket, {}, new Date(Date.now() + 61_000))).toBeNull();
    const meanwhile = await ssoRoundTrip("bo@acme-sso.example");
    await h.db.update(users).set({ active: false }).where(eq(users.email, "bo@acme-sso.example"));
    try {
      expect(await signInWithSsoTicket(h.db, withTicket(meanwhile.ticket, {}))).toBeNull();
    } finally {
      await h.db.update(users).set({ active: true }).where(eq(users.email, "bo@acme-sso.example"));
    }
    expect(await sessionsOf(acme.companyId)).toBe(before);
  });

  it("creates a new person on first sign-in when the admin allows it, with the roles their groups map to", async () => {
    await acme.callerFor("ada@acme-sso.example").sso.save({ ...baseSettings(), jitEnabled: true });
    idp.setAccount("fay", { email: "Fay@sub.acme-sso.example", name: "Fay Finance", groups: ["Finance", "Everyone"] });
    idp.setAccount("gil", { email: "gil@acme-sso.example", groups: ["Everyone"] });
    const fay = await signInWithSsoTicket(h.db, withTicket((await ssoRoundTrip("fay@sub.acme-sso.example", "fay")).ticket, {}));
    expect(fay).toMatchObject({ email: "fay@sub.acme-sso.example", name: "Fay Finance", companyId: acme.companyId, roles: ["approver", "accounts_payable"] });
    const [row] = await h.db.select().from(users).where(eq(users.id, fay!.id));
    expect(row!.passwordHash).toBeNull();
    // No mapped group: the default roles; no name: the email's first part.
    const gil = await signInWithSsoTicket(h.db, withTicket((await ssoRoundTrip("gil@acme-sso.example", "gil")).ticket, {}));
    expect(gil).toMatchObject({ name: "gil", roles: ["buyer"] });
    const created = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.created_by_sso"), eq(auditLog.subjectId, fay!.id)));
    expect(created[0]!.details).toMatchObject({ roles: ["approver", "accounts_payable"], claim: ["Finance", "Everyone"] });
  });

  it("refuses an unknown person when just-in-time creation is off, creating nobody", async () => {
    const refused = await refusal(ssoRoundTrip("newbie@acme-sso.example"));
    expect(refused.message).toBe(SSO_REFUSALS.unknown_person);
    expect(await h.db.select().from(users).where(eq(users.email, "newbie@acme-sso.example"))).toHaveLength(0);
  });

  it("refuses a deactivated person", async () => {
    const before = await sessionsOf(acme.companyId);
    expect((await refusal(ssoRoundTrip("gone@acme-sso.example"))).message).toBe(SSO_REFUSALS.deactivated);
    expect(await sessionsOf(acme.companyId)).toBe(before);
  });

  it.each([
    ["an ID token meant for another application", { kind: "wrong_audience" } as const, "wrong_audience"],
    ["an expired ID token", { kind: "expired" } as const, "expired_token"],
    ["an ID token signed with a key the provider does not publish", { kind: "bad_signature" } as const, "bad_signature"],
    ["an email outside the allowed domains", { kind: "claims", claims: { email: "bo@acme-sso.example.evil.example" } } as const, "domain_not_allowed"],
    ["an email the provider has not verified", { kind: "claims", claims: { email_verified: false } } as const, "email_not_verified"],
    ["another nonce", { kind: "claims", claims: { nonce: "replayed-from-elsewhere" } } as const, "invalid_token"],
  ])("refuses %s, says why, audits it and starts no session", async (_what, tamper, reason) => {
    idp.tamper(tamper);
    const before = await sessionsOf(acme.companyId);
    const refusalsBefore = (await h.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "sso.sign_in_refused")))[0]!.n;
    const refused = await refusal(ssoRoundTrip("bo@acme-sso.example"));
    expect(refused.message).toBe(SSO_REFUSALS[reason as keyof typeof SSO_REFUSALS]);
    expect(await sessionsOf(acme.companyId)).toBe(before);
    const refusals = await h.db.select().from(auditLog).where(eq(auditLog.action, "sso.sign_in_refused"));
    expect(refusals).toHaveLength(refusalsBefore + 1);
    expect(refusals.at(-1)!).toMatchObject({ companyId: acme.companyId, details: expect.objectContaining({ reason }) });
    // The trip ended without a ticket to redeem.
    const [trip] = await h.db.select().from(ssoSignIns).where(eq(ssoSignIns.companyId, acme.companyId)).orderBy(desc(ssoSignIns.createdAt)).limit(1);
    expect(trip).toMatchObject({ answeredAt: expect.any(Date), ticketHash: null, userId: null });
  });

  it("refuses an answer brought back in another browser, or a second time", async () => {
    const started = await startSsoSignIn(h.db, { email: "bo@acme-sso.example" });
    const callbackUrl = await throughProvider(started.authorizationUrl, "bo@acme-sso.example");
    expect((await refusal(finishSsoSignIn(h.db, { callbackUrl, browserState: null }))).message).toBe(SSO_REFUSALS.expired_request);
    await finishSsoSignIn(h.db, { callbackUrl, browserState: started.state });
    expect((await refusal(finishSsoSignIn(h.db, { callbackUrl, browserState: started.state }))).message).toBe(SSO_REFUSALS.expired_request);
  });

  it("refuses an email whose domain has no single sign-on, or whose single sign-on is off", async () => {
    expect((await refusal(startSsoSignIn(h.db, { email: "pat@elsewhere.example" }))).message).toBe(SSO_REFUSALS.not_configured);
    await acme.callerFor("ada@acme-sso.example").sso.save({ ...baseSettings(), enabled: false });
    expect((await refusal(startSsoSignIn(h.db, { email: "bo@acme-sso.example" }))).message).toBe(SSO_REFUSALS.not_configured);
  });
});

describe("single sign-on required", () => {
  it("refuses the password for the company's people, in its domains or not, and saying so only after a right password", async () => {
    expect(await passwordSignIn(h.db, { email: "bo@acme-sso.example", password }, {})).toMatchObject({ email: "bo@acme-sso.example" });
    await acme.callerFor("ada@acme-sso.example").sso.save({ ...baseSettings(), required: true });
    const before = await sessionsOf(acme.companyId);
    await expect(passwordSignIn(h.db, { email: "bo@acme-sso.example", password }, {})).rejects.toThrow(SSO_REFUSALS.sso_required);
    // The domain requires it, whoever asks: an unknown email there is told the same.
    await expect(passwordSignIn(h.db, { email: "nobody@acme-sso.example", password: "anything" }, {})).rejects.toThrow(SSO_REFUSALS.sso_required);
    // A person of the company outside its domains: a wrong password is just wrong; a right one is told to use SSO.
    expect(await passwordSignIn(h.db, { email: "pat@elsewhere.example", password: "wrong password" }, {})).toBeNull();
    await expect(passwordSignIn(h.db, { email: "pat@elsewhere.example", password }, {})).rejects.toThrow(SSO_REFUSALS.sso_required);
    expect(await sessionsOf(acme.companyId)).toBe(before);
    const refusedAudit = await h.db.select().from(auditLog).where(eq(auditLog.action, "sso.password_refused"));
    // Bo and Pat, the company's people; the unknown address left nothing.
    expect(refusedAudit.map((a) => a.details.email).sort()).toEqual(["bo@acme-sso.example", "pat@elsewhere.example"]);
    // Another company's people keep their passwords.
    expect(await passwordSignIn(h.db, { email: "oli@other-sso.example", password }, {})).toMatchObject({ email: "oli@other-sso.example" });
    // And single sign-on still signs the company's people in.
    expect(await signInWithSsoTicket(h.db, withTicket((await ssoRoundTrip("bo@acme-sso.example")).ticket, {}))).toMatchObject({ companyId: acme.companyId });
  });
});
