/**
 * The Orderspace sandbox: a real HTTP server (node:http) on loopback speaking Orderspace API v1 as
 * shared/vendors/orderspace.md documents it, so the connector and the portal meet it over real sockets.
 *
 * As documented:
 * - Identity: POST /oauth/token, form-encoded client_id, client_secret, grant_type=client_credentials; answers
 *   {access_token, token_type:"Bearer", expires_in:1800, scope:"read write"}. No refresh token.
 * - An expired, unknown or missing token: 401 with an empty body (Content-Length: 0) and
 *   WWW-Authenticate: Bearer realm="Orderspace", error="invalid_token", error_description="...".
 * - 60 requests per minute per integration; over it a 429, and after a 429 nothing more for 60 s (every request in
 *   that wait is another 429). No rate-limit headers.
 * - Cursor paging: limit 1..200 (default 50), starting_after = the last id (the SKU for inventory levels),
 *   `has_more` beside the plural key; newest first, inventory by SKU, categories in the site's order.
 * - Single objects in a singular key, lists in a plural one; errors are {"message": "..."} with 400/404/422/500.
 * - No order create or update: orders are entered by the seller's staff, here through the control API (Q3).
 * - Webhooks: POST /webhooks (HTTPS endpoints only, else 422) and deliveries as a JSON array of
 *   {event, data:{<singular>:{...}}}, signed X-Orderspace-Signature = Base64(HMAC-SHA256(signing_key, raw body)),
 *   retried with a growing wait on anything but 200 and disabled after repeated failures.
 *
 * Our choices where the docs are silent (sandbox only): the identity endpoint is served on the same origin as the
 * API; the window is sliding (no 61st request in any 60 s); a starting_after that names no record is a 400;
 * a delivery is tried 5 times (0.2 s, 0.4 s, ... apart) before the webhook is disabled; POST /invoices (Q1) answers
 * {"invoice": {...}}; the control API may register a webhook on a loopback http:// endpoint (the portal on a
 * developer's machine has no HTTPS).
 */
import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { answerCommonControl, ControlRefusal, parseControlBody, SandboxCore, type ChangedItem, type ItemChange, type LoggedRequest } from "../shared/control";
import { applyFault, sendTruncated } from "../shared/faults";
import { listenOnLoopback, readBody, sendEmpty, sendJson } from "../shared/http";
import { openStateFile } from "../shared/state-file";
import { answerTokenRequest } from "../shared/tokens";
import {
  buildCatalog,
  buildCustomers,
  CUSTOMER_GROUPS,
  ORDERSPACE_SANDBOX_CLIENT_ID,
  ORDERSPACE_SANDBOX_CLIENT_SECRET,
  PAYMENT_TERMS,
  PREORDER_WINDOWS,
  PRICE_LISTS,
  STANDARD_TAX_ID,
  TAX_RATES,
  type OrderspaceCatalog,
} from "./data";
import { orderspaceSavedState, restore, snapshotOf } from "./saved-state";
import {
  ORDERSPACE_PAGE_DEFAULT,
  ORDERSPACE_PAGE_MAX,
  WEBHOOK_EVENTS,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookEventName,
  type WireCustomer,
  type WireDispatch,
  type WireInvoice,
  type WireOrder,
  type WireProduct,
  type WireVariant,
} from "@/server/suppliers/orderspace/wire";

export { ORDERSPACE_SANDBOX_CLIENT_ID, ORDERSPACE_SANDBOX_CLIENT_SECRET };
export const ORDERSPACE_SANDBOX_TOKEN_PATH = "/oauth/token";
export const ORDERSPACE_TOKEN_TTL_SECONDS = 1800;
/** "API requests are limited to a maximum of 60 requests per minute ... wait at least 60 seconds." */
export const ORDERSPACE_SANDBOX_LIMIT = { requests: 60, windowMs: 60_000, waitAfter429Ms: 60_000 } as const;

export interface SandboxWebhook {
  id: string;
  endpoint: string;
  signing_key: string;
  events: WebhookEventName[];
  /** Disabled after repeated failed deliveries, as documented. */
  disabled: boolean;
  failures: number;
}

export interface SandboxDelivery {
  webhookId: string;
  body: string;
  signature: string;
  attempts: number;
  /** The receiver's last answer (0: could not connect). */
  lastStatus: number | null;
  delivered: boolean;
}

export interface OrderspaceSandboxState {
  catalog: OrderspaceCatalog;
  customers: Map<string, WireCustomer>;
  orders: Map<string, WireOrder>;
  dispatches: Map<string, WireDispatch>;
  invoices: Map<string, WireInvoice>;
  webhooks: Map<string, SandboxWebhook>;
  deliveries: SandboxDelivery[];
  nextOrderNumber: number;
  nextInvoiceNumber: number;
  /** Variants whose price or availability the control API changed, and SKUs whose stock it changed (kept across restarts). */
  changedProducts: Set<string>;
  readonly core: SandboxCore;
  limit: { requests: number; windowMs: number; waitAfter429Ms: number };
  /** Per client id: the times of its requests in the window, and when its wait after a 429 ends. */
  windows: Map<string, { times: number[]; blockedUntil: number }>;
  /** Pause between delivery attempts, doubled each time. */
  deliveryRetryMs: number;
  deliveryAttempts: number;
  changed: () => void;
}

