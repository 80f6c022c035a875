/**
 * SCIM Groups (RFC 7644) over the company's groups (server/groups/): the identity provider creates them, renames them
 * and adds and removes members, through the same use cases the People page uses, audited as "SCIM (token name)". A
 * group the approval policy names cannot be deleted, over SCIM as anywhere else.
 */
import { AppError, notFound } from "@/server/errors";
import { changeGroupMembers, createGroup, deleteGroup, listGroups, renameGroup } from "@/server/groups/groups";
import { GROUP_SCHEMA } from "./discovery";
import { ScimError, scimInvalid } from "./errors";
import { readFilter } from "./filter";
import { readPatch } from "./patch";
import type { ScimContext } from "./tokens";
import type { Page } from "./users";

export type ScimGroupRecord = Awaited<ReturnType<typeof listGroups>>[number];

const FILTERABLE = ["displayName", "externalId", "id", "members.value"] as const;
const KEPT = new Map(["displayName", "externalId", "members"].map((a) => [a.toLowerCase(), a]));
const IGNORED = new Set(["id", "meta", "schemas"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const groupNotFound = () => notFound("That group");

async function groupOf(ctx: ScimContext, id: string): Promise<ScimGroupRecord> {
  const group = (await listGroups(ctx)).find((g) => g.id === id);
  if (!group) throw groupNotFound();
  return group;
}

export const getScimGroup = groupOf;

export async function listScimGroups(ctx: ScimContext, query: { filter: string | null } & Page) {
  const equalities = readFilter(query.filter, FILTERABLE);
  const matching = (await listGroups(ctx)).filter((g) =>
    equalities.every(({ attribute, value }) => {
      if (attribute === "displayName") return g.name.toLowerCase() === value.trim().toLowerCase();
      if (attribute === "externalId") return g.externalId === value;
      if (attribute === "id") return g.id === value;
      return g.members.some((m) => m.id === value);
    }),
  );
  const page = query.count === 0 ? [] : matching.slice(query.startIndex - 1, query.startIndex - 1 + query.count);
  return { totalResults: matching.length, startIndex: query.startIndex, resources: page };
}

interface GroupChange {
  name?: string;
  externalId?: string | null;
  add: string[];
  remove: string[];
  replaceWith?: string[];
}

function checkSchemas(body: Record<string, unknown>) {
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === GROUP_SCHEMA.toLowerCase())) {
    throw scimInvalid("invalidValue", "schemas", `must list ${GROUP_SCHEMA}.`);
  }
  const unknown = schemas.find((s) => typeof s !== "string" || s.toLowerCase() !== GROUP_SCHEMA.toLowerCase());
  if (unknown !== undefined) throw scimInvalid("invalidValue", "schemas", `${String(unknown)} is not a schema the portal supports for groups.`);
}

const attributeOf = (key: string): string | null => {
  const bare = key.replace(/^urn:ietf:params:scim:schemas:core:2\.0:Group:/i, "");
  const kept = KEPT.get(bare.toLowerCase());
  if (kept) return kept;
  if (IGNORED.has(bare.toLowerCase())) return null;
  throw scimInvalid("invalidPath", key, "the Group schema has no such attribute (displayName, externalId, members).");
};

/** Member references as `[{ value: "<user id>" }]`; anything else names the members attribute. */
function memberIds(value: unknown, attribute = "members"): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((m) => {
    const id = typeof m === "object" && m !== null ? (m as Record<string, unknown>).value : undefined;
    if (typeof id !== "string" || !id.trim()) throw scimInvalid("invalidValue", attribute, 'each member is { "value": "<user id>" }.');
    if (!UUID.test(id.trim())) throw scimInvalid("invalidValue", attribute, `${id} is not the id of one of your company's users (from /Users).`);
    return id.trim();
  });
}

function text(attribute: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== "string") throw scimInvalid("invalidValue", attribute, "must be a string.");
  return value.trim() || null;
}

function setAttribute(change: GroupChange, attribute: string, value: unknown, op: "add" | "replace") {
  if (attribute === "displayName") {
    const name = text("displayName", value);
    if (!name) throw scimInvalid("invalidValue", "displayName", "is required: the group's name.");
    change.name = name;
  } else if (attribute === "externalId") change.externalId = text("externalId", value);
  else if (op === "add") change.add.push(...memberIds(value));
  else change.replaceWith = memberIds(value ?? []);
}

