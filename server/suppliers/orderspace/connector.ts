/**
 * The Orderspace connector: the portal's SupplierConnector over Orderspace API v1 (shared/vendors/orderspace.md).
 * Wire shapes stop here (wire.ts); everything returned is a portal type with Money in integer minor units.
 *
 * Orderspace is run by the seller: its API reads the seller's catalog and the buyer company's own records (the
 * connection's customer, accountId `cu_…`), and has no endpoint that creates an order. So the connector declares
 * placeOrder: false and enteredOrders: true: the portal sends a purchase order document and finds the order by its
 * customer_po_number once the seller's staff have entered it (findEnteredOrders).
 *
 * What a buyer orders is a variant: each catalog item is one variant (supplierItemId `pv_…`, itemCode its SKU, the
 * product's name with the variant's options). Its price is the customer's price list's own price for it, else the
 * base unit_price at the list's conversion rate, in the list's currency.
 *
 * Per connection, process-wide: one OAuth2 token (30 minutes, renewed before it runs out; there is no refresh token),
 * one limiter for the integration (60 a minute paced a little under, and after a 429 nothing for 60 s on every
 * request of the connection), and the customer, price lists and stock levels a catalog page needs (cached a while,
 * so a sync of 200 products is a few dozen requests rather than hundreds).
 */
import { z } from "zod";
import { decimalToMinor, money, type Money } from "@/server/domain/money";
import { SupplierError } from "../errors";
import { defaultSupplierLogger, type SupplierLogger } from "../http/logger";
import { collect, cursorItems, type CursorPage } from "../http/paging";
import { processShared } from "../http/process-shared";
import { connectionLimiter, rateLimitProfileFor, type ConfiguredRateLimit } from "../http/rate-limits";
import { describeCommonError, supplierFetch, type RetryPolicy, type SupplierHttpOptions, type SupplierRequest } from "../http/request";
import { sharedTokenCache } from "../http/token-cache";
import { parseSupplierWire } from "../http/wire-parse";
import type {
  CatalogCategory,
  CatalogItem,
  CatalogPage,
  CatalogQuery,
  EnteredOrdersConnector,
  ShipToAddress,
  SupplierAccount,
  SupplierConnectionSettings,
  SupplierInvoice,
  SupplierOrder,
  SupplierOrderStatus,
  SupplierShipment,
} from "../types";
import {
  ORDERSPACE_PAGE_MAX,
  SUPPLIER,
  wireCategory,
  wireCustomer,
  wireDispatch,
  wireError,
  wireInventoryLevel,
  wireInvoice,
  wireListOf,
  wireOne,
  wireOrder,
  wirePaymentTerms,
  wireTaxRate,
  wirePriceList,
  wireProduct,
  type WireCustomer,
  type WireDispatch,
  type WireInventoryLevel,
  type WireInvoice,
  type WireOrder,
  type WirePriceList,
  type WireProduct,
  type WireVariant,
} from "./wire";

const NAME = "Orderspace";
const idOf = (raw: unknown) => (typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : "");
const REFERENCE_TTL_MS = 10 * 60_000;
const STOCK_TTL_MS = 5 * 60_000;

/** What a connection keeps of the customer between calls: its record, price lists, payment terms' name and tax rate. */
interface CustomerReference {
  customer: WireCustomer;
  priceLists: WirePriceList[];
  terms: string | null;
  taxRate: number | null;
}

export interface OrderspaceConnectorOptions {
  logger?: SupplierLogger;
  retry?: Partial<RetryPolicy>;
  /** Over the documented numbers (60 a minute, the 60 s wait after a 429): tests shorten the wait. */
  rateLimit?: ConfiguredRateLimit;
  /** How long the customer, its price lists, payment terms and tax rate are kept per connection (default 10 min). */
  referenceTtlMs?: number;
  /** How long stock levels are kept per connection (default 5 min). */
  stockTtlMs?: number;
}

interface Cached<T> {
  value: T;
  expiresAt: number;
}

