/**
 * The Hygrade sandbox: a real HTTP server (node:http) on loopback that speaks
 * the Hygrade REST API as documented in shared/vendors/hygrade.seed.txt, so
 * the demo and the tests exercise the connector over real sockets.
 *
 * What it enforces, as documented: OAuth2 bearer auth on every /v1 call,
 * cursor paging (limit default 25, max 100, starting_after, has_more,
 * next_cursor), the error envelope {error:{type,code,message,param,request_id}},
 * Idempotency-Key on POST (24 h replay), 120 req/s bursting to 240 per token
 * with X-RateLimit-Remaining / X-RateLimit-Reset and 429 + Retry-After.
 *
 * Our choices where the documentation is silent (all loopback-sandbox only):
 * - Token endpoint: POST /oauth/token (the docs give no path), form-encoded or
 *   JSON client_credentials, credentials in the body or HTTP Basic. Tokens are
 *   opaque, 1800 s by default. Wrong credentials: 401 {error:"invalid_client"}.
 * - Idempotency keys are scoped per API client and honoured on every /v1 POST.
 *   The same key with a different method, path or body: 422
 *   code "idempotency_key_reused". Responses with 401/429/5xx are not stored.
 * - Order pricing: the account's tier for each line's quantity; tax 7 % of the
 *   subtotal rounded half to even (the documented example: 7 % of 7350 = 514.5
 *   -> 514); shipping 1200, free when the subtotal is above 50000.
 * - An order whose total is above the account's approval_required_over waits
 *   in pending_approval with an approval (apr_...) for the account's approver.
 *   Rejecting cancels the order.
 * - Product images live on the sandbox itself: GET /catalog-images/{cust}/{file}.svg,
 *   no auth.
 * - Control endpoints (no auth, never under /v1): see handleControl below.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { buildWorld, imageFileName, itemSvg, toWireCustomer, type SandboxAccount, type SandboxWorld } from "./data";
import {
  ORDER_STATUSES,
  formatIssuePath,
  wireCreateOrder,
  type WireApproval,
  type WireCatalogItem,
  type WireList,
  type WireMoney,
  type WireOrder,
  type WireOrderStatus,
} from "@/server/suppliers/hygrade/wire";
import { decimalToMinor } from "@/server/domain/money";
import { answerCommonControl, ControlRefusal, parseControlBody, SandboxCore, type ChangedItem, type ItemChange, type LoggedRequest } from "../shared/control";
import { applyFault, sendTruncated, type SandboxFault } from "../shared/faults";
import { listenOnLoopback, parseJson as parseJsonOr, readBody as readBodyOr, sendJson } from "../shared/http";
import type { RateDecision } from "../shared/rate-buckets";
import { openStateFile } from "../shared/state-file";
import { answerTokenRequest } from "../shared/tokens";
import { changedItemKey, hygradeSavedState, restore, snapshotOf } from "./saved-state";

export const HYGRADE_SANDBOX_CLIENT_ID = "portal-demo";
export const HYGRADE_SANDBOX_CLIENT_SECRET = "hygrade-sandbox-secret";
/** The token endpoint's path on the sandbox (our choice; the docs give none). */
export const HYGRADE_SANDBOX_TOKEN_PATH = "/oauth/token";

export interface SandboxOrderRecord {
  order: WireOrder;
  /** Creation order (orders made in the same millisecond still list newest first). */
  seq: number;
  clientId: string;
  createdAtMs: number;
  statusChangedAtMs: number;
  approvalId: string | null;
}

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
  storedAtMs: number;
}

export interface HygradeSandboxState {
  /** The accounts and their catalogs; rebuilt by a catalog reset. */
  world: SandboxWorld;
  readonly orders: Map<string, SandboxOrderRecord>;
  readonly approvals: Map<string, WireApproval>;
  readonly idempotency: Map<string, StoredResponse>;
  /** The last order's creation number. */
  orderSeq: number;
  /** Items changed through the control API, per account (what a restart must bring back). */
  readonly changedItems: Map<string, { account: string; itemId: string }>;
  /** Something an order's later life needs changed: saved soon when the sandbox has a state file. */
  changed: () => void;
  /** Faults, tokens, rate buckets and the request log (the shared machinery). */
  readonly core: SandboxCore;
  /** Tokens handed out by /oauth/token since start (or the last reset). */
  readonly tokensIssued: number;
}

