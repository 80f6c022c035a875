/**
 * The Yodify connector: the portal's SupplierConnector over Yodify's REST API
 * (/api/v1), plus the Yodify-only calls the portal will use (shipments with
 * tracking links, shipping rates, quotes). Wire shapes stop here.
 *
 * Money: Yodify sends decimals in major units (75.99, 393.917). Each amount
 * is converted once, here, to integer minor units, rounding half away from
 * zero at the currency's minor unit (decimalToMinor; pricing.ts for computed
 * account prices). SKUs carry no currency: the store's currency is a
 * connector option (default USD); orders and quotes say theirs.
 *
 * Authentication: the reference shows `Authorization: Bearer {access-token}`
 * and an OAuth2 scope "yodify", with no token URL: we use OAuth2 client
 * credentials against the connection's tokenUrl (scope "yodify").
 *
 * Rate limit: the reference documents 429 "API call quota exceeded" but no
 * rate. We default to 10 req/s bursting to 20 per connection (configurable)
 * and honour Retry-After on 429.
 *
 * Retries: GET/PUT through the shared core. POST /Orders and POST /Quotes
 * are never re-sent blindly: Yodify documents no idempotency header, so each
 * carries client_identifier = our id, and after a failure whose outcome is
 * unknown the connector first looks for a record with that identifier and
 * only posts again when there is none.
 */
import { z } from "zod";
import { decimalToMinor, money, multiplyMoney, type Money } from "@/server/domain/money";
import { isSupplierError, SupplierError } from "../errors";
import { backoffDelayMs, DEFAULT_BACKOFF } from "../http/backoff";
import { defaultSupplierLogger, type SupplierLogger } from "../http/logger";
import { collect, numberedItems, type NumberedPage } from "../http/paging";
import { processShared } from "../http/process-shared";
import { connectionLimiter, YODIFY_RATE_LIMIT_PROFILE } from "../http/rate-limits";
import {
  DEFAULT_RETRY_POLICY,
  describeCommonError,
  supplierFetch,
  type ErrorDescription,
  type RetryPolicy,
  type SupplierHttpOptions,
  type SupplierRequest,
} from "../http/request";
import { sharedTokenCache } from "../http/token-cache";
import type {
  CatalogCategory,
  CatalogItem,
  CatalogPage,
  CatalogQuery,
  PlaceOrderRequest,
  ShipToAddress,
  SupplierAccount,
  CreateQuoteRequest,
  QuotingConnector,
  SupplierConnectionSettings,
  SupplierOrder,
  SupplierQuote,
  SupplierQuoteStatus,
  SupplierOrderStatus,
} from "../types";
import { priceFor, priceTiers, type PricingAccount } from "./pricing";
import { pricingAccount, pricingSku } from "./pricing-map";
import {
  SUPPLIER,
  formatIssuePath,
  parseWire,
  wireAccount,
  wireCarrier,
  wireDiscountLevel,
  wireListOf,
  wireOrder,
  wireProblem,
  wireQuote,
  wireSearchResult,
  wireShipment,
  wireShippingRate,
  wireSku,
  type WireAccount,
  type WireCarrier,
  type WireOrder,
  type WireOrderStatus,
  type WireQuote,
  type WireQuoteStatus,
  type WireShipment,
  type WireShipmentStatus,
  type WireShippingRate,
  type WireSku,
} from "./wire";

/** The documented (or chosen) limit, one place for all suppliers: server/suppliers/http/rate-limits.ts. */
export const YODIFY_RATE_LIMIT = YODIFY_RATE_LIMIT_PROFILE;
export const YODIFY_PAGE_MAX = 100;
export const YODIFY_SCOPE = "yodify";
const ACCOUNT_TTL_MS = 5 * 60 * 1000;
const SKU_EXPAND = "Expand=product&Expand=quantity_discount";

export interface YodifyConnectorOptions {
  logger?: SupplierLogger;
  retry?: Partial<RetryPolicy>;
  /** Default 10/s bursting to 20 (the reference states no rate). */
  rateLimit?: { ratePerSecond: number; burst: number };
  /** The store's currency for SKU prices, which carry none (default USD). */
  currency?: string;
  tokenAuth?: "body" | "basic";
  /** Clock for sale dates (tests). */
  now?: () => Date;
}

// ---------------------------------------------------------------------------
// Portal-facing Yodify types (no wire shapes)

export interface YodifyOrder extends SupplierOrder {
  /** Yodify's own order_status, e.g. "PartiallyShipped", for display. */
  supplierStatus: string;
  orderNumber: string | null;
  clientIdentifier: string | null;
  /** Yodify refuses a cancel once a shipment was added. */
  hasShipments: boolean;
}

