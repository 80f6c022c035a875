/**
 * The Yodify sandbox: a real HTTP server (node:http) on loopback speaking the
 * Yodify REST API (/api/v1) as documented in shared/vendors/yodify.seed.txt,
 * so the demo and the tests exercise the connector over real sockets.
 *
 * As documented: Bearer tokens (the reference's security scheme has the scope
 * "yodify"), the list envelope {object:"list",data,has_more,total_items,url,
 * count}, Page/Limit paging with Limit 1..100, Ids/BrandId/SinceId/Statuses
 * filters, ValidationProblemDetails for 400 and 401, an empty 403 and an
 * empty 429 ("API call quota exceeded", schema None), orders that cannot be
 * cancelled once a shipment was added, quotes with their statuses.
 *
 * Our choices where the reference is silent (sandbox only, all stated):
 * - Token endpoint POST /oauth/token, client_credentials (form or JSON, body or
 *   Basic credentials), 3600 s tokens. Wrong credentials: 401 invalid_client.
 * - Rate limit: the reference states none. 20 req/s bursting to 40 per token,
 *   429 with Retry-After (seconds); configurable.
 * - Page is 1-based; Limit defaults to 100 ("A maximum of 100 records ... If no
 *   IDs are supplied, all available ... (up to the maximum) will be returned").
 * - Unknown ids: 404 with ValidationProblemDetails (the reference lists no 404;
 *   its ValidationProblemDetails text mentions "a record not being found").
 * - POST /Orders with a client_identifier already used by the same account
 *   returns that order (200) instead of creating a second; the same identifier
 *   with different lines is a 400 naming client_identifier. The reference only
 *   says the identifier "will be returned with the response".
 * - Order prices: price_per_unit when the request gives one (the API is the
 *   seller's), otherwise the account's price by pricing.ts; freight 9.99 below
 *   a 500.00 subtotal; tax 7.25 % of the subtotal; money rounded half away from
 *   zero to cents.
 * - Orders move New -> Processing -> Shipped (a tracked shipment is added) ->
 *   Complete by the control API; quotes move Active -> QuoteSent by the
 *   control API or PUT /Quotes/sendtocustomer. The reference has no "accept"
 *   call: a quote is accepted by PUT /Quotes/{id} {quote_status:
 *   "AcceptedOrdered", order_id}, allowed from QuoteSent/Accepted only.
 * - GET /Products and GET /Carriers answer bare arrays, as their documented
 *   200 schemas ("Inline", anonymous [Product] / [Carrier]) say.
 * - Expand: `product` and `quantity_discount` on SKUs, `discount_level` on
 *   accounts are only filled in when asked for.
 * - Product images live on the sandbox itself (a product's primary_image):
 *   GET /product-images/{product id}.svg, no auth, a generated picture.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { answerCommonControl, ControlRefusal, parseControlBody, SandboxCore, type ChangedItem, type ItemChange, type LoggedRequest } from "../shared/control";
import { applyFault, sendTruncated } from "../shared/faults";
import { listenOnLoopback, parseJson as parseJsonOr, readBody as readBodyOr, sendEmpty, sendJson } from "../shared/http";
import { openStateFile } from "../shared/state-file";
import { answerTokenRequest } from "../shared/tokens";
import { restore, snapshotOf, yodifySavedState } from "./saved-state";
import { priceFor, type PricingAccount } from "@/server/suppliers/yodify/pricing";
import {
  ACCOUNTS,
  buildCatalog,
  productSvg,
  CARRIERS,
  CREATED,
  DISCOUNT_LEVELS,
  SHIPPING_RATES,
  STORE_CURRENCY,
  type SandboxAccountRecord,
  type SandboxCatalog,
} from "./data";
import { pricingAccount, pricingSku } from "@/server/suppliers/yodify/pricing-map";
import {
  ORDER_STATUSES,
  QUOTE_STATUSES,
  formatIssuePath,
  wireCancelOptions,
  wireCreateOrder,
  wireCreateQuote,
  wireUpdateQuote,
  type WireAccount,
  type WireList,
  type WireOrder,
  type WireOrderStatus,
  type WireQuote,
  type WireQuoteStatus,
  type WireShipment,
  type WireSku,
} from "@/server/suppliers/yodify/wire";

export const YODIFY_SANDBOX_CLIENT_ID = "portal-demo";
export const YODIFY_SANDBOX_CLIENT_SECRET = "yodify-sandbox-secret";
/** A client whose tokens may read but not write: its POST/PUT/DELETE calls get 403. */
export const YODIFY_SANDBOX_READONLY_CLIENT_ID = "portal-readonly";
export const YODIFY_SANDBOX_TOKEN_PATH = "/oauth/token";
export const YODIFY_SANDBOX_RATE_LIMIT = { ratePerSecond: 20, burst: 40 } as const;

export interface SandboxOrderRecord {
  order: WireOrder;
  accountId: number;
  fingerprint: string;
  createdAtMs: number;
  changedAtMs: number;
}

export interface SandboxQuoteRecord {
  quote: WireQuote;
  accountId: number;
}

export interface YodifySandboxState {
  /** Where the sandbox listens; its product images are served from here. */
  readonly origin: string;
  catalog: SandboxCatalog;
  skusById: Map<number, WireSku>;
  accounts: Map<number, SandboxAccountRecord>;
  orders: Map<number, SandboxOrderRecord>;
  quotes: Map<number, SandboxQuoteRecord>;
  /** Faults, tokens, rate buckets and the request log (the shared machinery). */
  readonly core: SandboxCore;
  /** Tokens handed out by /oauth/token since start (or the last reset). */
  readonly tokensIssued: number;
  nextOrderId: number;
  nextQuoteId: number;
  nextShipmentId: number;
  nextLineId: number;
  /** SKUs changed or added through the control API (what a restart must bring back). */
  changedSkus: Set<number>;
  /** Something an order's later life needs changed: saved soon when the sandbox has a state file. */
  changed: () => void;
}

export interface YodifySandboxOptions {
  port?: number;
  host?: string;
  tokenTtlSeconds?: number;
  rateLimit?: { ratePerSecond: number; burst: number };
  /** Orders and quotes move one step forward every this many ms (demo); null = only by control calls. */
  autoAdvanceMs?: number | null;
  /** Keep orders, quotes, id counters and changed SKUs in this file across restarts; default: memory only. */
  stateFile?: string;
  /** Where the sandbox says it could not read or write its state file (default console.warn). */
  log?: (line: string) => void;
}