export interface HygradeSandboxOptions {
  /** 0 = a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Orders move one status forward every this many ms (demo); null/0 = only by control calls. */
  autoAdvanceMs?: number | null;
  /** Lifetime of issued tokens (default 1800 s). */
  tokenTtlSeconds?: number;
  /** Default 120/s bursting to 240, as documented. */
  rateLimit?: { ratePerSecond: number; burst: number };
  /** Keep orders, approvals, idempotency records and item changes in this file across restarts; default: memory only. */
  stateFile?: string;
  /** Where the sandbox says it could not read or write its state file (default console.warn). */
  log?: (line: string) => void;
}

export interface HygradeSandbox {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** `${url}/v1` */
  baseUrl: string;
  /** `${url}/oauth/token` */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  state: HygradeSandboxState;
  close(): Promise<void>;
}

const CLIENTS = new Map([[HYGRADE_SANDBOX_CLIENT_ID, HYGRADE_SANDBOX_CLIENT_SECRET]]);
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const TAX_RATE_PERCENT = 7;
const SHIPPING_CENTS = 1200;
const FREE_SHIPPING_OVER_CENTS = 50000;
const NEXT_STATUS: Partial<Record<WireOrderStatus, WireOrderStatus>> = {
  pending_approval: "approved",
  approved: "in_production",
  in_production: "shipped",
  shipped: "delivered",
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const invalid = (code: string, message: string, param?: string) => new HttpError(422, "invalid_request", code, message, param);
const missing = (param: string) => invalid("missing_required_field", `The field '${param}' is required.`, param);
const notFound = (what: string, id: string, param = "id") => new HttpError(404, "invalid_request", "resource_missing", `No such ${what}: '${id}'`, param);

interface Handled {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface ApiContext {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  clientId: string;
  url: URL;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const requestId = () => `req_${hex(8)}`;
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const usd = (amount: number): WireMoney => ({ amount, currency: "USD" });

/** Rounds n/100 half to even, in integers (n >= 0). */
export function percentHalfEven(amount: number, percent: number): number {
  const scaled = amount * percent;
  const quotient = Math.floor(scaled / 100);
  const remainder = scaled - quotient * 100;
  if (remainder > 50) return quotient + 1;
  if (remainder < 50) return quotient;
  return quotient % 2 === 0 ? quotient : quotient + 1;
}

/** Tax, shipping and total for a subtotal, as the sandbox prices orders. */
export function priceOrder(subtotal: number): { tax: number; shipping: number; total: number } {
  const tax = percentHalfEven(subtotal, TAX_RATE_PERCENT);
  const shipping = subtotal > FREE_SHIPPING_OVER_CENTS ? 0 : SHIPPING_CENTS;
  return { tax, shipping, total: subtotal + tax + shipping };
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function valueAtPath(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** First zod issue as the documented 422: missing_required_field or invalid_value, with param. */
function zodToHttpError(error: z.ZodError, body: unknown): HttpError {
  const issue = error.issues[0];
  if (!issue) return invalid("invalid_value", "The request body is invalid.");
  const param = formatIssuePath(issue.path);
  const value = valueAtPath(body, issue.path);
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "" && issue.code === "too_small")) return missing(param);
  if (param.endsWith(".quantity")) return invalid("invalid_value", `The field '${param}' must be a positive integer.`, param);
  return invalid("invalid_value", `The field '${param}' is invalid: ${issue.message}.`, param);
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw invalid("invalid_value", "The request body must be a JSON object.");
  const result = schema.safeParse(body);
  if (!result.success) throw zodToHttpError(result.error, body);
  return result.data;
}

function parseLimit(query: URLSearchParams): number {
  const raw = query.get("limit");
  if (raw === null || raw === "") return 25;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) {
    throw invalid("invalid_value", `The field 'limit' must be an integer between 1 and 100, got '${raw}'.`, "limit");
  }
  return Number(raw);
}

function parseBoolean(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw invalid("invalid_value", `The field '${name}' must be true or false.`, name);
}

/** The documented list envelope over an ordered list; the cursor is an item id. */
function page<T extends { id: string }>(items: readonly T[], all: readonly { id: string }[], query: URLSearchParams, url: string): WireList<T> {
  const limit = parseLimit(query);
  const after = query.get("starting_after");
  let start = 0;
  if (after) {
    const position = all.findIndex((x) => x.id === after);
    if (position < 0) throw invalid("invalid_value", `The cursor 'starting_after' does not name an object in this list: '${after}'.`, "starting_after");
    const allIndex = new Map(all.map((x, i) => [x.id, i]));
    start = items.findIndex((x) => (allIndex.get(x.id) ?? -1) > position);
    if (start < 0) start = items.length;
  }
  const data = items.slice(start, start + limit);
  const hasMore = start + limit < items.length;
  const last = data[data.length - 1];
  return { object: "list", url, has_more: hasMore, next_cursor: hasMore && last ? last.id : null, data };
}

function createState(world: SandboxWorld, options: HygradeSandboxOptions): HygradeSandboxState {
  const core = new SandboxCore({
    tokenPrefix: "hgs_",
    tokenTtlSeconds: options.tokenTtlSeconds ?? 1800,
    rateLimit: options.rateLimit ?? { ratePerSecond: 120, burst: 240 },
  });
  return {
    world,
    orders: new Map(),
    approvals: new Map(),
    idempotency: new Map(),
    orderSeq: 0,
    changedItems: new Map(),
    changed: () => {},
    core,
    get tokensIssued() {
      return core.tokens.issued;
    },
  };
}

export async function startHygradeSandbox(options: HygradeSandboxOptions = {}): Promise<HygradeSandbox> {
  let origin = "";
  let state: HygradeSandboxState | null = null;

  const listening = await listenOnLoopback(
    (req, res) => {
      if (!state) {
        res.writeHead(503).end();
        return;
      }
      handle(state, origin, req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          sendJson(res, 500, {
            error: { type: "api_error", code: "internal_error", message: error instanceof Error ? error.message : "Internal error", request_id: requestId() },
          });
        }
      });
    },
    { port: options.port, host: options.host },
  );
  origin = listening.origin;
  const liveState = createState(buildWorld(origin), options);
  const saved = options.stateFile
    ? openStateFile({ file: options.stateFile, sandbox: "hygrade", schema: hygradeSavedState, snapshot: () => snapshotOf(liveState), log: options.log })
    : null;
  if (saved) {
    if (saved.loaded) restore(liveState, saved.loaded);
    liveState.changed = () => saved.changed();
  }
  state = liveState;

  let timer: NodeJS.Timeout | null = null;
  const advanceEvery = options.autoAdvanceMs ?? null;
  if (advanceEvery && advanceEvery > 0) {
    timer = setInterval(() => autoAdvance(liveState, advanceEvery), Math.max(50, Math.min(advanceEvery, 1000)));
    timer.unref();
  }

  return {
    url: origin,
    baseUrl: `${origin}/v1`,
    tokenUrl: `${origin}${HYGRADE_SANDBOX_TOKEN_PATH}`,
    clientId: HYGRADE_SANDBOX_CLIENT_ID,
    clientSecret: HYGRADE_SANDBOX_CLIENT_SECRET,
    state: liveState,
    close: async () => {
      if (timer) clearInterval(timer);
      await listening.close();
      await saved?.flush();
    },
  };
}

