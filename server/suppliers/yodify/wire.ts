/**
 * Yodify's documented wire shapes (shared/vendors/yodify.seed.txt), as zod
 * schemas. The reference marks almost every field optional/nullable; the
 * schemas below are strict only about the fields the portal relies on (ids,
 * prices, quantities, statuses) and let everything else pass through, so a
 * record missing a price or carrying "12.50" where a number belongs is
 * rejected with the field named instead of reaching a caller as NaN.
 * Only the Yodify connector and the Yodify sandbox import this file.
 */
import { z } from "zod";
import { formatIssuePath, parseSupplierWire } from "../http/wire-parse";

export const SUPPLIER = "yodify";

const id = z.number().int().nonnegative();
/** Decimal money as Yodify sends it (a JSON number in major units, e.g. 75.99 or 393.917). */
const decimal = z.number().finite();
const price = decimal.nonnegative();
const percent = z.number().finite().min(0).max(100);
const dateTime = z.iso.datetime({ offset: true });
const text = z.string().nullish();

/** {"object":"list","data":[...],"has_more","total_items","url","count"} */
export const wireListOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    object: z.literal("list"),
    data: z.array(item),
    has_more: z.boolean(),
    total_items: z.number().int().nonnegative(),
    url: text,
    count: z.number().int().nonnegative(),
  });

/** ValidationProblemDetails (RFC 7807 with an errors map: field -> messages). */
export const wireProblem = z.looseObject({
  type: text,
  title: text,
  status: z.number().int().nullish(),
  detail: text,
  instance: text,
  errors: z.record(z.string(), z.array(z.string())).nullish(),
});

export const wireBrand = z.looseObject({
  id,
  object: z.literal("brand").nullish(),
  client_identifier: text,
  name: z.string().min(1),
  alias: text,
  created_on: dateTime.nullish(),
});

export const QUANTITY_CALCULATIONS = ["OverrideDiscountLevelPercentDiscount", "CascadePercentDiscount", "CombinePercentDiscount"] as const;

export const wireQuantityTier = z.looseObject({
  id: id.nullish(),
  quantity: z.number().int().positive(),
  percent_discount: percent,
});

export const wireQuantityDiscount = z.looseObject({
  id,
  object: z.string().nullish(),
  client_identifier: text,
  name: text,
  is_active: z.boolean(),
  combine_with_other_products_using_same_discount: z.boolean().nullish(),
  apply_to_sale_price: z.boolean().nullish(),
  calculation: z.enum(QUANTITY_CALCULATIONS),
  tiers: z.array(wireQuantityTier).nullish(),
  discount_levels: z.array(z.looseObject({ id, name: text, tiers: z.array(wireQuantityTier).nullish() })).nullish(),
  created_on: dateTime.nullish(),
});

export const wireProduct = z.looseObject({
  id,
  object: z.literal("product").nullish(),
  library_product_id: id.nullish(),
  client_identifier: text,
  name: z.string().min(1),
  short_name: text,
  short_description: text,
  primary_image: text,
  brand_id: id.nullish(),
  brand: wireBrand.nullish(),
  quantity_discount_id: id.nullish(),
  quantity_discount: wireQuantityDiscount.nullish(),
  created_on: dateTime.nullish(),
  url: text,
});

/** A PriceDiscount: the SKU-level percentage for one discount level. */
export const wirePriceDiscount = z.looseObject({
  id: id.nullish(),
  object: z.string().nullish(),
  client_identifier: text,
  percent_discount: percent.nullish(),
  discount_level_id: id,
});

