/**
 * Orderspace API v1 wire shapes (shared/vendors/orderspace.md), checked with zod at the edge. The connector parses
 * every answer with these; the sandbox builds its answers to fit them, so the two cannot drift apart unnoticed.
 *
 * Ids are opaque strings (the docs show price-list ids with both pl_ and pr_ prefixes, Q4): never parsed by prefix.
 * Money is a JSON number in major units (30.0); numbers in webhook inventory events are floats (Q6).
 */
import { z } from "zod";

export const SUPPLIER = "orderspace";

/** Most records one list request may ask for; 50 when `limit` is left out. */
export const ORDERSPACE_PAGE_MAX = 200;
export const ORDERSPACE_PAGE_DEFAULT = 50;

const id = z.string().min(1).max(100);
const amount = z.number().finite();
const text = z.string().nullish();

export const wireAddress = z.looseObject({
  company_name: text,
  contact_name: text,
  line1: text,
  line2: text,
  city: text,
  state: text,
  postal_code: text,
  country: text,
});
export type WireAddress = z.output<typeof wireAddress>;

export const wireEmailAddresses = z.looseObject({ orders: text, dispatches: text, invoices: text });

export const wireCustomer = z.looseObject({
  id,
  company_name: z.string(),
  created_at: z.string().nullish(),
  status: z.enum(["new", "active", "closed"]),
  reference: text,
  buyers: z.array(z.looseObject({ name: text, email_address: text })).nullish(),
  phone: text,
  email_addresses: wireEmailAddresses.nullish(),
  tax_number: text,
  tax_rate_id: id.nullish(),
  addresses: z.array(wireAddress),
  minimum_spend: amount.nullish(),
  payment_terms_id: id.nullish(),
  customer_group_id: id.nullish(),
  price_list_id: id.nullish(),
});
export type WireCustomer = z.output<typeof wireCustomer>;

export const wireVariant = z.looseObject({
  id,
  sku: z.string().min(1),
  barcode: text,
  options: z.record(z.string(), z.string()),
  unit_price: amount.nonnegative(),
  price_list_prices: z.array(z.looseObject({ id, unit_price: amount.nonnegative().nullable() })).nullish(),
  rrp: amount.nullish(),
  backorder: z.boolean().nullish(),
  minimum: z.number().nullish(),
  multiple: z.number().nullish(),
  weight: z.number().nullish(),
  tax_rate_id: id.nullish(),
});
export type WireVariant = z.output<typeof wireVariant>;

export const wireProduct = z.looseObject({
  id,
  code: z.string().min(1),
  name: z.string().min(1),
  description: text,
  active: z.boolean(),
  minimum: z.number().nullish(),
  variant_options: z.array(z.string()).max(3),
  product_variants: z.array(wireVariant).min(1),
  categories: z.array(z.looseObject({ id, name: z.string() })),
});
export type WireProduct = z.output<typeof wireProduct>;

export const wireInventoryLevel = z.looseObject({ sku: z.string().min(1), on_hand: amount, available: amount });
export type WireInventoryLevel = z.output<typeof wireInventoryLevel>;

export const wireCategory = z.looseObject({ id, name: z.string().max(100), description: text, active: z.boolean().nullish(), parent_id: id.nullish() });
export const wirePriceList = z.looseObject({ id, name: z.string(), currency: z.string().regex(/^[A-Z]{3}$/), conversion_rate: amount.positive() });
export type WirePriceList = z.output<typeof wirePriceList>;
export const wirePaymentTerms = z.looseObject({ id, name: z.string(), days_due: z.number().nullish() });
export const wireTaxRate = z.looseObject({ id, name: z.string(), rate: amount });

export const ORDER_STATUSES = ["new", "invoiced", "released", "part_fulfilled", "preorder", "fulfilled", "standing_order", "cancelled"] as const;
export type WireOrderStatus = (typeof ORDER_STATUSES)[number];

export const wireOrderLine = z.looseObject({
  id,
  sku: z.string(),
  name: z.string(),
  options: text,
  shipping: z.boolean(),
  quantity: amount,
  unit_price: amount,
  sub_total: amount,
  tax_name: text,
  tax_rate: amount.nullish(),
  tax_amount: amount.nullish(),
  on_hold: z.boolean().nullish(),
  invoiced: amount.nullish(),
  paid: amount.nullish(),
  dispatched: amount.nullish(),
});
export type WireOrderLine = z.output<typeof wireOrderLine>;