export interface YodifyShipment {
  shipmentId: string;
  orderId: string;
  status: WireShipmentStatus;
  carrier: { name: string; slug: string | null } | null;
  trackingNumber: string | null;
  /** Yodify's tracking_url, or one built from the carrier's public tracking page; null when neither is known. */
  trackingUrl: string | null;
  shippedAt: Date | null;
  estimatedDeliveryAt: Date | null;
}

export interface YodifyShippingOption {
  first: Money;
  eachAdditional: Money;
  free: boolean;
  daysFrom: number | null;
  daysTo: number | null;
}

export interface YodifyShippingRate {
  shippingRateId: string;
  name: string;
  isDefault: boolean;
  economy: YodifyShippingOption | null;
  priority: YodifyShippingOption | null;
  notes: string | null;
}

export type YodifyQuoteStatus = SupplierQuoteStatus;

export interface YodifyQuote extends SupplierQuote {
  supplierStatus: WireQuoteStatus;
}

export type { CreateQuoteRequest };

export interface YodifyConnector extends QuotingConnector {
  readonly kind: "yodify";
  placeOrder(request: PlaceOrderRequest): Promise<YodifyOrder>;
  getOrder(supplierOrderId: string): Promise<YodifyOrder>;
  cancelOrder(supplierOrderId: string): Promise<YodifyOrder>;
  /** Every SKU of the store as the account sees it, each once, page by page. */
  catalogItems(): AsyncGenerator<CatalogItem, void, undefined>;
  /** The account's unit price for `quantity` of an item (its discounts applied). */
  priceForQuantity(supplierItemId: string, quantity: number): Promise<Money>;
  listShipments(supplierOrderId: string): Promise<YodifyShipment[]>;
  listShippingRates(): Promise<YodifyShippingRate[]>;
  createQuote(request: CreateQuoteRequest): Promise<YodifyQuote>;
  getQuote(quoteId: string): Promise<YodifyQuote>;
  /** Turns an offered quote into an order at the quoted prices; accepting again returns the same order. */
  acceptQuote(quoteId: string, shipToAddressId: string, poNumber: string): Promise<{ quote: YodifyQuote; order: YodifyOrder }>;
  declineQuote(quoteId: string, reason?: string): Promise<YodifyQuote>;
}

// ---------------------------------------------------------------------------
// Mapping

/** ValidationProblemDetails -> the first failing field and its message. */
export function describeYodifyError(body: unknown): ErrorDescription {
  const parsed = wireProblem.safeParse(body);
  if (!parsed.success || (!parsed.data.title && !parsed.data.errors && !parsed.data.detail)) return describeCommonError(body);
  const entries = Object.entries(parsed.data.errors ?? {});
  const [field, messages] = entries[0] ?? [];
  const message = messages?.[0] ?? parsed.data.detail ?? parsed.data.title ?? undefined;
  return { message: message ?? undefined, field: field || undefined, code: parsed.data.title ?? undefined };
}

const STATUS_MAP: Record<WireOrderStatus, SupplierOrderStatus> = {
  // Not yet confirmed by the seller: nothing to approve, only to wait for.
  New: "awaiting_confirmation",
  Received: "awaiting_confirmation",
  Processing: "approved",
  StockConfirmed: "approved",
  StockPartiallyConfirmed: "approved",
  ReadyForPickup: "in_production",
  PartiallyReadyForPickup: "in_production",
  PartiallyShipped: "shipped",
  Shipped: "shipped",
  Complete: "delivered",
  RefundRequested: "delivered",
  RefundRejected: "delivered",
  Cancelled: "cancelled",
  Refunded: "cancelled",
};

const QUOTE_STATUS_MAP: Record<WireQuoteStatus, YodifyQuoteStatus> = {
  Draft: "draft",
  New: "draft",
  Active: "submitted",
  AllActive: "submitted",
  QuoteSent: "offered",
  Accepted: "accepted",
  AcceptedOrdered: "ordered",
  Complete: "ordered",
  Declined: "declined",
  Cancelled: "cancelled",
  CustomerCancelled: "cancelled",
  Deleted: "cancelled",
  Expired: "expired",
  Closed: "closed",
};

const toMoney = (value: number, currency: string): Money => decimalToMinor(value, currency);

export function mapOrder(order: WireOrder): YodifyOrder {
  const currency = order.currency_code;
  return {
    supplierOrderId: String(order.id),
    status: STATUS_MAP[order.order_status],
    supplierStatus: order.order_status,
    orderNumber: order.order_number ?? null,
    clientIdentifier: order.client_identifier ?? null,
    hasShipments: (order.shipments ?? []).length > 0,
    submittedAt: order.ordered_date ? new Date(order.ordered_date) : null,
    poNumber: order.additional_information?.purchase_order_number ?? null,
    lines: order.items.map((item) => {
      const unitPrice = toMoney(item.price_per_unit, currency);
      return {
        itemCode: item.sku?.sku_identifier ?? item.model_number ?? String(item.sku_id),
        description: item.sku?.short_description ?? item.model_number ?? `SKU ${item.sku_id}`,
        quantity: item.quantity,
        unitPrice,
        // Yodify sends no line total: the portal's is unit x quantity, in minor units.
        lineTotal: multiplyMoney(unitPrice, item.quantity),
      };
    }),
    subtotal: toMoney(order.subtotal, currency),
    tax: order.tax === null || order.tax === undefined ? null : toMoney(order.tax, currency),
    shipping: order.freight === null || order.freight === undefined ? null : toMoney(order.freight, currency),
    total: toMoney(order.total, currency),
  };
}