interface ConnectionShared {
  reference: Cached<CustomerReference> | null;
  referenceInflight: Promise<CustomerReference> | null;
  stock: Cached<Map<string, WireInventoryLevel>> | null;
  stockInflight: Promise<Map<string, WireInventoryLevel>> | null;
  /** Which product each variant belongs to (Orderspace has no GET for one variant). */
  productOfVariant: Map<string, string>;
}

const shared = processShared<ConnectionShared>("orderspace-connections");
const connectionKey = (s: SupplierConnectionSettings) => `${s.baseUrl.replace(/\/+$/, "")}\u0000${s.clientId}\u0000${s.accountId}`;

function sharedFor(settings: SupplierConnectionSettings): ConnectionShared {
  const key = connectionKey(settings);
  let entry = shared.get(key);
  if (!entry) {
    entry = { reference: null, referenceInflight: null, stock: null, stockInflight: null, productOfVariant: new Map() };
    shared.set(key, entry);
  }
  return entry;
}

/** Forget cached customer, price lists and stock (all connections, or one). Tokens and limiters stay. */
export function clearOrderspaceCaches(settings?: SupplierConnectionSettings): void {
  if (settings) shared.delete(connectionKey(settings));
  else shared.clear();
}

/** Orderspace's {"message": "..."}; a 401 has no body at all (its WWW-Authenticate says why). */
function describeOrderspaceError(body: unknown) {
  const parsed = wireError.safeParse(body);
  return parsed.success ? { message: parsed.data.message } : describeCommonError(body);
}

const cached = async <T>(
  get: () => Cached<T> | null,
  set: (value: Cached<T> | null, inflight: Promise<T> | null) => void,
  inflight: () => Promise<T> | null,
  load: () => Promise<T>,
  ttlMs: number,
): Promise<T> => {
  const hit = get();
  if (hit && Date.now() < hit.expiresAt) return hit.value;
  const running = inflight();
  if (running) return running;
  const started = load().then(
    (value) => {
      set({ value, expiresAt: Date.now() + ttlMs }, null);
      return value;
    },
    (error: unknown) => {
      set(get(), null);
      throw error;
    },
  );
  set(get(), started);
  return started;
};

const STATUS_MAP: Record<WireOrder["status"], SupplierOrderStatus> = {
  // Entered by the seller's own staff: it is accepted the moment it exists.
  new: "approved",
  invoiced: "approved",
  preorder: "approved",
  standing_order: "approved",
  released: "in_production",
  part_fulfilled: "partly_shipped",
  // Dispatched in full; Orderspace knows nothing of delivery.
  fulfilled: "shipped",
  cancelled: "cancelled",
};

const TRACKING_PAGES: Record<string, (n: string) => string> = {
  ups: (n) => `https://www.ups.com/track?tracknum=${encodeURIComponent(n)}`,
  fedex: (n) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(n)}`,
  usps: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(n)}`,
  dhl: (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${encodeURIComponent(n)}`,
  "royal mail": (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${encodeURIComponent(n)}`,
};

/**
 * A dispatch's `comments` is free text shown to the buyer ("courier or tracking text"). The carrier and tracking
 * number are read out of it when it names a known carrier and a number; a link is offered only then.
 */
export function readTracking(comments: string | null | undefined): { carrier: string | null; trackingNumber: string | null; trackingUrl: string | null } {
  const textIn = (comments ?? "").trim();
  if (!textIn) return { carrier: null, trackingNumber: null, trackingUrl: null };
  const carrierMatch = /\b(UPS|FedEx|USPS|DHL|Royal Mail)\b/i.exec(textIn);
  const numberMatch = /https?:\/\/\S+|\b(?=[A-Z0-9]*\d)[A-Z0-9]{8,34}\b/i.exec(textIn.replace(carrierMatch?.[0] ?? "\u0000", " "));
  const url = numberMatch && /^https?:/i.test(numberMatch[0]) ? numberMatch[0] : null;
  const trackingNumber = numberMatch && !url ? numberMatch[0] : null;
  const carrier = carrierMatch ? carrierMatch[1]! : null;
  const page = carrier && trackingNumber ? TRACKING_PAGES[carrier.toLowerCase()] : undefined;
  return { carrier, trackingNumber, trackingUrl: url ?? (page && trackingNumber ? page(trackingNumber) : null) };
}

