/**
 * The portal's own view of a supplier. Connectors map each supplier's wire
 * shapes onto these types; nothing outside server/suppliers/<name>/ ever sees a
 * supplier's JSON. Money is integer minor units plus an ISO currency code.
 */
import type { ShipToAddress, SupplierKind } from "@/common/suppliers";
import type { Money } from "@/server/domain/money";
import type { ConfiguredRateLimit } from "./http/rate-limits";

export type { ShipToAddress, SupplierKind };

/** How the portal reaches one supplier account; stored per company (secret decrypted). */
export interface SupplierConnectionSettings {
  baseUrl: string; // e.g. http://127.0.0.1:4100/v1 (no trailing slash)
  tokenUrl: string; // OAuth2 client-credentials token endpoint
  clientId: string;
  clientSecret: string;
  accountId: string; // the supplier-side customer account, e.g. Hygrade cust_id ACME001, Orderspace cu_…
  /**
   * The supplier-side login whose approval queue the portal works from (Hygrade: ?approver=).
   * Unset: every pending approval of the account, which is what a company approving from the portal wants.
   */
  approverLogin?: string;
  /**
   * How the token is asked for. Unset: OAuth2 client credentials (clientId, clientSecret). "password": the buying
   * company's own user at the supplier (OrderCloud's buyer user), with clientId the supplier's API client and
   * clientSecret empty for a public client (set: the elevated password grant).
   */
  grant?: { kind: "client_credentials" } | { kind: "password"; username: string; password: string };
  /** Over the supplier's documented rate limit (a test's sandbox with other limits); unset: the documented numbers. */
  rateLimit?: ConfiguredRateLimit;
}

export interface PriceTier {
  minQuantity: number;
  unitPrice: Money;
}

export interface CatalogCategory {
  id: string;
  name: string;
}

/** Who makes an item, where the supplier says (Yodify's brands); not a category, so it gets its own filter. */
export interface CatalogBrand {
  id: string;
  name: string;
}

export interface CatalogItem {
  supplierItemId: string;
  itemCode: string;
  name: string;
  description: string;
  /** The supplier's own category; null for a supplier that has none (Yodify files SKUs only by brand). */
  category: CatalogCategory | null;
  brand: CatalogBrand | null;
  images: string[];
  /** Sorted by minQuantity ascending; the first tier starts at 1. */
  priceTiers: PriceTier[];
  available: boolean;
  leadTimeDays: number | null;
  /**
   * The most that can be ordered now when the supplier limits it to its stock (Yodify: inventory,
   * unless the SKU is always in stock or may be backordered); null or absent when no limit is known.
   */
  maxOrderQuantity?: number | null;
}

export interface CatalogQuery {
  q?: string;
  categoryId?: string;
  availableOnly?: boolean;
  limit?: number;
  cursor?: string;
  /** Only items the supplier added after this one (capabilities.newItemsSince); for incremental syncs. */
  afterItemId?: string;
}

export interface CatalogPage {
  items: CatalogItem[];
  hasMore: boolean;
  nextCursor: string | null;
}

export interface SupplierAccount {
  accountId: string;
  name: string;
  addresses: ShipToAddress[];
  /** Above this the supplier itself holds the order for its own approval. */
  approvalRequiredOver: Money | null;
  billingTerms: string | null;
  /**
   * The tax rate the supplier documents for this account, in basis points (Orderspace's tax rates: 7.25% is 725), so
   * the expected total can quote the tax instead of estimating it; absent where the API says none.
   */
  taxRateBps?: number | null;
  /**
   * Money the supplier has set aside for this buyer (OrderCloud's spending accounts: an allowance with a balance left),
   * so the buyer sees what is left there before ordering; only those valid today. Absent for a supplier without them.
   * usableAsPayment: the supplier lets an order be paid from it; validFrom / validUntil as the supplier gives them
   * (ISO-8601), null where open-ended.
   */
  spendingAccounts?: SupplierSpendingAccount[];
}

export interface SupplierSpendingAccount {
  id: string;
  name: string;
  balance: Money;
  usableAsPayment: boolean;
  validFrom: string | null;
  validUntil: string | null;
}

export interface PlaceOrderRequest {
  /** Stable for one portal supplier order: a retry can never create a second order. */
  idempotencyKey: string;
  shipToAddressId: string;
  costCenterCode: string;
  poNumber: string;
  /** The day the goods are needed by, for a supplier that takes it (capabilities.neededBy). */
  neededBy?: string | null;
  lines: { itemCode: string; quantity: number }[];
}