// ---------------------------------------------------------------------------
// Plumbing

const readBody = (req: IncomingMessage) => readBodyOr(req, (m) => new HttpError(413, "invalid_request", "body_too_large", m));
const parseJson = (text: string) => parseJsonOr(text, (m) => new HttpError(400, "invalid_request", "invalid_json", m));

function errorBody(error: HttpError, reqId: string) {
  return { error: { type: error.type, code: error.code, message: error.message, ...(error.param ? { param: error.param } : {}), request_id: reqId } };
}

async function handle(state: HygradeSandboxState, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", origin);
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "") || "/";

  if (path.startsWith("/_sandbox/") || path === "/_sandbox") return handleControl(state, origin, method, path, req, res);
  if (path.startsWith("/catalog-images/") && (method === "GET" || method === "HEAD")) return handleImage(state, path, res, method === "HEAD");
  if (path === HYGRADE_SANDBOX_TOKEN_PATH) return handleToken(state, req, res);
  if (path === "/v1" || path.startsWith("/v1/")) return handleApi(state, origin, method, path, url, req, res);
  sendJson(res, 404, { error: { type: "invalid_request", code: "route_not_found", message: `No route ${method} ${path}`, request_id: requestId() } });
}

// ---------------------------------------------------------------------------
// OAuth2 client credentials

function handleToken(state: HygradeSandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return answerTokenRequest(req, res, { tokens: state.core.tokens, clients: CLIENTS, realm: "hygrade" });
}

// ---------------------------------------------------------------------------
// /v1