export function mapDispatch(dispatch: WireDispatch): SupplierShipment {
  const tracking = readTracking(dispatch.comments);
  return {
    shipmentId: dispatch.id,
    status: "Dispatched",
    carrier: tracking.carrier ? { name: tracking.carrier } : null,
    trackingNumber: tracking.trackingNumber,
    trackingUrl: tracking.trackingUrl,
    shippedAt: new Date(dispatch.created),
    estimatedDeliveryAt: null,
  };
}

export function mapOrder(order: WireOrder): SupplierOrder {
  const currency = order.currency;
  const m = (n: number) => decimalToMinor(n, currency);
  const goods = order.order_lines.filter((l) => !l.shipping);
  const shipping = order.order_lines.filter((l) => l.shipping).reduce((sum, l) => sum + m(l.sub_total).amount, 0);
  const subtotal = goods.reduce((sum, l) => sum + m(l.sub_total).amount, 0);
  const net = m(order.net_total);
  const total = m(order.gross_total);
  return {
    supplierOrderId: order.id,
    orderNumber: String(order.number),
    status: STATUS_MAP[order.status],
    submittedAt: new Date(order.created),
    poNumber: order.customer_po_number?.trim() || null,
    lines: goods.map((l) => ({
      itemCode: l.sku,
      description: l.options ? `${l.name} (${l.options})` : l.name,
      quantity: l.quantity,
      unitPrice: m(l.unit_price),
      lineTotal: m(l.sub_total),
    })),
    subtotal: money(subtotal, currency),
    tax: money(total.amount - net.amount, currency),
    shipping: money(shipping, currency),
    total,
  };
}

export function mapInvoice(invoice: WireInvoice): SupplierInvoice {
  const m = (n: number) => decimalToMinor(n, invoice.currency);
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    invoiceDate: invoice.invoice_date,
    dueDate: invoice.due_date ?? null,
    orderIds: invoice.orders.map((o) => o.id),
    paid: invoice.paid,
    lines: invoice.invoice_lines.map((l) => ({
      itemCode: l.sku || null,
      description: l.options ? `${l.name} (${l.options})` : l.name,
      quantity: l.quantity,
      unitPrice: m(l.unit_price),
      lineTotal: m(l.sub_total),
    })),
    net: m(invoice.net_total),
    total: m(invoice.gross_total),
  };
}

/** The variant's price for this customer: its price list's own price wins over the base price at the list's rate. */
export function variantPrice(variant: WireVariant, customer: WireCustomer, priceLists: WirePriceList[]): Money {
  const list = customer.price_list_id ? priceLists.find((p) => p.id === customer.price_list_id) : undefined;
  if (!list) {
    // No price list: the base price, in the currency of the site's own (100 %) list, or dollars.
    const base = priceLists.find((p) => p.conversion_rate === 100)?.currency ?? "USD";
    return decimalToMinor(variant.unit_price, base);
  }
  const own = variant.price_list_prices?.find((p) => p.id === list.id)?.unit_price;
  if (own !== undefined && own !== null) return decimalToMinor(own, list.currency);
  // Worked on the decimal text so binary floating point never decides a cent.
  return decimalToMinor(((variant.unit_price * 100 * list.conversion_rate) / 10_000).toFixed(6), list.currency);
}

export function mapVariant(
  product: WireProduct,
  variant: WireVariant,
  customer: WireCustomer,
  priceLists: WirePriceList[],
  stock: Map<string, WireInventoryLevel>,
): CatalogItem {
  const options = Object.entries(variant.options)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  const level = stock.get(variant.sku);
  const available = product.active && (variant.backorder === true || (level ? level.available > 0 : true));
  const category = product.categories[0] ?? { id: "uncategorised", name: "Uncategorised" };
  return {
    supplierItemId: variant.id,
    itemCode: variant.sku,
    name: options ? `${product.name} (${options})` : product.name,
    description: product.description ?? "",
    category: { id: category.id, name: category.name },
    // Orderspace files products by category only; it names no brand.
    brand: null,
    images: [],
    priceTiers: [{ minQuantity: 1, unitPrice: variantPrice(variant, customer, priceLists) }],
    available,
    leadTimeDays: null,
    maxOrderQuantity: variant.backorder || !level ? null : Math.max(0, Math.floor(level.available)),
  };
}

