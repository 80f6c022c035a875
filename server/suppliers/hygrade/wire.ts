/**
 * Hygrade's documented wire shapes (shared/vendors/hygrade.seed.txt), as zod
 * schemas. "Additive changes may ship on /v1/ without warning; write parsers
 * that ignore unknown fields": every object is loose (unknown keys pass
 * through untouched), while the fields the portal uses are checked strictly.
 * Only the Hygrade connector and the Hygrade sandbox import this file.
 */
import { z } from "zod";
import { formatIssuePath, parseSupplierWire } from "../http/wire-parse";

export const SUPPLIER = "hygrade";

export const wireMoney = z.looseObject({
  amount: z.number().int(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

export const wireCategory = z.looseObject({ id: z.string().min(1), name: z.string().min(1) });

export const wirePriceTier = z.looseObject({
  min_qty: z.number().int().positive(),
  unit_price: wireMoney,
});

export const wireCatalogItem = z.looseObject({
  id: z.string().min(1),
  object: z.literal("catalog_item"),
  item_code: z.string().min(1),
  name: z.string().min(1),
  description: z.string().nullish(),
  category: wireCategory,
  flags: z.array(z.string()).nullish(),
  images: z.array(z.string()).nullish(),
  pricing: z.array(wirePriceTier).min(1),
  available: z.boolean(),
  lead_time_days: z.number().int().nonnegative().nullish(),
});

export const wireListOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    object: z.literal("list"),
    url: z.string().nullish(),
    has_more: z.boolean(),
    next_cursor: z.string().nullish(),
    data: z.array(item),
  });

export const wireAddress = z.looseObject({
  id: z.string().min(1),
  type: z.string().nullish(),
  label: z.string().nullish(),
  attention: z.string().nullish(),
  street_1: z.string().min(1),
  street_2: z.string().nullish(),
  city: z.string().min(1),
  region: z.string(),
  postal_code: z.string(),
  country: z.string().min(2),
  default: z.boolean().nullish(),
});

export const wireCustomer = z.looseObject({
  id: z.string().min(1),
  object: z.literal("customer"),
  name: z.string().min(1),
  parent_cust_id: z.string().nullish(),
  created_at: z.string().nullish(),
  addresses: z.array(wireAddress),
  approval_required_over: wireMoney.nullish(),
  billing_terms: z.string().nullish(),
});

export const ORDER_STATUSES = ["pending_approval", "approved", "in_production", "shipped", "delivered", "cancelled"] as const;
export const wireOrderStatus = z.enum(ORDER_STATUSES);

export const wireOrderItem = z.looseObject({
  id: z.string().nullish(),
  item_code: z.string().min(1),
  description: z.string().nullish(),
  quantity: z.number().int().positive(),
  unit_price: wireMoney,
  line_total: wireMoney,
});

export const wireShippingAddress = z.looseObject({
  attention: z.string().nullish(),
  street_1: z.string(),
  street_2: z.string().nullish(),
  city: z.string(),
  region: z.string(),
  postal_code: z.string(),
  country: z.string(),
});

export const wireOrder = z.looseObject({
  id: z.string().min(1),
  object: z.literal("order"),
  cust_id: z.string().min(1),
  ordered_by: z.looseObject({ login: z.string(), name: z.string().nullish() }).nullish(),
  status: wireOrderStatus,
  submitted_at: z.iso.datetime({ offset: true }).nullish(),
  approved_at: z.iso.datetime({ offset: true }).nullish(),
  shipping_address: wireShippingAddress.nullish(),
  cost_center: z.string().nullish(),
  po_number: z.string().nullish(),
  items: z.array(wireOrderItem),
  subtotal: wireMoney,
  tax: wireMoney.nullish(),
  shipping: wireMoney.nullish(),
  total: wireMoney,
});

export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "cancelled"] as const;

export const wireApproval = z.looseObject({
  id: z.string().min(1),
  object: z.literal("approval"),
  order_id: z.string().min(1),
  cust_id: z.string().min(1),
  status: z.enum(APPROVAL_STATUSES),
  approver: z.looseObject({ login: z.string().min(1), name: z.string().nullish() }),
  requested_at: z.iso.datetime({ offset: true }),
  decided_at: z.iso.datetime({ offset: true }).nullish(),
  reason: z.string().nullish(),
  order_total: wireMoney,
});

export const wireError = z.looseObject({
  error: z.looseObject({
    type: z.string().nullish(),
    code: z.string().nullish(),
    message: z.string().nullish(),
    param: z.string().nullish(),
    request_id: z.string().nullish(),
  }),
});

/** Request body of POST /v1/orders. */
export const wireCreateOrder = z.object({
  cust_id: z.string().min(1),
  shipping_address_id: z.string().min(1),
  cost_center: z.string().min(1).max(64),
  po_number: z.string().min(1).max(64),
  items: z
    .array(z.object({ item_code: z.string().min(1), quantity: z.number().int().positive().max(1_000_000) }))
    .min(1)
    .max(500),
});

/** Request body of POST /v1/approvals/{id}/reject: Hygrade tells the orderer why. */
export const wireRejectApproval = z.object({ reason: z.string().trim().min(1).max(1000) });

export type WireMoney = z.infer<typeof wireMoney>;
export type WireCategory = z.infer<typeof wireCategory>;
export type WireCatalogItem = z.infer<typeof wireCatalogItem>;
export type WireAddress = z.infer<typeof wireAddress>;
export type WireCustomer = z.infer<typeof wireCustomer>;
export type WireOrderStatus = z.infer<typeof wireOrderStatus>;
export type WireOrderItem = z.infer<typeof wireOrderItem>;
export type WireOrder = z.infer<typeof wireOrder>;
export type WireApproval = z.infer<typeof wireApproval>;
export type WireRejectApproval = z.infer<typeof wireRejectApproval>;
export type WireError = z.infer<typeof wireError>;
export type WireCreateOrder = z.infer<typeof wireCreateOrder>;
export interface WireList<T> {
  object: "list";
  url: string;
  has_more: boolean;
  next_cursor: string | null;
  data: T[];
}

export { formatIssuePath };

/** Parses a Hygrade response; anything off-shape becomes SupplierError("malformed") naming the field. */
export const parseWire = <S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> =>
  parseSupplierWire("Hygrade", SUPPLIER, schema, data, what);
