/**
 * The control API every sandbox serves under /_sandbox/ (loopback only, no
 * auth, never under the supplier's API paths), and the machinery behind it
 * that both sandboxes share: faults, issued tokens, rate buckets, the request
 * log. One shape for every sandbox, so a test can make any supplier fail,
 * expire its tokens or change an item the same way:
 *
 *   POST /_sandbox/faults         {kind:"status5xx"|"status429"|"latency"|"drop"|"truncate", count?:1, latencyMs?:2000,
 *                                 status?:503, retryAfterSeconds?:1, pathPrefix?}  the next `count` matching API requests
 *                                 fail that way ("drop" closes the socket before answering, "truncate" sends half a body)
 *   GET  /_sandbox/faults         the faults still queued
 *   POST /_sandbox/tokens/expire  every issued token stops working (next API call: 401)
 *   POST /_sandbox/items/{id}     {price?, available?, stock?, account?}  change an item as the supplier would (see itemChange)
 *   POST /_sandbox/reset          {orders?, tokens?, catalog?}  forget faults, rate buckets and the request log (and orders,
 *                                 tokens, catalog changes when asked)
 *   POST /_sandbox/config         {tokenTtlSeconds?, rateLimit?:{ratePerSecond,burst}}
 *   GET  /_sandbox/state          counters for debugging
 *
 * Bad input is a 400 naming the field and an unknown id a 404, each in the
 * supplier's own error shape: the shared code throws ControlRefusal and each
 * sandbox renders it.
 */
import { z } from "zod";
import { FaultQueue, faultRequest } from "./faults";
import { RateBuckets, type RateLimit } from "./rate-buckets";
import { IssuedTokens } from "./tokens";

export class ControlRefusal extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    /** The body field (or "id" for the path's id) at fault. */
    readonly field: string | null,
  ) {
    super(message);
  }
}

function fieldOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/** The body as `schema` reads it, or a 400 ControlRefusal naming the first field at fault. */
export function parseControlBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const input = body ?? {};
  if (typeof input !== "object" || Array.isArray(input)) throw new ControlRefusal(400, "The request body must be a JSON object.", null);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ControlRefusal(400, "The request body is invalid.", null);
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const field = fieldOf([...issue.path, key]);
    throw new ControlRefusal(400, `The field '${field}' is not one this control call takes.`, field);
  }
  const field = fieldOf(issue.path);
  throw new ControlRefusal(400, `The field '${field}' is invalid: ${issue.message}.`, field || null);
}

/** A price in major units as text ("26.95"), so binary floating point never decides a cent. */
const majorUnits = z
  .union([z.number().finite(), z.string().trim()])
  .transform((v) => (typeof v === "number" ? String(v) : v))
  .refine((s) => /^\d+(\.\d{1,2})?$/.test(s) && Number(s) > 0, { message: "a price above 0 in major units with at most 2 decimals, e.g. 26.95" });

const priceTier = z.strictObject({ minQty: z.number().int().min(1), price: majorUnits });

/**
 * POST /_sandbox/items/{supplier item id}: what a supplier changes about an item between two orders.
 * - price: one price for any quantity ("26.95" or 26.95), or tiers [{minQty:1, price}, {minQty:10, price}, ...]
 *   starting at 1 with rising minQty. A supplier that keeps one price per item refuses tiers.
 * - available: whether it can be ordered at all.
 * - stock: units on hand (an integer >= 0), or null for "not counted" (always in stock). A supplier whose API
 *   reports no stock level refuses it.
 * - account: the supplier-side account whose view changes, for a supplier that prices per account;
 *   left out, every account that sees the item.
 */
export const itemChange = z
  .strictObject({
    price: z.union([majorUnits.transform((price) => [{ minQty: 1, price }]), z.array(priceTier).min(1).max(10)], {
      error: "a price such as 26.95, or a list of tiers [{ minQty, price }]",
    }),
    available: z.boolean(),
    stock: z.number().int().min(0).max(1_000_000_000).nullable(),
    account: z.string().trim().min(1),
  })
  .partial()
  .superRefine((change, ctx) => {
    change.price?.forEach((tier, i) => {
      const previous = change.price?.[i - 1];
      if (i === 0 && tier.minQty !== 1) ctx.addIssue({ code: "custom", path: ["price", 0, "minQty"], message: "the first tier must start at 1" });
      if (previous && tier.minQty <= previous.minQty)
        ctx.addIssue({ code: "custom", path: ["price", i, "minQty"], message: "each tier must start above the one before" });
    });
    if (change.available === false && change.stock !== undefined && change.stock !== 0) {
      ctx.addIssue({ code: "custom", path: ["available"], message: "an item with stock on hand can be ordered; send stock: 0 with available: false" });
    }
    if (change.price === undefined && change.available === undefined && change.stock === undefined) {
      ctx.addIssue({ code: "custom", path: ["price"], message: "name at least one of price, available or stock" });
    }
  });