/**
 * Where a placed order stands at the supplier. awaiting_confirmation: the supplier has it but has not confirmed it yet
 * (Yodify's New); pending_approval: the supplier holds it for an approval of its own (Hygrade above its threshold);
 * awaiting_entry: a supplier whose API takes no orders has the portal's purchase order and has not entered it as an
 * order yet (Orderspace); partly_shipped: some of it is on its way, the rest not yet; declined: the supplier's own
 * approval said no (OrderCloud's Declined), so nothing of it will come.
 */
export type SupplierOrderStatus =
  | "awaiting_entry"
  | "awaiting_confirmation"
  | "pending_approval"
  | "approved"
  | "in_production"
  | "partly_shipped"
  | "shipped"
  | "delivered"
  | "declined"
  | "cancelled";

export interface SupplierOrderLine {
  itemCode: string;
  description: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface SupplierOrder {
  supplierOrderId: string;
  /** The supplier's own number for it, as its staff and the buyer say it (Orderspace's 1204), when it is not the id. */
  orderNumber?: string | null;
  status: SupplierOrderStatus;
  submittedAt: Date | null;
  poNumber: string | null;
  lines: SupplierOrderLine[];
  subtotal: Money;
  tax: Money | null;
  shipping: Money | null;
  total: Money;
  /**
   * What the supplier says of where the order stands, in a sentence a buyer reads: who must approve it while it is
   * held ("Managers (acme-approvers) must approve it: orders over $500.00"), or the comment it was declined with.
   * Absent: the supplier says nothing beyond its status.
   */
  supplierNote?: string | null;
}

export interface SupplierCapabilities {
  /**
   * The supplier's API takes an order (placeOrder). Without it (Orderspace) the portal sends the supplier a purchase
   * order document instead and finds the order by its PO number once the supplier's staff have entered it
   * (capabilities.enteredOrders, findEnteredOrders).
   */
  placeOrder: boolean;
  /** The supplier lists the account's orders with the buyer's PO number on each, so an entered purchase order can be found (findEnteredOrders). */
  enteredOrders?: boolean;
  /** The supplier lists invoices per order (listInvoices), kept for matching. */
  invoices?: boolean;
  cancelOrder: boolean;
  /** With cancelOrder: the order statuses in which the supplier still takes a cancel through its API. */
  cancellableStatuses?: readonly SupplierOrderStatus[];
  /** The supplier takes a needed-by date with an order (Yodify: in its shipping instructions); others keep it in the portal only. */
  neededBy?: boolean;
  /** The supplier refuses an order without a purchase order number, so the portal asks for one at checkout. */
  requiresPoNumber?: boolean;
  /** The supplier holds some orders for its own approval and lets the portal decide them (listPendingApprovals, decideApproval). */
  supplierApprovals?: boolean;
  /**
   * The supplier can list only the items added after a given item (Yodify's SinceId), so a sync can
   * fetch what is new without walking the whole catalog. Changed prices still need a full sync.
   */
  newItemsSince?: boolean;
  /** The supplier lists an order's shipments with carrier and tracking (listShipments); without it, its order status alone says "shipped". */
  shipments?: boolean;
  /** The supplier prices cart lines on request and turns an accepted quote into an order (QuotingConnector). */
  quotes?: boolean;
}

/**
 * One shipment of a placed order, as the supplier reports it. A supplier
 * without a shipments API has none of these: its order status alone says "shipped".
 */
export interface SupplierShipment {
  /** The supplier's own id for the shipment; stable across refreshes (our supplier_shipments.supplierShipmentRef). */
  shipmentId: string;
  /** The supplier's own word for where the shipment is (e.g. Yodify's "InTransit"), for display. */
  status: string;
  carrier: { name: string } | null;
  trackingNumber: string | null;
  /** An http(s) page where the buyer can follow the shipment; null when the supplier gives none. */
  trackingUrl: string | null;
  shippedAt: Date | null;
  estimatedDeliveryAt: Date | null;
}

export type SupplierApprovalStatus = "pending" | "approved" | "rejected" | "cancelled";

/** An order the supplier is holding until someone at the buying company says yes or no. */
export interface SupplierApproval {
  approvalId: string;
  /** The supplier's order id (our supplier_orders.supplierOrderRef). */
  supplierOrderId: string;
  status: SupplierApprovalStatus;
  /** Who the supplier is waiting for, in its own user directory. */
  approver: { login: string; name: string | null };
  requestedAt: Date;
  decidedAt: Date | null;
  reason: string | null;
  orderTotal: Money;
}

export interface SupplierApprovalList {
  approvals: SupplierApproval[];
  /** Records the supplier sent that did not pass validation (logged with the field at fault), so the list can say it is incomplete. */
  unreadable: number;
}

export type SupplierApprovalDecision = { approve: true } | { approve: false; reason: string };

export interface SupplierConnector {
  readonly kind: SupplierKind;
  readonly capabilities: SupplierCapabilities;
  /** Gets a token with the connection's credentials (or reuses the one held), and nothing else: what "Test connection" tries first. */
  signIn(): Promise<void>;
  searchCatalog(query: CatalogQuery): Promise<CatalogPage>;
  /** Categories seen in the account's catalog (the supplier has no category endpoint: derived, cached). */
  listCategories(): Promise<CatalogCategory[]>;
  getItem(supplierItemId: string): Promise<CatalogItem>;
  getAccount(): Promise<SupplierAccount>;
  placeOrder(request: PlaceOrderRequest): Promise<SupplierOrder>;
  getOrder(supplierOrderId: string): Promise<SupplierOrder>;
  /** `idempotencyKey`: sent where the supplier's API takes one (Hygrade), so a retried cancel replays instead of acting twice. */
  cancelOrder(supplierOrderId: string, options?: { idempotencyKey?: string }): Promise<SupplierOrder>;
  /** Present when capabilities.supplierApprovals: the account's orders waiting for the supplier's approval, oldest first. */
  listPendingApprovals?(): Promise<SupplierApprovalList>;
  /**
   * Approves or rejects one of them at the supplier. An approval that is no longer
   * pending is SupplierError "conflict" (code approval_already_decided); an unknown
   * one, or another account's, is "not_found" (code approval_not_found).
   */
  decideApproval?(approvalId: string, decision: SupplierApprovalDecision): Promise<SupplierApproval>;
  /** Present when capabilities.shipments: the order's shipments, in the supplier's order. Records that do not read are left out (logged). */
  listShipments?(supplierOrderId: string): Promise<SupplierShipment[]>;
}

/** One invoice the supplier raised, for matching against what was ordered and received. */
export interface SupplierInvoice {
  invoiceId: string;
  number: string;
  invoiceDate: string;
  dueDate: string | null;
  /** The supplier's order ids it covers. */
  orderIds: string[];
  paid: boolean;
  lines: { itemCode: string | null; description: string; quantity: number; unitPrice: Money; lineTotal: Money }[];
  net: Money;
  total: Money;
}

/** A connector whose supplier takes no orders through its API but lists the orders its staff enter (capabilities.enteredOrders). */
export interface EnteredOrdersConnector extends SupplierConnector {
  /** The account's orders created at or after `since`, newest first, each with the PO number the buyer gave. */
  findEnteredOrders(since: Date): Promise<SupplierOrder[]>;
  listInvoices(supplierOrderId: string): Promise<SupplierInvoice[]>;
}

/** A connector that can list and decide supplier-side approvals. */
export type SupplierApprovalsConnector = SupplierConnector & Required<Pick<SupplierConnector, "listPendingApprovals" | "decideApproval">>;

export type SupplierQuoteStatus = "draft" | "submitted" | "offered" | "accepted" | "ordered" | "declined" | "cancelled" | "expired" | "closed";

/** A supplier's quote on lines the buyer asked it to price. */
export interface SupplierQuote {
  quoteId: string;
  quoteNumber: string | null;
  status: SupplierQuoteStatus;
  /** The supplier's own word for the quote's state, for display. */
  supplierStatus: string;
  lines: { itemCode: string | null; supplierItemId: string; quantity: number; unitPrice: Money; lineTotal: Money }[];
  subtotal: Money;
  expiresAt: Date | null;
  orderId: string | null;
  reference: string | null;
}

export interface CreateQuoteRequest {
  /** Sent as the supplier's client identifier: a retried create finds the first quote instead of making a second. */
  idempotencyKey: string;
  lines: { itemCode: string; quantity: number }[];
  reference?: string;
  comments?: string;
}

/** A connector whose supplier takes quote requests (capabilities.quotes). */
export interface QuotingConnector extends SupplierConnector {
  createQuote(request: CreateQuoteRequest): Promise<SupplierQuote>;
  getQuote(quoteId: string): Promise<SupplierQuote>;
  /** Turns an offered quote into an order at the quoted prices; accepting again returns the same order. */
  acceptQuote(quoteId: string, shipToAddressId: string, poNumber: string): Promise<{ quote: SupplierQuote; order: SupplierOrder }>;
  declineQuote(quoteId: string, reason?: string): Promise<SupplierQuote>;
}