export const wireSku = z.looseObject({
  id,
  object: z.literal("sku"),
  client_identifier: text,
  store_product_id: id.nullish(),
  product: wireProduct.nullish(),
  brand: wireBrand.nullish(),
  sku_identifier: z.string().min(1),
  manufacturer_part_number: text,
  short_description: text,
  description: text,
  list_price: price,
  sale_price: price.nullish(),
  is_on_sale: z.boolean().nullish(),
  sale_start_date: dateTime.nullish(),
  sale_end_date: dateTime.nullish(),
  sale_label: text,
  inventory: z.number().finite(),
  unit_of_measure: text,
  unit_of_measure_quantity: z.number().finite().positive().nullish(),
  always_in_stock: z.boolean().nullish(),
  allow_backorders: z.boolean().nullish(),
  lead_time_from: z.number().int().nonnegative().nullish(),
  lead_time_to: z.number().int().nonnegative().nullish(),
  quantity_discount_id: id.nullish(),
  quantity_discount: wireQuantityDiscount.nullish(),
  price_discounts: z.array(wirePriceDiscount).nullish(),
  shipping_rate_id: id.nullish(),
  request_quote: z.boolean().nullish(),
  created_on: dateTime.nullish(),
  modified_on: dateTime.nullish(),
});

export const wireBrandDiscount = z.looseObject({
  id: id.nullish(),
  object: z.string().nullish(),
  brand_id: id,
  discount_level_id: id.nullish(),
  percent_discount: percent,
});

export const wireDiscountLevel = z.looseObject({
  id,
  object: z.literal("discountlevel").nullish(),
  client_identifier: text,
  name: text,
  description: text,
  brand_discounts: z.array(wireBrandDiscount).nullish(),
  created_on: dateTime.nullish(),
});

export const wireAddress = z.looseObject({
  client_identifier: text,
  id: id.nullish(),
  object: z.string().nullish(),
  name: text,
  first_name: text,
  last_name: text,
  company_name: text,
  city: text,
  state_code: text,
  country_code: text,
  street1: text,
  street2: text,
  postal_code: text,
  phone_number: text,
  is_primary: z.boolean().nullish(),
  is_warehouse: z.boolean().nullish(),
});

export const wireAccount = z.looseObject({
  id,
  object: z.literal("account"),
  client_identifier: text,
  discount_level_id: id.nullish(),
  discount_level: wireDiscountLevel.nullish(),
  name: z.string().min(1),
  account_number: text,
  payment_terms: text,
  custom_payment_terms: text,
  city: text,
  state_code: text,
  country_code: text,
  postal_code: text,
  street1: text,
  street2: text,
  email: text,
  phone_number: text,
  created_on: dateTime.nullish(),
});

export const ORDER_STATUSES = [
  "New",
  "Processing",
  "Shipped",
  "PartiallyShipped",
  "Complete",
  "Cancelled",
  "Received",
  "RefundRequested",
  "Refunded",
  "RefundRejected",
  "StockConfirmed",
  "StockPartiallyConfirmed",
  "ReadyForPickup",
  "PartiallyReadyForPickup",
] as const;
export type WireOrderStatus = (typeof ORDER_STATUSES)[number];

export const wireCustomer = z.looseObject({
  id: text,
  object: z.string().nullish(),
  first_name: text,
  last_name: text,
  company_name: text,
  account_id: id.nullish(),
  account_name: text,
  account_number: text,
  discount_level_id: id.nullish(),
  discount_level_name: text,
});

export const wireOrderItem = z.looseObject({
  id: id.nullish(),
  object: z.string().nullish(),
  client_identifier: text,
  sku_id: id,
  sku: wireSku.nullish(),
  order_id: id.nullish(),
  product_id: id.nullish(),
  quantity: z.number().int().positive(),
  model_number: text,
  price_per_unit: price,
  seller_price_per_unit: price.nullish(),
  unit_of_measure: text,
});

export const SHIPMENT_STATUSES = [
  "New",
  "Pending",
  "InfoReceived",
  "InTransit",
  "OutForDelivery",
  "AttemptFail",
  "Delivered",
  "AvailableForPickup",
  "Exception",
  "Expired",
  "ReturnToSender",
  "PickedUp",
  "Unknown",
] as const;
export type WireShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const wireShipment = z.looseObject({
  id,
  object: z.literal("shipment").nullish(),
  client_identifier: text,
  order_id: id,
  shipped_date: dateTime.nullish(),
  estimated_delivery_date: dateTime.nullish(),
  tracking_number: text,
  tracking_url: text,
  carrier: text,
  items: z.array(z.looseObject({ id: id.nullish(), order_item_id: id, sku_id: id.nullish(), quantity: z.number().int().nullish() })).nullish(),
  shipment_type: z.enum(["Tracked", "Custom", "Pickup"]).nullish(),
  created_on: dateTime.nullish(),
  address: wireAddress.nullish(),
  status: z.enum(SHIPMENT_STATUSES),
});

