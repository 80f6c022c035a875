/**
 * The OrderCloud sandbox: a real HTTP server (node:http) on loopback speaking the buyer side of the OrderCloud API as
 * shared/vendors/ordercloud.md documents it, so the connector and the portal meet it over real sockets.
 *
 * As documented:
 * - POST /oauth/token (form-encoded; no /v1): grant_type=password (username, password, client_id, scope; a
 *   client_secret makes it the elevated login), client_credentials (the API client's default context user) and
 *   refresh_token. Answers {access_token, expires_in, token_type:"bearer", refresh_token}; failures are the plain
 *   OAuth {error, error_description}, not Errors[].
 * - `scope` is a space-separated list of roles; the token carries those the user has (all of them when left out).
 * - Every other failure is {Errors:[{ErrorCode, Message, Data}]}: 401 InvalidToken, 403 listing the roles that would
 *   do (Data.SufficientRoles), 404 NotFound with Data {ObjectType, ObjectID}, 400 naming the field (Data.Field).
 * - Lists: {Meta:{Page,PageSize,TotalCount,TotalPages,ItemRange},Items}; page from 1, pageSize up to 100 (default 20);
 *   search / searchOn, sortBy with "!" for descending, and any other key a filter on a top-level or xp.* field
 *   (equals, * wildcard, | or, ! not, > < >= <= comparisons; repeated keys AND).
 * - Writable IDs (A-Z a-z 0-9 - _), unique within the buyer: a second POST with an ID in use is 409 IdExists.
 * - The order lifecycle: Unsubmitted → submit → AwaitingApproval (one Pending OrderApproval per rule that is true) or
 *   Open; approve (Open once none is pending, after rules that only now read true, e.g. order.approved('x'), had their
 *   say) or decline (Declined); cancel; Completed once everything has shipped.
 *
 * Our choices where the reference is silent (sandbox only):
 * - Access tokens live 36000 s (the reference's example) unless configured; refresh tokens 30 days, and a refresh
 *   token stays usable until it expires even after it has been used (OrderCloud does not say it rotates them).
 * - ErrorCodes beyond NotFound were not captured; ours: InvalidToken, InsufficientRoles, IdExists, InvalidRequest
 *   (with Data.Field), Order.NotEditable, Order.AlreadySubmitted, Order.CannotSubmitEmpty, Order.NotAwaitingApproval,
 *   Order.CannotCancel, Approval.NotEligible, Inventory.Insufficient.
 * - An Outgoing order is visible to its buyer's user who created it, and to members of a group its approvals wait on;
 *   another buyer's order is NotFound. Incoming holds nothing for a buyer user.
 * - Tax and shipping are 0 unless the buyer PATCHes TaxCost / ShippingCost (OrderCloud leaves them to integrations).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { answerCommonControl, ControlRefusal, parseControlBody, SandboxCore, type ChangedItem, type ItemChange, type LoggedRequest } from "../shared/control";
import { applyFault, sendTruncated } from "../shared/faults";
import { listenOnLoopback, readBody, sendEmpty, sendJson } from "../shared/http";
import { openStateFile } from "../shared/state-file";
import {
  ACME_APPROVAL_RULE_ID,
  ACME_APPROVAL_THRESHOLD,
  ACME_APPROVER_USER,
  ACME_BUYER_ID,
  ACME_BUYER_USER,
  BUYERS,
  buildAddresses,
  buildApprovalRules,
  buildCatalog,
  buildCostCenters,
  buildGroups,
  buildSpendingAccounts,
  CATEGORIES,
  DEFAULT_CONTEXT_USER_ID,
  GLOBEX_BUYER_ID,
  GLOBEX_BUYER_USER,
  ORDERCLOUD_CURRENCY,
  ORDERCLOUD_SANDBOX_CLIENT_ID,
  ORDERCLOUD_SANDBOX_CLIENT_SECRET,
  SANDBOX_USERS,
  type OrderCloudCatalog,
  type SandboxGroup,
  type SandboxUser,
} from "./data";
import { compileRule, RuleSyntaxError, type CompiledRule } from "./rules";
import { ordercloudSavedState, restore, snapshotOf } from "./saved-state";
import {
  ORDERCLOUD_ID_MAX,
  ORDERCLOUD_ID_PATTERN,
  ORDERCLOUD_PAGE_DEFAULT,
  ORDERCLOUD_PAGE_MAX,
  type WireAddress,
  type WireApprovalRule,
  type WireCostCenter,
  type WireLineItem,
  type WireOrder,
  type WireOrderApproval,
  type WireSpendingAccount,
  type WireUser,
} from "@/server/suppliers/ordercloud/wire";

export { ORDERCLOUD_SANDBOX_CLIENT_ID, ORDERCLOUD_SANDBOX_CLIENT_SECRET };
export const ORDERCLOUD_SANDBOX_TOKEN_PATH = "/oauth/token";
/** The reference's example lifetime. */
export const ORDERCLOUD_TOKEN_TTL_SECONDS = 36_000;
export const ORDERCLOUD_REFRESH_TOKEN_TTL_SECONDS = 30 * 86_400;

export interface SandboxOrder {
  BuyerID: string;
  /** Stored without FromUser; the view adds it. */
  order: WireOrder;
  lineItems: WireLineItem[];
  approvals: WireOrderApproval[];
}

export interface SandboxApprovalRule extends WireApprovalRule {
  BuyerID: string;
}

interface Session {
  userId: string;
  clientId: string;
  roles: string[];
}

export type GrantType = "password" | "client_credentials" | "refresh_token";

export interface OrderCloudSandboxState {
  catalog: OrderCloudCatalog;
  users: Map<string, SandboxUser>;
  groups: SandboxGroup[];
  addresses: Map<string, WireAddress[]>;
  costCenters: Map<string, WireCostCenter[]>;
  spendingAccounts: Map<string, WireSpendingAccount[]>;
  approvalRules: SandboxApprovalRule[];
  /** Keyed by `${BuyerID}\u0000${order ID}`: IDs are unique within a buyer only. */
  orders: Map<string, SandboxOrder>;
  sessions: Map<string, Session>;
  refreshTokens: Map<string, Session & { expiresAtMs: number }>;
  refreshTokenTtlSeconds: number;
  /** Tokens handed out per grant type, and refused token requests. */
  grants: Record<GrantType | "refused", number>;
  /** The next this-many API requests answer 401 whatever token they carry (POST /_sandbox/tokens/reject). */
  rejectNext: number;
  /** Products the control API changed (kept across restarts). */
  changedProducts: Set<string>;
  readonly core: SandboxCore;
  changed: () => void;
}

export interface OrderCloudSandboxOptions {
  port?: number;
  host?: string;
  stateFile?: string;
  tokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** Acme's rule `order.Total > N` (default 500); null: no approval rule at all. */
  approvalOver?: number | null;
  log?: (line: string) => void;
}

export interface OrderCloudSandbox {
  url: string;
  /** `${url}/v1` */
  baseUrl: string;
  /** `${url}/oauth/token` (no /v1, as the SDK builds it). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The buyer organisation the demo's users belong to. */
  buyerId: string;
  users: {
    buyer: { username: string; password: string };
    approver: { username: string; password: string };
    otherBuyer: { username: string; password: string; buyerId: string };
  };
  state: OrderCloudSandboxState;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data: unknown = null,
  ) {
    super(message);
  }
}

