/**
 * The User resource as an identity provider sends it, read into what the portal keeps: userName (the person's sign-in
 * email), their name, externalId and active. Every attribute of RFC 7643's core User schema and of the enterprise
 * extension is accepted; those the portal does not keep (title, phoneNumbers, department, …) are ignored. Anything else
 * is refused naming it, so a misconfigured mapping is found at once rather than silently dropped.
 */
import { z } from "zod";
import { scimInvalid } from "./errors";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** What the portal keeps of a SCIM user, before and after a change. */
export interface ScimUserState {
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  formatted: string | null;
  /** The work (or primary) email the provider sent; must be the userName, since the portal signs people in by one email. */
  email: string | null;
  externalId: string | null;
  active: boolean;
}

/** Core attributes the portal keeps, by their lower-case name. */
const KEPT = ["userName", "name", "displayName", "emails", "externalId", "active"] as const;
type Kept = (typeof KEPT)[number];
/** Core and read-only attributes accepted and ignored: the provider may send them, the portal has nowhere to keep them. */
const IGNORED_CORE = [
  "id",
  "meta",
  "schemas",
  "nickName",
  "profileUrl",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "phoneNumbers",
  "ims",
  "photos",
  "addresses",
  "groups",
  "entitlements",
  "roles",
  "x509Certificates",
];
const ENTERPRISE = ["employeeNumber", "costCenter", "organization", "division", "department", "manager"];
const NAME_PARTS = ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"];

const byLower = (names: readonly string[]) => new Map(names.map((n) => [n.toLowerCase(), n]));
const keptByLower = byLower(KEPT) as Map<string, Kept>;
const ignoredByLower = byLower(IGNORED_CORE);
const enterpriseByLower = byLower(ENTERPRISE);
const namePartsByLower = byLower(NAME_PARTS);

export type AttributeTarget =
  { kind: "kept"; attribute: Kept; subAttribute?: string; filter?: string } | { kind: "ignored"; attribute: string } | { kind: "password" };

/**
 * Where a PATCH path or a body key points (attribute names are case-insensitive, RFC 7643 §2.1): `userName`,
 * `name.givenName`, `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:department`, `urn:…:core:2.0:User:active`.
 */
export function attributeTarget(path: string): AttributeTarget {
  const trimmed = path.trim();
  const lower = trimmed.toLowerCase();
  if (lower.startsWith(`${ENTERPRISE_USER_SCHEMA.toLowerCase()}:`)) {
    const rest = trimmed.slice(ENTERPRISE_USER_SCHEMA.length + 1).split(".")[0]!;
    if (!enterpriseByLower.has(rest.toLowerCase())) throw scimInvalid("invalidPath", trimmed, `${rest} is not an attribute of the enterprise User extension.`);
    return { kind: "ignored", attribute: trimmed };
  }
  if (lower === ENTERPRISE_USER_SCHEMA.toLowerCase()) return { kind: "ignored", attribute: trimmed };
  const core = lower.startsWith(`${USER_SCHEMA.toLowerCase()}:`) ? trimmed.slice(USER_SCHEMA.length + 1) : trimmed;
  if (core.startsWith("urn:"))
    throw scimInvalid("invalidPath", trimmed, "this schema is not one the portal supports (core User and the enterprise extension).");
  const match = /^([A-Za-z][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z][\w$-]*))?$/.exec(core);
  if (!match) throw scimInvalid("invalidPath", trimmed, "this is not an attribute path the portal can read.");
  const [, name, filter, sub] = match;
  const lowerName = name!.toLowerCase();
  if (lowerName === "password") return { kind: "password" };
  const kept = keptByLower.get(lowerName);
  if (kept) {
    if (kept === "name" && sub && !namePartsByLower.has(sub.toLowerCase())) throw scimInvalid("invalidPath", trimmed, `${sub} is not part of a name.`);
    return {
      kind: "kept",
      attribute: kept,
      subAttribute: sub ? (kept === "name" ? namePartsByLower.get(sub.toLowerCase()) : sub.toLowerCase()) : undefined,
      filter,
    };
  }
  if (ignoredByLower.has(lowerName)) return { kind: "ignored", attribute: trimmed };
  throw scimInvalid("invalidPath", trimmed, "the User schema has no such attribute.");
}

const passwordRefused = () =>
  scimInvalid("invalidValue", "password", "people provisioned over SCIM sign in through single sign-on; turn off password sync in the identity provider.");

const text = (attribute: string) => (value: unknown) => {
  if (value === null) return null;
  if (typeof value !== "string") throw scimInvalid("invalidValue", attribute, "must be a string.");
  return value.trim() || null;
};

/** Entra sends booleans as "True"/"False" in PATCH values; RFC 7643 booleans are true/false. */
export function readBoolean(attribute: string, value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw scimInvalid("invalidValue", attribute, "must be true or false.");
}

const emailEntry = z.looseObject({
  value: z.string().optional(),
  type: z.string().optional(),
  primary: z.union([z.boolean(), z.string()]).optional(),
});

/** The email the provider means as the person's: the primary one, else the work one, else the only one. */
function chosenEmail(value: unknown): string | null {
  if (value === null) return null;
  const parsed = z.array(emailEntry).safeParse(value);
  if (!parsed.success) throw scimInvalid("invalidValue", "emails", "must be a list of { value, type, primary }.");
  const isPrimary = (e: z.infer<typeof emailEntry>) => e.primary === true || (typeof e.primary === "string" && e.primary.toLowerCase() === "true");
  const entry =
    parsed.data.find(isPrimary) ?? parsed.data.find((e) => e.type?.toLowerCase() === "work") ?? (parsed.data.length === 1 ? parsed.data[0] : undefined);
  return entry?.value?.trim() || null;
}