export interface YodifySandbox {
  url: string;
  /** `${url}/api/v1` */
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  state: YodifySandboxState;
  close(): Promise<void>;
}

const CLIENTS = new Map([
  [YODIFY_SANDBOX_CLIENT_ID, YODIFY_SANDBOX_CLIENT_SECRET],
  [YODIFY_SANDBOX_READONLY_CLIENT_ID, "yodify-readonly-secret"],
]);
const TAX_RATE = 0.0725;
const FREIGHT_CENTS = 999;
const FREE_FREIGHT_FROM_CENTS = 50_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors: Record<string, string[]> | null,
    readonly detail?: string,
  ) {
    super(detail ?? title);
  }
}

const invalid = (field: string, message: string) => new HttpError(400, "One or more validation errors occurred.", { [field]: [message] });
const notFound = (what: string, id: string) => new HttpError(404, "Not Found", { id: [`No ${what} with id '${id}'.`] }, `The ${what} '${id}' was not found.`);

interface Ctx {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  clientId: string;
}

interface Handled {
  status: number;
  body: unknown;
}

const isoMs = (ms: number) => new Date(ms).toISOString();
const centsToDecimal = (cents: number) => cents / 100;
const roundHalfAway = (value: number) => Math.sign(value) * Math.round(Math.abs(value) + Number.EPSILON * Math.abs(value));

// ---------------------------------------------------------------------------
// Plumbing

const readBody = (req: IncomingMessage) => readBodyOr(req, (m) => invalid("body", m));
const parseJson = (text: string) => parseJsonOr(text, (m) => invalid("body", m));

function problem(error: HttpError, instance: string) {
  return {
    type: error.status === 404 ? "https://tools.ietf.org/html/rfc7231#section-6.5.4" : "https://tools.ietf.org/html/rfc7231#section-6.5.1",
    title: error.title,
    status: error.status,
    detail: error.detail ?? null,
    instance,
    errors: error.errors ?? {},
  };
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === null || body === undefined || typeof body !== "object" || Array.isArray(body)) throw invalid("body", "A JSON object body is required.");
  const result = schema.safeParse(body);
  if (!result.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of result.error.issues) {
      const field = formatIssuePath(issue.path);
      (errors[field] ??= []).push(issue.message);
    }
    throw new HttpError(400, "One or more validation errors occurred.", errors);
  }
  return result.data;
}

/** ASP.NET-style arrays: `Ids=1&Ids=2`, also accepting `Ids=1,2`. */
function queryArray(query: URLSearchParams, name: string): string[] {
  const key = [...query.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  if (!key) return [];
  return query
    .getAll(key)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

function queryValue(query: URLSearchParams, name: string): string | null {
  const key = [...query.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? query.get(key) : null;
}

function queryInt(query: URLSearchParams, name: string, options: { min?: number; max?: number } = {}): number | null {
  const raw = queryValue(query, name);
  if (raw === null || raw === "") return null;
  const n = Number(raw);
  const { min = -Infinity, max = Infinity } = options;
  if (!/^-?\d+$/.test(raw) || n < min || n > max) {
    const range = Number.isFinite(min) && Number.isFinite(max) ? ` between ${min} and ${max}` : Number.isFinite(min) ? ` of at least ${min}` : "";
    throw invalid(name, `The value '${raw}' is not valid for ${name}: it must be an integer${range}.`);
  }
  return n;
}

function queryIds(query: URLSearchParams): Set<number> | null {
  const raw = queryArray(query, "Ids");
  if (raw.length === 0) return null;
  const ids = new Set<number>();
  for (const v of raw) {
    if (!/^\d+$/.test(v)) throw invalid("Ids", `The value '${v}' is not valid for Ids.`);
    ids.add(Number(v));
  }
  return ids;
}

function queryDate(query: URLSearchParams, name: string): number | null {
  const raw = queryValue(query, name);
  if (!raw) return null;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw invalid(name, `The value '${raw}' is not valid for ${name}.`);
  return ms;
}

/** The documented list envelope over an ordered array, Page 1-based, Limit 1..100 (default 100). */
function listOf<T>(items: readonly T[], query: URLSearchParams, url: string): WireList<T> {
  const limit = queryInt(query, "Limit", { min: 1, max: 100 }) ?? 100;
  const page = queryInt(query, "Page", { min: 1 }) ?? 1;
  const start = (page - 1) * limit;
  const data = items.slice(start, start + limit);
  return { object: "list", data, has_more: start + limit < items.length, total_items: items.length, url, count: data.length };
}

function expands(query: URLSearchParams, name: string): boolean {
  return queryArray(query, "Expand").some((e) => e.toLowerCase() === name.toLowerCase());
}

// ---------------------------------------------------------------------------
// Server

function createState(options: YodifySandboxOptions, origin: string): YodifySandboxState {
  const catalog = buildCatalog(origin);
  const core = new SandboxCore({
    tokenPrefix: "yds_",
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    rateLimit: options.rateLimit ?? { ...YODIFY_SANDBOX_RATE_LIMIT },
  });
  return {
    origin,
    catalog,
    skusById: new Map(catalog.skus.map((s) => [s.id, s])),
    accounts: new Map(ACCOUNTS.map((a) => [a.account.id, structuredClone(a)])),
    orders: new Map(),
    quotes: new Map(),
    core,
    get tokensIssued() {
      return core.tokens.issued;
    },
    nextOrderId: 50001,
    nextQuoteId: 7001,
    nextShipmentId: 3501,
    nextLineId: 1,
    changedSkus: new Set(),
    changed: () => {},
  };
}

export async function startYodifySandbox(options: YodifySandboxOptions = {}): Promise<YodifySandbox> {
  let origin = "";
  // Made once the port is known (its product images carry the origin); nobody can call before then.
  let state: YodifySandboxState | null = null;
  const listening = await listenOnLoopback(
    (req, res) => {
      if (!state) return void sendEmpty(res, 503);
      handle(state, origin, req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed)
          sendJson(res, 500, { title: "Internal Server Error", status: 500, detail: error instanceof Error ? error.message : "error" });
      });
    },
    { port: options.port, host: options.host },
  );
  origin = listening.origin;
  const live = createState(options, origin);
  state = live;
  const saved = options.stateFile
    ? openStateFile({ file: options.stateFile, sandbox: "yodify", schema: yodifySavedState, snapshot: () => snapshotOf(live), log: options.log })
    : null;
  if (saved) {
    if (saved.loaded) restore(live, saved.loaded);
    live.changed = () => saved.changed();
  }

  let timer: NodeJS.Timeout | null = null;
  const every = options.autoAdvanceMs ?? null;
  if (every && every > 0) {
    timer = setInterval(() => {
      for (const record of live.orders.values()) {
        if (NEXT_ORDER_STATUS[record.order.order_status] && Date.now() - record.changedAtMs >= every) {
          advanceOrder(live, record);
          live.changed();
        }
      }
      for (const record of live.quotes.values()) {
        if (record.quote.quote_status !== "Active") continue;
        record.quote.quote_status = "QuoteSent";
        live.changed();
      }
    }, every);
    timer.unref();
  }

  return {
    url: origin,
    baseUrl: `${origin}/api/v1`,
    tokenUrl: `${origin}${YODIFY_SANDBOX_TOKEN_PATH}`,
    clientId: YODIFY_SANDBOX_CLIENT_ID,
    clientSecret: YODIFY_SANDBOX_CLIENT_SECRET,
    state: live,
    close: async () => {
      if (timer) clearInterval(timer);
      await listening.close();
      await saved?.flush();
    },
  };
}

async function handle(state: YodifySandboxState, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", origin);
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (path === "/_sandbox" || path.startsWith("/_sandbox/")) return handleControl(state, method, path, req, res);
  if (path === YODIFY_SANDBOX_TOKEN_PATH) return handleToken(state, req, res);
  if (path.toLowerCase().startsWith("/api/v1/")) return handleApi(state, method, path, url, req, res);
  if (path.startsWith("/product-images/") && (method === "GET" || method === "HEAD")) return handleImage(state, path, res, method === "HEAD");
  sendJson(res, 404, problem(new HttpError(404, "Not Found", null, `No route ${method} ${path}.`), path));
}

/** GET /product-images/{product id}.svg: the picture a product's primary_image names (no auth, like a CDN). */
function handleImage(state: YodifySandboxState, path: string, res: ServerResponse, head: boolean): void {
  const match = /^\/product-images\/(\d+)\.svg$/.exec(path);
  const product = match ? state.catalog.products.find((p) => p.id === Number(match[1])) : undefined;
  if (!product) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("image not found");
    return;
  }
  const svg = productSvg(product);
  res.writeHead(200, { "Content-Type": "image/svg+xml", "Content-Length": Buffer.byteLength(svg), "Cache-Control": "public, max-age=86400" });
  res.end(head ? undefined : svg);
}

