/**
 * Why a single sign-on was refused, as a short code the sign-in page carries in its address and the words a person
 * reads there. The server and the login page share them, so the message is written once.
 */
export const SSO_REFUSALS = {
  not_configured: "Single sign-on is not set up for that email address. Sign in with your password.",
  expired_request: "That sign-in took too long or was already used. Start again.",
  provider_unreachable: "Your company's sign-in provider could not be reached. Try again in a moment, or ask your admin.",
  provider_refused: "Your company's sign-in provider did not sign you in. Try again, or ask your admin.",
  wrong_audience: "Your sign-in provider's answer was meant for another application (wrong audience). Ask your admin to check the portal's client id.",
  expired_token: "Your sign-in provider's answer had already expired. Start again; if it keeps happening, ask your admin to check the provider's clock.",
  bad_signature: "Your sign-in provider's answer was not signed by it (the signature does not match its keys), so it was refused.",
  invalid_token: "Your sign-in provider's answer could not be checked, so it was refused. Ask your admin.",
  no_email: "Your sign-in provider did not say your email address. Ask your admin to allow the email scope.",
  email_not_verified: "Your sign-in provider says your email address is not verified.",
  domain_not_allowed: "Your email address is not in one of the domains this company signs in with. Ask your admin.",
  unknown_person: "You do not have an account in the portal yet. Ask your admin to invite you.",
  other_company: "Your email address belongs to another company in the portal. Ask your admin.",
  deactivated: "Your account is deactivated. Ask your admin.",
  no_roles: "Your sign-in provider gave you no role in the portal. Ask your admin.",
  sso_required: "Your company signs in with single sign-on. Use \u201cContinue\u201d with your email to sign in.",
} as const;

export type SsoRefusal = keyof typeof SSO_REFUSALS;

export const isSsoRefusal = (value: unknown): value is SsoRefusal => typeof value === "string" && Object.hasOwn(SSO_REFUSALS, value);

/**
 * The single-use ticket travels from the provider's answer to the session in an HttpOnly cookie of the browser that
 * signed in, never in an address: a ticket in a link could be sent to someone else and sign them in as its person.
 */
export const SSO_TICKET_COOKIE = "portal-sso-ticket";
