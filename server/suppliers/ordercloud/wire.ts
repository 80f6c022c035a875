/**
 * OrderCloud wire shapes (shared/vendors/ordercloud.md), checked with zod at the edge. Fields are PascalCase except the
 * free-form `xp` bag. The connector parses every answer with these; the sandbox builds its answers to fit them, so the
 * two cannot drift apart unnoticed. Money is a JSON number in major units (12.5) in the order's Currency.
 */
import { z } from "zod";

export const SUPPLIER = "ordercloud";

/** "pageSize: default 20, max 100". */
export const ORDERCLOUD_PAGE_MAX = 100;
export const ORDERCLOUD_PAGE_DEFAULT = 20;

/** "Chars A-Z a-z 0-9 - _" (read on Order.ID); the same rule holds for every writable ID here. */
export const ORDERCLOUD_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const ORDERCLOUD_ID_MAX = 100;

const id = z.string().min(1).max(ORDERCLOUD_ID_MAX);
const amount = z.number().finite();
const text = z.string().nullish();
const date = z.string().nullish();
const xp = z.record(z.string(), z.unknown()).nullish();

export const wireToken = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string(),
  refresh_token: z.string().nullish(),
});
export type WireToken = z.output<typeof wireToken>;

/** The body of every failed call but the token endpoint's. */
export const wireError = z.looseObject({
  Errors: z.array(z.looseObject({ ErrorCode: z.string(), Message: z.string().nullish(), Data: z.unknown().optional() })).min(1),
});
export type WireError = z.output<typeof wireError>;

export const wireMeta = z.looseObject({
  Page: z.number().int().min(1),
  PageSize: z.number().int().min(1),
  TotalCount: z.number().int().min(0),
  TotalPages: z.number().int().min(0),
  ItemRange: z.array(z.number().int()).length(2),
});
export type WireMeta = z.output<typeof wireMeta>;

export const wireListOf = <T extends z.ZodType>(item: T) => z.looseObject({ Meta: wireMeta, Items: z.array(item) });
export interface WireList<T> {
  Meta: WireMeta;
  Items: T[];
}

export const wireUser = z.looseObject({
  ID: id,
  Username: z.string(),
  FirstName: text,
  LastName: text,
  Email: text,
  Phone: text,
  Active: z.boolean().nullish(),
  AvailableRoles: z.array(z.string()).nullish(),
  xp,
});
export type WireUser = z.output<typeof wireUser>;

export const wireMeUser = wireUser.extend({
  Buyer: z.looseObject({ ID: id, Name: z.string().nullish() }).nullish(),
});
export type WireMeUser = z.output<typeof wireMeUser>;

export const wireUserGroup = z.looseObject({ ID: id, Name: z.string(), Description: text, xp });
export type WireUserGroup = z.output<typeof wireUserGroup>;

export const wirePriceBreak = z.looseObject({ Quantity: z.number().int().min(1), Price: amount.nonnegative(), SalePrice: amount.nullish() });
export const wirePriceSchedule = z.looseObject({
  ID: id.nullish(),
  Name: z.string().nullish(),
  ApplyTax: z.boolean().nullish(),
  ApplyShipping: z.boolean().nullish(),
  MinQuantity: z.number().nullish(),
  MaxQuantity: z.number().nullish(),
  UseCumulativeQuantity: z.boolean().nullish(),
  RestrictedQuantity: z.boolean().nullish(),
  Currency: z.string().length(3).nullish(),
  PriceBreaks: z.array(wirePriceBreak),
  xp,
});
export type WirePriceSchedule = z.output<typeof wirePriceSchedule>;

export const wireInventory = z.looseObject({
  Enabled: z.boolean(),
  NotificationPoint: z.number().nullish(),
  VariantLevelTracking: z.boolean().nullish(),
  OrderCanExceed: z.boolean().nullish(),
  QuantityAvailable: z.number().nullish(),
});

/** The product xp the sandbox's seller fills (our convention; xp is free-form at OrderCloud). */
export const wireProductXp = z
  .looseObject({
    Images: z.array(z.string()).nullish(),
    LeadTimeDays: z.number().int().min(0).nullish(),
    CategoryID: z.string().nullish(),
    Brand: z.string().nullish(),
    UnitOfMeasure: z.string().nullish(),
  })
  .nullish();

export const wireProduct = z.looseObject({
  ID: id,
  Name: z.string(),
  Description: text,
  QuantityMultiplier: z.number().nullish(),
  ShipWeight: z.number().nullish(),
  Active: z.boolean().nullish(),
  DefaultPriceScheduleID: z.string().nullish(),
  DefaultSupplierID: z.string().nullish(),
  Inventory: wireInventory.nullish(),
  PriceSchedule: wirePriceSchedule.nullish(),
  xp: wireProductXp,
});
export type WireProduct = z.output<typeof wireProduct>;