function handleToken(state: YodifySandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return answerTokenRequest(req, res, { tokens: state.core.tokens, clients: CLIENTS, realm: "yodify", scope: "yodify" });
}

const faultAnswers = {
  unavailable: (fault: { status: number }) => ({
    status: fault.status,
    body: { title: "Service Unavailable", status: fault.status, detail: "Yodify is temporarily unavailable." },
  }),
  // The reference documents 429 with no body ("API call quota exceeded", schema None).
  rateLimited: (fault: { retryAfterSeconds: number }) => ({ status: 429, headers: { "Retry-After": String(fault.retryAfterSeconds) } }),
};

async function handleApi(state: YodifySandboxState, method: string, path: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { core } = state;
  core.apiRequests++;
  const log = (status: LoggedRequest["status"]) => core.log({ method, path, status });
  const fault = core.faults.take(path);
  const faulted = await applyFault(fault, req, res, faultAnswers);
  if (faulted !== null) return log(faulted);

  const bearer = core.tokens.check(req.headers.authorization);
  if (bearer.kind !== "valid") {
    log(401);
    const detail =
      bearer.kind === "missing"
        ? "No bearer token was supplied."
        : bearer.kind === "expired"
          ? "The access token has expired."
          : "The access token is not valid.";
    return sendJson(res, 401, problem(new HttpError(401, "Unauthorized", null, detail), path), {
      "WWW-Authenticate": `Bearer realm="yodify", error="invalid_token"`,
    });
  }
  const { waitMs } = core.rateBuckets.take(bearer.token);
  if (waitMs > 0) {
    log(429);
    return sendEmpty(res, 429, { "Retry-After": String(Math.max(1, Math.ceil(waitMs / 1000))) });
  }
  if (method !== "GET" && bearer.clientId === YODIFY_SANDBOX_READONLY_CLIENT_ID) {
    log(403);
    return sendEmpty(res, 403);
  }

  try {
    const body = method === "POST" || method === "PUT" ? parseJson(await readBody(req)) : undefined;
    const ctx: Ctx = { method, path, query: url.searchParams, body, clientId: bearer.clientId };
    const result = route(state, ctx);
    if (method !== "GET") state.changed();
    if (fault?.kind === "truncate") {
      log("truncated");
      return sendTruncated(req, res, result.status, result.body);
    }
    log(result.status);
    sendJson(res, result.status, result.body);
  } catch (error) {
    if (error instanceof HttpError) {
      log(error.status);
      return sendJson(res, error.status, problem(error, path));
    }
    throw error;
  }
}