export function mapQuote(quote: WireQuote, codes: Map<number, string> = new Map()): YodifyQuote {
  const currency = quote.currency_code;
  const lines = quote.items.map((item) => {
    const unitPrice = toMoney(item.price_per_unit, currency);
    return {
      itemCode: codes.get(item.sku_id) ?? item.model_number ?? null,
      supplierItemId: String(item.sku_id),
      quantity: item.quantity,
      unitPrice,
      lineTotal: multiplyMoney(unitPrice, item.quantity),
    };
  });
  return {
    quoteId: String(quote.id),
    quoteNumber: quote.quote_number ?? null,
    status: QUOTE_STATUS_MAP[quote.quote_status],
    supplierStatus: quote.quote_status,
    lines,
    subtotal: money(
      lines.reduce((sum, l) => sum + l.lineTotal.amount, 0),
      currency,
    ),
    expiresAt: quote.expiry_date ? new Date(quote.expiry_date) : null,
    orderId: quote.order_id ? String(quote.order_id) : null,
    reference: quote.customer_reference ?? null,
  };
}

/** Public tracking pages, for a shipment whose tracking_url is empty (the reference's own example is ""). */
const TRACKING_PAGES: Record<string, (n: string) => string> = {
  fedex: (n) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(n)}`,
  ups: (n) => `https://www.ups.com/track?tracknum=${encodeURIComponent(n)}`,
  usps: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(n)}`,
  dhlexpress: (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${encodeURIComponent(n)}`,
};