/** Sets one kept attribute (or one of its parts) on the state, as a PATCH add/replace or a body key does. */
export function setAttribute(state: ScimUserState, target: Extract<AttributeTarget, { kind: "kept" }>, value: unknown, path: string, merge: boolean): void {
  switch (target.attribute) {
    case "userName": {
      const v = text("userName")(value);
      if (!v) throw scimInvalid("invalidValue", "userName", "is required: the person's email address.");
      state.userName = v;
      return;
    }
    case "displayName":
      state.displayName = text("displayName")(value);
      return;
    case "externalId":
      state.externalId = text("externalId")(value);
      return;
    case "active":
      state.active = readBoolean("active", value);
      return;
    case "name": {
      if (target.subAttribute) {
        const v = text(`name.${target.subAttribute}`)(value);
        if (target.subAttribute === "givenName") state.givenName = v;
        else if (target.subAttribute === "familyName") state.familyName = v;
        else if (target.subAttribute === "formatted") state.formatted = v;
        return;
      }
      if (value !== null && (typeof value !== "object" || Array.isArray(value)))
        throw scimInvalid("invalidValue", "name", "must be an object like { givenName, familyName }.");
      if (!merge) Object.assign(state, { givenName: null, familyName: null, formatted: null });
      for (const [key, part] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        setAttribute(state, { ...target, subAttribute: knownNamePart(key) }, part, `name.${key}`, merge);
      }
      return;
    }
    case "emails": {
      if (target.filter !== undefined || target.subAttribute) {
        // emails[type eq "work"].value, emails[primary eq true].value: the one email the portal keeps.
        if (target.subAttribute && target.subAttribute !== "value") return;
        if (target.filter && !/^\s*(type\s+eq\s+"work"|primary\s+eq\s+true)\s*$/i.test(target.filter)) return;
        state.email = target.subAttribute ? text(path)(value) : chosenEmail(Array.isArray(value) ? value : [value]);
        return;
      }
      state.email = chosenEmail(value);
      return;
    }
  }
}

function knownNamePart(key: string): string {
  const part = namePartsByLower.get(key.toLowerCase());
  if (!part) throw scimInvalid("invalidValue", `name.${key}`, "is not part of a name (givenName, familyName, formatted, …).");
  return part;
}

/** Clears one kept attribute, as a PATCH remove does; the required ones cannot be removed. */
export function removeAttribute(state: ScimUserState, target: Extract<AttributeTarget, { kind: "kept" }>, path: string): void {
  if (target.attribute === "userName" || target.attribute === "active") throw scimInvalid("mutability", path, "is required and cannot be removed.");
  if (target.attribute === "name" && !target.subAttribute) Object.assign(state, { givenName: null, familyName: null, formatted: null });
  else if (target.attribute === "emails") state.email = null;
  else setAttribute(state, target, null, path, true);
}

/**
 * Applies a whole object of attributes: a POST or PUT body (`merge` false: what is not sent is cleared), or a PATCH
 * operation without a path (`merge` true). Keys may be paths themselves ("name.givenName"), and the enterprise
 * extension's object is accepted and ignored.
 */
export function applyAttributes(state: ScimUserState, body: Record<string, unknown>, merge: boolean): void {
  for (const [key, value] of Object.entries(body)) {
    const target = attributeTarget(key);
    if (target.kind === "password") throw passwordRefused();
    if (target.kind === "ignored") continue;
    setAttribute(state, target, value, key, merge);
  }
}

export function refusePassword(target: AttributeTarget): asserts target is Exclude<AttributeTarget, { kind: "password" }> {
  if (target.kind === "password") throw passwordRefused();
}

/** `schemas` must name the core User schema, and only schemas the portal supports. */
export function checkUserSchemas(body: Record<string, unknown>): void {
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string")) {
    throw scimInvalid("invalidValue", "schemas", `must list ${USER_SCHEMA}.`);
  }
  const lower = schemas.map((s) => s.toLowerCase());
  if (!lower.includes(USER_SCHEMA.toLowerCase())) throw scimInvalid("invalidValue", "schemas", `must list ${USER_SCHEMA}.`);
  const unknown = schemas.find((s) => ![USER_SCHEMA, ENTERPRISE_USER_SCHEMA].some((known) => known.toLowerCase() === s.toLowerCase()));
  if (unknown) throw scimInvalid("invalidValue", "schemas", `${unknown} is not a schema the portal supports.`);
}

/** The state a POST or PUT body describes (a PUT replaces everything, so nothing is carried over but what it sends). */
export function userStateFromBody(body: Record<string, unknown>): ScimUserState {
  checkUserSchemas(body);
  const state: ScimUserState = {
    userName: "",
    displayName: null,
    givenName: null,
    familyName: null,
    formatted: null,
    email: null,
    externalId: null,
    active: true,
  };
  applyAttributes(state, body, false);
  if (!state.userName) throw scimInvalid("invalidValue", "userName", "is required: the person's email address.");
  return state;
}

/** The name the portal shows: the provider's display name, else the formatted or given and family names, else the email. */
export function portalName(state: ScimUserState): string {
  const parts = [state.givenName, state.familyName].filter(Boolean).join(" ");
  return state.displayName || state.formatted || parts || state.userName.split("@")[0]!;
}