function route(state: YodifySandboxState, ctx: Ctx): Handled {
  const parts = ctx.path.split("/").filter(Boolean).slice(2); // after api/v1
  const [resource = "", a, b, c] = parts.map((p) => decodeURIComponent(p));
  const r = resource.toLowerCase();
  const m = ctx.method;
  const numericId = (value: string | undefined, what: string): number => {
    if (!value || !/^\d+$/.test(value)) throw invalid("id", `The value '${value ?? ""}' is not a valid ${what} id.`);
    return Number(value);
  };

  if (r === "accounts" && m === "GET" && parts.length === 1) return listAccounts(state, ctx);
  if (r === "accounts" && m === "GET" && parts.length === 2)
    return { status: 200, body: accountView(state, findAccount(state, numericId(a, "Account")), ctx.query) };
  if (r === "discountlevels" && m === "GET" && parts.length === 2) {
    const level = DISCOUNT_LEVELS.find((l) => l.id === numericId(a, "DiscountLevel"));
    if (!level) throw notFound("DiscountLevel", a ?? "");
    return { status: 200, body: level };
  }
  if (r === "brands" && m === "GET" && parts.length === 1) {
    const ids = queryIds(ctx.query);
    return {
      status: 200,
      body: listOf(
        state.catalog.brands.filter((x) => !ids || ids.has(x.id)),
        ctx.query,
        "/api/v1/Brands",
      ),
    };
  }
  if (r === "brands" && m === "GET" && parts.length === 2) {
    const brand = state.catalog.brands.find((x) => x.id === numericId(a, "Brand"));
    if (!brand) throw notFound("Brand", a ?? "");
    return { status: 200, body: brand };
  }
  if (r === "skus" && m === "GET" && parts.length === 1) return listSkus(state, ctx);
  if (r === "skus" && m === "GET" && parts.length === 2) {
    const sku = state.skusById.get(numericId(a, "SKU"));
    if (!sku) throw notFound("SKU", a ?? "");
    return { status: 200, body: skuView(state, sku, ctx.query) };
  }
  if (r === "products" && m === "GET" && parts.length === 1) {
    const ids = queryIds(ctx.query);
    const brandId = queryInt(ctx.query, "BrandId", { min: 0 });
    const list = listOf(
      state.catalog.products.filter((p) => (!ids || ids.has(p.id)) && (brandId === null || p.brand_id === brandId)),
      ctx.query,
      "/api/v1/Products",
    );
    return { status: 200, body: list.data };
  }
  if (r === "products" && m === "GET" && parts.length === 2) {
    const product = state.catalog.products.find((p) => p.id === numericId(a, "Product"));
    if (!product) throw notFound("Product", a ?? "");
    return { status: 200, body: product };
  }
  if (r === "search" && m === "GET" && parts.length === 1) return search(state, ctx);
  if (r === "carriers" && m === "GET" && parts.length === 1) return { status: 200, body: listOf(CARRIERS, ctx.query, "/api/v1/Carriers").data };
  if (r === "carriers" && m === "GET" && parts.length === 2) {
    const carrier = CARRIERS.find((x) => x.id === numericId(a, "Carrier"));
    if (!carrier) throw notFound("Carrier", a ?? "");
    return { status: 200, body: carrier };
  }
  if (r === "shippingrates" && m === "GET" && parts.length === 1) {
    const ids = queryIds(ctx.query);
    return {
      status: 200,
      body: listOf(
        SHIPPING_RATES.filter((x) => !ids || ids.has(x.id)),
        ctx.query,
        "/api/v1/ShippingRates",
      ),
    };
  }
  if (r === "shippingrates" && m === "GET" && parts.length === 2) {
    const rate = SHIPPING_RATES.find((x) => x.id === numericId(a, "ShippingRate"));
    if (!rate) throw notFound("ShippingRate", a ?? "");
    return { status: 200, body: rate };
  }
  if (r === "orders") {
    if (m === "GET" && parts.length === 1) return listOrders(state, ctx);
    if (m === "POST" && parts.length === 1) return createOrder(state, ctx);
    if (m === "GET" && parts.length === 2) return { status: 200, body: findOrder(state, numericId(a, "Order")).order };
    if (m === "PUT" && parts.length === 3 && a?.toLowerCase() === "cancel") return cancelOrder(state, numericId(b, "Order"), ctx);
    if (m === "PUT" && parts.length === 3 && a?.toLowerCase() === "confirm") {
      const record = findOrder(state, numericId(b, "Order"));
      if (record.order.order_status !== "New")
        throw invalid("order_status", `Order ${record.order.id} is ${record.order.order_status}; only New orders can be confirmed.`);
      record.order.order_status = "Processing";
      return { status: 200, body: record.order };
    }
    if (m === "GET" && parts.length === 3 && b?.toLowerCase() === "shipments") {
      const record = findOrder(state, numericId(a, "Order"));
      return { status: 200, body: listOf(record.order.shipments ?? [], ctx.query, `/api/v1/orders/${record.order.id}/shipments`) };
    }
    if (m === "GET" && parts.length === 4 && b?.toLowerCase() === "shipments") {
      const record = findOrder(state, numericId(a, "Order"));
      const shipment = (record.order.shipments ?? []).find((s) => s.id === numericId(c, "Shipment"));
      if (!shipment) throw notFound("Shipment", c ?? "");
      return { status: 200, body: shipment };
    }
  }
  if (r === "quotes") {
    if (m === "GET" && parts.length === 1) {
      const statuses = queryArray(ctx.query, "Statuses");
      const ids = queryIds(ctx.query);
      const all = [...state.quotes.values()]
        .map((q) => refreshQuote(q).quote)
        .filter((q) => (!ids || ids.has(q.id)) && (statuses.length === 0 || statuses.includes(q.quote_status)));
      return { status: 200, body: listOf(all, ctx.query, "/api/v1/Quotes") };
    }
    if (m === "POST" && parts.length === 1) return createQuote(state, ctx);
    if (m === "GET" && parts.length === 2) return { status: 200, body: findQuote(state, numericId(a, "Quote")).quote };
    if (m === "PUT" && parts.length === 2) return updateQuote(state, numericId(a, "Quote"), ctx);
    if (m === "PUT" && parts.length === 3) {
      const action = a?.toLowerCase();
      const record = findQuote(state, numericId(b, "Quote"));
      parseBody(wireCancelOptions, ctx.body ?? {});
      const from: Record<string, WireQuoteStatus[]> = {
        decline: ["New", "Active", "QuoteSent", "Draft", "Accepted"],
        cancel: ["New", "Active", "QuoteSent", "Draft", "Accepted"],
        sendtocustomer: ["New", "Active", "QuoteSent"],
      };
      const to: Record<string, WireQuoteStatus> = { decline: "Declined", cancel: "Cancelled", sendtocustomer: "QuoteSent" };
      if (action && from[action] && to[action]) {
        if (!from[action]!.includes(record.quote.quote_status))
          throw invalid("quote_status", `Quote ${record.quote.id} is ${record.quote.quote_status}; it cannot be moved to ${to[action]}.`);
        record.quote.quote_status = to[action]!;
        if (action === "sendtocustomer") record.quote.sent_to_customer_date = isoMs(Date.now());
        return { status: 200, body: record.quote };
      }
    }
  }
  throw new HttpError(404, "Not Found", null, `No route ${ctx.method} ${ctx.path}.`);
}

// ---------------------------------------------------------------------------
// Accounts and catalog

function findAccount(state: YodifySandboxState, id: number): SandboxAccountRecord {
  const record = state.accounts.get(id);
  if (!record) throw notFound("Account", String(id));
  return record;
}

function accountView(state: YodifySandboxState, record: SandboxAccountRecord, query: URLSearchParams): WireAccount {
  const level = record.account.discount_level_id ? (DISCOUNT_LEVELS.find((l) => l.id === record.account.discount_level_id) ?? null) : null;
  return { ...record.account, discount_level: expands(query, "discount_level") ? level : null };
}

function listAccounts(state: YodifySandboxState, ctx: Ctx): Handled {
  const ids = queryIds(ctx.query);
  const all = [...state.accounts.values()].filter((a) => !ids || ids.has(a.account.id)).map((a) => accountView(state, a, ctx.query));
  return { status: 200, body: listOf(all, ctx.query, "/api/v1/Accounts") };
}