/** X-RateLimit-Remaining: whole requests left in the bucket now; X-RateLimit-Reset: unix seconds when it is full again. */
function rateHeaders(decision: RateDecision): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(decision.limit.burst),
    "X-RateLimit-Remaining": String(decision.remaining),
    "X-RateLimit-Reset": String(Math.ceil((Date.now() + decision.msUntilFull) / 1000)),
  };
}

const faultAnswers = (reqId: string, headers: Record<string, string>) => ({
  unavailable: (fault: SandboxFault) => ({
    status: fault.status,
    body: { error: { type: "api_error", code: "service_unavailable", message: "Hygrade is temporarily unavailable. Please retry.", request_id: reqId } },
    headers,
  }),
  rateLimited: (fault: SandboxFault) => ({
    status: 429,
    body: { error: { type: "rate_limit_error", code: "rate_limited", message: "Too many requests. Retry after the time in Retry-After.", request_id: reqId } },
    headers: {
      ...headers,
      "Retry-After": String(fault.retryAfterSeconds),
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + fault.retryAfterSeconds),
    },
  }),
});

async function handleApi(
  state: HygradeSandboxState,
  origin: string,
  method: string,
  path: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { core } = state;
  const reqId = requestId();
  core.apiRequests++;
  const log = (status: LoggedRequest["status"]) => core.log({ method, path, status });
  const baseHeaders: Record<string, string> = { "X-Request-Id": reqId };

  const fault = core.faults.take(path);
  const faulted = await applyFault(fault, req, res, faultAnswers(reqId, baseHeaders));
  if (faulted !== null) return log(faulted);

  // Authentication
  const bearer = core.tokens.check(req.headers.authorization);
  if (bearer.kind !== "valid") {
    const anonymous = core.rateBuckets.take(`anon:${req.socket.remoteAddress ?? "?"}`);
    log(401);
    return sendJson(
      res,
      401,
      {
        error: {
          type: "authentication_error",
          code: bearer.kind === "missing" ? "missing_token" : bearer.kind === "expired" ? "token_expired" : "invalid_token",
          message:
            bearer.kind === "missing"
              ? "No bearer token. Send Authorization: Bearer <token>."
              : bearer.kind === "expired"
                ? "The access token has expired."
                : "The access token is not valid.",
          request_id: reqId,
        },
      },
      { ...baseHeaders, ...rateHeaders(anonymous), "WWW-Authenticate": `Bearer realm="hygrade", error="invalid_token"` },
    );
  }

  // Rate limit per token
  const decision = core.rateBuckets.take(`token:${bearer.token}`);
  if (decision.waitMs > 0) {
    log(429);
    return sendJson(
      res,
      429,
      {
        error: {
          type: "rate_limit_error",
          code: "rate_limited",
          message: `Rate limit of ${decision.limit.ratePerSecond} requests per second (burst ${decision.limit.burst}) exceeded.`,
          request_id: reqId,
        },
      },
      { ...baseHeaders, ...rateHeaders(decision), "Retry-After": String(Math.max(1, Math.ceil(decision.waitMs / 1000))) },
    );
  }
  const headers = { ...baseHeaders, ...rateHeaders(decision) };
  const answer = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    if (method !== "GET" && method !== "HEAD") state.changed();
    if (fault?.kind === "truncate") {
      log("truncated");
      return sendTruncated(req, res, status, body, { ...headers, ...extra });
    }
    log(status);
    sendJson(res, status, body, { ...headers, ...extra });
  };

  try {
    const body = method === "POST" || method === "PATCH" || method === "PUT" ? parseJson(await readBody(req)) : undefined;
    const ctx: ApiContext = { method, path, query: url.searchParams, body, clientId: bearer.clientId, url };
    const key = method === "POST" ? req.headers["idempotency-key"] : undefined;
    const idempotencyKey = typeof key === "string" && key.trim() !== "" ? key.trim() : null;
    if (idempotencyKey) {
      if (idempotencyKey.length > 255) throw invalid("invalid_value", "The Idempotency-Key header must be at most 255 characters.", "Idempotency-Key");
      const storeKey = `${bearer.clientId}\u0000${idempotencyKey}`;
      const fingerprint = `${method} ${path} ${stableStringify(body ?? null)}`;
      const stored = state.idempotency.get(storeKey);
      if (stored && Date.now() - stored.storedAtMs < IDEMPOTENCY_TTL_MS) {
        if (stored.fingerprint !== fingerprint) {
          throw invalid(
            "idempotency_key_reused",
            `Keys for idempotent requests can only be used with the same request. This Idempotency-Key was first used with a different request.`,
            "Idempotency-Key",
          );
        }
        return answer(stored.status, stored.body, { "Idempotent-Replayed": "true" });
      }
      let result: Handled;
      try {
        result = route(state, origin, ctx);
      } catch (error) {
        if (!(error instanceof HttpError) || error.status >= 500) throw error;
        result = { status: error.status, body: errorBody(error, reqId), headers: error.headers };
      }
      state.idempotency.set(storeKey, { fingerprint, status: result.status, body: result.body, storedAtMs: Date.now() });
      return answer(result.status, result.body, result.headers);
    }
    const result = route(state, origin, ctx);
    answer(result.status, result.body, result.headers);
  } catch (error) {
    if (error instanceof HttpError) {
      log(error.status);
      return sendJson(res, error.status, errorBody(error, reqId), { ...headers, ...error.headers });
    }
    throw error;
  }
}