export interface OrderspaceSandboxOptions {
  port?: number;
  host?: string;
  tokenTtlSeconds?: number;
  limit?: Partial<OrderspaceSandboxState["limit"]>;
  stateFile?: string;
  log?: (line: string) => void;
  deliveryRetryMs?: number;
}

export interface OrderspaceSandbox {
  url: string;
  /** `${url}/v1` */
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  state: OrderspaceSandboxState;
  /** Resolves once every webhook delivery in flight has been answered or given up. */
  deliveriesSettled(): Promise<void>;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const CLIENTS = new Map([[ORDERSPACE_SANDBOX_CLIENT_ID, ORDERSPACE_SANDBOX_CLIENT_SECRET]]);
const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A fresh prefixed id for a record made at run time (random, so a restart never reuses one). */
export function newId(prefix: string): string {
  const bytes = randomBytes(8);
  let tail = "";
  for (const b of bytes) tail += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${tail}`;
}

function createState(options: OrderspaceSandboxOptions): OrderspaceSandboxState {
  return {
    catalog: buildCatalog(),
    customers: new Map(buildCustomers().map((c) => [c.id, c])),
    orders: new Map(),
    dispatches: new Map(),
    invoices: new Map(),
    webhooks: new Map(),
    deliveries: [],
    nextOrderNumber: 1201,
    nextInvoiceNumber: 1288,
    changedProducts: new Set(),
    core: new SandboxCore({
      tokenPrefix: "",
      tokenTtlSeconds: options.tokenTtlSeconds ?? ORDERSPACE_TOKEN_TTL_SECONDS,
      rateLimit: { ratePerSecond: 1, burst: 60 },
    }),
    limit: { ...ORDERSPACE_SANDBOX_LIMIT, ...options.limit },
    windows: new Map(),
    deliveryRetryMs: options.deliveryRetryMs ?? 200,
    deliveryAttempts: 5,
    changed: () => undefined,
  };
}

export async function startOrderspaceSandbox(options: OrderspaceSandboxOptions = {}): Promise<OrderspaceSandbox> {
  let origin = "";
  const state = createState(options);
  const saved = options.stateFile
    ? openStateFile({ file: options.stateFile, sandbox: "orderspace", schema: orderspaceSavedState, snapshot: () => snapshotOf(state), log: options.log })
    : null;
  if (saved) {
    if (saved.loaded) restore(state, saved.loaded);
    state.changed = () => saved.changed();
  }
  const listening = await listenOnLoopback(
    (req, res) => {
      handle(state, origin, req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) sendJson(res, 500, { message: error instanceof Error ? error.message : "Internal server error" });
      });
    },
    { port: options.port, host: options.host },
  );
  origin = listening.origin;
  return {
    url: origin,
    baseUrl: `${origin}/v1`,
    tokenUrl: `${origin}${ORDERSPACE_SANDBOX_TOKEN_PATH}`,
    clientId: ORDERSPACE_SANDBOX_CLIENT_ID,
    clientSecret: ORDERSPACE_SANDBOX_CLIENT_SECRET,
    state,
    deliveriesSettled: () => Promise.all([...(inFlight.get(state) ?? [])]).then(() => undefined),
    close: async () => {
      await listening.close();
      await saved?.flush();
    },
  };
}

async function handle(state: OrderspaceSandboxState, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", origin);
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (path === "/_sandbox" || path.startsWith("/_sandbox/")) return handleControl(state, method, path, req, res);
  if (path === ORDERSPACE_SANDBOX_TOKEN_PATH)
    return answerTokenRequest(req, res, { tokens: state.core.tokens, clients: CLIENTS, realm: "Orderspace", scope: "read write" });
  if (path === "/v1" || path.startsWith("/v1/")) return handleApi(state, method, path, url, req, res);
  sendJson(res, 404, { message: `No route ${method} ${path}` });
}

const faultAnswers = {
  unavailable: (fault: { status: number }) => ({ status: fault.status, body: { message: "Something went wrong at our end" } }),
  // Orderspace documents no Retry-After: the client is to wait 60 s whatever the answer says.
  rateLimited: () => ({ status: 429, body: { message: "Rate limit exceeded: wait at least 60 seconds before sending any additional requests" } }),
};

/** The sliding window per integration: 0 to let a request through, or the ms the caller must still wait. */
function takeFromWindow(state: OrderspaceSandboxState, clientId: string): number {
  const now = Date.now();
  const window = state.windows.get(clientId) ?? { times: [], blockedUntil: 0 };
  state.windows.set(clientId, window);
  if (now < window.blockedUntil) return window.blockedUntil - now;
  window.times = window.times.filter((t) => now - t < state.limit.windowMs);
  if (window.times.length >= state.limit.requests) {
    window.blockedUntil = now + state.limit.waitAfter429Ms;
    return state.limit.waitAfter429Ms;
  }
  window.times.push(now);
  return 0;
}

async function handleApi(state: OrderspaceSandboxState, method: string, path: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { core } = state;
  core.apiRequests++;
  const log = (status: LoggedRequest["status"]) => core.log({ method, path, status });
  const fault = core.faults.take(path);
  const faulted = await applyFault(fault, req, res, faultAnswers);
  if (faulted !== null) return log(faulted);

  const bearer = core.tokens.check(req.headers.authorization);
  if (bearer.kind !== "valid") {
    log(401);
    const description =
      bearer.kind === "expired" ? "The access token expired" : bearer.kind === "missing" ? "No access token was supplied" : "The access token is invalid";
    return sendEmpty(res, 401, { "WWW-Authenticate": `Bearer realm="Orderspace", error="invalid_token", error_description="${description}"` });
  }
  if (takeFromWindow(state, bearer.clientId) > 0) {
    log(429);
    return sendJson(res, 429, faultAnswers.rateLimited().body);
  }
  try {
    let body: unknown;
    if (method === "POST" || method === "PUT") {
      const text = await readBody(req, (m) => new ApiError(400, m));
      try {
        body = text.trim() === "" ? undefined : (JSON.parse(text) as unknown);
      } catch {
        throw new ApiError(400, "The request body is malformed JSON");
      }
    }
    const result = route(state, method, path, url.searchParams, body);
    if (method !== "GET") state.changed();
    if (fault?.kind === "truncate") {
      log("truncated");
      return sendTruncated(req, res, 200, result);
    }
    log(200);
    sendJson(res, 200, result);
  } catch (error) {
    if (error instanceof ApiError) {
      log(error.status);
      return sendJson(res, error.status, { message: error.message });
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Lists

function page<T>(records: readonly T[], query: URLSearchParams, key: string, cursorOf: (record: T) => string): { [k: string]: unknown } {
  const rawLimit = query.get("limit");
  let limit = ORDERSPACE_PAGE_DEFAULT;
  if (rawLimit !== null) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > ORDERSPACE_PAGE_MAX)
      throw new ApiError(400, `limit must be a whole number from 1 to ${ORDERSPACE_PAGE_MAX}`);
    limit = Number(rawLimit);
  }
  let start = 0;
  const after = query.get("starting_after");
  if (after) {
    const at = records.findIndex((r) => cursorOf(r) === after);
    if (at < 0) throw new ApiError(400, `starting_after '${after}' does not name a record in this list`);
    start = at + 1;
  }
  const slice = records.slice(start, start + limit);
  return { [key]: slice, has_more: start + limit < records.length };
}

/** A datetime filter ("2019-10-29T21:00" or a date), in UTC. */
function timeFilter(query: URLSearchParams, name: string): number | null {
  const value = query.get(name);
  if (!value) return null;
  const ms = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(value) || !value.includes("T") ? value : `${value}Z`);
  if (Number.isNaN(ms)) throw new ApiError(400, `${name} must be a date or datetime such as 2019-10-29T21:00`);
  return ms;
}

function boolFilter(query: URLSearchParams, name: string): boolean | null {
  const value = query.get(name);
  if (value === null || value === "") return null;
  if (value !== "true" && value !== "false") throw new ApiError(400, `${name} must be true or false`);
  return value === "true";
}

const newestFirst = <T extends { created?: string | null; created_at?: string | null }>(records: Iterable<T>) =>
  [...records].sort((a, b) => Date.parse(b.created ?? b.created_at ?? "") - Date.parse(a.created ?? a.created_at ?? ""));

function find<T>(map: Map<string, T>, id: string | undefined, what: string): T {
  const record = id ? map.get(id) : undefined;
  if (!record) throw new ApiError(404, `${what} not found`);
  return record;
}

function route(state: OrderspaceSandboxState, method: string, path: string, query: URLSearchParams, body: unknown): unknown {
  const [resource = "", id, ...rest] = path.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
  if (rest.length > 0) throw new ApiError(404, `No endpoint ${method} ${path}`);
  const get = method === "GET";
  switch (resource) {
    case "customers": {
      if (get && !id) {
        const status = query.get("status");
        const all = newestFirst(state.customers.values()).filter((c) => !status || c.status === status);
        return page(all, query, "customers", (c) => c.id);
      }
      if (get) return { customer: find(state.customers, id, "Customer") };
      break;
    }
    case "orders": {
      if (get && !id) {
        const since = timeFilter(query, "created_since");
        const before = timeFilter(query, "created_before");
        const customer = query.get("customer_id");
        const status = query.get("status");
        const number = query.get("number");
        const all = newestFirst(state.orders.values()).filter(
          (o) =>
            (!customer || o.customer_id === customer) &&
            (!status || o.status === status) &&
            (!number || String(o.number) === number) &&
            (since === null || Date.parse(o.created) >= since) &&
            (before === null || Date.parse(o.created) < before),
        );
        return page(all, query, "orders", (o) => o.id);
      }
      if (get) return { order: find(state.orders, id, "Order") };
      break;
    }
    case "dispatches": {
      if (get && !id) {
        const order = query.get("order_id");
        const since = timeFilter(query, "created_since");
        const all = newestFirst(state.dispatches.values()).filter(
          (d) => (!order || d.order_id === order) && (since === null || Date.parse(d.created) >= since),
        );
        return page(all, query, "dispatches", (d) => d.id);
      }
      if (get) return { dispatch: find(state.dispatches, id, "Dispatch") };
      if (method === "POST" && !id) return { dispatch: createDispatch(state, dispatchBody.parse(requireObject(body, "dispatch")).dispatch) };
      break;
    }
    case "invoices": {
      if (get && !id) {
        const customer = query.get("customer_id");
        const number = query.get("number");
        const paid = boolFilter(query, "paid");
        const all = [...state.invoices.values()]
          .reverse()
          .filter((i) => (!customer || i.customer_id === customer) && (!number || i.number === number) && (paid === null || i.paid === paid));
        return page(all, query, "invoices", (i) => i.id);
      }
      if (get) return { invoice: find(state.invoices, id, "Invoice") };
      if (method === "POST" && !id) {
        const input = invoiceBody.parse(requireObject(body, "invoice")).invoice;
        return { invoice: createInvoice(state, input.order_ids ?? input.orders?.map((o) => o.id) ?? []) };
      }
      break;
    }
    case "products": {
      if (get && !id) {
        const active = boolFilter(query, "active");
        const code = query.get("code");
        const name = query.get("name")?.toLowerCase();
        const category = query.get("category_id");
        const all = state.catalog.products.filter(
          (p) =>
            (active === null || p.active === active) &&
            (!code || p.code === code) &&
            (!name || p.name.toLowerCase().includes(name)) &&
            (!category || p.categories.some((c) => c.id === category)),
        );
        return page(all, query, "products", (p) => p.id);
      }
      if (get) {
        const product = state.catalog.products.find((p) => p.id === id);
        if (!product) throw new ApiError(404, "Product not found");
        return { product };
      }
      break;
    }
    case "inventory_levels": {
      if (get && !id) {
        const sku = query.get("sku");
        const productId = query.get("product_id");
        const skus = productId ? new Set(state.catalog.products.find((p) => p.id === productId)?.product_variants.map((v) => v.sku) ?? []) : null;
        const all = [...state.catalog.inventory.values()]
          .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
          .filter((l) => (!sku || l.sku === sku) && (!skus || skus.has(l.sku)));
        return page(all, query, "inventory_levels", (l) => l.sku);
      }
      if (method === "POST" && !id)
        return { inventory_levels: updateInventory(state, inventoryBody.parse(requireObject(body, "inventory_levels")).inventory_levels) };
      break;
    }
    case "categories": {
      if (get && !id) {
        const name = query.get("name");
        const parent = query.get("parent_id");
        const all = state.catalog.categories.filter((c) => (!name || c.name === name) && (!parent || c.parent_id === parent));
        return page(
          all.map((c) => ({ ...c, description: "", active: true })),
          query,
          "categories",
          (c) => c.id,
        );
      }
      if (get) {
        const category = state.catalog.categories.find((c) => c.id === id);
        if (!category) throw new ApiError(404, "Category not found");
        const products = state.catalog.products.filter((p) => p.categories.some((c) => c.id === id)).map((p) => ({ product_id: p.id, product_name: p.name }));
        return { category: { ...category, description: "", active: true, products } };
      }
      break;
    }
    case "customer_groups":
      if (get && !id) return { customer_groups: CUSTOMER_GROUPS };
      break;
    case "price_lists":
      if (get && !id) return { price_lists: PRICE_LISTS };
      if (get) {
        const list = PRICE_LISTS.find((p) => p.id === id);
        if (!list) throw new ApiError(404, "Price list not found");
        return { price_list: list };
      }
      break;
    case "payment_terms":
      if (get && !id) return { payment_terms: PAYMENT_TERMS };
      break;
    case "tax_rates":
      if (get && !id) return { tax_rates: TAX_RATES };
      break;
    case "preorder_windows":
      if (get && !id) return { preorder_windows: PREORDER_WINDOWS };
      break;
    case "webhooks": {
      if (get && !id) return { webhooks: [...state.webhooks.values()].map(webhookView) };
      if (get) return { webhook: webhookView(find(state.webhooks, id, "Webhook")) };
      if (method === "POST" && !id) {
        const input = webhookBody.parse(requireObject(body, "webhook")).webhook;
        if (!/^https:\/\//i.test(input.endpoint)) throw new ApiError(422, "Validation failed: Endpoint must be an HTTPS URL");
        return { webhook: webhookView(addWebhook(state, input.endpoint, input.events)) };
      }
      if (method === "DELETE" && id) {
        const hook = find(state.webhooks, id, "Webhook");
        state.webhooks.delete(hook.id);
        return { id: hook.id, deleted: true };
      }
      break;
    }
  }
  throw new ApiError(404, `No endpoint ${method} ${path}`);
}

function requireObject(body: unknown, key: string): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body) || !(key in body))
    throw new ApiError(400, `param is missing or the value is empty: ${key}`);
  return body;
}

/** zod refusals as the API's 422 {"message": "Validation failed: ..."}. */
const validated = <S extends z.ZodType>(schema: S) => ({
  parse(input: unknown): z.output<S> {
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new ApiError(422, `Validation failed: ${issue ? `${issue.path.join(".")} ${issue.message}` : "invalid"}`);
  },
});

const dispatchBody = validated(
  z.object({
    dispatch: z.object({
      order_id: z.string(),
      comments: z.string().optional(),
      dispatch_lines: z
        .array(z.object({ sku: z.string().optional(), order_line_id: z.string().optional(), quantity: z.number().positive() }))
        .min(1)
        .optional(),
    }),
  }),
);
const invoiceBody = validated(
  z.object({
    invoice: z.object({
      customer_id: z.string().optional(),
      orders: z.array(z.object({ id: z.string() })).optional(),
      order_ids: z.array(z.string()).optional(),
    }),
  }),
);
const inventoryBody = validated(
  z.object({
    inventory_levels: z
      .array(z.object({ sku: z.string(), on_hand: z.number().optional(), available: z.number().optional() }))
      .min(1)
      .max(200),
  }),
);
const webhookBody = validated(z.object({ webhook: z.object({ endpoint: z.string().url(), events: z.array(z.enum(WEBHOOK_EVENTS)).min(1) }) }));

// ---------------------------------------------------------------------------
// What the seller's staff do: enter orders, dispatch and invoice them

function variantBySku(state: OrderspaceSandboxState, sku: string): { product: WireProduct; variant: WireVariant } | null {
  for (const product of state.catalog.products) {
    const variant = product.product_variants.find((v) => v.sku === sku);
    if (variant) return { product, variant };
  }
  return null;
}

/** The customer's price for a variant: its price list's own price, else the base price at the list's conversion rate. */
export function customerPrice(variant: WireVariant, customer: WireCustomer): number {
  const listId = customer.price_list_id;
  if (!listId) return variant.unit_price;
  const own = variant.price_list_prices?.find((p) => p.id === listId)?.unit_price;
  if (own !== undefined && own !== null) return own;
  const list = PRICE_LISTS.find((p) => p.id === listId);
  return round2(variant.unit_price * ((list?.conversion_rate ?? 100) / 100));
}

const orderEntry = z.object({
  customer_id: z.string(),
  customer_po_number: z.string().default(""),
  customer_note: z.string().default(""),
  /** Which of the customer's addresses it ships to (index into its address book, default the first). */
  shipping_address_index: z.number().int().min(0).default(0),
  lines: z
    .array(z.object({ sku: z.string(), quantity: z.number().int().positive(), unit_price: z.number().nonnegative().optional() }))
    .min(1)
    .max(200),
  shipping: z.object({ name: z.string(), price: z.number().nonnegative() }).optional(),
});

function enterOrder(state: OrderspaceSandboxState, input: z.output<typeof orderEntry>): WireOrder {
  const customer = state.customers.get(input.customer_id);
  if (!customer) throw new ControlRefusal(400, `No customer '${input.customer_id}'.`, "customer_id");
  const taxRate = TAX_RATES.find((t) => t.id === (customer.tax_rate_id ?? STANDARD_TAX_ID)) ?? TAX_RATES[0]!;
  const line = (sku: string, name: string, options: string, quantity: number, unitPrice: number, shipping: boolean) => {
    const subTotal = round2(quantity * unitPrice);
    return {
      id: newId("ol"),
      sku,
      name,
      options,
      shipping,
      quantity,
      unit_price: unitPrice,
      sub_total: subTotal,
      tax_name: taxRate.name,
      tax_rate: taxRate.rate,
      tax_amount: round2((subTotal * taxRate.rate) / 100),
      on_hold: false,
      invoiced: 0,
      paid: 0,
      dispatched: 0,
    };
  };
  const lines = input.lines.map((l, i) => {
    const found = variantBySku(state, l.sku);
    if (!found) throw new ControlRefusal(400, `No variant with SKU '${l.sku}'.`, `lines[${i}].sku`);
    const options = Object.entries(found.variant.options)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ");
    return line(l.sku, found.product.name, options, l.quantity, l.unit_price ?? customerPrice(found.variant, customer), false);
  });
  if (input.shipping) lines.push(line("", input.shipping.name, "", 1, input.shipping.price, true));
  const net = round2(lines.reduce((s, l) => s + l.sub_total, 0));
  const tax = round2(lines.reduce((s, l) => s + l.tax_amount, 0));
  const address = customer.addresses[input.shipping_address_index] ?? customer.addresses[0] ?? null;
  const order: WireOrder = {
    id: newId("or"),
    number: state.nextOrderNumber++,
    created: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    status: "new",
    customer_id: customer.id,
    company_name: customer.company_name,
    phone: customer.phone ?? "",
    email_addresses: customer.email_addresses ?? { orders: "", dispatches: "", invoices: "" },
    delivery_date: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
    reference: "",
    internal_note: "",
    customer_po_number: input.customer_po_number,
    customer_note: input.customer_note,
    standing_order_id: null,
    shipping_type: input.shipping?.name ?? "Standard Delivery",
    shipping_address: address,
    billing_address: customer.addresses[0] ?? null,
    order_lines: lines,
    currency: PRICE_LISTS.find((p) => p.id === customer.price_list_id)?.currency ?? "USD",
    net_total: net,
    gross_total: round2(net + tax),
  };
  state.orders.set(order.id, order);
  emit(state, "order.created", { order });
  return order;
}

function createDispatch(
  state: OrderspaceSandboxState,
  input: { order_id: string; comments?: string; dispatch_lines?: { sku?: string; order_line_id?: string; quantity: number }[] },
): WireDispatch {
  const order = state.orders.get(input.order_id);
  if (!order) throw new ApiError(422, "Validation failed: Order must exist");
  if (order.status === "fulfilled") throw new ApiError(422, "The order has already been fulfilled");
  if (order.status === "cancelled") throw new ApiError(422, "The order has been cancelled");
  const goods = order.order_lines.filter((l) => !l.shipping);
  const wanted =
    input.dispatch_lines ??
    goods.filter((l) => (l.dispatched ?? 0) < l.quantity).map((l) => ({ order_line_id: l.id, sku: undefined, quantity: l.quantity - (l.dispatched ?? 0) }));
  const lines = wanted.map((w) => {
    const line = goods.find((l) => (w.order_line_id ? l.id === w.order_line_id : l.sku === w.sku));
    if (!line) throw new ApiError(422, `Validation failed: no order line for ${w.order_line_id ?? w.sku ?? "(none)"}`);
    const quantity = Math.min(w.quantity, line.quantity - (line.dispatched ?? 0));
    line.dispatched = (line.dispatched ?? 0) + quantity;
    const level = state.catalog.inventory.get(line.sku);
    if (level) {
      level.on_hand = Math.max(0, level.on_hand - quantity);
      state.changedProducts.add(`sku:${level.sku}`);
    }
    return { order_line_id: line.id, sku: line.sku, name: line.name, options: line.options ?? "", quantity };
  });
  order.status = goods.every((l) => (l.dispatched ?? 0) >= l.quantity) ? "fulfilled" : "part_fulfilled";
  const dispatch: WireDispatch = {
    id: newId("di"),
    order_id: order.id,
    order_number: order.number,
    created: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    comments: input.comments ?? "",
    customer_note: order.customer_note ?? "",
    customer_po_number: order.customer_po_number ?? "",
    shipping_type: order.shipping_type ?? "",
    shipping_address: order.shipping_address ?? null,
    email_address: order.email_addresses?.dispatches ?? "",
    phone: order.phone ?? "",
    dispatch_lines: lines,
  };
  state.dispatches.set(dispatch.id, dispatch);
  emit(state, "dispatch.created", { dispatch });
  emit(state, "order.updated", { order });
  return dispatch;
}

function createInvoice(state: OrderspaceSandboxState, orderIds: string[]): WireInvoice {
  if (orderIds.length === 0) throw new ApiError(422, "Validation failed: An invoice needs at least one order");
  const orders = orderIds.map((id) => {
    const order = state.orders.get(id);
    if (!order) throw new ApiError(422, `Validation failed: Order ${id} must exist`);
    return order;
  });
  const currency = orders[0]!.currency;
  if (orders.some((o) => o.currency !== currency || o.customer_id !== orders[0]!.customer_id))
    throw new ApiError(422, "Validation failed: Orders must share one customer and one currency");
  const customer = state.customers.get(orders[0]!.customer_id);
  const lines = orders.flatMap((o) =>
    o.order_lines
      .filter((l) => (l.invoiced ?? 0) < l.quantity)
      .map((l) => {
        const quantity = l.quantity - (l.invoiced ?? 0);
        l.invoiced = l.quantity;
        const subTotal = round2(quantity * l.unit_price);
        return {
          sku: l.sku,
          name: l.name,
          options: l.options ?? "",
          quantity,
          unit_price: l.unit_price,
          sub_total: subTotal,
          tax_rate: l.tax_rate ?? 0,
          tax_amount: round2((subTotal * (l.tax_rate ?? 0)) / 100),
          order_line_id: l.id,
        };
      }),
  );
  if (lines.length === 0) throw new ApiError(422, "Validation failed: Nothing is left to invoice on these orders");
  const net = round2(lines.reduce((s, l) => s + l.sub_total, 0));
  const tax = round2(lines.reduce((s, l) => s + l.tax_amount, 0));
  const terms = PAYMENT_TERMS.find((t) => t.id === customer?.payment_terms_id);
  const today = new Date();
  const invoice: WireInvoice = {
    id: newId("iv"),
    number: `INV-${state.nextInvoiceNumber++}`,
    invoice_date: today.toISOString().slice(0, 10),
    due_date: new Date(today.getTime() + (terms?.days_due ?? 30) * 86_400_000).toISOString().slice(0, 10),
    customer_id: orders[0]!.customer_id,
    company_name: orders[0]!.company_name ?? "",
    email_address: customer?.email_addresses?.invoices ?? "",
    orders: orders.map((o) => ({ id: o.id, number: o.number })),
    payment_terms: terms?.name ?? "",
    paid: false,
    proforma: false,
    comments: "",
    address: orders[0]!.billing_address ?? null,
    invoice_lines: lines,
    currency,
    net_total: net,
    gross_total: round2(net + tax),
    payments: [],
  };
  state.invoices.set(invoice.id, invoice);
  for (const o of orders) if (o.status === "new") o.status = "invoiced";
  emit(state, "invoice.created", { invoice });
  return invoice;
}

function updateInventory(state: OrderspaceSandboxState, levels: { sku: string; on_hand?: number; available?: number }[]) {
  const updated = levels.map((entry, i) => {
    if ((entry.on_hand === undefined) === (entry.available === undefined))
      throw new ApiError(422, `Validation failed: inventory_levels[${i}] must set either on_hand or available, not both`);
    const level = state.catalog.inventory.get(entry.sku);
    if (!level) throw new ApiError(422, `Validation failed: no variant with SKU '${entry.sku}'`);
    const before = { ...level };
    if (entry.on_hand !== undefined) {
      level.available += entry.on_hand - level.on_hand;
      level.on_hand = entry.on_hand;
    } else {
      level.on_hand += entry.available! - level.available;
      level.available = entry.available!;
    }
    state.changedProducts.add(`sku:${level.sku}`);
    emit(state, "inventory_level.updated", {
      inventory_level: { ...level, on_hand_adjustment: level.on_hand - before.on_hand, available_adjustment: level.available - before.available },
    });
    return { ...level };
  });
  return updated;
}

// ---------------------------------------------------------------------------
// Webhooks

const webhookView = (hook: SandboxWebhook) => ({ id: hook.id, endpoint: hook.endpoint, signing_key: hook.signing_key, events: hook.events });

function addWebhook(state: OrderspaceSandboxState, endpoint: string, events: readonly WebhookEventName[], signingKey?: string): SandboxWebhook {
  const hook: SandboxWebhook = {
    id: newId("wh"),
    endpoint,
    signing_key: signingKey ?? randomBytes(24).toString("base64url"),
    events: [...events],
    disabled: false,
    failures: 0,
  };
  state.webhooks.set(hook.id, hook);
  return hook;
}

/** Base64(HMAC-SHA256(key = signing_key, msg = raw body)), as documented. */
export function signWebhookBody(signingKey: string, body: string): string {
  return createHmac("sha256", signingKey).update(body, "utf8").digest("base64");
}

const inFlight = new WeakMap<OrderspaceSandboxState, Set<Promise<void>>>();

/** Sends one event, in the array shape, to every enabled webhook that listens for it. */
function emit(state: OrderspaceSandboxState, event: WebhookEventName, data: Record<string, unknown>): void {
  for (const hook of state.webhooks.values()) {
    if (hook.disabled || !hook.events.includes(event)) continue;
    const body = JSON.stringify([{ event, data }]);
    deliver(state, hook, body);
  }
}

function deliver(state: OrderspaceSandboxState, hook: SandboxWebhook, body: string, signature = signWebhookBody(hook.signing_key, body)): SandboxDelivery {
  const delivery: SandboxDelivery = { webhookId: hook.id, body, signature, attempts: 0, lastStatus: null, delivered: false };
  state.deliveries.push(delivery);
  if (state.deliveries.length > 500) state.deliveries.splice(0, state.deliveries.length - 500);
  const run = (async () => {
    let wait = state.deliveryRetryMs;
    while (delivery.attempts < state.deliveryAttempts && !hook.disabled) {
      delivery.attempts++;
      try {
        const response = await fetch(hook.endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json", [WEBHOOK_SIGNATURE_HEADER]: signature },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.text().catch(() => "");
        delivery.lastStatus = response.status;
        if (response.status === 200) {
          delivery.delivered = true;
          hook.failures = 0;
          return;
        }
      } catch {
        delivery.lastStatus = 0;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait *= 2;
    }
    hook.failures++;
    if (hook.failures >= 3) hook.disabled = true;
  })();
  const set = inFlight.get(state) ?? new Set<Promise<void>>();
  inFlight.set(state, set);
  set.add(run);
  void run.finally(() => set.delete(run));
  return delivery;
}

// ---------------------------------------------------------------------------
// Control endpoints (loopback only, no auth, never under /v1): the common ones (shared/control.ts), and
//
//   POST /_sandbox/orders                  {customer_id, customer_po_number, lines:[{sku, quantity, unit_price?}], shipping?}
//                                          the seller's staff enter an order (order.created is delivered)
//   POST /_sandbox/orders/{id}/dispatch    {comments?, lines?:[{sku, quantity}]}  dispatch all that is left, or these
//   POST /_sandbox/orders/{id}/invoice     {}  invoice what is not invoiced yet
//   POST /_sandbox/orders/{id}/cancel      {}
//   POST /_sandbox/webhooks                {endpoint, events?, signing_key?}  register a webhook (loopback http allowed)
//   GET  /_sandbox/webhooks                the webhooks and the latest deliveries
//   POST /_sandbox/webhooks/{id}/deliver   {body, signature?, shape?}  deliver a raw body (tests of bad signatures, old shape)
//   POST /_sandbox/config                  {tokenTtlSeconds?, limit?:{requests?, windowMs?, waitAfter429Ms?}, deliveryRetryMs?}

const dispatchControl = z.strictObject({
  comments: z.string().optional(),
  lines: z
    .array(z.strictObject({ sku: z.string(), quantity: z.number().positive() }))
    .min(1)
    .optional(),
});
const webhookControl = z.strictObject({
  endpoint: z.string().url(),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .default([...WEBHOOK_EVENTS]),
  signing_key: z.string().min(8).optional(),
});
const deliverControl = z.strictObject({ body: z.string(), signature: z.string().optional() });
const configControl = z.strictObject({
  tokenTtlSeconds: z.number().int().min(1).max(86_400).optional(),
  limit: z
    .strictObject({ requests: z.number().int().min(1), windowMs: z.number().int().min(1), waitAfter429Ms: z.number().int().min(0) })
    .partial()
    .optional(),
  deliveryRetryMs: z.number().int().min(1).max(60_000).optional(),
});

/** POST /_sandbox/items/{variant id or SKU}: one price per variant (the base unit_price), availability and stock on hand. */
function changeVariant(state: OrderspaceSandboxState, id: string, change: ItemChange): ChangedItem[] {
  if (change.account !== undefined) throw new ControlRefusal(400, "Orderspace prices by price list, not per account: leave account out.", "account");
  const product = state.catalog.products.find((p) => p.product_variants.some((v) => v.id === id || v.sku === id));
  const variant = product?.product_variants.find((v) => v.id === id || v.sku === id);
  if (!product || !variant) throw new ControlRefusal(404, `No variant with id or SKU '${id}'.`, "id");
  const [tier, ...more] = change.price ?? [];
  if (more.length > 0) throw new ControlRefusal(400, "Orderspace has one unit price per variant: send a single price.", "price");
  if (tier) {
    variant.unit_price = Number(tier.price);
    // The new base price is what applies: a price-list override would hide it.
    variant.price_list_prices = [];
  }
  if (change.available !== undefined) product.active = change.available;
  const level = state.catalog.inventory.get(variant.sku);
  if (change.stock !== undefined && level) {
    const stock = change.stock ?? 1_000_000;
    level.on_hand = stock;
    level.available = stock;
    state.changedProducts.add(`sku:${level.sku}`);
  }
  state.changedProducts.add(product.id);
  return [{ account: null, item: product }];
}

async function handleControl(state: OrderspaceSandboxState, method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
    const answer = (status: number, result: unknown) => {
      if (method === "POST") state.changed();
      sendJson(res, status, result);
    };
    if (method === "POST" && what === "config" && id === undefined) {
      const input = parseControlBody(configControl, body);
      if (input.tokenTtlSeconds !== undefined) state.core.tokens.ttlSeconds = input.tokenTtlSeconds;
      if (input.limit) {
        state.limit = { ...state.limit, ...input.limit };
        state.windows.clear();
      }
      if (input.deliveryRetryMs !== undefined) state.deliveryRetryMs = input.deliveryRetryMs;
      return answer(200, { tokenTtlSeconds: state.core.tokens.ttlSeconds, limit: state.limit, deliveryRetryMs: state.deliveryRetryMs });
    }
    const common = answerCommonControl(
      state.core,
      {
        forgetOrders: () => {
          state.orders.clear();
          state.dispatches.clear();
          state.invoices.clear();
          state.deliveries.length = 0;
        },
        reseedCatalog: () => {
          state.catalog = buildCatalog();
          state.changedProducts.clear();
        },
        changeItem: (itemId, change) => changeVariant(state, itemId, change),
        counters: () => ({
          orders: state.orders.size,
          dispatches: state.dispatches.size,
          invoices: state.invoices.size,
          products: state.catalog.products.length,
          webhooks: state.webhooks.size,
        }),
      },
      method,
      parts,
      body,
    );
    if (common) {
      // A reset also forgets who was waiting out a 429.
      if (what === "reset") state.windows.clear();
      return answer(common.status, common.body);
    }
    if (method === "POST" && what === "orders" && id === undefined) return answer(200, { order: enterOrder(state, parseControlBody(orderEntry, body)) });
    if (method === "POST" && what === "orders" && id && action) {
      const order = state.orders.get(id);
      if (!order) throw new ControlRefusal(404, `No order '${id}'.`, "id");
      if (action === "dispatch") {
        const input = parseControlBody(dispatchControl, body);
        return answer(200, { dispatch: createDispatch(state, { order_id: id, comments: input.comments, dispatch_lines: input.lines }) });
      }
      if (action === "invoice") return answer(200, { invoice: createInvoice(state, [id]) });
      if (action === "cancel") {
        order.status = "cancelled";
        emit(state, "order.updated", { order });
        return answer(200, { order });
      }
    }
    if (what === "webhooks" && id === undefined && method === "POST") {
      const input = parseControlBody(webhookControl, body);
      return answer(200, { webhook: webhookView(addWebhook(state, input.endpoint, input.events, input.signing_key)) });
    }
    if (what === "webhooks" && id === undefined && method === "GET") {
      return sendJson(res, 200, { webhooks: [...state.webhooks.values()], deliveries: state.deliveries });
    }
    if (what === "webhooks" && id && action === "deliver" && method === "POST") {
      const hook = state.webhooks.get(id);
      if (!hook) throw new ControlRefusal(404, `No webhook '${id}'.`, "id");
      const input = parseControlBody(deliverControl, body);
      const delivery = deliver(state, hook, input.body, input.signature);
      await Promise.all([...(inFlight.get(state) ?? [])]);
      return answer(200, { delivery });
    }
    throw new ControlRefusal(404, `No sandbox control ${method} ${path}.`, null);
  } catch (error) {
    if (error instanceof ControlRefusal) return sendJson(res, error.status, { message: error.message, field: error.field });
    if (error instanceof ApiError) return sendJson(res, error.status, { message: error.message });
    throw error;
  }
}