const invalid = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new ApiError(400, "InvalidRequest", message, { Field: field, ...extra });
const notFound = (objectType: string, objectId: string) =>
  new ApiError(404, "NotFound", `${objectType} not found: ${objectId}`, { ObjectType: objectType, ObjectID: objectId });

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
/** ISO-8601 with offset, as the reference shows dates. */
const nowStamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");
const newId = () =>
  randomBytes(12)
    .toString("base64url")
    .replace(/[^A-Za-z0-9]/g, "x");
const orderKey = (buyerId: string, id: string) => `${buyerId}\u0000${id}`;

function approvalRuleFor(amount: number): SandboxApprovalRule {
  const [seeded] = buildApprovalRules();
  return { ...seeded!, Name: `Orders over ${amount}`, Description: `A manager approves any order above $${amount}`, RuleExpression: `order.Total > ${amount}` };
}

function createState(options: OrderCloudSandboxOptions): OrderCloudSandboxState {
  const approvalOver = options.approvalOver === undefined ? ACME_APPROVAL_THRESHOLD : options.approvalOver;
  return {
    catalog: buildCatalog(),
    users: new Map(SANDBOX_USERS.map((u) => [u.ID, { ...u, Roles: [...u.Roles] }])),
    groups: buildGroups(),
    addresses: buildAddresses(),
    costCenters: buildCostCenters(),
    spendingAccounts: buildSpendingAccounts(),
    approvalRules: approvalOver === null ? [] : [approvalRuleFor(approvalOver)],
    orders: new Map(),
    sessions: new Map(),
    refreshTokens: new Map(),
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? ORDERCLOUD_REFRESH_TOKEN_TTL_SECONDS,
    grants: { password: 0, client_credentials: 0, refresh_token: 0, refused: 0 },
    rejectNext: 0,
    changedProducts: new Set(),
    core: new SandboxCore({
      // A JWT's header, so the token looks like the reference's (it is opaque to every client).
      tokenPrefix: "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.",
      tokenTtlSeconds: options.tokenTtlSeconds ?? ORDERCLOUD_TOKEN_TTL_SECONDS,
      rateLimit: { ratePerSecond: 1000, burst: 1000 },
    }),
    changed: () => undefined,
  };
}

const compiledRules = new WeakMap<SandboxApprovalRule, CompiledRule>();
function compiled(rule: SandboxApprovalRule): CompiledRule {
  let c = compiledRules.get(rule);
  if (!c) {
    c = compileRule(rule.RuleExpression);
    compiledRules.set(rule, c);
  }
  return c;
}

export async function startOrderCloudSandbox(options: OrderCloudSandboxOptions = {}): Promise<OrderCloudSandbox> {
  let origin = "";
  const state = createState(options);
  const saved = options.stateFile
    ? openStateFile({ file: options.stateFile, sandbox: "ordercloud", schema: ordercloudSavedState, snapshot: () => snapshotOf(state), log: options.log })
    : null;
  if (saved) {
    if (saved.loaded) restore(state, saved.loaded);
    state.changed = () => saved.changed();
  }
  const listening = await listenOnLoopback(
    (req, res) => {
      handle(state, origin, req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed)
          sendJson(res, 500, {
            Errors: [{ ErrorCode: "InternalServerError", Message: error instanceof Error ? error.message : "Internal server error", Data: null }],
          });
      });
    },
    { port: options.port, host: options.host },
  );
  origin = listening.origin;
  return {
    url: origin,
    baseUrl: `${origin}/v1`,
    tokenUrl: `${origin}${ORDERCLOUD_SANDBOX_TOKEN_PATH}`,
    clientId: ORDERCLOUD_SANDBOX_CLIENT_ID,
    clientSecret: ORDERCLOUD_SANDBOX_CLIENT_SECRET,
    buyerId: ACME_BUYER_ID,
    users: {
      buyer: { username: ACME_BUYER_USER.Username, password: ACME_BUYER_USER.Password },
      approver: { username: ACME_APPROVER_USER.Username, password: ACME_APPROVER_USER.Password },
      otherBuyer: { username: GLOBEX_BUYER_USER.Username, password: GLOBEX_BUYER_USER.Password, buyerId: GLOBEX_BUYER_ID },
    },
    state,
    close: async () => {
      await listening.close();
      await saved?.flush();
    },
  };
}

async function handle(state: OrderCloudSandboxState, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", origin);
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (path === "/_sandbox" || path.startsWith("/_sandbox/")) return handleControl(state, method, path, req, res);
  if (path === ORDERCLOUD_SANDBOX_TOKEN_PATH) return answerToken(state, method, req, res);
  if (path === "/v1" || path.startsWith("/v1/")) return handleApi(state, method, path, url, req, res);
  sendJson(res, 404, { Errors: [{ ErrorCode: "NotFound", Message: `No route ${method} ${path}`, Data: { ObjectType: "Route", ObjectID: path } }] });
}

// ---------------------------------------------------------------------------
// OAuth

async function answerToken(state: OrderCloudSandboxState, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const noStore = { "Cache-Control": "no-store", Pragma: "no-cache" };
  const refuse = (status: number, error: string, description: string) => {
    state.grants.refused++;
    sendJson(res, status, { error, error_description: description }, noStore);
  };
  if (method !== "POST") return refuse(405, "invalid_request", "Use POST.");
  let text: string;
  try {
    text = await readBody(req, (m) => new Error(m));
  } catch {
    return refuse(400, "invalid_request", "Body too large.");
  }
  const form = Object.fromEntries(new URLSearchParams(text));
  const grant = form.grant_type;
  if (form.client_id !== ORDERCLOUD_SANDBOX_CLIENT_ID) return refuse(400, "invalid_client", "The client_id is not a known API client.");
  if (form.client_secret !== undefined && form.client_secret !== ORDERCLOUD_SANDBOX_CLIENT_SECRET)
    return refuse(401, "invalid_client", "The client_secret does not match the API client.");
  let session: Session;
  if (grant === "password") {
    const user = [...state.users.values()].find((u) => u.Username === form.username);
    if (!form.username || !form.password) return refuse(400, "invalid_request", "username and password are required.");
    if (!user || user.Password !== form.password) return refuse(400, "invalid_grant", "The username or password is incorrect.");
    session = { userId: user.ID, clientId: form.client_id, roles: rolesFor(user, form.scope) };
  } else if (grant === "client_credentials") {
    if (!form.client_secret) return refuse(400, "invalid_client", "client_credentials needs the API client's client_secret.");
    const user = state.users.get(DEFAULT_CONTEXT_USER_ID)!;
    session = { userId: user.ID, clientId: form.client_id, roles: rolesFor(user, form.scope) };
  } else if (grant === "refresh_token") {
    const held = form.refresh_token ? state.refreshTokens.get(form.refresh_token) : undefined;
    if (!held || held.expiresAtMs <= Date.now() || held.clientId !== form.client_id)
      return refuse(400, "invalid_grant", "The refresh token is invalid or expired.");
    session = { userId: held.userId, clientId: held.clientId, roles: held.roles };
  } else {
    return refuse(400, "unsupported_grant_type", "grant_type must be password, client_credentials or refresh_token.");
  }
  const { accessToken, expiresIn } = state.core.tokens.issue(session.clientId);
  state.sessions.set(accessToken, session);
  state.grants[grant]++;
  // Refresh tokens are enabled on the sandbox's API client. A refresh grant hands the same refresh token back:
  // it stays usable until it expires (our choice; the reference does not say OrderCloud rotates them).
  let refreshToken = grant === "refresh_token" ? form.refresh_token! : randomBytes(18).toString("hex");
  if (grant !== "refresh_token") state.refreshTokens.set(refreshToken, { ...session, expiresAtMs: Date.now() + state.refreshTokenTtlSeconds * 1000 });
  if (!state.refreshTokens.has(refreshToken)) refreshToken = "";
  sendJson(res, 200, { access_token: accessToken, expires_in: expiresIn, token_type: "bearer", refresh_token: refreshToken }, noStore);
}

