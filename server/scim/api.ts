/**
 * The SCIM 2.0 HTTP edge (RFC 7644) under /scim/v2: authenticates the bearer token, reads the request, calls one use
 * case and answers in SCIM's shapes and content type. app/scim/v2/[...path]/route.ts hands every request here, and the
 * tests call it with real Request objects, so both go through the same routing.
 */
import type { Database } from "@/db/client";
import { notFound } from "@/server/errors";
import { GROUP_SCHEMA, LIST_SCHEMA, MAX_PAGE, resourceTypes, schemas, serviceProviderConfig } from "./discovery";
import { scimErrorOf, scimInvalid } from "./errors";
import { createScimGroup, deleteScimGroup, getScimGroup, listScimGroups, patchScimGroup, replaceScimGroup, type ScimGroupRecord } from "./groups";
import { authenticateScimToken, type ScimContext } from "./tokens";
import { USER_SCHEMA } from "./user-attributes";
import { createScimUser, deleteScimUser, getScimUser, listScimUsers, patchScimUser, replaceScimUser, type Page, type ScimUserRecord } from "./users";

export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";
const MAX_BODY_BYTES = 1024 * 1024;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": SCIM_CONTENT_TYPE, "Cache-Control": "no-store", ...headers } });

const listResponse = (resources: unknown[], totalResults: number, startIndex: number) => ({
  schemas: [LIST_SCHEMA],
  totalResults,
  startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});

export function userResource(base: string, user: ScimUserRecord) {
  return {
    schemas: [USER_SCHEMA],
    id: user.id,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    userName: user.userName,
    name: {
      ...(user.givenName ? { givenName: user.givenName } : {}),
      ...(user.familyName ? { familyName: user.familyName } : {}),
      formatted: user.name,
    },
    displayName: user.name,
    emails: [{ value: user.userName, type: "work", primary: true }],
    active: user.active,
    meta: { resourceType: "User", created: user.createdAt.toISOString(), lastModified: user.lastModified.toISOString(), location: `${base}/Users/${user.id}` },
  };
}

/** `excludedAttributes=members`, as Entra asks when it only wants to know a group exists. */
export function groupResource(base: string, group: ScimGroupRecord, withMembers = true) {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    displayName: group.name,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    ...(withMembers ? { members: group.members.map((m) => ({ value: m.id, display: m.name, $ref: `${base}/Users/${m.id}` })) } : {}),
    meta: { resourceType: "Group", created: group.createdAt.toISOString(), location: `${base}/Groups/${group.id}` },
  };
}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw scimInvalid("tooMany", "body", "a request body can be at most 1 MB.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw scimInvalid("invalidSyntax", "body", "is not JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw scimInvalid("invalidSyntax", "body", "must be a JSON object.");
  return body as Record<string, unknown>;
}

function wholeNumber(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === null || raw.trim() === "") return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw scimInvalid("invalidValue", name, "must be a whole number.");
  return Number(raw.trim());
}

/** RFC 7644 §3.4.2.4: startIndex is 1-based (less than 1 means 1), count is at most MAX_PAGE (negative means 0). */
function pageOf(params: URLSearchParams): Page {
  return {
    startIndex: Math.max(1, wholeNumber(params, "startIndex", 1)),
    count: Math.min(MAX_PAGE, Math.max(0, wholeNumber(params, "count", 100))),
  };
}

const noSuchEndpoint = (path: string) => notFound(`/scim/v2/${path}`);

async function route(ctx: ScimContext, method: Method, segments: string[], request: Request, base: string): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const [resource, id, ...rest] = segments;
  if (rest.length > 0) throw noSuchEndpoint(segments.join("/"));
  switch (resource) {
    case "ServiceProviderConfig":
      if (method !== "GET" || id) break;
      return json(200, serviceProviderConfig(base));
    case "ResourceTypes":
    case "Schemas": {
      if (method !== "GET") break;
      const all = resource === "Schemas" ? schemas(base) : resourceTypes(base);
      if (!id) return json(200, listResponse(all, all.length, 1));
      const one = all.find((r) => r.id === id);
      if (!one) throw noSuchEndpoint(segments.join("/"));
      return json(200, one);
    }
    case "Users": {
      if (!id && method === "GET") {
        const page = await listScimUsers(ctx, { filter: params.get("filter"), ...pageOf(params) });
        return json(
          200,
          listResponse(
            page.resources.map((u) => userResource(base, u)),
            page.totalResults,
            page.startIndex,
          ),
        );
      }
      if (!id && method === "POST") {
        const user = userResource(base, await createScimUser(ctx, await readBody(request)));
        return json(201, user, { Location: user.meta.location });
      }
      if (!id) break;
      if (method === "GET") return json(200, userResource(base, await getScimUser(ctx, id)));
      if (method === "PUT") return json(200, userResource(base, await replaceScimUser(ctx, id, await readBody(request))));
      if (method === "PATCH") return json(200, userResource(base, await patchScimUser(ctx, id, await readBody(request))));
      if (method === "DELETE") {
        await deleteScimUser(ctx, id);
        return new Response(null, { status: 204 });
      }
      break;
    }
    case "Groups": {
      const withMembers = !(params.get("excludedAttributes") ?? "").split(",").some((a) => a.trim().toLowerCase() === "members");
      if (!id && method === "GET") {
        const page = await listScimGroups(ctx, { filter: params.get("filter"), ...pageOf(params) });
        return json(
          200,
          listResponse(
            page.resources.map((g) => groupResource(base, g, withMembers)),
            page.totalResults,
            page.startIndex,
          ),
        );
      }
      if (!id && method === "POST") {
        const group = groupResource(base, await createScimGroup(ctx, await readBody(request)));
        return json(201, group, { Location: group.meta.location });
      }
      if (!id) break;
      if (method === "GET") return json(200, groupResource(base, await getScimGroup(ctx, id), withMembers));
      if (method === "PUT") return json(200, groupResource(base, await replaceScimGroup(ctx, id, await readBody(request))));
      if (method === "PATCH") return json(200, groupResource(base, await patchScimGroup(ctx, id, await readBody(request))));
      if (method === "DELETE") {
        await deleteScimGroup(ctx, id);
        return new Response(null, { status: 204 });
      }
      break;
    }
  }
  throw noSuchEndpoint(segments.join("/"));
}

/** One SCIM request, start to end; every refusal (including a bad token) in the SCIM error shape. */
export function scimApi(database: () => Promise<Database>) {
  return async function handleScim(request: Request, segments: string[]): Promise<Response> {
    const url = new URL(request.url);
    const base = `${url.origin}/scim/v2`;
    try {
      const ctx = await authenticateScimToken(await database(), request.headers.get("authorization"));
      return await route(ctx, request.method.toUpperCase() as Method, segments, request, base);
    } catch (error) {
      const { status, body } = scimErrorOf(error);
      return json(status, body, status === 401 ? { "WWW-Authenticate": 'Bearer realm="SCIM"' } : {});
    }
  };
}