export type ItemChange = z.output<typeof itemChange>;

/** An item as the supplier's API shows it after a change, per account where the supplier prices per account. */
export interface ChangedItem {
  account: string | null;
  item: unknown;
}

const resetRequest = z.object({ orders: z.boolean().default(false), tokens: z.boolean().default(false), catalog: z.boolean().default(false) });
const configRequest = z.object({
  tokenTtlSeconds: z.number().int().min(1).max(86_400).optional(),
  rateLimit: z.object({ ratePerSecond: z.number().positive(), burst: z.number().int().min(1) }).optional(),
});

export interface LoggedRequest {
  method: string;
  path: string;
  status: number | "dropped" | "truncated";
}

const REQUEST_LOG_LIMIT = 5000;

/** What every sandbox keeps about its callers, none of it saved across restarts. */
export class SandboxCore {
  readonly faults = new FaultQueue();
  readonly tokens: IssuedTokens;
  readonly rateBuckets: RateBuckets;
  /** API requests received, faulted ones included. */
  apiRequests = 0;
  /** The latest API requests, oldest first (the path as received, without query). */
  readonly requestLog: LoggedRequest[] = [];

  constructor(options: { tokenPrefix: string; tokenTtlSeconds: number; rateLimit: RateLimit }) {
    this.tokens = new IssuedTokens(options.tokenPrefix, options.tokenTtlSeconds);
    this.rateBuckets = new RateBuckets(options.rateLimit);
  }

  log(entry: LoggedRequest): void {
    this.requestLog.push(entry);
    if (this.requestLog.length > REQUEST_LOG_LIMIT) this.requestLog.splice(0, this.requestLog.length - REQUEST_LOG_LIMIT);
  }
}

/** What only the sandbox itself knows how to do. */
export interface SandboxControlHooks {
  /** reset {orders:true}: forget orders and all that hangs off them. */
  forgetOrders(): void;
  /** reset {catalog:true}: the seeded catalog again, changes undone. */
  reseedCatalog(): void;
  /** POST /_sandbox/items/{id}: throws ControlRefusal (404 unknown item, 400 a change this supplier cannot show). */
  changeItem(id: string, change: ItemChange): ChangedItem[];
  /** Extra counters for GET /_sandbox/state. */
  counters(): Record<string, unknown>;
}

/** Answers a common control route, or null when `parts` (the path after /_sandbox) names none of them. */
export function answerCommonControl(
  core: SandboxCore,
  hooks: SandboxControlHooks,
  method: string,
  parts: readonly string[],
  body: unknown,
): { status: number; body: unknown } | null {
  const [what, id, ...rest] = parts;
  const post = method === "POST";
  if (what === "faults" && id === undefined) {
    if (post) core.faults.add(parseControlBody(faultRequest, body));
    else if (method !== "GET") return null;
    return { status: 200, body: { faults: core.faults.list() } };
  }
  if (post && what === "tokens" && id === "expire" && rest.length === 0) return { status: 200, body: { expired: core.tokens.expireAll() } };
  if (post && what === "items" && id !== undefined && rest.length === 0) {
    const change = parseControlBody(itemChange, body);
    return { status: 200, body: { changed: hooks.changeItem(id, change) } };
  }
  if (post && what === "reset" && id === undefined) {
    const input = parseControlBody(resetRequest, body);
    core.faults.clear();
    core.rateBuckets.clear();
    core.requestLog.length = 0;
    if (input.orders) hooks.forgetOrders();
    if (input.tokens) core.tokens.clear();
    if (input.catalog) hooks.reseedCatalog();
    return { status: 200, body: { reset: true, ...input } };
  }
  if (post && what === "config" && id === undefined) {
    const input = parseControlBody(configRequest, body);
    if (input.tokenTtlSeconds !== undefined) core.tokens.ttlSeconds = input.tokenTtlSeconds;
    if (input.rateLimit) core.rateBuckets.limit = input.rateLimit;
    return { status: 200, body: { tokenTtlSeconds: core.tokens.ttlSeconds, rateLimit: core.rateBuckets.limit } };
  }
  if (method === "GET" && what === "state" && id === undefined) {
    return {
      status: 200,
      body: { ...hooks.counters(), tokensIssued: core.tokens.issued, apiRequests: core.apiRequests, faults: core.faults.list() },
    };
  }
  return null;
}
