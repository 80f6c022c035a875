import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/root";

/**
 * The same tRPC procedures as `useTRPC()`, called over the same `/api/trpc` endpoint, for the pages a phone opens first
 * (home, catalog, order history, checkout): the full client (tRPC links, React Query, superjson) is about 26 kB gzipped,
 * which would put those pages over the 150 kB first-load budget, so they call the API through this 1 kB one and take their
 * data from the server render. Everything else keeps `useTRPC()` and its cache.
 *
 * It speaks tRPC's HTTP wire format with the superjson transformer: inputs go as `{ json }` (the portal's inputs are plain
 * JSON), and outputs come back with Dates and undefined restored; any other superjson type is refused loudly rather than
 * passed on mangled. Errors keep the shape the pages already read: `message` and `data.field` from the error formatter.
 */
export const portalApi = createRecursiveProxy([]) as unknown as TRPCClient<AppRouter>;

/** Sent after every successful change so the navigation's counts (cart lines, approvals, unread) follow without a reload. */
export const PORTAL_CHANGED_EVENT = "portal:changed";

export class ProcedureError extends Error {
  constructor(
    message: string,
    readonly data: { code?: string; httpStatus?: number; field?: string; path?: string } | undefined,
  ) {
    super(message);
    this.name = "ProcedureError";
  }
}

function createRecursiveProxy(path: string[]): unknown {
  return new Proxy(() => {}, {
    get: (_target, key) => (typeof key === "string" ? createRecursiveProxy([...path, key]) : undefined),
    apply: (_target, _this, args: unknown[]) => {
      const action = path.at(-1);
      const procedure = path.slice(0, -1).join(".");
      const background = (args[1] as { context?: { background?: unknown } } | undefined)?.context?.background === true;
      if (action === "query") return call("query", procedure, args[0], background);
      if (action === "mutate") return call("mutation", procedure, args[0], background);
      throw new Error(`portalApi.${path.join(".")}: only .query() and .mutate() are supported`);
    },
  });
}

/**
 * `background`: a refresh the page makes on its own (`.query(input, { context: { background: true } })`), which must not
 * keep an unused session from going idle; the header is read in server/trpc/init.ts.
 */
async function call(type: "query" | "mutation", procedure: string, input: unknown, background: boolean): Promise<unknown> {
  const url = `/api/trpc/${procedure}`;
  const body = input === undefined ? undefined : JSON.stringify({ json: input });
  const headers: Record<string, string> = { "content-type": "application/json", ...(background ? { "x-portal-background": "1" } : {}) };
  let response: Response;
  try {
    response =
      type === "query"
        ? await fetch(body === undefined ? url : `${url}?input=${encodeURIComponent(body)}`, { headers })
        : await fetch(url, { method: "POST", headers, body });
  } catch {
    throw new ProcedureError("The portal cannot be reached: check your connection and try again.", { code: "NETWORK" });
  }
  const envelope = (await response.json().catch(() => null)) as {
    result?: { data?: SuperjsonResult };
    error?: { json?: { message?: string; data?: ProcedureError["data"] } };
  } | null;
  if (!response.ok || !envelope?.result) {
    const error = envelope?.error?.json;
    throw new ProcedureError(error?.message ?? `The portal answered ${response.status}; please try again.`, error?.data ?? { httpStatus: response.status });
  }
  const output = deserialize(envelope.result.data);
  if (type === "mutation" && typeof window !== "undefined") window.dispatchEvent(new Event(PORTAL_CHANGED_EVENT));
  return output;
}

interface SuperjsonResult {
  json: unknown;
  meta?: { values?: string[] | Record<string, string[]> };
}

/** superjson's output, for the two types procedures here return: Date and undefined (sent as null). */
export function deserialize(result: SuperjsonResult | undefined): unknown {
  if (!result) return undefined;
  const values = result.meta?.values;
  if (!values) return result.json;
  if (Array.isArray(values)) return revive(result.json, values);
  const root = { value: result.json } as Record<string, unknown>;
  for (const [escapedPath, annotation] of Object.entries(values)) {
    const keys = ["value", ...splitPath(escapedPath)];
    let parent = root as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    const last = keys.at(-1)!;
    parent[last] = revive(parent[last], annotation);
  }
  return root.value;
}

function revive(value: unknown, annotation: string[]): unknown {
  const [type] = annotation;
  if (type === "Date") return new Date(value as string);
  if (type === "undefined") return undefined;
  throw new Error(`portalApi cannot read superjson's "${String(type)}": call this procedure through useTRPC()`);
}

/** "a.b\.c" -> ["a", "b.c"]: superjson escapes dots (and backslashes) inside keys. */
function splitPath(path: string): string[] {
  const keys: string[] = [];
  let key = "";
  for (let i = 0; i < path.length; i++) {
    const char = path[i]!;
    if (char === "\\" && i + 1 < path.length) key += path[++i];
    else if (char === ".") {
      keys.push(key);
      key = "";
    } else key += char;
  }
  keys.push(key);
  return keys;
}