/** The roles asked for in `scope` that the user has; all of the user's roles when scope is left out. */
function rolesFor(user: SandboxUser, scope: string | undefined): string[] {
  const asked = (scope ?? "").split(" ").filter(Boolean);
  return asked.length === 0 ? [...user.Roles] : user.Roles.filter((r) => asked.includes(r));
}

// ---------------------------------------------------------------------------
// API

const faultAnswers = {
  unavailable: (fault: { status: number }) => ({
    status: fault.status,
    body: { Errors: [{ ErrorCode: "InternalServerError", Message: "An error occurred. Please try again.", Data: null }] },
  }),
  rateLimited: (fault: { retryAfterSeconds: number }) => ({
    status: 429,
    headers: { "Retry-After": String(fault.retryAfterSeconds) },
    body: { Errors: [{ ErrorCode: "TooManyRequests", Message: "Too many requests.", Data: null }] },
  }),
};

const errorBody = (e: ApiError) => ({ Errors: [{ ErrorCode: e.code, Message: e.message, Data: e.data }] });

async function handleApi(state: OrderCloudSandboxState, method: string, path: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { core } = state;
  core.apiRequests++;
  const log = (status: LoggedRequest["status"]) => core.log({ method, path, status });
  const fault = core.faults.take(path);
  const faulted = await applyFault(fault, req, res, faultAnswers);
  if (faulted !== null) return log(faulted);
  try {
    const bearer = core.tokens.check(req.headers.authorization);
    const session = bearer.kind === "valid" ? state.sessions.get(bearer.token) : undefined;
    if (state.rejectNext > 0 || !session) {
      if (state.rejectNext > 0) state.rejectNext--;
      const why =
        state.rejectNext >= 0 && bearer.kind === "valid" && session
          ? "The token was rejected."
          : bearer.kind === "missing"
            ? "No access token was supplied."
            : bearer.kind === "expired"
              ? "The access token has expired."
              : "The access token is invalid.";
      throw new ApiError(401, "InvalidToken", why, null);
    }
    let body: unknown;
    if (method === "POST" || method === "PUT" || method === "PATCH") {
      const text = await readBody(req, (m) => invalid("(body)", m));
      try {
        body = text.trim() === "" ? undefined : (JSON.parse(text) as unknown);
      } catch {
        throw invalid("(body)", "The request body is not valid JSON.");
      }
    }
    const user = state.users.get(session.userId)!;
    const parts = path.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
    const result = route(state, { user, roles: session.roles }, method, parts, url.searchParams, body);
    if (method !== "GET") state.changed();
    const status = result === undefined ? 204 : method === "POST" && result !== null && isCreate(parts) ? 201 : 200;
    if (fault?.kind === "truncate") {
      log("truncated");
      return sendTruncated(req, res, status === 204 ? 200 : status, result ?? {});
    }
    log(status);
    if (result === undefined) return sendEmpty(res, 204);
    sendJson(res, status, result);
  } catch (error) {
    if (error instanceof ApiError) {
      log(error.status);
      return sendJson(res, error.status, errorBody(error));
    }
    throw error;
  }
}

/** POST /orders/{direction} and POST …/lineitems create; the actions (submit, approve, …) answer 200. */
const isCreate = (parts: readonly string[]) => parts[0] === "orders" && (parts.length === 2 || (parts.length === 4 && parts[3] === "lineitems"));

interface Caller {
  user: SandboxUser;
  roles: string[];
}

function requireRoles(caller: Caller, sufficient: readonly string[]): void {
  if (caller.roles.includes("FullAccess") || sufficient.some((r) => caller.roles.includes(r))) return;
  throw new ApiError(403, "InsufficientRoles", "User does not have role(s) required to perform this action.", {
    SufficientRoles: sufficient,
    AssignedRoles: caller.roles,
  });
}

// ---------------------------------------------------------------------------
// Lists: paging, search, sort, filters

const LIST_PARAMS = new Set([
  "page",
  "pagesize",
  "search",
  "searchon",
  "sortby",
  "searchtype",
  "from",
  "to",
  "catalogid",
  "categoryid",
  "depth",
  "buyerid",
  "supplierid",
]);

function readField(record: unknown, path: string): unknown {
  let at: unknown = record;
  for (const key of path.split(".")) {
    if (typeof at !== "object" || at === null) return undefined;
    const entry = Object.entries(at as Record<string, unknown>).find(([k]) => k.toLowerCase() === key.toLowerCase());
    at = entry?.[1];
  }
  return at;
}