function route(state: HygradeSandboxState, origin: string, ctx: ApiContext): Handled {
  const { method, path } = ctx;
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent); // ["v1", ...]
  const [, resource, id, action] = parts;
  const allow = (...methods: string[]) => {
    if (!methods.includes(method))
      throw new HttpError(405, "invalid_request", "method_not_allowed", `${method} is not allowed on ${path}.`, undefined, { Allow: methods.join(", ") });
  };

  if (resource === "catalog" && id === "items" && parts.length === 3) {
    allow("GET");
    return listCatalog(state, ctx);
  }
  if (resource === "catalog" && id === "items" && parts.length === 4 && action) {
    allow("GET");
    return getCatalogItem(state, ctx, action);
  }
  if (resource === "customers" && parts.length === 2) {
    allow("GET");
    const all = [...state.world.accounts.values()].map(toWireCustomer);
    return { status: 200, body: page(all, all, ctx.query, "/v1/customers") };
  }
  if (resource === "customers" && parts.length === 3 && id) {
    allow("GET");
    const account = state.world.accounts.get(id);
    if (!account) throw notFound("customer", id, "cust_id");
    return { status: 200, body: toWireCustomer(account) };
  }
  if (resource === "orders" && parts.length === 2) {
    allow("GET", "POST");
    return method === "POST" ? createOrder(state, ctx) : listOrders(state, ctx);
  }
  if (resource === "orders" && parts.length === 3 && id) {
    allow("GET");
    return { status: 200, body: findOrder(state, id).order };
  }
  if (resource === "orders" && parts.length === 4 && id && action === "cancel") {
    allow("POST");
    return cancelOrder(state, id);
  }
  if (resource === "approvals" && parts.length === 2) {
    allow("GET");
    return listApprovals(state, ctx);
  }
  if (resource === "approvals" && parts.length === 4 && id && (action === "approve" || action === "reject")) {
    allow("POST");
    return decideApproval(state, ctx, id, action);
  }
  throw new HttpError(404, "invalid_request", "route_not_found", `Unrecognized request URL (${method} ${path}).`);
}

// ---------------------------------------------------------------------------
// Catalog

function accountFromQuery(state: HygradeSandboxState, query: URLSearchParams): SandboxAccount {
  const custId = query.get("cust_id");
  if (!custId) throw missing("cust_id");
  const account = state.world.accounts.get(custId);
  if (!account) throw invalid("invalid_value", `No customer account '${custId}'.`, "cust_id");
  return account;
}