export function mapShipment(shipment: WireShipment, carriers: WireCarrier[]): YodifyShipment {
  const name = shipment.carrier?.trim() || null;
  const carrier = name ? (carriers.find((c) => c.name.toLowerCase() === name.toLowerCase() || c.slug.toLowerCase() === name.toLowerCase()) ?? null) : null;
  const number = shipment.tracking_number?.trim() || null;
  let trackingUrl = shipment.tracking_url?.trim() || null;
  if (trackingUrl && !/^https?:\/\//i.test(trackingUrl)) trackingUrl = null;
  if (!trackingUrl && number) {
    const page = TRACKING_PAGES[(carrier?.slug ?? name ?? "").toLowerCase()];
    trackingUrl = page ? page(number) : null;
  }
  return {
    shipmentId: String(shipment.id),
    orderId: String(shipment.order_id),
    status: shipment.status,
    carrier: name ? { name: carrier?.name ?? name, slug: carrier?.slug ?? null } : null,
    trackingNumber: number,
    trackingUrl,
    shippedAt: shipment.shipped_date ? new Date(shipment.shipped_date) : null,
    estimatedDeliveryAt: shipment.estimated_delivery_date ? new Date(shipment.estimated_delivery_date) : null,
  };
}

export function mapShippingRate(rate: WireShippingRate, currency: string): YodifyShippingRate {
  const option = (
    first: number | null | undefined,
    additional: number | null | undefined,
    free: boolean | null | undefined,
    from: number | null | undefined,
    to: number | null | undefined,
  ): YodifyShippingOption | null => {
    if ((first === null || first === undefined) && !free) return null;
    // "is_free_shipping: Will override any ShippingEconomy and ShippingEconomyAdditional rates to 0"
    return {
      first: free ? money(0, currency) : toMoney(first ?? 0, currency),
      eachAdditional: free ? money(0, currency) : toMoney(additional ?? 0, currency),
      free: free === true,
      daysFrom: from ?? null,
      daysTo: to ?? null,
    };
  };
  return {
    shippingRateId: String(rate.id),
    name: rate.name,
    isDefault: rate.is_default === true,
    economy: option(rate.shipping_economy, rate.shipping_economy_additional, rate.is_free_shipping, rate.economy_days_from, rate.economy_days_to),
    priority: option(rate.shipping_priority, rate.shipping_priority_additional, rate.is_free_shipping_priority, rate.priority_days_from, rate.priority_days_to),
    notes: rate.notes || null,
  };
}

function accountAddress(account: WireAccount): ShipToAddress | null {
  if (!account.street1 || !account.city) return null;
  return {
    supplierAddressId: `account-${account.id}`,
    label: `${account.name}, ${account.city}`,
    attention: null,
    street1: account.street1,
    street2: account.street2 ?? null,
    city: account.city,
    region: account.state_code ?? "",
    postalCode: account.postal_code ?? "",
    country: account.country_code ?? "",
    isDefault: true,
  };
}

// ---------------------------------------------------------------------------
// Connector

interface AccountContext {
  account: WireAccount;
  pricing: PricingAccount;
  expiresAt: number;
}

const accountCache = processShared<AccountContext>("yodify-accounts");
const connectionKey = (s: SupplierConnectionSettings) => `${s.baseUrl.replace(/\/+$/, "")}\u0000${s.clientId}\u0000${s.accountId}`;

/** Forget cached accounts and discount levels (all connections, or one). */
export function clearYodifyCaches(settings?: SupplierConnectionSettings): void {
  if (settings) accountCache.delete(connectionKey(settings));
  else accountCache.clear();
}

const looseList = wireListOf(z.unknown());
const looseArrayOrList = z.union([z.array(z.unknown()), looseList]);
const idOf = (raw: unknown) => (typeof raw === "object" && raw !== null && "id" in raw ? String((raw as { id: unknown }).id) : "(no id)");

export function createYodifyConnector(settings: SupplierConnectionSettings, options: YodifyConnectorOptions = {}): YodifyConnector {
  const baseUrl = settings.baseUrl.replace(/\/+$/, "");
  const currency = options.currency ?? "USD";
  const logger = options.logger ?? defaultSupplierLogger;
  const now = options.now ?? (() => new Date());
  const tokens = sharedTokenCache({
    supplier: SUPPLIER,
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    auth: options.tokenAuth,
    scope: YODIFY_SCOPE,
    logger: options.logger,
  });
  const limiter = connectionLimiter(`yodify\u0000${connectionKey(settings)}`, { ...YODIFY_RATE_LIMIT, ...options.rateLimit });
  const httpOptions: SupplierHttpOptions = {
    supplier: SUPPLIER,
    baseUrl,
    tokens,
    limiter,
    logger: options.logger,
    retry: options.retry,
    describeError: describeYodifyError,
  };
  const call = async (request: SupplierRequest): Promise<unknown> => (await supplierFetch(httpOptions, request)).body;
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const key = connectionKey(settings);

  const say = (line: string) => {
    try {
      logger.info(`[supplier:yodify] ${line}`);
    } catch {
      // A broken logger must never break a supplier call.
    }
  };
  const numeric = (value: string, what: string, field = "id") => {
    if (!/^\d{1,18}$/.test(value)) throw new SupplierError("validation", `That is not a Yodify ${what} id: '${value}'.`, SUPPLIER, { field });
    return value;
  };

  /** One list page; records that fail `schema` are left out with the reason logged. */
  function readList<T extends z.ZodType>(body: unknown, schema: T, what: string): NumberedPage<z.output<T>> {
    const list = parseWire(looseArrayOrList, body, `${what} list`);
    const raw = Array.isArray(list) ? list : list.data;
    const items: z.output<T>[] = [];
    for (const record of raw) {
      const parsed = schema.safeParse(record);
      if (parsed.success) items.push(parsed.data);
      else {
        const issue = parsed.error.issues[0];
        say(`left out ${what} ${idOf(record)}: field '${issue ? formatIssuePath(issue.path) : "(root)"}' ${issue?.message ?? "is invalid"}`);
      }
    }
    // Bare arrays (Products, Carriers, as documented) say nothing about more pages: a full page means ask again.
    if (Array.isArray(list)) return { items, hasMore: raw.length >= YODIFY_PAGE_MAX, totalItems: null };
    return { items, hasMore: list.has_more, totalItems: list.total_items };
  }

  async function accountContext(): Promise<AccountContext> {
    const cached = accountCache.get(key);
    if (cached && Date.now() < cached.expiresAt) return cached;
    let accountId = settings.accountId;
    if (!/^\d+$/.test(accountId)) {
      // The connection may name the account by its account_number ("ACME"); Yodify looks accounts up by id only.
      const accounts = numberedItems(
        async (page) => readList(await call({ method: "GET", path: "/Accounts", query: { Page: page, Limit: YODIFY_PAGE_MAX } }), wireAccount, "account"),
        { supplier: SUPPLIER },
      );
      let found: WireAccount | undefined;
      for await (const a of accounts) if (a.account_number === accountId) found = a;
      if (!found)
        throw new SupplierError("not_found", `Yodify has no account numbered '${accountId}'.`, SUPPLIER, { field: "accountId", code: "account_not_found" });
      accountId = String(found.id);
    }
    const account = parseWire(wireAccount, await call({ method: "GET", path: `/Accounts/${accountId}?Expand=discount_level` }), "account");
    let level = account.discount_level ?? null;
    if (!level && account.discount_level_id)
      level = parseWire(wireDiscountLevel, await call({ method: "GET", path: `/DiscountLevels/${account.discount_level_id}` }), "discount level");
    const context = { account, pricing: pricingAccount(level, account.discount_level_id ?? null), expiresAt: Date.now() + ACCOUNT_TTL_MS };
    accountCache.set(key, context);
    return context;
  }

  function mapSku(sku: WireSku, pricing: PricingAccount): CatalogItem {
    const product = sku.product ?? null;
    const brand = sku.brand ?? product?.brand ?? null;
    const inStock = sku.inventory > 0 || sku.always_in_stock === true;
    const available = inStock || sku.allow_backorders === true;
    const name = product?.name
      ? `${product.name}${sku.short_description ? ` — ${sku.short_description.replace(/^[^,]*,\s*/, "")}` : ""}`
      : (sku.short_description ?? sku.sku_identifier);
    return {
      supplierItemId: String(sku.id),
      itemCode: sku.sku_identifier,
      name,
      description: [
        sku.description,
        sku.unit_of_measure
          ? `Unit: ${sku.unit_of_measure}${sku.unit_of_measure_quantity && sku.unit_of_measure_quantity !== 1 ? ` of ${sku.unit_of_measure_quantity}` : ""}`
          : null,
      ]
        .filter(Boolean)
        .join(" "),
      // Yodify files SKUs by brand only; a brand is who makes it, not what it is, so it is not passed off as a category.
      category: null,
      brand: brand ? { id: String(brand.id), name: brand.name } : null,
      images: product?.primary_image ? [product.primary_image] : [],
      priceTiers: priceTiers(pricingSku(sku, product), pricing, currency, now()),
      available,
      leadTimeDays: inStock ? null : available ? (sku.lead_time_to ?? sku.lead_time_from ?? null) : null,
      // Yodify refuses an order for more than it holds unless the SKU is always in stock or backorderable.
      maxOrderQuantity: sku.always_in_stock === true || sku.allow_backorders === true ? null : Math.max(0, Math.floor(sku.inventory)),
    };
  }

  async function skusByIds(ids: number[]): Promise<WireSku[]> {
    if (ids.length === 0) return [];
    const query = ids.map((id) => `Ids=${id}`).join("&");
    return readList(await call({ method: "GET", path: `/SKUs?${query}&${SKU_EXPAND}`, query: { Limit: YODIFY_PAGE_MAX } }), wireSku, "SKU").items;
  }

  async function catalogPage(query: CatalogQuery): Promise<CatalogPage> {
    const limit = Number.isFinite(query.limit) ? Math.min(YODIFY_PAGE_MAX, Math.max(1, Math.floor(query.limit ?? 25))) : 25;
    const page = query.cursor && /^\d+$/.test(query.cursor) ? Number(query.cursor) : 1;
    const { pricing } = await accountContext();
    let skus: WireSku[];
    let hasMore: boolean;
    // No SKU is in a category at Yodify, so asking for one finds nothing.
    if (query.categoryId) return { items: [], hasMore: false, nextCursor: null };
    const term = query.q?.trim();
    if (term) {
      const results = readList(
        await call({ method: "GET", path: "/Search", query: { Term: term, Types: "Inventory", Page: page, Limit: limit } }),
        wireSearchResult,
        "search result",
      );
      const order = results.items.filter((r) => !r.type || r.type === "Inventory").map((r) => r.id);
      const found = new Map((await skusByIds(order)).map((s) => [s.id, s]));
      skus = order.map((id) => found.get(id)).filter((s): s is WireSku => s !== undefined);
      hasMore = results.hasMore;
    } else {
      const sinceId = query.afterItemId && /^\d+$/.test(query.afterItemId) ? query.afterItemId : undefined;
      const list = readList(await call({ method: "GET", path: `/SKUs?${SKU_EXPAND}`, query: { SinceId: sinceId, Page: page, Limit: limit } }), wireSku, "SKU");
      skus = list.items;
      hasMore = list.hasMore;
    }
    let items = skus.map((s) => mapSku(s, pricing));
    if (query.availableOnly) items = items.filter((i) => i.available);
    return { items, hasMore, nextCursor: hasMore ? String(page + 1) : null };
  }

  /** Finds the SKU whose sku_identifier is `code` (Yodify filters SKUs by id only, so through /Search). */
  async function skuByCode(code: string, field: string): Promise<WireSku> {
    const results = readList(
      await call({ method: "GET", path: "/Search", query: { Term: code, Types: "Inventory", Limit: YODIFY_PAGE_MAX } }),
      wireSearchResult,
      "search result",
    );
    const skus = await skusByIds(results.items.map((r) => r.id));
    const sku = skus.find((s) => s.sku_identifier === code);
    if (!sku) throw new SupplierError("validation", `Yodify has no SKU '${code}'.`, SUPPLIER, { field, code: "sku_not_found" });
    return sku;
  }

  /**
   * POSTs a create that carries client_identifier. When the answer is lost or
   * a 5xx/429 leaves the outcome unknown, looks for the record first and
   * posts again only if it is not there: never two records.
   */
  async function createOnce<T>(path: string, body: unknown, find: () => Promise<T | null>, parse: (raw: unknown) => T): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return parse(await call({ method: "POST", path, body }));
      } catch (error) {
        if (!isSupplierError(error) || !error.retryable || attempt >= policy.maxAttempts || Date.now() - started > policy.deadlineMs) throw error;
        const wait = error.details.retryAfterMs ?? backoffDelayMs(attempt, { ...DEFAULT_BACKOFF, ...options.retry });
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, policy.maxRetryAfterMs)));
        const existing = await find();
        if (existing) {
          say(`${path}: found the record created by an earlier attempt; not posting again`);
          return existing;
        }
      }
    }
  }

  async function findOrderByClientIdentifier(clientIdentifier: string, accountId: number, since: number): Promise<WireOrder | null> {
    const orders = numberedItems(
      async (page) =>
        readList(
          await call({ method: "GET", path: "/Orders", query: { CreatedOnMin: new Date(since).toISOString(), Page: page, Limit: YODIFY_PAGE_MAX } }),
          wireOrder,
          "order",
        ),
      { supplier: SUPPLIER, keyOf: (o) => String(o.id) },
    );
    for await (const order of orders) if (order.client_identifier === clientIdentifier && order.customer?.account_id === accountId) return order;
    return null;
  }

  async function fetchOrder(supplierOrderId: string): Promise<WireOrder> {
    const { account } = await accountContext();
    const order = parseWire(wireOrder, await call({ method: "GET", path: `/Orders/${numeric(supplierOrderId, "order")}` }), "order");
    // Another account's order is "not found" from this connection's point of view.
    if (order.customer?.account_id !== account.id) throw new SupplierError("not_found", `No such order: '${supplierOrderId}'`, SUPPLIER, { status: 404 });
    return order;
  }

  async function getOrder(supplierOrderId: string): Promise<YodifyOrder> {
    return mapOrder(await fetchOrder(supplierOrderId));
  }

  async function placeOrderLines(
    lines: { skuId: number; productId: number | null; quantity: number; pricePerUnit?: number }[],
    request: { idempotencyKey: string; shipToAddressId: string; poNumber: string; comments?: string; neededBy?: string | null },
  ): Promise<YodifyOrder> {
    const { account } = await accountContext();
    const address = accountAddress(account);
    if (!address || request.shipToAddressId !== address.supplierAddressId) {
      throw new SupplierError(
        "validation",
        `Yodify account ${account.id} ships to its own address only ('${address?.supplierAddressId ?? "none"}').`,
        SUPPLIER,
        { field: "shipToAddressId" },
      );
    }
    const since = Date.now() - 10 * 60 * 1000;
    const body = {
      client_identifier: request.idempotencyKey,
      account_id: account.id,
      items: lines.map((l) => ({
        sku_id: l.skuId,
        product_id: l.productId,
        quantity: l.quantity,
        ...(l.pricePerUnit !== undefined ? { price_per_unit: l.pricePerUnit } : {}),
      })),
      shipping_address: {
        company_name: account.name,
        street1: address.street1,
        street2: address.street2,
        city: address.city,
        state_code: address.region,
        postal_code: address.postalCode,
        country_code: address.country,
        phone_number: account.phone_number ?? null,
      },
      // Yodify's order has no date field; its shipping instructions are what its warehouse reads.
      shipping_instructions: request.neededBy ? `Needed by ${request.neededBy}` : "",
      shipping_method: "Standard Shipping",
      additional_information: { purchase_order_number: request.poNumber, comments: request.comments ?? "" },
    };
    const order = await createOnce(
      "/Orders",
      body,
      () => findOrderByClientIdentifier(request.idempotencyKey, account.id, since),
      (raw) => parseWire(wireOrder, raw, "order"),
    );
    return mapOrder(order);
  }

  async function fetchQuote(quoteId: string): Promise<WireQuote> {
    const { account } = await accountContext();
    const quote = parseWire(wireQuote, await call({ method: "GET", path: `/Quotes/${numeric(quoteId, "quote")}` }), "quote");
    if (quote.customer?.account_id !== account.id) throw new SupplierError("not_found", `No such quote: '${quoteId}'`, SUPPLIER, { status: 404 });
    return quote;
  }

  const quoteChange = (quoteId: string) => (error: unknown) => {
    // Yodify answers a move its status does not allow with 400 naming quote_status.
    if (isSupplierError(error) && error.kind === "validation" && error.details.field === "quote_status") {
      throw new SupplierError("conflict", `Yodify quote ${quoteId} cannot change now: ${error.message}`, SUPPLIER, {
        ...error.details,
        code: "quote_not_changeable",
      });
    }
    throw error;
  };

  return {
    kind: "yodify",
    async signIn() {
      await tokens.getToken();
    },
    // Yodify takes a cancel until the order is ready to ship (New, Received, Processing, stock confirmed).
    capabilities: {
      placeOrder: true,
      cancelOrder: true,
      cancellableStatuses: ["awaiting_confirmation", "approved"],
      neededBy: true,
      newItemsSince: true,
      shipments: true,
      quotes: true,
    },

    searchCatalog: catalogPage,

    async *catalogItems() {
      const { pricing } = await accountContext();
      const skus = numberedItems(
        async (page) => readList(await call({ method: "GET", path: `/SKUs?${SKU_EXPAND}`, query: { Page: page, Limit: YODIFY_PAGE_MAX } }), wireSku, "SKU"),
        { supplier: SUPPLIER, keyOf: (s) => String(s.id) },
      );
      for await (const sku of skus) yield mapSku(sku, pricing);
    },

    async listCategories(): Promise<CatalogCategory[]> {
      // Yodify SKUs and products carry no category (only a brand, mapped as the item's brand).
      return [];
    },

    async getItem(supplierItemId: string): Promise<CatalogItem> {
      const { pricing } = await accountContext();
      const sku = parseWire(wireSku, await call({ method: "GET", path: `/SKUs/${numeric(supplierItemId, "SKU")}?${SKU_EXPAND}` }), "SKU");
      return mapSku(sku, pricing);
    },

    async priceForQuantity(supplierItemId: string, quantity: number): Promise<Money> {
      const { pricing } = await accountContext();
      const sku = parseWire(wireSku, await call({ method: "GET", path: `/SKUs/${numeric(supplierItemId, "SKU")}?${SKU_EXPAND}` }), "SKU");
      return priceFor(pricingSku(sku, sku.product), pricing, quantity, currency, now()).unitPrice;
    },

    async getAccount(): Promise<SupplierAccount> {
      const { account } = await accountContext();
      const address = accountAddress(account);
      return {
        accountId: String(account.id),
        name: account.name,
        addresses: address ? [address] : [],
        approvalRequiredOver: null,
        billingTerms: account.payment_terms === "Custom" ? (account.custom_payment_terms ?? "Custom") : (account.payment_terms ?? null),
      };
    },

    async placeOrder(request: PlaceOrderRequest): Promise<YodifyOrder> {
      if (!request.idempotencyKey) throw new SupplierError("validation", "An order needs an idempotency key.", SUPPLIER, { field: "idempotencyKey" });
      if (request.lines.length === 0) throw new SupplierError("validation", "An order needs at least one line.", SUPPLIER, { field: "lines" });
      const lines = [];
      for (const [index, line] of request.lines.entries()) {
        if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
          throw new SupplierError("validation", "Quantities are whole numbers of at least 1.", SUPPLIER, { field: `lines[${index}].quantity` });
        const sku = await skuByCode(line.itemCode, `lines[${index}].itemCode`);
        lines.push({ skuId: sku.id, productId: sku.store_product_id ?? null, quantity: line.quantity });
      }
      return placeOrderLines(lines, { ...request, comments: request.costCenterCode ? `Cost center ${request.costCenterCode}` : "" });
    },

    getOrder,

    async cancelOrder(supplierOrderId: string): Promise<YodifyOrder> {
      const order = await fetchOrder(supplierOrderId);
      if (order.order_status === "Cancelled") return mapOrder(order);
      const refuse = (why: string, details: SupplierError["details"] = {}) =>
        new SupplierError("conflict", `Yodify order ${supplierOrderId} cannot be cancelled: ${why}`, SUPPLIER, { ...details, code: "order_not_cancellable" });
      // "If an Order has had a Shipment added to it, it cannot be cancelled. The Order will need to be refunded in this case."
      if ((order.shipments ?? []).length > 0) throw refuse("it has a shipment; ask Yodify for a refund instead.");
      try {
        return mapOrder(
          parseWire(
            wireOrder,
            await call({ method: "PUT", path: `/Orders/cancel/${order.id}`, body: { message: "Cancelled from the buyer portal." } }),
            "order",
          ),
        );
      } catch (error) {
        if (isSupplierError(error) && error.kind === "validation") throw refuse(error.message, error.details);
        throw error;
      }
    },

    async listShipments(supplierOrderId: string): Promise<YodifyShipment[]> {
      const order = await fetchOrder(supplierOrderId);
      const shipments = await collect(
        numberedItems(
          async (page) =>
            readList(
              await call({ method: "GET", path: `/orders/${order.id}/shipments`, query: { Page: page, Limit: YODIFY_PAGE_MAX } }),
              wireShipment,
              "shipment",
            ),
          {
            supplier: SUPPLIER,
            keyOf: (s) => String(s.id),
          },
        ),
      );
      const carriers =
        shipments.length === 0
          ? []
          : await collect(
              numberedItems(
                async (page) =>
                  readList(await call({ method: "GET", path: "/Carriers", query: { Page: page, Limit: YODIFY_PAGE_MAX } }), wireCarrier, "carrier"),
                { supplier: SUPPLIER, keyOf: (c) => String(c.id) },
              ),
            );
      return shipments.map((s) => mapShipment(s, carriers));
    },

    async listShippingRates(): Promise<YodifyShippingRate[]> {
      const rates = await collect(
        numberedItems(
          async (page) =>
            readList(await call({ method: "GET", path: "/ShippingRates", query: { Page: page, Limit: YODIFY_PAGE_MAX } }), wireShippingRate, "shipping rate"),
          { supplier: SUPPLIER, keyOf: (r) => String(r.id) },
        ),
      );
      return rates.map((r) => mapShippingRate(r, currency));
    },

    async createQuote(request: CreateQuoteRequest): Promise<YodifyQuote> {
      if (!request.idempotencyKey) throw new SupplierError("validation", "A quote needs an idempotency key.", SUPPLIER, { field: "idempotencyKey" });
      if (request.lines.length === 0) throw new SupplierError("validation", "A quote needs at least one line.", SUPPLIER, { field: "lines" });
      const { account } = await accountContext();
      const codes = new Map<number, string>();
      const items = [];
      for (const [index, line] of request.lines.entries()) {
        const sku = await skuByCode(line.itemCode, `lines[${index}].itemCode`);
        codes.set(sku.id, sku.sku_identifier);
        items.push({ sku_id: sku.id, product_id: sku.store_product_id ?? null, quantity: line.quantity });
      }
      const body = {
        client_identifier: request.idempotencyKey,
        customer: { account_id: account.id },
        items,
        quote_status: "Active",
        customer_reference: request.reference ?? null,
        customer_comments: request.comments ?? "",
      };
      const find = async () => {
        const quotes = numberedItems(
          async (page) => readList(await call({ method: "GET", path: "/Quotes", query: { Page: page, Limit: YODIFY_PAGE_MAX } }), wireQuote, "quote"),
          { supplier: SUPPLIER, keyOf: (q) => String(q.id) },
        );
        for await (const q of quotes) if (q.client_identifier === request.idempotencyKey && q.customer?.account_id === account.id) return q;
        return null;
      };
      const quote = await createOnce("/Quotes", body, find, (raw) => parseWire(wireQuote, raw, "quote"));
      return mapQuote(quote, codes);
    },

    async getQuote(quoteId: string): Promise<YodifyQuote> {
      return mapQuote(await fetchQuote(quoteId));
    },

    async acceptQuote(quoteId: string, shipToAddressId: string, poNumber: string) {
      const quote = await fetchQuote(quoteId);
      if (quote.quote_status === "AcceptedOrdered" && quote.order_id) return { quote: mapQuote(quote), order: await getOrder(String(quote.order_id)) };
      if (quote.quote_status !== "QuoteSent" && quote.quote_status !== "Accepted") {
        throw new SupplierError(
          "conflict",
          `Yodify quote ${quoteId} is ${quote.quote_status}; only a quote the supplier has sent back can be accepted.`,
          SUPPLIER,
          { code: "quote_not_offered" },
        );
      }
      // The reference has no "accept" call: the order is placed at the quoted prices, then the quote is marked AcceptedOrdered with its order_id.
      const order = await placeOrderLines(
        quote.items.map((i) => ({ skuId: i.sku_id, productId: i.product_id ?? null, quantity: i.quantity, pricePerUnit: i.price_per_unit })),
        { idempotencyKey: `quote-${quote.id}`, shipToAddressId, poNumber, comments: `Quote ${quote.quote_number ?? quote.id}` },
      );
      const updated = await call({
        method: "PUT",
        path: `/Quotes/${quote.id}`,
        body: { quote_status: "AcceptedOrdered", order_id: Number(order.supplierOrderId) },
      }).catch(quoteChange(quoteId));
      return { quote: mapQuote(parseWire(wireQuote, updated, "quote")), order };
    },

    async declineQuote(quoteId: string, reason?: string): Promise<YodifyQuote> {
      const quote = await fetchQuote(quoteId);
      if (quote.quote_status === "Declined") return mapQuote(quote);
      const body = await call({ method: "PUT", path: `/Quotes/decline/${quote.id}`, body: { message: reason ?? null } }).catch(quoteChange(quoteId));
      return mapQuote(parseWire(wireQuote, body, "quote"));
    },
  };
}