export const wireOrder = z.looseObject({
  id,
  number: z.number().int(),
  created: z.string(),
  status: z.enum(ORDER_STATUSES),
  customer_id: id,
  company_name: text,
  phone: text,
  email_addresses: wireEmailAddresses.nullish(),
  delivery_date: text,
  reference: text,
  internal_note: text,
  customer_po_number: text,
  customer_note: text,
  standing_order_id: id.nullish(),
  shipping_type: text,
  shipping_address: wireAddress.nullish(),
  billing_address: wireAddress.nullish(),
  order_lines: z.array(wireOrderLine),
  currency: z.string().regex(/^[A-Z]{3}$/),
  net_total: amount,
  gross_total: amount,
});
export type WireOrder = z.output<typeof wireOrder>;

export const wireDispatch = z.looseObject({
  id,
  order_id: id,
  order_number: z.number().int().nullish(),
  created: z.string(),
  comments: text,
  customer_note: text,
  customer_po_number: text,
  shipping_type: text,
  shipping_address: wireAddress.nullish(),
  email_address: text,
  phone: text,
  dispatch_lines: z.array(z.looseObject({ order_line_id: id.nullish(), sku: z.string(), name: text, options: text, quantity: amount })),
});
export type WireDispatch = z.output<typeof wireDispatch>;

export const wireInvoice = z.looseObject({
  id,
  number: z.string(),
  invoice_date: z.string(),
  due_date: text,
  customer_id: id,
  company_name: text,
  orders: z.array(z.looseObject({ id, number: z.number().int() })),
  payment_terms: text,
  paid: z.boolean(),
  proforma: z.boolean().nullish(),
  comments: text,
  invoice_lines: z.array(
    z.looseObject({ sku: text, name: z.string(), options: text, quantity: amount, unit_price: amount, sub_total: amount, tax_rate: amount.nullish() }),
  ),
  currency: z.string().regex(/^[A-Z]{3}$/),
  net_total: amount,
  gross_total: amount,
  payments: z.array(z.looseObject({ amount, payment_date: z.string(), source: text, description: text, reference: text })).nullish(),
});
export type WireInvoice = z.output<typeof wireInvoice>;

/** `{"<plural>": [...], "has_more": true}`; the dispatch and invoice examples leave has_more out (read as false). */
export const wireListOf = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z.looseObject({ [key]: z.array(item), has_more: z.boolean().default(false) } as { [P in K]: z.ZodArray<T> } & { has_more: z.ZodDefault<z.ZodBoolean> });

/** `{"<singular>": {...}}` */
export const wireOne = <K extends string, T extends z.ZodType>(key: K, item: T) => z.looseObject({ [key]: item } as { [P in K]: T });

export const wireError = z.looseObject({ message: z.string() });

export const wireToken = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  scope: z.string().nullish(),
});

// ---------------------------------------------------------------------------
// Webhooks (section 6): the newer array of {event, data:{<singular>: {...}}}, or the older {event, data:{<plural>: [...]}}.

export const WEBHOOK_EVENTS = [
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "order.created",
  "order.updated",
  "order.deleted",
  "dispatch.created",
  "invoice.created",
  "invoice.deleted",
  "payment.created",
  "product.created",
  "product.updated",
  "product.deleted",
  "inventory_level.updated",
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** The signature header: Base64(HMAC-SHA256(key = signing_key, msg = raw body)). */
export const WEBHOOK_SIGNATURE_HEADER = "X-Orderspace-Signature";
/** One delivery carries at most this many events. */
export const WEBHOOK_BATCH_MAX = 50;

const eventEntry = z.looseObject({ event: z.string(), data: z.record(z.string(), z.unknown()) });
export const wireWebhookBody = z.union([z.array(eventEntry).min(1).max(WEBHOOK_BATCH_MAX), eventEntry]);

/** One event with its one record, whichever shape it came in. */
export interface WebhookEvent {
  event: string;
  /** The record's kind as the data key names it, singular: "order", "dispatch", "inventory_level" ... */
  kind: string;
  record: unknown;
}

const SINGULAR: Record<string, string> = {
  orders: "order",
  dispatches: "dispatch",
  invoices: "invoice",
  customers: "customer",
  products: "product",
  payments: "payment",
  inventory_levels: "inventory_level",
};

/** Both documented shapes as one list of events (the older shape carries a list per event). */
export function webhookEvents(body: z.output<typeof wireWebhookBody>): WebhookEvent[] {
  const entries = Array.isArray(body) ? body : [body];
  const events: WebhookEvent[] = [];
  for (const entry of entries) {
    for (const [key, value] of Object.entries(entry.data)) {
      if (Array.isArray(value)) for (const record of value) events.push({ event: entry.event, kind: SINGULAR[key] ?? key, record });
      else events.push({ event: entry.event, kind: SINGULAR[key] ?? key, record: value });
    }
  }
  return events;
}