function listCatalog(state: HygradeSandboxState, ctx: ApiContext): Handled {
  const account = accountFromQuery(state, ctx.query);
  const all = state.world.catalogs.get(account.id) ?? [];
  const terms = (ctx.query.get("q") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const categoryId = ctx.query.get("category_id");
  const availableOnly = parseBoolean(ctx.query, "available") === true;
  const items = all.filter((item: WireCatalogItem) => {
    if (categoryId && item.category.id !== categoryId) return false;
    if (availableOnly && !item.available) return false;
    if (terms.length > 0) {
      const haystack = `${item.name} ${item.description ?? ""} ${item.item_code}`.toLowerCase();
      if (!terms.every((t) => haystack.includes(t))) return false;
    }
    return true;
  });
  return { status: 200, body: page(items, all, ctx.query, "/v1/catalog/items") };
}

function getCatalogItem(state: HygradeSandboxState, ctx: ApiContext, itemId: string): Handled {
  const account = accountFromQuery(state, ctx.query);
  const item = state.world.itemsById.get(account.id)?.get(itemId);
  if (!item) throw notFound("catalog item", itemId);
  return { status: 200, body: item };
}

function handleImage(state: HygradeSandboxState, path: string, res: ServerResponse, head: boolean): void {
  const [, , custId, file] = path.split("/");
  const catalog = custId ? state.world.catalogs.get(decodeURIComponent(custId)) : undefined;
  const match = file ? /^(.+)-(\d+)\.svg$/.exec(decodeURIComponent(file)) : null;
  const index = match ? Number(match[2]) : 0;
  const wire = match && catalog ? catalog.find((i) => imageFileName(i.item_code, index) === decodeURIComponent(file ?? "")) : undefined;
  const record = wire ? state.world.records.get(wire.id) : undefined;
  if (!record || !wire || index < 1 || index > (wire.images?.length ?? 0)) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("image not found");
    return;
  }
  const svg = itemSvg(record, index);
  res.writeHead(200, { "Content-Type": "image/svg+xml", "Content-Length": Buffer.byteLength(svg), "Cache-Control": "public, max-age=86400" });
  res.end(head ? undefined : svg);
}

// ---------------------------------------------------------------------------
// Orders

function findOrder(state: HygradeSandboxState, id: string): SandboxOrderRecord {
  const record = state.orders.get(id);
  if (!record) throw notFound("order", id);
  return record;
}

function createOrder(state: HygradeSandboxState, ctx: ApiContext): Handled {
  const input = parseBody(wireCreateOrder, ctx.body);
  const account = state.world.accounts.get(input.cust_id);
  if (!account) throw invalid("invalid_value", `No customer account '${input.cust_id}'.`, "cust_id");
  const address = account.addresses.find((a) => a.id === input.shipping_address_id && a.type === "shipping");
  if (!address) throw invalid("invalid_value", `No shipping address '${input.shipping_address_id}' on account ${account.id}.`, "shipping_address_id");
  const byCode = state.world.itemsByCode.get(account.id);
  const items = input.items.map((line, index) => {
    const item = byCode?.get(line.item_code);
    if (!item) throw invalid("invalid_value", `No item '${line.item_code}' in the catalog of ${account.id}.`, `items[${index}].item_code`);
    if (!item.available) throw invalid("item_unavailable", `Item '${line.item_code}' is discontinued or out of stock.`, `items[${index}].item_code`);
    let tier = item.pricing[0];
    for (const t of item.pricing) if (t.min_qty <= line.quantity) tier = t;
    if (!tier) throw invalid("invalid_value", `Item '${line.item_code}' has no price.`, `items[${index}].item_code`);
    const unit = tier.unit_price.amount;
    const record = state.world.records.get(item.id);
    return {
      id: `oi_${hex(4)}`,
      item_code: item.item_code,
      description: record?.orderDescription ?? item.name,
      quantity: line.quantity,
      unit_price: usd(unit),
      line_total: usd(unit * line.quantity),
    };
  });
  const subtotal = items.reduce((sum, i) => sum + i.line_total.amount, 0);
  const { tax, shipping, total } = priceOrder(subtotal);
  const now = Date.now();
  const held = account.approvalRequiredOver !== null && total > account.approvalRequiredOver;
  const order: WireOrder = {
    id: `ord_${hex(8)}`,
    object: "order",
    cust_id: account.id,
    ordered_by: { ...account.orderedBy },
    status: held ? "pending_approval" : "approved",
    submitted_at: isoSeconds(now),
    approved_at: held ? null : isoSeconds(now),
    shipping_address: {
      attention: address.attention,
      street_1: address.street_1,
      city: address.city,
      region: address.region,
      postal_code: address.postal_code,
      country: address.country,
    },
    cost_center: input.cost_center,
    po_number: input.po_number,
    items,
    subtotal: usd(subtotal),
    tax: usd(tax),
    shipping: usd(shipping),
    total: usd(total),
  };
  let approvalId: string | null = null;
  if (held) {
    const approver = account.approvers[0] ?? { login: "approver", name: "Account approver" };
    approvalId = `apr_${hex(6)}`;
    state.approvals.set(approvalId, {
      id: approvalId,
      object: "approval",
      order_id: order.id,
      cust_id: account.id,
      status: "pending",
      approver: { ...approver },
      requested_at: isoSeconds(now),
      decided_at: null,
      reason: null,
      order_total: usd(total),
    });
  }
  state.orders.set(order.id, { order, seq: ++state.orderSeq, clientId: ctx.clientId, createdAtMs: now, statusChangedAtMs: now, approvalId });
  return { status: 201, body: order };
}