function skuView(state: YodifySandboxState, sku: WireSku, query: URLSearchParams): WireSku {
  const product = state.catalog.products.find((p) => p.id === sku.store_product_id) ?? null;
  return {
    ...sku,
    product: expands(query, "product") ? product : null,
    quantity_discount: expands(query, "quantity_discount") ? (sku.quantity_discount ?? null) : null,
  };
}

function listSkus(state: YodifySandboxState, ctx: Ctx): Handled {
  const ids = queryIds(ctx.query);
  const brandId = queryInt(ctx.query, "BrandId", { min: 0 });
  const sinceId = queryInt(ctx.query, "SinceId", { min: 0 });
  const min = queryDate(ctx.query, "CreatedOnMin");
  const max = queryDate(ctx.query, "CreatedOnMax");
  if (min !== null && max !== null && min > max) throw invalid("CreatedOnMin", "CreatedOnMin must be less than or equal to CreatedOnMax.");
  const skus = state.catalog.skus
    .filter(
      (s) =>
        (!ids || ids.has(s.id)) &&
        (brandId === null || s.brand?.id === brandId) &&
        (sinceId === null || s.id > sinceId) &&
        (min === null || Date.parse(s.created_on ?? CREATED) >= min) &&
        (max === null || Date.parse(s.created_on ?? CREATED) <= max),
    )
    .map((s) => skuView(state, s, ctx.query));
  return { status: 200, body: listOf(skus, ctx.query, "/api/v1/SKUs") };
}

const SEARCH_TYPES = ["Product", "Brand", "Category", "Inventory"] as const;

function search(state: YodifySandboxState, ctx: Ctx): Handled {
  const term = (queryValue(ctx.query, "Term") ?? "").trim().toLowerCase();
  const types = queryArray(ctx.query, "Types");
  for (const t of types)
    if (!(SEARCH_TYPES as readonly string[]).includes(t)) throw invalid("Types", `'${t}' is not a search type (${SEARCH_TYPES.join(", ")}).`);
  const want = (t: string) => types.length === 0 || types.includes(t);
  const words = term.split(/\s+/).filter(Boolean);
  const hit = (text: string) => words.every((w) => text.toLowerCase().includes(w));
  const results: unknown[] = [];
  if (want("Product")) {
    for (const p of state.catalog.products)
      if (hit(`${p.name} ${p.short_description ?? ""}`))
        results.push({
          id: p.id,
          object: "search_result",
          name: p.name,
          short_name: p.short_name,
          primary_image: p.primary_image,
          url: p.url,
          short_description: p.short_description,
          brand_name: p.brand?.name ?? null,
          type: "Product",
          related: [],
        });
  }
  if (want("Brand")) {
    for (const b of state.catalog.brands)
      if (hit(b.name))
        results.push({
          id: b.id,
          object: "search_result",
          name: b.name,
          short_name: b.alias,
          primary_image: "",
          url: "",
          short_description: "",
          brand_name: null,
          type: "Brand",
          related: [],
        });
  }
  if (want("Inventory")) {
    for (const s of state.catalog.skus) {
      if (!hit(`${s.sku_identifier} ${s.short_description ?? ""} ${s.description ?? ""} ${s.brand?.name ?? ""}`)) continue;
      results.push({
        id: s.id,
        object: "search_result",
        name: s.sku_identifier,
        short_name: s.short_description,
        primary_image: "",
        url: "",
        short_description: s.short_description,
        brand_name: s.brand?.name ?? null,
        type: "Inventory",
        related: [],
      });
    }
  }
  return { status: 200, body: listOf(results, ctx.query, "/api/v1/Search") };
}

// ---------------------------------------------------------------------------
// Orders

function findOrder(state: YodifySandboxState, id: number): SandboxOrderRecord {
  const record = state.orders.get(id);
  if (!record) throw notFound("Order", String(id));
  return record;
}

function listOrders(state: YodifySandboxState, ctx: Ctx): Handled {
  const statuses = queryArray(ctx.query, "Statuses");
  for (const s of statuses) if (!(ORDER_STATUSES as readonly string[]).includes(s)) throw invalid("Statuses", `'${s}' is not an order status.`);
  const ids = queryIds(ctx.query);
  const sinceId = queryInt(ctx.query, "SinceId", { min: 0 });
  const min = queryDate(ctx.query, "CreatedOnMin");
  const max = queryDate(ctx.query, "CreatedOnMax");
  const all = [...state.orders.values()]
    .filter(
      (r) =>
        (!ids || ids.has(r.order.id)) &&
        (statuses.length === 0 || statuses.includes(r.order.order_status)) &&
        (sinceId === null || r.order.id > sinceId) &&
        (min === null || r.createdAtMs >= min) &&
        (max === null || r.createdAtMs <= max),
    )
    .map((r) => r.order);
  return { status: 200, body: listOf(all, ctx.query, "/api/v1/Orders") };
}

function priceLines(
  state: YodifySandboxState,
  account: WireAccount,
  lines: { sku_id: number; quantity: number; price_per_unit?: number | null }[],
  field: string,
) {
  const pricing: PricingAccount = pricingAccount(DISCOUNT_LEVELS.find((l) => l.id === account.discount_level_id) ?? null, account.discount_level_id ?? null);
  return lines.map((line, index) => {
    const sku = state.skusById.get(line.sku_id);
    if (!sku) throw invalid(`${field}[${index}].sku_id`, `No SKU with id ${line.sku_id}.`);
    const product = state.catalog.products.find((p) => p.id === sku.store_product_id) ?? null;
    const canSell = sku.always_in_stock || sku.allow_backorders || sku.inventory >= line.quantity;
    if (!canSell)
      throw invalid(`${field}[${index}].quantity`, `Only ${Math.max(0, sku.inventory)} of SKU ${sku.sku_identifier} in stock, and it cannot be backordered.`);
    const cents =
      line.price_per_unit !== null && line.price_per_unit !== undefined
        ? Math.round(line.price_per_unit * 100)
        : priceFor(pricingSku(sku, product), pricing, line.quantity, STORE_CURRENCY).unitPrice.amount;
    return { sku, product, quantity: line.quantity, cents };
  });
}