export const wireCategory = z.looseObject({
  ID: id,
  Name: z.string(),
  Description: text,
  ListOrder: z.number().nullish(),
  Active: z.boolean().nullish(),
  ParentID: z.string().nullish(),
  ChildCount: z.number().nullish(),
  xp,
});
export type WireCategory = z.output<typeof wireCategory>;

export const wireAddress = z.looseObject({
  ID: id,
  DateCreated: date,
  CompanyName: text,
  FirstName: text,
  LastName: text,
  Street1: z.string(),
  Street2: text,
  City: z.string(),
  State: text,
  Zip: text,
  Country: z.string(),
  Phone: text,
  AddressName: text,
  Shipping: z.boolean().nullish(),
  Billing: z.boolean().nullish(),
  Editable: z.boolean().nullish(),
  xp,
});
export type WireAddress = z.output<typeof wireAddress>;

export const wireCostCenter = z.looseObject({ ID: id, Name: z.string(), Description: text, xp });
export type WireCostCenter = z.output<typeof wireCostCenter>;

/** An instant the connector compares with today, so it must be one ("Dates: ISO-8601 with offset"). */
const instant = z.iso.datetime({ offset: true }).nullish();

/** Balance is in the buyer's currency, which a spending account does not name. */
export const wireSpendingAccount = z.looseObject({
  ID: id,
  Name: z.string(),
  Balance: amount,
  AllowAsPaymentMethod: z.boolean().nullish(),
  StartDate: instant,
  EndDate: instant,
  xp,
});
export type WireSpendingAccount = z.output<typeof wireSpendingAccount>;

export const ORDER_STATUSES = ["Unsubmitted", "AwaitingApproval", "Declined", "Open", "Completed", "Canceled"] as const;
export type WireOrderStatus = (typeof ORDER_STATUSES)[number];

/** What the portal writes into an order's xp (our convention). */
export const wireOrderXp = z.looseObject({ PONumber: z.string().nullish(), CostCenter: z.string().nullish(), NeededBy: z.string().nullish() }).nullish();

export const wireOrder = z.looseObject({
  ID: id,
  FromUser: wireUser.nullish(),
  FromCompanyID: text,
  ToCompanyID: text,
  FromUserID: text,
  BillingAddressID: text,
  ShippingAddressID: text,
  Comments: text,
  LineItemCount: z.number().int().min(0),
  Status: z.enum(ORDER_STATUSES),
  DateCreated: date,
  DateSubmitted: date,
  DateApproved: date,
  DateDeclined: date,
  DateCanceled: date,
  DateCompleted: date,
  LastUpdated: date,
  Subtotal: amount,
  ShippingCost: amount.nullish(),
  TaxCost: amount.nullish(),
  Gratuity: amount.nullish(),
  Fees: amount.nullish(),
  PromotionDiscount: amount.nullish(),
  Currency: z.string().length(3).nullish(),
  Total: amount,
  IsSubmitted: z.boolean(),
  xp: wireOrderXp,
});
export type WireOrder = z.output<typeof wireOrder>;

export const wireLineItem = z.looseObject({
  ID: id,
  ProductID: id,
  Quantity: z.number().int().min(1),
  DateAdded: date,
  QuantityShipped: z.number().int().min(0),
  UnitPrice: amount.nullish(),
  PromotionDiscount: amount.nullish(),
  LineTotal: amount,
  LineSubtotal: amount,
  CostCenter: text,
  DateNeeded: date,
  ShippingAddressID: text,
  Product: z.looseObject({ ID: id, Name: z.string(), Description: text, xp }).nullish(),
  xp,
});
export type WireLineItem = z.output<typeof wireLineItem>;

export const wireOrderApproval = z.looseObject({
  AllowResubmit: z.boolean().nullish(),
  ApprovalRuleID: z.string(),
  ApprovingGroupID: z.string(),
  Status: z.enum(["Pending", "Approved", "Declined"]),
  DateCreated: z.string(),
  DateCompleted: date,
  Approver: wireUser.nullish(),
  Comments: text,
});
export type WireOrderApproval = z.output<typeof wireOrderApproval>;

export const wireApprovalRule = z.looseObject({
  ID: id,
  Name: text,
  Description: text,
  ApprovingGroupID: id,
  RuleExpression: z.string().min(1).max(400),
  xp,
});
export type WireApprovalRule = z.output<typeof wireApprovalRule>;

/** POST …/approve and …/decline. */
export const wireApprovalDecision = z.strictObject({ Comments: z.string().max(2000).optional(), AllowResubmit: z.boolean().optional() });