export function mapAccount(customer: WireCustomer, paymentTerms: string | null, taxRatePercent: number | null = null): SupplierAccount {
  const addresses: ShipToAddress[] = customer.addresses.map((a, i) => ({
    // Orderspace's addresses have no id: their place in the customer's address book is what the portal keeps.
    supplierAddressId: String(i),
    label: [a.contact_name, a.line1, a.city].filter((x) => x && x.trim()).join(", ") || `Address ${i + 1}`,
    attention: a.contact_name?.trim() || null,
    street1: a.line1 ?? "",
    street2: a.line2?.trim() || null,
    city: a.city ?? "",
    region: a.state ?? "",
    postalCode: a.postal_code ?? "",
    country: a.country ?? "",
    isDefault: i === 0,
  }));
  return {
    accountId: customer.id,
    name: customer.company_name,
    addresses,
    approvalRequiredOver: null,
    billingTerms: paymentTerms,
    taxRateBps: taxRatePercent === null ? null : Math.round(taxRatePercent * 100),
  };
}

export interface OrderspaceConnector extends EnteredOrdersConnector {
  readonly kind: "orderspace";
  readonly settings: Readonly<Omit<SupplierConnectionSettings, "clientSecret">>;
  listShipments(supplierOrderId: string): Promise<SupplierShipment[]>;
}