function createOrder(state: YodifySandboxState, ctx: Ctx): Handled {
  const input = parseBody(wireCreateOrder, ctx.body);
  const record = state.accounts.get(input.account_id);
  if (!record) throw invalid("account_id", `No account with id ${input.account_id}.`);
  const fingerprint = JSON.stringify(input.items.map((i) => [i.sku_id, i.quantity, i.price_per_unit ?? null]));
  if (input.client_identifier) {
    const existing = [...state.orders.values()].find((o) => o.accountId === input.account_id && o.order.client_identifier === input.client_identifier);
    if (existing) {
      if (existing.fingerprint !== fingerprint)
        throw invalid(
          "client_identifier",
          `client_identifier '${input.client_identifier}' was already used for order ${existing.order.id} with different items.`,
        );
      return { status: 200, body: existing.order };
    }
  }
  const lines = priceLines(state, record.account, input.items, "items");
  const now = Date.now();
  const id = state.nextOrderId++;
  const subtotal = lines.reduce((sum, l) => sum + l.cents * l.quantity, 0);
  const freight = subtotal >= FREE_FREIGHT_FROM_CENTS ? 0 : FREIGHT_CENTS;
  const tax = roundHalfAway(subtotal * TAX_RATE);
  const account = record.account;
  const order: WireOrder = {
    id,
    object: "order",
    client_identifier: input.client_identifier ?? null,
    shopping_cart_id: null,
    order_number: input.order_number || `ORD-${String(id).padStart(12, "0")}`,
    customer_id: record.customerId,
    customer: {
      id: record.customerId,
      object: "customer",
      first_name: null,
      last_name: null,
      company_name: account.name,
      email_address: account.email ?? null,
      phone_number: account.phone_number ?? null,
      account_id: account.id,
      account_name: account.name,
      account_number: account.account_number ?? null,
      discount_level_id: account.discount_level_id ?? null,
      discount_level_name: DISCOUNT_LEVELS.find((l) => l.id === account.discount_level_id)?.name ?? null,
    },
    items: lines.map((l) => ({
      id: state.nextLineId++,
      object: "orderitem",
      client_identifier: null,
      sku_id: l.sku.id,
      sku: { ...l.sku, product: null, quantity_discount: null },
      order_id: id,
      product_id: l.sku.store_product_id ?? null,
      quantity: l.quantity,
      model_number: l.sku.manufacturer_part_number ?? null,
      price_per_unit: centsToDecimal(l.cents),
      seller_price_per_unit: centsToDecimal(l.cents),
      add_ons: [],
      unit_of_measure: l.sku.unit_of_measure ?? null,
    })),
    shipping_address: { object: "address", ...input.shipping_address },
    billing_address: input.billing_address
      ? { object: "address", ...input.billing_address }
      : {
          object: "address",
          city: account.city,
          state_code: account.state_code,
          country_code: account.country_code,
          street1: account.street1,
          street2: account.street2,
          postal_code: account.postal_code,
          company_name: account.name,
        },
    shipments: [],
    shipping_instructions: input.shipping_instructions ?? "",
    shipping_method: input.shipping_method ?? "Standard Shipping",
    currency_code: STORE_CURRENCY,
    seller_currency_code: STORE_CURRENCY,
    order_status: "New",
    payment_method: "Account",
    subtotal: centsToDecimal(subtotal),
    freight: centsToDecimal(freight),
    tax: centsToDecimal(tax),
    discount: 0,
    tax_rate: TAX_RATE,
    transaction_fee: 0,
    total: centsToDecimal(subtotal + freight + tax),
    exchange_rate: 1,
    ordered_date: isoMs(now),
    additional_information: {
      tax_id: input.additional_information?.tax_id ?? null,
      purchase_order_number: input.additional_information?.purchase_order_number ?? null,
      fields: [],
      comments: input.additional_information?.comments ?? "",
    },
    url: `https://store.yodify.example/account/orders/${id}`,
  };
  state.orders.set(id, { order, accountId: account.id, fingerprint, createdAtMs: now, changedAtMs: now });
  return { status: 200, body: order };
}

const CANCELLABLE: WireOrderStatus[] = ["New", "Received", "Processing", "StockConfirmed", "StockPartiallyConfirmed"];

function cancelOrder(state: YodifySandboxState, id: number, ctx: Ctx): Handled {
  const record = findOrder(state, id);
  parseBody(wireCancelOptions, ctx.body ?? {});
  const order = record.order;
  // "If an Order has had a Shipment added to it, it cannot be cancelled. The Order will need to be refunded in this case."
  if ((order.shipments ?? []).length > 0) throw invalid("id", `Order ${id} has a shipment and cannot be cancelled; it must be refunded.`);
  if (!CANCELLABLE.includes(order.order_status)) throw invalid("order_status", `Order ${id} is ${order.order_status} and cannot be cancelled.`);
  order.order_status = "Cancelled";
  return { status: 200, body: order };
}

const TRACKING: Record<string, (n: string) => string> = {
  FedEx: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  UPS: (n) => `https://www.ups.com/track?tracknum=${n}`,
  USPS: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
};

/** Adds a tracked shipment of every remaining item (the reference: "leave items empty to attach all remaining items"). */
export function addShipment(state: YodifySandboxState, record: SandboxOrderRecord, carrier = "FedEx", withUrl = true): WireShipment {
  const id = state.nextShipmentId++;
  const now = Date.now();
  const trackingNumber = `7${String(record.order.id).padStart(6, "0")}${String(id).padStart(5, "0")}`;
  const shipment: WireShipment = {
    id,
    object: "shipment",
    client_identifier: null,
    order_id: record.order.id,
    shipped_date: isoMs(now),
    estimated_delivery_date: isoMs(now + 4 * 86_400_000),
    tracking_number: trackingNumber,
    // The reference's own example leaves tracking_url empty ("") on a tracked FedEx shipment.
    tracking_url: withUrl ? (TRACKING[carrier]?.(trackingNumber) ?? "") : "",
    carrier,
    items: record.order.items.map((i, n) => ({ id: n + 1, object: "shipmentitem", order_item_id: i.id ?? 0, sku_id: i.sku_id, quantity: i.quantity })),
    add_ons: [],
    shipment_type: "Tracked",
    created_on: isoMs(now),
    trackings: [],
    address: record.order.shipping_address ?? null,
    status: "InTransit",
  };
  record.order.shipments = [...(record.order.shipments ?? []), shipment];
  return shipment;
}

const NEXT_ORDER_STATUS: Partial<Record<WireOrderStatus, WireOrderStatus>> = { New: "Processing", Processing: "Shipped", Shipped: "Complete" };