function comparable(value: unknown): number | string | null {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string") return null;
  if (/^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  if (value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  return value.toLowerCase();
}

function matchesOne(value: unknown, raw: string): boolean {
  let expected = raw;
  let negate = false;
  if (expected.startsWith("!")) {
    negate = true;
    expected = expected.slice(1);
  }
  let result: boolean;
  const op = /^(>=|<=|>|<)/.exec(expected)?.[1];
  if (op) {
    const a = comparable(value);
    const b = comparable(expected.slice(op.length));
    result = a !== null && b !== null && typeof a === typeof b && (op === ">" ? a > b : op === "<" ? a < b : op === ">=" ? a >= b : a <= b);
  } else if (expected.includes("*")) {
    const pattern = new RegExp(
      `^${expected
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
      "i",
    );
    result = value !== undefined && value !== null && pattern.test(String(value));
  } else {
    result = value !== undefined && value !== null && String(value).toLowerCase() === expected.toLowerCase();
  }
  return negate ? !result : result;
}

function list<T>(records: readonly T[], query: URLSearchParams, searchable: readonly string[]): { Meta: unknown; Items: T[] } {
  const param = (name: string) => [...query.entries()].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null;
  const whole = (name: string, fallback: number, max: number) => {
    const raw = param(name);
    if (raw === null || raw === "") return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
      throw invalid(name, `${name} must be a whole number from 1 to ${max}.`, { Value: raw, Max: max === Number.MAX_SAFE_INTEGER ? null : max });
    return Number(raw);
  };
  const page = whole("page", 1, Number.MAX_SAFE_INTEGER);
  const pageSize = whole("pageSize", ORDERCLOUD_PAGE_DEFAULT, ORDERCLOUD_PAGE_MAX);

  let items = [...records];
  const filters = [...query.entries()].filter(([k]) => !LIST_PARAMS.has(k.toLowerCase()));
  for (const [key, value] of filters) items = items.filter((r) => value.split("|").some((alt) => matchesOne(readField(r, key), alt)));

  const search = param("search")?.trim();
  if (search) {
    const on = param("searchOn")
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean) ?? [...searchable];
    const terms = search.toLowerCase().split(/\s+/);
    items = items.filter((r) =>
      terms.every((term) =>
        on.some((field) =>
          String(readField(r, field) ?? "")
            .toLowerCase()
            .includes(term),
        ),
      ),
    );
  }
  const sortBy = param("sortBy")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (sortBy?.length) {
    items.sort((a, b) => {
      for (const spec of sortBy) {
        const desc = spec.startsWith("!");
        const field = desc ? spec.slice(1) : spec;
        const x = comparable(readField(a, field));
        const y = comparable(readField(b, field));
        if (x === y) continue;
        if (x === null) return 1;
        if (y === null) return -1;
        const order = x < y ? -1 : 1;
        return desc ? -order : order;
      }
      return 0;
    });
  }
  const total = items.length;
  const start = (page - 1) * pageSize;
  const slice = items.slice(start, start + pageSize);
  return {
    Meta: {
      Page: page,
      PageSize: pageSize,
      TotalCount: total,
      TotalPages: Math.ceil(total / pageSize),
      ItemRange: slice.length ? [start + 1, start + slice.length] : [0, 0],
    },
    Items: slice,
  };
}

// ---------------------------------------------------------------------------
// Views

function userView(user: SandboxUser): WireUser {
  return {
    ID: user.ID,
    Username: user.Username,
    FirstName: user.FirstName,
    LastName: user.LastName,
    Email: user.Email,
    Phone: null,
    Active: true,
    xp: {},
  };
}

function orderView(state: OrderCloudSandboxState, record: SandboxOrder): WireOrder {
  const from = record.order.FromUserID ? state.users.get(record.order.FromUserID) : undefined;
  return { ...record.order, FromUser: from ? userView(from) : null };
}

const inGroup = (state: OrderCloudSandboxState, userId: string, groupId: string) => state.groups.some((g) => g.ID === groupId && g.MemberIDs.includes(userId));

function canSee(state: OrderCloudSandboxState, user: SandboxUser, record: SandboxOrder): boolean {
  if (record.BuyerID !== user.BuyerID) return false;
  return record.order.FromUserID === user.ID || record.approvals.some((a) => inGroup(state, user.ID, a.ApprovingGroupID));
}

function direction(raw: string | undefined): "Outgoing" | "Incoming" | "All" {
  const d = (raw ?? "").toLowerCase();
  if (d === "outgoing") return "Outgoing";
  if (d === "incoming") return "Incoming";
  if (d === "all") return "All";
  throw invalid("direction", "The order direction must be Outgoing, Incoming or All.", { Value: raw ?? null });
}

function findOrder(state: OrderCloudSandboxState, caller: Caller, dir: string | undefined, id: string): SandboxOrder {
  const d = direction(dir);
  const record = state.orders.get(orderKey(caller.user.BuyerID, id));
  // A buyer user receives no orders; another buyer's order does not exist for this caller.
  if (!record || d === "Incoming" || !canSee(state, caller.user, record)) throw notFound("Order", id);
  return record;
}

function recalc(record: SandboxOrder): void {
  const o = record.order;
  o.Subtotal = round2(record.lineItems.reduce((s, l) => s + l.LineSubtotal, 0));
  o.LineItemCount = record.lineItems.length;
  o.Total = round2(o.Subtotal + (o.ShippingCost ?? 0) + (o.TaxCost ?? 0) + (o.Gratuity ?? 0) - (o.PromotionDiscount ?? 0));
  o.LastUpdated = nowStamp();
}

const idField = z.string().max(ORDERCLOUD_ID_MAX).regex(ORDERCLOUD_ID_PATTERN);

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join(".") || "(body)";
  const idIssue = field === "ID" && issue?.code === "invalid_format";
  throw invalid(field, idIssue ? "ID may only contain the characters A-Z a-z 0-9 - _." : `${field} is invalid: ${issue?.message ?? "invalid"}.`);
}

const orderCreate = z.looseObject({
  ID: idField.optional(),
  ShippingAddressID: z.string().nullish(),
  BillingAddressID: z.string().nullish(),
  Comments: z.string().max(2000).nullish(),
  ShippingCost: z.number().min(0).nullish(),
  TaxCost: z.number().min(0).nullish(),
  xp: z.record(z.string(), z.unknown()).nullish(),
});
const orderPatch = orderCreate.omit({ ID: true });
const lineItemCreate = z.looseObject({
  ID: idField.optional(),
  ProductID: z.string().min(1),
  Quantity: z.number().int().min(1),
  CostCenter: z.string().nullish(),
  DateNeeded: z.string().nullish(),
  ShippingAddressID: z.string().nullish(),
  xp: z.record(z.string(), z.unknown()).nullish(),
});
const lineItemPatch = lineItemCreate.omit({ ID: true, ProductID: true }).partial();
const decision = z.looseObject({ Comments: z.string().max(2000).nullish(), AllowResubmit: z.boolean().nullish() });

function checkAddress(state: OrderCloudSandboxState, buyerId: string, field: string, id: string | null | undefined, kind: "Shipping" | "Billing"): void {
  if (!id) return;
  const address = (state.addresses.get(buyerId) ?? []).find((a) => a.ID === id);
  if (!address || !address[kind])
    throw new ApiError(400, "InvalidRequest", `${field} '${id}' is not one of the user's ${kind.toLowerCase()} addresses.`, { Field: field, ObjectID: id });
}

function checkCostCenter(state: OrderCloudSandboxState, buyerId: string, id: string | null | undefined): void {
  if (id && !(state.costCenters.get(buyerId) ?? []).some((c) => c.ID === id))
    throw new ApiError(400, "InvalidRequest", `CostCenter '${id}' is not one of the buyer's cost centers.`, { Field: "CostCenter", ObjectID: id });
}

function requireEditable(record: SandboxOrder): void {
  if (record.order.Status !== "Unsubmitted")
    throw new ApiError(400, "Order.NotEditable", `Order ${record.order.ID} is ${record.order.Status}; only an Unsubmitted order can be changed.`, {
      ObjectType: "Order",
      ObjectID: record.order.ID,
      Status: record.order.Status,
    });
}

function unitPriceFor(product: OrderCloudCatalog["products"][number], quantity: number): number {
  const breaks = [...(product.PriceSchedule?.PriceBreaks ?? [])].sort((a, b) => a.Quantity - b.Quantity);
  let price = breaks[0]?.Price ?? 0;
  for (const b of breaks) if (b.Quantity <= quantity) price = b.Price;
  return price;
}

function priceLine(state: OrderCloudSandboxState, line: WireLineItem, field = "Quantity"): void {
  const product = state.catalog.products.find((p) => p.ID === line.ProductID);
  if (!product) throw notFound("Product", line.ProductID);
  const min = product.PriceSchedule?.MinQuantity ?? 1;
  const max = product.PriceSchedule?.MaxQuantity ?? null;
  if (line.Quantity < min || (max !== null && line.Quantity > max))
    throw invalid(field, `Quantity must be between ${min} and ${max ?? "any number"} for ${product.ID}.`, { ProductID: product.ID });
  const inventory = product.Inventory;
  if (inventory?.Enabled && !inventory.OrderCanExceed && (inventory.QuantityAvailable ?? 0) < line.Quantity) {
    throw new ApiError(400, "Inventory.Insufficient", `Only ${inventory.QuantityAvailable ?? 0} of ${product.ID} are available.`, {
      Field: field,
      ProductID: product.ID,
      QuantityAvailable: inventory.QuantityAvailable ?? 0,
    });
  }
  line.UnitPrice = unitPriceFor(product, line.Quantity);
  line.LineSubtotal = round2(line.UnitPrice * line.Quantity);
  line.LineTotal = line.LineSubtotal;
  line.Product = { ID: product.ID, Name: product.Name, Description: product.Description ?? null, xp: product.xp ?? {} };
}

function findLineItem(record: SandboxOrder, id: string): WireLineItem {
  const line = record.lineItems.find((l) => l.ID === id);
  if (!line) throw notFound("LineItem", id);
  return line;
}

/** Rules of the buyer that read true now and have no approval on the order yet. */
function newlyTrueRules(state: OrderCloudSandboxState, record: SandboxOrder): SandboxApprovalRule[] {
  const approvedRules = new Set(record.approvals.filter((a) => a.Status === "Approved").map((a) => a.ApprovalRuleID));
  const context = { order: record.order as Record<string, unknown>, items: record.lineItems as Record<string, unknown>[], approvedRules };
  return state.approvalRules.filter(
    (rule) => rule.BuyerID === record.BuyerID && !record.approvals.some((a) => a.ApprovalRuleID === rule.ID) && compiled(rule).evaluate(context),
  );
}

function pendingFor(state: OrderCloudSandboxState, rule: SandboxApprovalRule): WireOrderApproval {
  return {
    ApprovalRuleID: rule.ID,
    ApprovingGroupID: rule.ApprovingGroupID,
    Status: "Pending",
    DateCreated: nowStamp(),
    DateCompleted: null,
    Approver: null,
    Comments: null,
    AllowResubmit: false,
  };
}

export function submitOrder(state: OrderCloudSandboxState, record: SandboxOrder): void {
  const o = record.order;
  if (o.Status !== "Unsubmitted")
    throw new ApiError(400, "Order.AlreadySubmitted", `Order ${o.ID} was already submitted (${o.Status}).`, {
      ObjectType: "Order",
      ObjectID: o.ID,
      Status: o.Status,
    });
  if (record.lineItems.length === 0)
    throw new ApiError(400, "Order.CannotSubmitEmpty", `Order ${o.ID} has no line items.`, { Field: "LineItems", ObjectType: "Order", ObjectID: o.ID });
  const now = nowStamp();
  o.IsSubmitted = true;
  o.DateSubmitted = now;
  o.LastUpdated = now;
  const matching = newlyTrueRules(state, record);
  record.approvals.push(...matching.map((rule) => pendingFor(state, rule)));
  if (matching.length > 0) o.Status = "AwaitingApproval";
  else {
    o.Status = "Open";
    o.DateApproved = null;
  }
}

/** `approver` approves or declines every pending approval of a group they are in. */
export function decideOrder(
  state: OrderCloudSandboxState,
  record: SandboxOrder,
  approver: SandboxUser,
  approve: boolean,
  input: { Comments?: string | null; AllowResubmit?: boolean | null },
): void {
  const o = record.order;
  if (o.Status !== "AwaitingApproval")
    throw new ApiError(400, "Order.NotAwaitingApproval", `Order ${o.ID} is ${o.Status}, not awaiting approval.`, {
      ObjectType: "Order",
      ObjectID: o.ID,
      Status: o.Status,
    });
  const mine = record.approvals.filter((a) => a.Status === "Pending" && inGroup(state, approver.ID, a.ApprovingGroupID));
  if (mine.length === 0)
    throw new ApiError(403, "Approval.NotEligible", `${approver.Username} is not in a group this order is waiting for.`, {
      ApprovingGroupIDs: record.approvals.filter((a) => a.Status === "Pending").map((a) => a.ApprovingGroupID),
    });
  const now = nowStamp();
  for (const a of mine) {
    a.Status = approve ? "Approved" : "Declined";
    a.Approver = userView(approver);
    a.Comments = input.Comments ?? null;
    a.AllowResubmit = input.AllowResubmit ?? false;
    a.DateCompleted = now;
  }
  o.LastUpdated = now;
  if (!approve) {
    o.Status = "Declined";
    o.DateDeclined = now;
    return;
  }
  // Multi-level approval: a rule such as order.approved('first') and order.Total > 5000 reads true only now.
  record.approvals.push(...newlyTrueRules(state, record).map((rule) => pendingFor(state, rule)));
  if (!record.approvals.some((a) => a.Status === "Pending")) {
    o.Status = "Open";
    o.DateApproved = now;
  }
}

export function cancelOrder(record: SandboxOrder): void {
  const o = record.order;
  const shipped = record.lineItems.some((l) => l.QuantityShipped > 0);
  const cancellable = o.Status === "Unsubmitted" || o.Status === "AwaitingApproval" || (o.Status === "Open" && !shipped);
  if (!cancellable)
    throw new ApiError(
      400,
      "Order.CannotCancel",
      o.Status === "Open" ? `Order ${o.ID} has shipped in part and can no longer be canceled.` : `Order ${o.ID} is ${o.Status} and can no longer be canceled.`,
      { ObjectType: "Order", ObjectID: o.ID, Status: o.Status },
    );
  o.Status = "Canceled";
  o.DateCanceled = nowStamp();
  o.LastUpdated = o.DateCanceled;
}

function route(state: OrderCloudSandboxState, caller: Caller, method: string, parts: string[], query: URLSearchParams, body: unknown): unknown {
  const [resource, a, b, c, d, ...rest] = parts;
  const get = method === "GET";
  const buyerId = caller.user.BuyerID;
  const noRoute = () => new ApiError(404, "NotFound", `No endpoint ${method} /v1/${parts.join("/")}`, { ObjectType: "Route", ObjectID: parts.join("/") });
  if (rest.length > 0) throw noRoute();

  if (resource === "me") {
    requireRoles(caller, ["Shopper", "MeAdmin", "FullAccess"]);
    if (get && a === undefined) {
      const buyer = BUYERS.find((x) => x.ID === buyerId)!;
      return { ...userView(caller.user), AvailableRoles: caller.roles, Buyer: { ID: buyer.ID, Name: buyer.Name, DefaultCatalogID: buyer.ID } };
    }
    if (!get) throw noRoute();
    requireRoles(caller, ["Shopper"]);
    switch (a) {
      case "products": {
        if (c !== undefined) break;
        if (b !== undefined) {
          const product = state.catalog.products.find((p) => p.ID === b && p.Active !== false);
          if (!product) throw notFound("Product", b);
          return product;
        }
        const categoryId = [...query.entries()].find(([k]) => k.toLowerCase() === "categoryid")?.[1];
        if (categoryId && !CATEGORIES.some((cat) => cat.ID === categoryId)) throw notFound("Category", categoryId);
        const products = state.catalog.products.filter((p) => p.Active !== false && (!categoryId || state.catalog.categoryOf.get(p.ID) === categoryId));
        return list(products, query, ["ID", "Name", "Description"]);
      }
      case "categories":
        if (c !== undefined) break;
        if (b !== undefined)
          return (
            CATEGORIES.find((cat) => cat.ID === b) ??
            (() => {
              throw notFound("Category", b);
            })()
          );
        return list(CATEGORIES, query, ["ID", "Name", "Description"]);
      case "addresses": {
        if (c !== undefined) break;
        const mine = state.addresses.get(buyerId) ?? [];
        if (b !== undefined)
          return (
            mine.find((x) => x.ID === b) ??
            (() => {
              throw notFound("Address", b);
            })()
          );
        return list(mine, query, ["ID", "AddressName", "CompanyName", "Street1", "City"]);
      }
      case "costcenters":
        if (b !== undefined) break;
        return list(state.costCenters.get(buyerId) ?? [], query, ["ID", "Name", "Description"]);
      case "spendingaccounts":
        if (b !== undefined) break;
        return list(state.spendingAccounts.get(buyerId) ?? [], query, ["ID", "Name"]);
      case "usergroups": {
        if (b !== undefined) break;
        const groups = state.groups
          .filter((g) => g.BuyerID === buyerId && g.MemberIDs.includes(caller.user.ID))
          .map(({ ID, Name, Description, xp }) => ({ ID, Name, Description, xp }));
        return list(groups, query, ["ID", "Name"]);
      }
      case "orders": {
        if (c !== undefined) break;
        const orders = [...state.orders.values()].filter((r) => r.BuyerID === buyerId);
        if (b === "approvable") {
          const approvable = orders.filter(
            (r) =>
              r.order.Status === "AwaitingApproval" && r.approvals.some((x) => x.Status === "Pending" && inGroup(state, caller.user.ID, x.ApprovingGroupID)),
          );
          return list(
            dated(
              approvable.map((r) => orderView(state, r)),
              query,
            ),
            query,
            ["ID", "Comments"],
          );
        }
        if (b !== undefined) break;
        return list(
          dated(
            orders.filter((r) => r.order.FromUserID === caller.user.ID).map((r) => orderView(state, r)),
            query,
          ),
          query,
          ["ID", "Comments"],
        );
      }
    }
    throw noRoute();
  }

  if (resource === "orders") {
    requireRoles(caller, ["Shopper", "OrderAdmin", "OrderReader"]);
    const dir = direction(a);
    if (b === undefined) {
      if (get) {
        const visible = dir === "Incoming" ? [] : [...state.orders.values()].filter((r) => canSee(state, caller.user, r)).map((r) => orderView(state, r));
        return list(dated(visible, query), query, ["ID", "Comments"]);
      }
      if (method !== "POST" || dir !== "Outgoing") throw noRoute();
      const input = parseBody(orderCreate, body);
      const id = input.ID ?? newId();
      const key = orderKey(buyerId, id);
      if (state.orders.has(key)) throw new ApiError(409, "IdExists", "ID already in use", { ObjectType: "Order", ObjectID: id });
      checkAddress(state, buyerId, "ShippingAddressID", input.ShippingAddressID, "Shipping");
      checkAddress(state, buyerId, "BillingAddressID", input.BillingAddressID, "Billing");
      const now = nowStamp();
      const record: SandboxOrder = {
        BuyerID: buyerId,
        order: {
          ID: id,
          FromCompanyID: buyerId,
          ToCompanyID: "meridian",
          FromUserID: caller.user.ID,
          BillingAddressID: input.BillingAddressID ?? null,
          ShippingAddressID: input.ShippingAddressID ?? null,
          Comments: input.Comments ?? "",
          LineItemCount: 0,
          Status: "Unsubmitted",
          DateCreated: now,
          DateSubmitted: null,
          DateApproved: null,
          DateDeclined: null,
          DateCanceled: null,
          DateCompleted: null,
          LastUpdated: now,
          Subtotal: 0,
          ShippingCost: input.ShippingCost ?? 0,
          TaxCost: input.TaxCost ?? 0,
          Gratuity: 0,
          Fees: 0,
          PromotionDiscount: 0,
          Currency: ORDERCLOUD_CURRENCY,
          Total: 0,
          IsSubmitted: false,
          xp: input.xp ?? {},
        },
        lineItems: [],
        approvals: [],
      };
      recalc(record);
      state.orders.set(key, record);
      return orderView(state, record);
    }
    const record = findOrder(state, caller, a, b);
    if (c === undefined) {
      if (get) return orderView(state, record);
      if (method === "PATCH") {
        requireEditable(record);
        const input = parseBody(orderPatch, body);
        checkAddress(state, buyerId, "ShippingAddressID", input.ShippingAddressID, "Shipping");
        checkAddress(state, buyerId, "BillingAddressID", input.BillingAddressID, "Billing");
        const o = record.order;
        if (input.ShippingAddressID !== undefined) o.ShippingAddressID = input.ShippingAddressID;
        if (input.BillingAddressID !== undefined) o.BillingAddressID = input.BillingAddressID;
        if (input.Comments !== undefined) o.Comments = input.Comments;
        if (input.ShippingCost !== undefined) o.ShippingCost = input.ShippingCost ?? 0;
        if (input.TaxCost !== undefined) o.TaxCost = input.TaxCost ?? 0;
        if (input.xp) o.xp = { ...(o.xp ?? {}), ...input.xp };
        recalc(record);
        return orderView(state, record);
      }
      if (method === "DELETE") {
        requireEditable(record);
        state.orders.delete(orderKey(buyerId, b));
        return undefined;
      }
      throw noRoute();
    }
    if (c === "lineitems") {
      if (d === undefined && get) return list(record.lineItems, query, ["ID", "ProductID"]);
      if (d === undefined && method === "POST") {
        requireEditable(record);
        const input = parseBody(lineItemCreate, body);
        const id = input.ID ?? newId();
        if (record.lineItems.some((l) => l.ID === id)) throw new ApiError(409, "IdExists", "ID already in use", { ObjectType: "LineItem", ObjectID: id });
        checkCostCenter(state, buyerId, input.CostCenter);
        checkAddress(state, buyerId, "ShippingAddressID", input.ShippingAddressID, "Shipping");
        const line: WireLineItem = {
          ID: id,
          ProductID: input.ProductID,
          Quantity: input.Quantity,
          DateAdded: nowStamp(),
          QuantityShipped: 0,
          UnitPrice: 0,
          PromotionDiscount: 0,
          LineTotal: 0,
          LineSubtotal: 0,
          CostCenter: input.CostCenter ?? null,
          DateNeeded: input.DateNeeded ?? null,
          ShippingAddressID: input.ShippingAddressID ?? record.order.ShippingAddressID ?? null,
          Product: null,
          xp: input.xp ?? {},
        };
        priceLine(state, line);
        record.lineItems.push(line);
        recalc(record);
        return line;
      }
      if (d === undefined) throw noRoute();
      const line = findLineItem(record, d);
      if (get) return line;
      if (method === "PATCH") {
        requireEditable(record);
        const input = parseBody(lineItemPatch, body);
        checkCostCenter(state, buyerId, input.CostCenter);
        const next = { ...line };
        if (input.Quantity !== undefined) next.Quantity = input.Quantity;
        if (input.CostCenter !== undefined) next.CostCenter = input.CostCenter;
        if (input.DateNeeded !== undefined) next.DateNeeded = input.DateNeeded;
        if (input.xp) next.xp = { ...(line.xp ?? {}), ...input.xp };
        priceLine(state, next);
        Object.assign(line, next);
        recalc(record);
        return line;
      }
      if (method === "DELETE") {
        requireEditable(record);
        record.lineItems = record.lineItems.filter((l) => l.ID !== d);
        recalc(record);
        return undefined;
      }
      throw noRoute();
    }
    if (d !== undefined) throw noRoute();
    if (get && c === "approvals") return list(record.approvals, query, ["ApprovalRuleID", "ApprovingGroupID", "Comments"]);
    if (get && c === "eligibleapprovers") {
      const groups = new Set(record.approvals.filter((x) => x.Status === "Pending").map((x) => x.ApprovingGroupID));
      const users = state.groups
        .filter((g) => groups.has(g.ID))
        .flatMap((g) => g.MemberIDs)
        .filter((id, i, all) => all.indexOf(id) === i)
        .map((id) => userView(state.users.get(id)!));
      return list(users, query, ["ID", "Username", "FirstName", "LastName", "Email"]);
    }
    if (method !== "POST") throw noRoute();
    if (c === "submit") {
      submitOrder(state, record);
      return orderView(state, record);
    }
    if (c === "approve" || c === "decline") {
      const input = parseBody(decision, body);
      decideOrder(state, record, caller.user, c === "approve", input);
      return orderView(state, record);
    }
    if (c === "cancel") {
      cancelOrder(record);
      return orderView(state, record);
    }
    throw noRoute();
  }

  if (resource === "buyers" && a !== undefined && b === "approvalrules") {
    requireRoles(caller, get ? ["ApprovalRuleReader", "ApprovalRuleAdmin"] : ["ApprovalRuleAdmin"]);
    if (a !== buyerId) throw notFound("Buyer", a);
    const rules = state.approvalRules.filter((r) => r.BuyerID === a).map(({ BuyerID: _buyer, ...rule }) => rule);
    if (get && c === undefined) return list(rules, query, ["ID", "Name", "Description"]);
    if (get && c !== undefined)
      return (
        rules.find((r) => r.ID === c) ??
        (() => {
          throw notFound("ApprovalRule", c);
        })()
      );
    throw noRoute();
  }
  throw noRoute();
}

/** from / to on order lists: the created date (Outgoing, as documented). */
function dated(orders: WireOrder[], query: URLSearchParams): WireOrder[] {
  const bound = (name: string) => {
    const raw = query.get(name);
    if (!raw) return null;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) throw invalid(name, `${name} must be a date such as 2026-01-31.`, { Value: raw });
    return ms;
  };
  const from = bound("from");
  const to = bound("to");
  return orders.filter((o) => {
    const created = Date.parse(o.DateCreated ?? "");
    return (from === null || created >= from) && (to === null || created <= to);
  });
}

// ---------------------------------------------------------------------------
// Control endpoints (loopback only, no auth, never under /v1): the common ones (shared/control.ts), and
//
//   GET  /_sandbox/orders                       every order with its line items and approvals, all buyers
//   POST /_sandbox/orders/{id}/approve          {comments?, as?: username (default acme-approver), buyerId?}
//   POST /_sandbox/orders/{id}/decline          {comments?, allowResubmit?, as?, buyerId?}
//   POST /_sandbox/orders/{id}/ship             {lines?: [{lineItemId, quantity}]} ship these (default: all that is left);
//                                               everything shipped → Completed
//   POST /_sandbox/orders/{id}/complete         {} ship everything and complete it (an Open order)
//   POST /_sandbox/approval-threshold           {amount: number | null, buyerId?} Acme's rule becomes order.Total > amount
//                                               (null removes it)
//   POST /_sandbox/approvalrules                {ID, Name?, ApprovingGroupID, RuleExpression, buyerId?} create or replace
//   POST /_sandbox/spendingaccounts             {ID, Name?, Balance, AllowAsPaymentMethod?, StartDate?, EndDate?, buyerId?}
//                                               create or replace a buyer's spending account (not kept across restarts)
//                                               a rule (an expression the sandbox cannot evaluate is a 400)
//   POST /_sandbox/tokens/expire                {refreshTokens?: boolean} every access token (and refresh token) stops working
//   POST /_sandbox/tokens/reject                {count} the next `count` API requests answer 401 whatever their token
//   POST /_sandbox/config                       {tokenTtlSeconds?, refreshTokenTtlSeconds?}
//   Faults: {kind:"truncate", pathPrefix:"/v1/orders/Outgoing"} does the work and loses the answer half way (a lost
//   create, line item or submit answer); {kind:"drop"} loses the request before any work.

const asUser = z.string().min(1).optional();
const buyerField = z.string().min(1).optional();
const approveControl = z.strictObject({ comments: z.string().max(2000).optional(), as: asUser, buyerId: buyerField });
const declineControl = approveControl.extend({ allowResubmit: z.boolean().optional() });
const shipControl = z.strictObject({
  lines: z
    .array(z.strictObject({ lineItemId: z.string().min(1), quantity: z.number().int().min(1) }))
    .min(1)
    .optional(),
  buyerId: buyerField,
});
const thresholdControl = z.strictObject({ amount: z.number().positive().nullable(), buyerId: buyerField });
const ruleControl = z.strictObject({
  ID: idField,
  Name: z.string().optional(),
  Description: z.string().optional(),
  ApprovingGroupID: z.string().min(1),
  RuleExpression: z.string().min(1).max(400),
  buyerId: buyerField,
});
const spendingAccountControl = z.strictObject({
  ID: idField,
  Name: z.string().min(1).optional(),
  Balance: z.number().finite(),
  AllowAsPaymentMethod: z.boolean().optional(),
  StartDate: z.iso.datetime({ offset: true }).nullable().optional(),
  EndDate: z.iso.datetime({ offset: true }).nullable().optional(),
  buyerId: buyerField,
});
const expireControl = z.strictObject({ refreshTokens: z.boolean().optional() });
const rejectControl = z.strictObject({ count: z.number().int().min(1).max(1000) });
const configControl = z.strictObject({
  tokenTtlSeconds: z.number().int().min(1).max(864_000).optional(),
  refreshTokenTtlSeconds: z.number().int().min(1).max(31_536_000).optional(),
});

function controlOrder(state: OrderCloudSandboxState, id: string, buyerId: string | undefined): SandboxOrder {
  const record = state.orders.get(orderKey(buyerId ?? ACME_BUYER_ID, id)) ?? (buyerId ? undefined : [...state.orders.values()].find((r) => r.order.ID === id));
  if (!record) throw new ControlRefusal(404, `No order '${id}'.`, "id");
  return record;
}

function ship(record: SandboxOrder, lines: { lineItemId: string; quantity: number }[] | undefined): void {
  const o = record.order;
  if (o.Status !== "Open") throw new ControlRefusal(409, `Order ${o.ID} is ${o.Status}; only an Open order ships.`, "id");
  const wanted = lines ?? record.lineItems.map((l) => ({ lineItemId: l.ID, quantity: l.Quantity - l.QuantityShipped })).filter((l) => l.quantity > 0);
  wanted.forEach((w, i) => {
    const line = record.lineItems.find((l) => l.ID === w.lineItemId);
    if (!line) throw new ControlRefusal(400, `Order ${o.ID} has no line item '${w.lineItemId}'.`, `lines[${i}].lineItemId`);
    if (line.QuantityShipped + w.quantity > line.Quantity)
      throw new ControlRefusal(400, `Only ${line.Quantity - line.QuantityShipped} of line ${line.ID} are left to ship.`, `lines[${i}].quantity`);
  });
  for (const w of wanted) record.lineItems.find((l) => l.ID === w.lineItemId)!.QuantityShipped += w.quantity;
  o.LastUpdated = nowStamp();
  if (record.lineItems.every((l) => l.QuantityShipped >= l.Quantity)) {
    o.Status = "Completed";
    o.DateCompleted = o.LastUpdated;
  }
}

function changeProduct(state: OrderCloudSandboxState, id: string, change: ItemChange): ChangedItem[] {
  if (change.account !== undefined)
    throw new ControlRefusal(400, "The sandbox prices every buyer by the product's default price schedule: leave account out.", "account");
  const product = state.catalog.products.find((p) => p.ID === id);
  if (!product) throw new ControlRefusal(404, `No product '${id}'.`, "id");
  if (change.price && product.PriceSchedule) product.PriceSchedule.PriceBreaks = change.price.map((t) => ({ Quantity: t.minQty, Price: Number(t.price) }));
  if (product.Inventory) {
    if (change.stock !== undefined) {
      product.Inventory.Enabled = change.stock !== null;
      product.Inventory.QuantityAvailable = change.stock;
    }
    if (change.available === false) product.Inventory = { ...product.Inventory, Enabled: true, QuantityAvailable: 0, OrderCanExceed: false };
    if (change.available === true && product.Inventory.Enabled && (product.Inventory.QuantityAvailable ?? 0) === 0) product.Inventory.QuantityAvailable = 100;
  }
  state.changedProducts.add(product.ID);
  return [{ account: null, item: product }];
}

function controlError(error: ControlRefusal) {
  const code = error.status === 404 ? "NotFound" : error.status === 409 ? "Conflict" : "InvalidRequest";
  return { Errors: [{ ErrorCode: code, Message: error.message, Data: error.field ? { Field: error.field } : null }] };
}

async function handleControl(state: OrderCloudSandboxState, method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    let body: unknown;
    if (method === "POST") {
      const text = await readBody(req, (m) => new ControlRefusal(400, m, null));
      try {
        body = text.trim() === "" ? undefined : (JSON.parse(text) as unknown);
      } catch {
        throw new ControlRefusal(400, "The request body is not valid JSON.", null);
      }
    }
    const parts = path.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
    const [what, id, action] = parts;
    const post = method === "POST";
    const answer = (result: unknown) => {
      if (post) state.changed();
      sendJson(res, 200, result);
    };
    if (post && what === "tokens" && id === "expire" && action === undefined) {
      const input = parseControlBody(expireControl, body);
      const expired = state.core.tokens.expireAll();
      if (input.refreshTokens) for (const held of state.refreshTokens.values()) held.expiresAtMs = Date.now();
      return answer({ expired, refreshTokensExpired: input.refreshTokens === true });
    }
    if (post && what === "tokens" && id === "reject" && action === undefined) {
      state.rejectNext = parseControlBody(rejectControl, body).count;
      return answer({ rejectNext: state.rejectNext });
    }
    if (post && what === "config" && id === undefined) {
      const input = parseControlBody(configControl, body);
      if (input.tokenTtlSeconds !== undefined) state.core.tokens.ttlSeconds = input.tokenTtlSeconds;
      if (input.refreshTokenTtlSeconds !== undefined) state.refreshTokenTtlSeconds = input.refreshTokenTtlSeconds;
      return answer({ tokenTtlSeconds: state.core.tokens.ttlSeconds, refreshTokenTtlSeconds: state.refreshTokenTtlSeconds });
    }
    const common = answerCommonControl(
      state.core,
      {
        forgetOrders: () => state.orders.clear(),
        reseedCatalog: () => {
          state.catalog = buildCatalog();
          state.changedProducts.clear();
        },
        changeItem: (itemId, change) => changeProduct(state, itemId, change),
        counters: () => ({
          orders: state.orders.size,
          products: state.catalog.products.length,
          approvalRules: state.approvalRules.map((r) => ({ ID: r.ID, BuyerID: r.BuyerID, RuleExpression: r.RuleExpression })),
          grants: state.grants,
        }),
      },
      method,
      parts,
      body,
    );
    if (common) {
      if (what === "reset") {
        state.rejectNext = 0;
        for (const key of Object.keys(state.grants) as (keyof typeof state.grants)[]) state.grants[key] = 0;
      }
      return answer(common.body);
    }
    if (method === "GET" && what === "orders" && id === undefined) {
      return sendJson(res, 200, { orders: [...state.orders.values()].map((r) => ({ ...r, order: orderView(state, r) })) });
    }
    if (post && what === "orders" && id && action) {
      if (action === "approve" || action === "decline") {
        const input: z.output<typeof declineControl> = action === "approve" ? parseControlBody(approveControl, body) : parseControlBody(declineControl, body);
        const record = controlOrder(state, id, input.buyerId);
        const approver = [...state.users.values()].find((u) => u.Username === (input.as ?? ACME_APPROVER_USER.Username));
        if (!approver || approver.BuyerID !== record.BuyerID) throw new ControlRefusal(400, `No user '${input.as}' at the order's buyer.`, "as");
        try {
          decideOrder(state, record, approver, action === "approve", {
            Comments: input.comments,
            AllowResubmit: input.allowResubmit,
          });
        } catch (error) {
          if (error instanceof ApiError) throw new ControlRefusal(409, error.message, "id");
          throw error;
        }
        return answer({ order: orderView(state, record), approvals: record.approvals });
      }
      if (action === "ship" || action === "complete") {
        const input: z.output<typeof shipControl> =
          action === "ship" ? parseControlBody(shipControl, body) : parseControlBody(z.strictObject({ buyerId: buyerField }), body);
        const record = controlOrder(state, id, input.buyerId);
        ship(record, input.lines);
        return answer({ order: orderView(state, record), lineItems: record.lineItems });
      }
    }
    if (post && what === "approval-threshold" && id === undefined) {
      const input = parseControlBody(thresholdControl, body);
      const buyer = input.buyerId ?? ACME_BUYER_ID;
      state.approvalRules = state.approvalRules.filter((r) => !(r.BuyerID === buyer && r.ID === ACME_APPROVAL_RULE_ID));
      if (input.amount !== null) state.approvalRules.push({ ...approvalRuleFor(input.amount), BuyerID: buyer });
      return answer({ approvalRules: state.approvalRules });
    }
    if (post && what === "approvalrules" && id === undefined) {
      const input = parseControlBody(ruleControl, body);
      const buyer = input.buyerId ?? ACME_BUYER_ID;
      try {
        compileRule(input.RuleExpression);
      } catch (error) {
        if (error instanceof RuleSyntaxError) throw new ControlRefusal(400, `RuleExpression cannot be evaluated: ${error.message}.`, "RuleExpression");
        throw error;
      }
      if (!state.groups.some((g) => g.ID === input.ApprovingGroupID && g.BuyerID === buyer))
        throw new ControlRefusal(400, `No user group '${input.ApprovingGroupID}' at buyer '${buyer}'.`, "ApprovingGroupID");
      const rule: SandboxApprovalRule = {
        ID: input.ID,
        Name: input.Name ?? input.ID,
        Description: input.Description ?? null,
        ApprovingGroupID: input.ApprovingGroupID,
        RuleExpression: input.RuleExpression,
        BuyerID: buyer,
        xp: {},
      };
      state.approvalRules = [...state.approvalRules.filter((r) => !(r.BuyerID === buyer && r.ID === rule.ID)), rule];
      return answer({ approvalRule: rule });
    }
    if (post && what === "spendingaccounts" && id === undefined) {
      const { buyerId, ...input } = parseControlBody(spendingAccountControl, body);
      const buyer = buyerId ?? ACME_BUYER_ID;
      if (!BUYERS.some((b) => b.ID === buyer)) throw new ControlRefusal(400, `No buyer '${buyer}'.`, "buyerId");
      const account: WireSpendingAccount = {
        ...input,
        Name: input.Name ?? input.ID,
        AllowAsPaymentMethod: input.AllowAsPaymentMethod ?? false,
        StartDate: input.StartDate ?? null,
        EndDate: input.EndDate ?? null,
        xp: {},
      };
      const mine = (state.spendingAccounts.get(buyer) ?? []).filter((a) => a.ID !== account.ID);
      state.spendingAccounts.set(buyer, [...mine, account]);
      return answer({ spendingAccount: account });
    }
    throw new ControlRefusal(404, `No sandbox control ${method} ${path}.`, null);
  } catch (error) {
    if (error instanceof ControlRefusal) return sendJson(res, error.status, controlError(error));
    throw error;
  }
}