/** A POST or PUT body: the whole group. */
function changeFromBody(body: Record<string, unknown>): GroupChange & { name: string } {
  checkSchemas(body);
  const change: GroupChange = { add: [], remove: [], externalId: null, replaceWith: [] };
  for (const [key, value] of Object.entries(body)) {
    const attribute = attributeOf(key);
    if (attribute) setAttribute(change, attribute, value, "replace");
  }
  if (!change.name) throw scimInvalid("invalidValue", "displayName", "is required: the group's name.");
  return change as GroupChange & { name: string };
}

/** `members[value eq "<id>"]`, as Okta removes one member. */
function memberInPath(path: string): string | null {
  const match = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path.trim());
  return match ? match[1]! : null;
}

function changeFromPatch(body: unknown): GroupChange {
  const change: GroupChange = { add: [], remove: [] };
  for (const { op, path, value } of readPatch(body)) {
    if (!path) {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const attribute = attributeOf(key);
        if (attribute) setAttribute(change, attribute, v, op === "add" ? "add" : "replace");
      }
      continue;
    }
    const one = memberInPath(path);
    if (one) {
      if (op !== "remove") throw scimInvalid("invalidPath", path, "a single member can only be removed; add members with the path members.");
      change.remove.push(one);
      continue;
    }
    const attribute = attributeOf(path);
    if (!attribute) continue;
    if (op !== "remove") setAttribute(change, attribute, value, op);
    else if (attribute === "members") {
      // Entra removes members with path "members" and the members as the value; with no value, all of them.
      if (value === undefined || value === null) change.replaceWith = [];
      else change.remove.push(...memberIds(value));
    } else if (attribute === "externalId") change.externalId = null;
    else throw scimInvalid("mutability", path, "is required and cannot be removed.");
  }
  return change;
}

/** Member ids that are not this company's people are "not found" to the provider, never someone else's. */
function asScim(error: unknown): never {
  if (error instanceof AppError && !(error instanceof ScimError)) {
    if (error.field === "memberIds" || error.field === "add")
      throw scimInvalid("invalidValue", "members", `${error.message} Each value is a user id from /Users.`);
    if (error.field === "name") throw scimInvalid("invalidValue", "displayName", error.message);
  }
  throw error;
}

/** Group names are unique in a company, case-insensitively: SCIM says so as a 409, before anything is written. */
async function refuseTakenName(ctx: ScimContext, name: string | undefined, groupId?: string) {
  if (name === undefined) return;
  const taken = (await listGroups(ctx)).find((g) => g.id !== groupId && g.name.toLowerCase() === name.replace(/\s+/g, " ").toLowerCase());
  if (taken) throw new ScimError("conflict", "uniqueness", `displayName: there is already a group called “${taken.name}”.`, "displayName");
}

async function apply(ctx: ScimContext, groupId: string, change: GroupChange) {
  await refuseTakenName(ctx, change.name, groupId);
  await ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx };
    if (change.name !== undefined || change.externalId !== undefined) {
      const current = await groupOf(inTx, groupId);
      await renameGroup(inTx, { groupId, name: change.name ?? current.name, externalId: change.externalId });
    }
    if (change.replaceWith || change.add.length || change.remove.length) {
      await changeGroupMembers(inTx, change.replaceWith ? { groupId, replaceWith: change.replaceWith } : { groupId, add: change.add, remove: change.remove });
    }
  });
}

export async function createScimGroup(ctx: ScimContext, body: Record<string, unknown>) {
  const change = changeFromBody(body);
  await refuseTakenName(ctx, change.name);
  try {
    const group = await createGroup(ctx, { name: change.name, externalId: change.externalId, memberIds: change.replaceWith });
    return groupOf(ctx, group.id);
  } catch (error) {
    asScim(error);
  }
}

export async function replaceScimGroup(ctx: ScimContext, id: string, body: Record<string, unknown>) {
  await groupOf(ctx, id);
  try {
    await apply(ctx, id, changeFromBody(body));
  } catch (error) {
    asScim(error);
  }
  return groupOf(ctx, id);
}

export async function patchScimGroup(ctx: ScimContext, id: string, body: unknown) {
  const change = changeFromPatch(body);
  await groupOf(ctx, id);
  try {
    await apply(ctx, id, change);
  } catch (error) {
    asScim(error);
  }
  return groupOf(ctx, id);
}

export async function deleteScimGroup(ctx: ScimContext, id: string) {
  await groupOf(ctx, id);
  await deleteGroup(ctx, { groupId: id });
}