function advanceOrder(state: YodifySandboxState, record: SandboxOrderRecord, to?: WireOrderStatus, carrier?: string, withUrl?: boolean): void {
  const next = to ?? NEXT_ORDER_STATUS[record.order.order_status];
  if (!next) throw new HttpError(409, "Conflict", { order_status: [`Order ${record.order.id} is ${record.order.order_status}; it does not advance.`] });
  if ((next === "Shipped" || next === "PartiallyShipped") && (record.order.shipments ?? []).length === 0) addShipment(state, record, carrier, withUrl);
  if (next === "Complete") for (const s of record.order.shipments ?? []) s.status = "Delivered";
  record.order.order_status = next;
  record.changedAtMs = Date.now();
}

// ---------------------------------------------------------------------------
// Quotes

function findQuote(state: YodifySandboxState, id: number): SandboxQuoteRecord {
  const record = state.quotes.get(id);
  if (!record) throw notFound("Quote", String(id));
  return refreshQuote(record);
}

/** An open quote past its expiry_date reads as Expired. */
function refreshQuote(record: SandboxQuoteRecord): SandboxQuoteRecord {
  const q = record.quote;
  if (q.expiry_date && Date.parse(q.expiry_date) <= Date.now() && ["New", "Active", "QuoteSent", "Draft", "Accepted"].includes(q.quote_status))
    q.quote_status = "Expired";
  return record;
}

function createQuote(state: YodifySandboxState, ctx: Ctx): Handled {
  const input = parseBody(wireCreateQuote, ctx.body);
  const record = state.accounts.get(input.customer.account_id);
  if (!record) throw invalid("customer.account_id", `No account with id ${input.customer.account_id}.`);
  // New and Draft are kept; anything else (the reference's own example sends "Processing", not a quote status) starts Active.
  const initial = input.quote_status === "New" || input.quote_status === "Draft" ? input.quote_status : "Active";
  if (input.client_identifier) {
    const existing = [...state.quotes.values()].find((q) => q.accountId === record.account.id && q.quote.client_identifier === input.client_identifier);
    if (existing) return { status: 200, body: existing.quote };
  }
  const lines = priceLines(state, record.account, input.items, "items");
  const now = Date.now();
  const id = state.nextQuoteId++;
  const expiryDays = input.expiry_days ?? 30;
  const account = record.account;
  const quote: WireQuote = {
    id,
    object: "quote",
    client_identifier: input.client_identifier ?? null,
    quote_number: input.quote_number || `QTE-${String(id).padStart(10, "0")}`,
    customer_id: record.customerId,
    customer: {
      id: record.customerId,
      object: "customer",
      company_name: account.name,
      account_id: account.id,
      account_name: account.name,
      account_number: account.account_number ?? null,
      discount_level_id: account.discount_level_id ?? null,
    },
    items: lines.map((l, n) => ({
      id: state.nextLineId++,
      object: "quoteitem",
      client_identifier: input.items[n]?.client_identifier ?? null,
      sku_id: l.sku.id,
      quote_id: id,
      product_id: l.sku.store_product_id ?? null,
      quantity: l.quantity,
      model_number: l.sku.manufacturer_part_number ?? null,
      price_per_unit: centsToDecimal(l.cents),
      seller_price_per_unit: centsToDecimal(l.cents),
      optional: false,
      lead_time_from: l.sku.lead_time_from ?? 0,
      lead_time_to: l.sku.lead_time_to ?? 0,
    })),
    currency_code: STORE_CURRENCY,
    seller_currency_code: STORE_CURRENCY,
    quote_status: initial as WireQuoteStatus,
    activation_date: initial === "Active" ? isoMs(now) : null,
    sent_to_customer_date: null,
    customer_reference: input.customer_reference ?? null,
    completion_date: null,
    order_id: null,
    expiry_days: expiryDays,
    expiry_date: isoMs(now + expiryDays * 86_400_000),
    address: input.address ? { object: "address", ...input.address } : null,
    store_comments: "",
    customer_comments: input.customer_comments ?? "",
    estimated_shipping: 9.99,
    documents: [],
    url: `https://store.yodify.example/account/quotes/${id}`,
  };
  state.quotes.set(id, { quote, accountId: account.id });
  return { status: 200, body: quote };
}

function updateQuote(state: YodifySandboxState, id: number, ctx: Ctx): Handled {
  const record = findQuote(state, id);
  const input = parseBody(wireUpdateQuote, ctx.body);
  const quote = record.quote;
  if (input.quote_status && input.quote_status !== quote.quote_status) {
    const target = input.quote_status;
    if (target === "Accepted" || target === "AcceptedOrdered") {
      if (!["QuoteSent", "Accepted"].includes(quote.quote_status))
        throw invalid("quote_status", `Quote ${id} is ${quote.quote_status}; only a quote sent to the customer can be accepted.`);
      if (target === "AcceptedOrdered") {
        if (!input.order_id) throw invalid("order_id", "An AcceptedOrdered quote needs the order_id of its order.");
        const order = state.orders.get(input.order_id);
        if (!order || order.accountId !== record.accountId) throw invalid("order_id", `No order ${input.order_id} for this quote's account.`);
        quote.order_id = input.order_id;
        quote.completion_date = isoMs(Date.now());
      }
    } else if (!["Draft", "New", "Active"].includes(target) || !["Draft", "New"].includes(quote.quote_status)) {
      throw invalid("quote_status", `Quote ${id} cannot move from ${quote.quote_status} to ${target} by an update.`);
    }
    quote.quote_status = target;
  } else if (input.order_id && quote.order_id && input.order_id !== quote.order_id) {
    throw invalid("order_id", `Quote ${id} is already linked to order ${quote.order_id}.`);
  }
  if (input.customer_comments !== undefined && input.customer_comments !== null) quote.customer_comments = input.customer_comments;
  return { status: 200, body: quote };
}

// ---------------------------------------------------------------------------
// Control endpoints (loopback sandbox only; no auth; never under /api): the common ones (shared/control.ts), and
//
//   POST /_sandbox/orders/{id}/advance  {status?, carrier?, trackingUrl?:true}  New -> Processing -> Shipped -> Complete
//   POST /_sandbox/quotes/{id}/advance  {status?, discountPercent?, prices?:{skuId:price}, expiryDays?}  Active -> QuoteSent (or the status given), at the seller's prices
//   POST /_sandbox/skus/add            {copyOf, sku_identifier, short_description?}  list a new SKU (next id)
//   POST /_sandbox/skus/{id}/patch      {field:value,...}  overwrite raw SKU fields (e.g. a malformed list_price)