export const wireCarrier = z.looseObject({
  id,
  object: z.literal("carrier").nullish(),
  slug: z.string().min(1),
  name: z.string().min(1),
});

export const wireOrder = z.looseObject({
  id,
  object: z.literal("order"),
  client_identifier: text,
  order_number: text,
  customer_id: text,
  customer: wireCustomer.nullish(),
  items: z.array(wireOrderItem),
  shipping_address: wireAddress.nullish(),
  billing_address: wireAddress.nullish(),
  shipments: z.array(wireShipment).nullish(),
  shipping_instructions: text,
  shipping_method: text,
  currency_code: z.string().regex(/^[A-Z]{3}$/),
  seller_currency_code: text,
  order_status: z.enum(ORDER_STATUSES),
  payment_method: text,
  subtotal: decimal,
  freight: decimal.nullish(),
  tax: decimal.nullish(),
  discount: decimal.nullish(),
  tax_rate: decimal.nullish(),
  total: decimal,
  ordered_date: dateTime.nullish(),
  additional_information: z.looseObject({ tax_id: text, purchase_order_number: text, comments: text }).nullish(),
  url: text,
});

export const QUOTE_STATUSES = [
  "New",
  "Active",
  "Expired",
  "Cancelled",
  "Complete",
  "Accepted",
  "AcceptedOrdered",
  "QuoteSent",
  "Declined",
  "Draft",
  "Deleted",
  "Closed",
  "CustomerCancelled",
  "AllActive",
] as const;
export type WireQuoteStatus = (typeof QUOTE_STATUSES)[number];

export const wireQuoteItem = z.looseObject({
  id: id.nullish(),
  object: z.string().nullish(),
  client_identifier: text,
  sku_id: id,
  quote_id: id.nullish(),
  product_id: id.nullish(),
  quantity: z.number().int().positive(),
  model_number: text,
  price_per_unit: price,
  lead_time_from: z.number().int().nullish(),
  lead_time_to: z.number().int().nullish(),
});

export const wireQuote = z.looseObject({
  id,
  object: z.literal("quote"),
  client_identifier: text,
  quote_number: text,
  customer_id: text,
  customer: wireCustomer.nullish(),
  items: z.array(wireQuoteItem),
  currency_code: z.string().regex(/^[A-Z]{3}$/),
  quote_status: z.enum(QUOTE_STATUSES),
  activation_date: dateTime.nullish(),
  sent_to_customer_date: dateTime.nullish(),
  customer_reference: text,
  completion_date: dateTime.nullish(),
  order_id: id.nullish(),
  expiry_days: z.number().int().nullish(),
  expiry_date: dateTime.nullish(),
  address: wireAddress.nullish(),
  store_comments: text,
  customer_comments: text,
  estimated_shipping: decimal.nullish(),
});

export const wireShippingRate = z.looseObject({
  id,
  object: z.literal("shippingrate").nullish(),
  client_identifier: text,
  name: z.string().min(1),
  shipping_economy: price.nullish(),
  shipping_economy_additional: price.nullish(),
  is_free_shipping: z.boolean().nullish(),
  economy_days_from: z.number().int().nullish(),
  economy_days_to: z.number().int().nullish(),
  shipping_priority: price.nullish(),
  shipping_priority_additional: price.nullish(),
  is_free_shipping_priority: z.boolean().nullish(),
  priority_days_from: z.number().int().nullish(),
  priority_days_to: z.number().int().nullish(),
  is_default: z.boolean().nullish(),
  notes: text,
});

export const wireSearchResult = z.looseObject({
  id,
  object: z.literal("search_result").nullish(),
  name: text,
  short_description: text,
  brand_name: text,
  type: z.string().nullish(),
});

// ---------------------------------------------------------------------------
// Request bodies (what the sandbox validates; the connector builds them)