function listOrders(state: HygradeSandboxState, ctx: ApiContext): Handled {
  const custId = ctx.query.get("cust_id");
  const status = ctx.query.get("status");
  if (status && !(ORDER_STATUSES as readonly string[]).includes(status)) {
    throw invalid("invalid_value", `The field 'status' must be one of ${ORDER_STATUSES.join(", ")}.`, "status");
  }
  const createdAfterRaw = ctx.query.get("created_after");
  let createdAfter: number | null = null;
  if (createdAfterRaw) {
    createdAfter = Date.parse(createdAfterRaw);
    if (Number.isNaN(createdAfter)) throw invalid("invalid_value", "The field 'created_after' must be an ISO 8601 timestamp.", "created_after");
  }
  // Newest first; the cursor is an order id.
  const all = [...state.orders.values()].sort((a, b) => b.seq - a.seq);
  const filtered = all
    .filter(
      (r) => (!custId || r.order.cust_id === custId) && (!status || r.order.status === status) && (createdAfter === null || r.createdAtMs >= createdAfter),
    )
    .map((r) => r.order);
  return {
    status: 200,
    body: page(
      filtered,
      all.map((r) => r.order),
      ctx.query,
      "/v1/orders",
    ),
  };
}

function setStatus(state: HygradeSandboxState, record: SandboxOrderRecord, status: WireOrderStatus, by = "sandbox"): void {
  const now = Date.now();
  const order = record.order;
  if (status === order.status) return;
  if (status === "approved" || (order.status === "pending_approval" && status !== "cancelled")) {
    order.approved_at = order.approved_at ?? isoSeconds(now);
  }
  order.status = status;
  record.statusChangedAtMs = now;
  const approval = record.approvalId ? state.approvals.get(record.approvalId) : undefined;
  if (approval && approval.status === "pending") {
    approval.status = status === "cancelled" ? "cancelled" : "approved";
    approval.decided_at = isoSeconds(now);
    approval.reason = status === "cancelled" ? `Order cancelled (${by}).` : `Advanced by ${by}.`;
  }
}

function cancelOrder(state: HygradeSandboxState, id: string): Handled {
  const record = findOrder(state, id);
  if (record.order.status !== "pending_approval" && record.order.status !== "approved") {
    throw new HttpError(
      409,
      "invalid_request",
      "order_not_cancellable",
      `Order ${id} is ${record.order.status} and can no longer be cancelled through the API. Contact client services.`,
      "id",
    );
  }
  setStatus(state, record, "cancelled", "the customer");
  return { status: 200, body: record.order };
}

function autoAdvance(state: HygradeSandboxState, everyMs: number): void {
  const now = Date.now();
  for (const record of state.orders.values()) {
    const next = NEXT_STATUS[record.order.status];
    if (next && now - record.statusChangedAtMs >= everyMs) {
      setStatus(state, record, next, "auto-advance");
      state.changed();
    }
  }
}

// ---------------------------------------------------------------------------
// Approvals

function listApprovals(state: HygradeSandboxState, ctx: ApiContext): Handled {
  const approver = ctx.query.get("approver");
  const custId = ctx.query.get("cust_id");
  const all = [...state.approvals.values()]; // insertion order = oldest request first
  const pending = all.filter((a) => a.status === "pending" && (!approver || a.approver.login === approver) && (!custId || a.cust_id === custId));
  return { status: 200, body: page(pending, all, ctx.query, "/v1/approvals") };
}

const rejectBody = z.object({ reason: z.string().trim().min(1).max(1000) });

function decideApproval(state: HygradeSandboxState, ctx: ApiContext, id: string, action: "approve" | "reject"): Handled {
  const approval = state.approvals.get(id);
  if (!approval) throw notFound("approval", id);
  const reason = action === "reject" ? parseBody(rejectBody, ctx.body ?? {}).reason : null;
  const record = state.orders.get(approval.order_id);
  if (approval.status !== "pending" || !record || record.order.status !== "pending_approval") {
    throw new HttpError(409, "invalid_request", "approval_not_pending", `Approval ${id} is ${approval.status}; only pending approvals can be decided.`, "id");
  }
  const now = Date.now();
  approval.status = action === "approve" ? "approved" : "rejected";
  approval.decided_at = isoSeconds(now);
  approval.reason = reason;
  record.order.status = action === "approve" ? "approved" : "cancelled";
  if (action === "approve") record.order.approved_at = isoSeconds(now);
  record.statusChangedAtMs = now;
  return { status: 200, body: approval };
}