export function createOrderspaceConnector(settings: SupplierConnectionSettings, options: OrderspaceConnectorOptions = {}): OrderspaceConnector {
  const baseUrl = settings.baseUrl.replace(/\/+$/, "");
  const accountId = settings.accountId;
  const profile = rateLimitProfileFor(SUPPLIER, { ...settings.rateLimit, ...options.rateLimit });
  const tokens = sharedTokenCache({
    supplier: SUPPLIER,
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    logger: options.logger,
  });
  // The limit is the integration's (one credential set per Orderspace site), whichever customer a connection reads.
  const limiter = connectionLimiter(`orderspace\u0000${baseUrl}\u0000${settings.clientId}`, profile);
  const httpOptions: SupplierHttpOptions = {
    supplier: SUPPLIER,
    baseUrl,
    tokens,
    limiter,
    logger: options.logger,
    retry: { ...profile.retry, ...options.retry },
    describeError: describeOrderspaceError,
  };
  const logger = options.logger ?? defaultSupplierLogger;
  const connection = sharedFor(settings);
  const call = async (request: SupplierRequest): Promise<unknown> => (await supplierFetch(httpOptions, request)).body;
  const parse = <S extends Parameters<typeof parseSupplierWire>[2]>(schema: S, body: unknown, what: string) =>
    parseSupplierWire(NAME, SUPPLIER, schema, body, what);
  const id = (value: string, what: string) => {
    if (!value || value.length > 100 || !/^[A-Za-z0-9_-]+$/.test(value))
      throw new SupplierError("validation", `That is not an Orderspace ${what} id.`, SUPPLIER, { field: "id" });
    return encodeURIComponent(value);
  };

  /** Every record of a paged list, 200 at a time. */
  async function listAll<T>(
    path: string,
    key: string,
    item: Parameters<typeof wireListOf>[1],
    query: Record<string, string | undefined>,
    cursorOf: (t: T) => string,
  ) {
    const schema = wireListOf(key, item);
    return collect(
      cursorItems<T>(
        async (cursor) => {
          const body = await call({ method: "GET", path, query: { ...query, limit: ORDERSPACE_PAGE_MAX, starting_after: cursor ?? undefined } });
          const list = parse(schema, body, `${key} page`) as Record<string, unknown> & { has_more: boolean };
          const items = list[key] as T[];
          return { items, hasMore: list.has_more, nextCursor: list.has_more && items.length ? cursorOf(items[items.length - 1]!) : null };
        },
        { supplier: SUPPLIER, cursorOf },
      ),
    );
  }

  const reference = () =>
    cached(
      () => connection.reference,
      (value, inflight) => {
        connection.reference = value;
        connection.referenceInflight = inflight;
      },
      () => connection.referenceInflight,
      async () => {
        const [customer, priceLists] = await Promise.all([
          call({ method: "GET", path: `/customers/${id(accountId, "customer")}` }).then(
            (body) => parse(wireOne("customer", wireCustomer), body, "customer").customer,
          ),
          call({ method: "GET", path: "/price_lists" }).then((body) => parse(wireListOf("price_lists", wirePriceList), body, "price list list").price_lists),
        ]);
        // The customer's terms and tax rate change as rarely as the customer: kept with it, so a checkout's account read
        // spends none of Orderspace's 60 requests a minute.
        const [terms, taxRate] = await Promise.all([
          customer.payment_terms_id
            ? call({ method: "GET", path: "/payment_terms" }).then(
                (body) =>
                  parse(wireListOf("payment_terms", wirePaymentTerms), body, "payment terms list").payment_terms.find((t) => t.id === customer.payment_terms_id)
                    ?.name ?? null,
              )
            : null,
          // The customer's own tax rate, where it has one; null means each product's default applies, which is no one rate.
          customer.tax_rate_id
            ? call({ method: "GET", path: "/tax_rates" }).then(
                (body) => parse(wireListOf("tax_rates", wireTaxRate), body, "tax rate list").tax_rates.find((t) => t.id === customer.tax_rate_id)?.rate ?? null,
              )
            : null,
        ]);
        return { customer, priceLists, terms, taxRate };
      },
      options.referenceTtlMs ?? REFERENCE_TTL_MS,
    );

  const stock = () =>
    cached(
      () => connection.stock,
      (value, inflight) => {
        connection.stock = value;
        connection.stockInflight = inflight;
      },
      () => connection.stockInflight,
      async () => {
        const levels = await listAll<WireInventoryLevel>("/inventory_levels", "inventory_levels", wireInventoryLevel, {}, (l) => l.sku);
        return new Map(levels.map((l) => [l.sku, l]));
      },
      options.stockTtlMs ?? STOCK_TTL_MS,
    );

  async function productsPage(query: CatalogQuery): Promise<CursorPage<WireProduct>> {
    const limit = Number.isFinite(query.limit) ? Math.min(ORDERSPACE_PAGE_MAX, Math.max(1, Math.floor(query.limit ?? 50))) : 50;
    const body = await call({
      method: "GET",
      path: "/products",
      query: {
        active: "true",
        name: query.q?.trim() || undefined,
        category_id: query.categoryId || undefined,
        limit,
        starting_after: query.cursor || undefined,
      },
    });
    const list = parse(wireListOf("products", wireProduct), body, "product page");
    for (const product of list.products) for (const v of product.product_variants) connection.productOfVariant.set(v.id, product.id);
    return { items: list.products, hasMore: list.has_more, nextCursor: list.has_more ? (list.products.at(-1)?.id ?? null) : null };
  }

  async function fetchOrder(supplierOrderId: string): Promise<WireOrder> {
    const order = parse(wireOne("order", wireOrder), await call({ method: "GET", path: `/orders/${id(supplierOrderId, "order")}` }), "order").order;
    // Another customer's order is "not found" from this connection's point of view.
    if (order.customer_id !== accountId) throw new SupplierError("not_found", `No such order: '${supplierOrderId}'`, SUPPLIER, { status: 404 });
    return order;
  }

  const cannotOrder = () =>
    new SupplierError("validation", "Orderspace takes no orders through its API: the portal sends a purchase order instead.", SUPPLIER, {
      code: "orders_not_supported",
    });

  return {
    kind: "orderspace",
    async signIn() {
      await tokens.getToken();
    },
    capabilities: { placeOrder: false, cancelOrder: false, shipments: true, enteredOrders: true, invoices: true },
    settings: { baseUrl, tokenUrl: settings.tokenUrl, clientId: settings.clientId, accountId },

    async searchCatalog(query: CatalogQuery): Promise<CatalogPage> {
      const [products, { customer, priceLists }, levels] = await Promise.all([productsPage(query), reference(), stock()]);
      let items = products.items.flatMap((p) => p.product_variants.map((v) => mapVariant(p, v, customer, priceLists, levels)));
      if (query.availableOnly) items = items.filter((i) => i.available);
      return { items, hasMore: products.hasMore, nextCursor: products.nextCursor };
    },

    async listCategories(): Promise<CatalogCategory[]> {
      const categories = await listAll<{ id: string; name: string }>("/categories", "categories", wireCategory, {}, (c) => c.id);
      return categories.map((c) => ({ id: c.id, name: c.name }));
    },

    async getItem(supplierItemId: string): Promise<CatalogItem> {
      id(supplierItemId, "variant");
      let productId = connection.productOfVariant.get(supplierItemId);
      if (!productId) {
        // No GET for one variant: walk the products (200 a page) until one has it.
        let cursor: string | undefined;
        for (;;) {
          const page = await productsPage({ limit: ORDERSPACE_PAGE_MAX, cursor });
          productId = connection.productOfVariant.get(supplierItemId);
          if (productId || !page.hasMore || !page.nextCursor) break;
          cursor = page.nextCursor;
        }
      }
      if (!productId) throw new SupplierError("not_found", `Orderspace has no variant '${supplierItemId}'.`, SUPPLIER, { status: 404 });
      const product = parse(wireOne("product", wireProduct), await call({ method: "GET", path: `/products/${id(productId, "product")}` }), "product").product;
      const variant = product.product_variants.find((v) => v.id === supplierItemId);
      if (!variant) {
        connection.productOfVariant.delete(supplierItemId);
        throw new SupplierError("not_found", `Orderspace no longer sells variant '${supplierItemId}'.`, SUPPLIER, { status: 404 });
      }
      const [{ customer, priceLists }, levels] = await Promise.all([reference(), stock()]);
      return mapVariant(product, variant, customer, priceLists, levels);
    },

    async getAccount(): Promise<SupplierAccount> {
      const { customer, terms, taxRate } = await reference();
      return mapAccount(customer, terms, taxRate);
    },

    placeOrder(): Promise<SupplierOrder> {
      return Promise.reject(cannotOrder());
    },

    async getOrder(supplierOrderId: string): Promise<SupplierOrder> {
      return mapOrder(await fetchOrder(supplierOrderId));
    },

    cancelOrder(): Promise<SupplierOrder> {
      return Promise.reject(
        new SupplierError("validation", "Orderspace takes no cancellations through its API: ask the supplier.", SUPPLIER, { code: "cancel_not_supported" }),
      );
    },

    async findEnteredOrders(since: Date): Promise<SupplierOrder[]> {
      // Minutes, as the docs' filters show them ("2019-10-29T21:00"), a minute early so an order on the boundary is never missed.
      const createdSince = new Date(since.getTime() - 60_000).toISOString().slice(0, 16);
      const orders = await listAll<WireOrder>("/orders", "orders", wireOrder, { customer_id: accountId, created_since: createdSince }, (o) => o.id);
      return orders.filter((o) => o.customer_id === accountId).map(mapOrder);
    },

    async listShipments(supplierOrderId: string): Promise<SupplierShipment[]> {
      // Records are checked one by one, so one bad dispatch does not hide the others' tracking.
      const dispatches = await listAll<unknown>("/dispatches", "dispatches", z.unknown(), { order_id: id(supplierOrderId, "order") }, idOf);
      const shipments: SupplierShipment[] = [];
      for (const raw of dispatches) {
        const parsed = wireDispatch.safeParse(raw);
        if (!parsed.success || parsed.data.order_id !== supplierOrderId) {
          logger.info(
            `[supplier:orderspace] left out dispatch ${idOf(raw) || "(no id)"} of order ${supplierOrderId}: it does not read as one of its dispatches`,
          );
          continue;
        }
        shipments.push(mapDispatch(parsed.data));
      }
      // Oldest first, the order they happened in.
      return shipments.reverse();
    },

    async listInvoices(supplierOrderId: string): Promise<SupplierInvoice[]> {
      const invoices = await listAll<WireInvoice>("/invoices", "invoices", wireInvoice, { customer_id: accountId }, (i) => i.id);
      return invoices.filter((i) => i.orders.some((o) => o.id === supplierOrderId)).map(mapInvoice);
    },
  };
}