const requestAddress = z.looseObject({
  client_identifier: text,
  name: text,
  first_name: text,
  last_name: text,
  company_name: text,
  city: z.string().min(1),
  state_code: text,
  country_code: z.string().length(2),
  street1: z.string().min(1),
  street2: text,
  postal_code: z.string().min(1),
  phone_number: text,
});

/** POST /api/v1/Orders (OrderRequest), the fields the sandbox acts on. */
export const wireCreateOrder = z.looseObject({
  client_identifier: z.string().max(200).nullish(),
  order_number: text,
  customer_id: text,
  account_id: id,
  items: z
    .array(
      z.looseObject({
        client_identifier: text,
        sku_id: id,
        product_id: id.nullish(),
        quantity: z.number().int().positive().max(1_000_000),
        price_per_unit: price.nullish(),
      }),
    )
    .min(1)
    .max(500),
  shipping_address: requestAddress,
  billing_address: requestAddress.nullish(),
  shipping_instructions: text,
  shipping_method: text,
  currency_code: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
  additional_information: z.looseObject({ purchase_order_number: z.string().max(64).nullish(), comments: text, tax_id: text }).nullish(),
});

/** POST /api/v1/Quotes (QuoteRequest). */
export const wireCreateQuote = z.looseObject({
  client_identifier: z.string().max(200).nullish(),
  quote_number: text,
  customer_id: text,
  customer: z.looseObject({ account_id: id }),
  items: z
    .array(
      z.looseObject({
        client_identifier: text,
        sku_id: id,
        product_id: id.nullish(),
        quantity: z.number().int().positive().max(1_000_000),
        customer_comments: text,
      }),
    )
    .min(1)
    .max(500),
  currency_code: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
  quote_status: z.string().nullish(),
  customer_reference: z.string().max(200).nullish(),
  expiry_days: z.number().int().min(1).max(365).nullish(),
  address: requestAddress.nullish(),
  customer_comments: text,
});

/** PUT /api/v1/Quotes/{id}: the status change the portal makes (accepting into an order). */
export const wireUpdateQuote = z.looseObject({
  quote_status: z.enum(QUOTE_STATUSES).nullish(),
  order_id: id.nullish(),
  customer_comments: text,
});

/** OrderCancelOptions / QuoteCancelOptions. */
export const wireCancelOptions = z.looseObject({ expand: z.array(z.string()).nullish(), message: z.string().max(2000).nullish() });

export type WireBrand = z.infer<typeof wireBrand>;
export type WireQuantityTier = z.infer<typeof wireQuantityTier>;
export type WireQuantityDiscount = z.infer<typeof wireQuantityDiscount>;
export type WireProduct = z.infer<typeof wireProduct>;
export type WirePriceDiscount = z.infer<typeof wirePriceDiscount>;
export type WireSku = z.infer<typeof wireSku>;
export type WireBrandDiscount = z.infer<typeof wireBrandDiscount>;
export type WireDiscountLevel = z.infer<typeof wireDiscountLevel>;
export type WireAddress = z.infer<typeof wireAddress>;
export type WireAccount = z.infer<typeof wireAccount>;
export type WireCustomer = z.infer<typeof wireCustomer>;
export type WireOrderItem = z.infer<typeof wireOrderItem>;
export type WireOrder = z.infer<typeof wireOrder>;
export type WireShipment = z.infer<typeof wireShipment>;
export type WireCarrier = z.infer<typeof wireCarrier>;
export type WireQuoteItem = z.infer<typeof wireQuoteItem>;
export type WireQuote = z.infer<typeof wireQuote>;
export type WireShippingRate = z.infer<typeof wireShippingRate>;
export type WireSearchResult = z.infer<typeof wireSearchResult>;
export type WireProblem = z.infer<typeof wireProblem>;
export type WireCreateOrder = z.infer<typeof wireCreateOrder>;
export type WireCreateQuote = z.infer<typeof wireCreateQuote>;
export interface WireList<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  total_items: number;
  url: string;
  count: number;
}

export { formatIssuePath };

/** Parses a Yodify response; anything off-shape becomes SupplierError("malformed") naming the field. */
export const parseWire = <S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> =>
  parseSupplierWire("Yodify", SUPPLIER, schema, data, what);