// ---------------------------------------------------------------------------
// Control endpoints (loopback sandbox only; no auth; never under /v1): the common ones (shared/control.ts), and
//
//   POST /_sandbox/orders/{id}/advance  {status?} to the next status (or the one given)

const advanceBody = z.object({ status: z.enum(ORDER_STATUSES).optional() });

/**
 * POST /_sandbox/items/{id}: Hygrade prices per account and tier, so a change is made to one account's view of the
 * item (or every account that sees it) and shows in that account's GET /v1/catalog/items/{id} and its next order.
 * Hygrade's API has availability but no stock level, so a stock change is refused rather than guessed at.
 */
function changeItem(state: HygradeSandboxState, id: string, change: ItemChange): ChangedItem[] {
  if (change.stock !== undefined) {
    throw new ControlRefusal(400, "Hygrade's API reports no stock level, only whether an item is available: send available instead.", "stock");
  }
  if (change.account !== undefined && !state.world.accounts.has(change.account)) {
    throw new ControlRefusal(400, `No customer account '${change.account}'.`, "account");
  }
  const accounts = change.account !== undefined ? [change.account] : [...state.world.accounts.keys()];
  const views = accounts.flatMap((account) => {
    const item = state.world.itemsById.get(account)?.get(id);
    return item ? [{ account, item }] : [];
  });
  if (views.length === 0) throw new ControlRefusal(404, `No catalog item '${id}'${change.account ? ` for ${change.account}` : ""}.`, "id");
  for (const { item } of views) {
    // The list, the id index and the code index share one object per account, so the change shows everywhere at once.
    if (change.price) item.pricing = change.price.map((tier) => ({ min_qty: tier.minQty, unit_price: usd(decimalToMinor(tier.price, "USD").amount) }));
    if (change.available !== undefined) item.available = change.available;
  }
  for (const { account } of views) state.changedItems.set(changedItemKey(account, id), { account, itemId: id });
  return views;
}

/** A control call's refusal in Hygrade's error envelope. */
function controlError(refusal: ControlRefusal): HttpError {
  const code = refusal.status === 404 ? "resource_missing" : refusal.status === 409 ? "conflict" : "invalid_value";
  return new HttpError(refusal.status, "invalid_request", code, refusal.message, refusal.field ?? undefined);
}

async function handleControl(
  state: HygradeSandboxState,
  origin: string,
  method: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const reqId = requestId();
  try {
    const body = method === "POST" ? parseJson(await readBody(req)) : undefined;
    const parts = path.split("/").filter(Boolean).slice(1).map(decodeURIComponent); // after "_sandbox"
    const common = answerCommonControl(
      state.core,
      {
        forgetOrders: () => {
          state.orders.clear();
          state.approvals.clear();
          state.idempotency.clear();
        },
        reseedCatalog: () => {
          state.world = buildWorld(origin);
          state.changedItems.clear();
        },
        changeItem: (id, change) => changeItem(state, id, change),
        counters: () => ({
          orders: state.orders.size,
          approvals: state.approvals.size,
          catalogs: Object.fromEntries([...state.world.catalogs].map(([k, v]) => [k, v.length])),
        }),
      },
      method,
      parts,
      body,
    );
    if (common) {
      if (method === "POST") state.changed();
      return sendJson(res, common.status, common.body);
    }
    const [what, id, action] = parts;
    if (method === "POST" && what === "orders" && id && action === "advance" && parts.length === 3) {
      const record = findOrder(state, id);
      const input = parseControlBody(advanceBody, body);
      const next = input.status ?? NEXT_STATUS[record.order.status];
      if (!next) throw new HttpError(409, "invalid_request", "order_final", `Order ${record.order.id} is ${record.order.status}; it does not advance.`, "id");
      setStatus(state, record, next, "control call");
      state.changed();
      return sendJson(res, 200, record.order);
    }
    throw new HttpError(404, "invalid_request", "route_not_found", `No sandbox control ${method} ${path}.`);
  } catch (error) {
    const known = error instanceof ControlRefusal ? controlError(error) : error;
    if (known instanceof HttpError) return sendJson(res, known.status, errorBody(known, reqId));
    throw error;
  }
}