const advanceOrderBody = z.object({ status: z.enum(ORDER_STATUSES).optional(), carrier: z.string().optional(), trackingUrl: z.boolean().default(true) });
const advanceQuoteBody = z.object({
  status: z.enum(QUOTE_STATUSES).optional(),
  /** The seller's side of a quote: knock this percent off every line's price_per_unit as it is sent. */
  discountPercent: z.number().min(0).max(90).optional(),
  /** Or set an exact price per unit, by sku_id. */
  prices: z.record(z.string(), z.number().positive()).optional(),
  expiryDays: z.number().min(-30).max(365).optional(),
});
const addSkuBody = z.object({ copyOf: z.number().int(), sku_identifier: z.string().min(1), short_description: z.string().optional() });

/**
 * POST /_sandbox/items/{sku id}: Yodify keeps one list price per SKU (account discounts apply on top, by pricing.ts)
 * and sells from inventory, or always, or on backorder. A new price ends any sale so the list price is what applies.
 * `available: false` stops the SKU selling at all; `available: true` lets it be backordered when none is in stock.
 */
function changeSku(state: YodifySandboxState, id: string, change: ItemChange): ChangedItem[] {
  if (change.account !== undefined) {
    throw new ControlRefusal(400, "Yodify prices a SKU the same for every account (discount levels apply on top): leave account out.", "account");
  }
  const sku = /^\d+$/.test(id) ? state.skusById.get(Number(id)) : undefined;
  if (!sku) throw new ControlRefusal(404, `No SKU with id '${id}'.`, "id");
  const [tier, ...moreTiers] = change.price ?? [];
  if (moreTiers.length > 0) {
    throw new ControlRefusal(400, "Yodify has one list price per SKU (its quantity breaks are percent discounts): send a single price.", "price");
  }
  if (tier) {
    sku.list_price = Number(tier.price);
    sku.sale_price = null;
    sku.is_on_sale = false;
  }
  if (change.stock !== undefined) {
    sku.always_in_stock = change.stock === null;
    if (change.stock !== null) sku.inventory = change.stock;
  }
  if (change.available === false) {
    sku.allow_backorders = false;
    sku.always_in_stock = false;
    sku.inventory = Math.min(sku.inventory, 0);
  }
  if (change.available === true && !(sku.inventory > 0 || sku.always_in_stock)) sku.allow_backorders = true;
  sku.modified_on = isoMs(Date.now());
  state.changedSkus.add(sku.id);
  return [{ account: null, item: skuView(state, sku, new URLSearchParams()) }];
}

/** A control call's refusal as ValidationProblemDetails, the field named in `errors`. */
function controlProblem(refusal: ControlRefusal): HttpError {
  const title = refusal.status === 404 ? "Not Found" : refusal.status === 409 ? "Conflict" : "One or more validation errors occurred.";
  return new HttpError(refusal.status, title, refusal.field ? { [refusal.field]: [refusal.message] } : null, refusal.message);
}

async function handleControl(state: YodifySandboxState, method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = method === "POST" ? parseJson(await readBody(req)) : undefined;
    const parts = path.split("/").filter(Boolean).slice(1).map(decodeURIComponent); // after "_sandbox"
    const common = answerCommonControl(
      state.core,
      {
        forgetOrders: () => {
          state.orders.clear();
          state.quotes.clear();
        },
        reseedCatalog: () => {
          state.catalog = buildCatalog(state.origin);
          state.skusById = new Map(state.catalog.skus.map((s) => [s.id, s]));
          state.changedSkus.clear();
        },
        changeItem: (id, change) => changeSku(state, id, change),
        counters: () => ({ orders: state.orders.size, quotes: state.quotes.size, skus: state.catalog.skus.length }),
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
    // Every other control route changes what the sandbox keeps; a refusal below changes nothing and is not saved.
    const answer = (body: unknown) => {
      state.changed();
      sendJson(res, 200, body);
    };
    if (method === "POST" && what === "orders" && id && action === "advance") {
      const record = findOrder(state, Number(id));
      const input = parseControlBody(advanceOrderBody, body);
      advanceOrder(state, record, input.status, input.carrier, input.trackingUrl);
      return answer(record.order);
    }
    if (method === "POST" && what === "quotes" && id && action === "advance") {
      const record = findQuote(state, Number(id));
      const input = parseControlBody(advanceQuoteBody, body);
      for (const item of record.quote.items) {
        const exact = input.prices?.[String(item.sku_id)];
        const base = Number(item.price_per_unit ?? 0);
        const quoted = exact ?? (input.discountPercent !== undefined ? Math.round(base * (100 - input.discountPercent)) / 100 : null);
        if (quoted !== null) item.price_per_unit = quoted;
      }
      if (input.expiryDays !== undefined) record.quote.expiry_date = isoMs(Date.now() + input.expiryDays * 86_400_000);
      record.quote.quote_status =
        input.status ?? (record.quote.quote_status === "Active" || record.quote.quote_status === "New" ? "QuoteSent" : record.quote.quote_status);
      if (record.quote.quote_status === "QuoteSent") record.quote.sent_to_customer_date = isoMs(Date.now());
      if (record.quote.quote_status === "Expired") record.quote.expiry_date = isoMs(Date.now() - 1000);
      return answer(record.quote);
    }
    if (method === "POST" && what === "skus" && id === "add") {
      // A new SKU the store lists from now on: a copy of an existing one under a new code and the next id.
      const input = parseControlBody(addSkuBody, body);
      const from = state.skusById.get(input.copyOf);
      if (!from) throw notFound("SKU", String(input.copyOf));
      const nextId = Math.max(...state.catalog.skus.map((s) => s.id)) + 1;
      const sku = {
        ...structuredClone(from),
        id: nextId,
        sku_identifier: input.sku_identifier,
        manufacturer_part_number: input.sku_identifier,
        created_on: isoMs(Date.now()),
        modified_on: isoMs(Date.now()),
      };
      if (input.short_description !== undefined) sku.short_description = input.short_description;
      state.catalog.skus.push(sku);
      state.skusById.set(sku.id, sku);
      state.changedSkus.add(sku.id);
      return answer(sku);
    }
    if (method === "POST" && what === "skus" && id && action === "patch") {
      const sku = state.skusById.get(Number(id));
      if (!sku) throw notFound("SKU", id);
      Object.assign(sku, body as Record<string, unknown>);
      state.changedSkus.add(sku.id);
      return answer(sku);
    }
    throw new HttpError(404, "Not Found", null, `No sandbox control ${method} ${path}.`);
  } catch (error) {
    const known = error instanceof ControlRefusal ? controlProblem(error) : error;
    if (known instanceof HttpError) return sendJson(res, known.status, problem(known, path));
    throw error;
  }
}
