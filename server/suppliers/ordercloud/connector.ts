/**
 * The OrderCloud connector: the portal's SupplierConnector over the buyer side of the OrderCloud API
 * (shared/vendors/ordercloud.md). Wire shapes stop here (wire.ts); everything returned is a portal type with Money in
 * integer minor units (OrderCloud speaks major units as JSON numbers).
 *
 * - Signs in as the buying company's OrderCloud buyer user (password grant) or, where configured, the API client's
 *   context user (client credentials); tokens.ts renews them, and a 401 is answered by one refreshed token and then
 *   one new grant, never more.
 * - Reads through /me: products with their price schedule (price breaks are the portal's price tiers), categories,
 *   addresses (the ship-to choices), cost centers, spending accounts (those valid today, with their balance). Lists
 *   page by Meta with pageSize up to 100.
 * - Places an order at an ID the portal chooses (its own supplier order id), so a create retried after a lost answer
 *   meets IdExists and the connector carries on with the order already there; line items get IDs of their own too
 *   (skipped when there already), then submit. Any step that fails is resumed from where it stopped on the next try.
 * - OrderCloud's approval rules may hold a submitted order in AwaitingApproval; its approvals say which group must
 *   decide, and a decline comes back with its comment (supplierNote). Where the connected user is in an approving
 *   group, /me/orders/approvable is the portal's queue of supplier approvals and the decision is sent to OrderCloud.
 */
import { decimalToMinor, type Money } from "@/server/domain/money";
import { isSupplierError, SupplierError, type SupplierErrorKind } from "../errors";
import { defaultSupplierLogger, type SupplierLogger } from "../http/logger";
import { collect, numberedItems } from "../http/paging";
import { processShared } from "../http/process-shared";
import { connectionLimiter, rateLimitProfileFor, type ConfiguredRateLimit } from "../http/rate-limits";
import { kindForStatus, supplierFetch, type ErrorDescription, type RetryPolicy, type SupplierHttpOptions, type SupplierRequest } from "../http/request";
import { parseSupplierWire } from "../http/wire-parse";
import type {
  CatalogCategory,
  CatalogItem,
  CatalogPage,
  CatalogQuery,
  PlaceOrderRequest,
  ShipToAddress,
  SupplierAccount,
  SupplierApproval,
  SupplierApprovalDecision,
  SupplierApprovalList,
  SupplierApprovalsConnector,
  SupplierConnectionSettings,
  SupplierOrder,
  SupplierOrderStatus,
  SupplierSpendingAccount,
} from "../types";
import { sharedOrderCloudTokens, type OrderCloudTokenOptions, type OrderCloudTokens } from "./tokens";
import {
  ORDERCLOUD_ID_MAX,
  ORDERCLOUD_PAGE_MAX,
  SUPPLIER,
  wireAddress,
  wireApprovalRule,
  wireCategory,
  wireCostCenter,
  wireError,
  wireLineItem,
  wireListOf,
  wireMeUser,
  wireOrder,
  wireOrderApproval,
  wireProduct,
  wireSpendingAccount,
  wireUser,
  wireUserGroup,
  type WireLineItem,
  type WireList,
  type WireOrder,
  type WireOrderApproval,
  type WireProduct,
  type WireSpendingAccount,
} from "./wire";
import type { z } from "zod";

const CACHE_TTL_MS = 10 * 60 * 1000;
const DEFAULT_CURRENCY = "USD";

export interface OrderCloudConnectorOptions {
  logger?: SupplierLogger;
  retry?: Partial<RetryPolicy>;
  rateLimit?: ConfiguredRateLimit;
  tokens?: OrderCloudTokenOptions;
  /** How long categories, cost centers and group names are kept per connection (default 10 min). */
  cacheTtlMs?: number;
}

interface Cached<T> {
  value: T;
  expiresAt: number;
}
interface ConnectionShared {
  categories: Cached<CatalogCategory[]> | null;
  costCenters: Cached<Set<string>> | null;
  groups: Cached<Map<string, string>> | null;
}
const shared = processShared<ConnectionShared>("ordercloud-connections");
const connectionKey = (s: SupplierConnectionSettings) =>
  `${s.baseUrl.replace(/\/+$/, "")}\u0000${s.clientId}\u0000${s.accountId}\u0000${s.grant?.kind === "password" ? s.grant.username : "client"}`;

/** Forget cached categories, cost centers and group names (all connections, or one). Tokens stay. */
export function clearOrderCloudCaches(settings?: SupplierConnectionSettings): void {
  if (settings) shared.delete(connectionKey(settings));
  else shared.clear();
}

/** OrderCloud's {Errors:[{ErrorCode, Message, Data}]}: the field is Data.Field where it names one, else the object it is about. */
export function describeOrderCloudError(body: unknown): ErrorDescription {
  const parsed = wireError.safeParse(body);
  if (!parsed.success) {
    const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    return {
      message: typeof record.error_description === "string" ? record.error_description : undefined,
      code: typeof record.error === "string" ? record.error : undefined,
    };
  }
  const first = parsed.data.Errors[0]!;
  const data = typeof first.Data === "object" && first.Data !== null ? (first.Data as Record<string, unknown>) : {};
  const field = typeof data.Field === "string" ? data.Field : typeof data.ObjectType === "string" ? data.ObjectType : undefined;
  const roles = Array.isArray(data.SufficientRoles) ? ` (needs one of the roles ${data.SufficientRoles.join(", ")})` : "";
  return { message: `OrderCloud: ${first.Message ?? first.ErrorCode}${roles}`, code: first.ErrorCode, field };
}

/** ErrorCodes that mean "the order is not in a state for that": a conflict, not bad input. */
const STATE_CODES = new Set(["IdExists", "Order.NotEditable", "Order.AlreadySubmitted", "Order.NotAwaitingApproval", "Order.CannotCancel"]);
const kindFor = (status: number, description: ErrorDescription): SupplierErrorKind =>
  description.code && STATE_CODES.has(description.code) ? "conflict" : kindForStatus(status);

const isCode = (error: unknown, code: string) => isSupplierError(error) && error.details.code === code;
const is401 = (error: unknown) => isSupplierError(error) && error.kind === "auth" && error.details.status === 401;

/** The portal's id as an OrderCloud ID (A-Z a-z 0-9 - _, at most 100). */
export function orderCloudId(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, ORDERCLOUD_ID_MAX);
  if (!cleaned) throw new SupplierError("validation", "An order needs an id OrderCloud can take.", SUPPLIER, { field: "idempotencyKey" });
  return cleaned;
}

const toMoney = (amount: number, currency: string | null | undefined): Money => decimalToMinor(amount, currency ?? DEFAULT_CURRENCY);

export function mapProduct(product: WireProduct, categories: ReadonlyMap<string, string> = new Map()): CatalogItem {
  const schedule = product.PriceSchedule;
  const currency = schedule?.Currency ?? DEFAULT_CURRENCY;
  const tiers = [...(schedule?.PriceBreaks ?? [])]
    .sort((a, b) => a.Quantity - b.Quantity)
    .map((b) => ({ minQuantity: b.Quantity, unitPrice: toMoney(b.SalePrice ?? b.Price, currency) }));
  // The portal's tiers start at 1; OrderCloud's first break is the schedule's minimum quantity.
  if (tiers[0] && tiers[0].minQuantity !== 1) tiers[0] = { ...tiers[0], minQuantity: 1 };
  const inventory = product.Inventory;
  const limited = inventory?.Enabled === true && inventory.OrderCanExceed !== true;
  const stock = limited ? Math.max(0, inventory.QuantityAvailable ?? 0) : null;
  const categoryId = product.xp?.CategoryID ?? null;
  const max = schedule?.MaxQuantity ?? null;
  return {
    supplierItemId: product.ID,
    itemCode: product.ID,
    name: product.Name,
    description: product.Description ?? "",
    category: categoryId ? { id: categoryId, name: categories.get(categoryId) ?? categoryId } : null,
    brand: product.xp?.Brand ? { id: product.xp.Brand.toLowerCase(), name: product.xp.Brand } : null,
    images: product.xp?.Images ?? [],
    priceTiers: tiers,
    available: product.Active !== false && tiers.length > 0 && (stock === null || stock > 0),
    leadTimeDays: product.xp?.LeadTimeDays ?? null,
    maxOrderQuantity: stock === null ? max : max === null ? stock : Math.min(stock, max),
  };
}

export function mapAddress(address: z.output<typeof wireAddress>, index: number): ShipToAddress {
  const attention = [address.FirstName, address.LastName].filter(Boolean).join(" ") || null;
  return {
    supplierAddressId: address.ID,
    label: address.AddressName ?? `${address.Street1}, ${address.City}`,
    attention,
    street1: address.Street1,
    street2: address.Street2 ?? null,
    city: address.City,
    region: address.State ?? "",
    postalCode: address.Zip ?? "",
    country: address.Country,
    isDefault: index === 0,
  };
}

/** The spending accounts valid at `now` (StartDate and EndDate inclusive, either open-ended when absent). */
export function mapSpendingAccounts(accounts: readonly WireSpendingAccount[], currency: string, now: Date = new Date()): SupplierSpendingAccount[] {
  const at = now.getTime();
  return accounts
    .filter((a) => (!a.StartDate || Date.parse(a.StartDate) <= at) && (!a.EndDate || at <= Date.parse(a.EndDate)))
    .map((a) => ({
      id: a.ID,
      name: a.Name,
      balance: toMoney(a.Balance, currency),
      usableAsPayment: a.AllowAsPaymentMethod === true,
      validFrom: a.StartDate ?? null,
      validUntil: a.EndDate ?? null,
    }));
}

const STATUS: Record<WireOrder["Status"], SupplierOrderStatus> = {
  Unsubmitted: "awaiting_confirmation",
  AwaitingApproval: "pending_approval",
  Declined: "declined",
  Open: "approved",
  Completed: "shipped",
  Canceled: "cancelled",
};

export function mapStatus(order: WireOrder, lines: readonly WireLineItem[]): SupplierOrderStatus {
  if (order.Status === "Open" && lines.some((l) => l.QuantityShipped > 0)) return "partly_shipped";
  return STATUS[order.Status];
}

const personOf = (user: z.output<typeof wireUser> | null | undefined) =>
  user ? [user.FirstName, user.LastName].filter(Boolean).join(" ") || user.Username : null;

/** What OrderCloud says about a held or declined order, in a sentence a buyer reads. */
export function noteFor(
  order: WireOrder,
  approvals: readonly WireOrderApproval[],
  names: { groups: ReadonlyMap<string, string>; rules: ReadonlyMap<string, string>; approvers: readonly string[] },
): string | null {
  if (order.Status === "AwaitingApproval") {
    const pending = approvals.filter((a) => a.Status === "Pending");
    if (pending.length === 0) return "Waiting for approval at OrderCloud.";
    const who = [...new Set(pending.map((a) => names.groups.get(a.ApprovingGroupID) ?? a.ApprovingGroupID))].join(" and ");
    const why = [...new Set(pending.map((a) => names.rules.get(a.ApprovalRuleID) ?? a.ApprovalRuleID))].join("; ");
    const people = names.approvers.length > 0 ? ` (${names.approvers.join(", ")})` : "";
    return `${who}${people} must approve it at OrderCloud: ${why}.`;
  }
  if (order.Status === "Declined") {
    const declined = approvals.filter((a) => a.Status === "Declined").at(-1);
    const by = personOf(declined?.Approver);
    const comment = declined?.Comments?.trim();
    return `Declined at OrderCloud${by ? ` by ${by}` : ""}${comment ? `: ${comment}` : "."}`;
  }
  return null;
}

export function mapOrder(order: WireOrder, lines: readonly WireLineItem[], note: string | null = null): SupplierOrder {
  const currency = order.Currency ?? DEFAULT_CURRENCY;
  const po = order.xp?.PONumber ?? null;
  return {
    supplierOrderId: order.ID,
    status: mapStatus(order, lines),
    submittedAt: order.DateSubmitted ? new Date(order.DateSubmitted) : null,
    poNumber: po,
    lines: lines.map((l) => ({
      itemCode: l.ProductID,
      description: l.Product?.Name ?? l.ProductID,
      quantity: l.Quantity,
      unitPrice: toMoney(l.UnitPrice ?? 0, currency),
      lineTotal: toMoney(l.LineTotal, currency),
    })),
    subtotal: toMoney(order.Subtotal, currency),
    tax: order.TaxCost ? toMoney(order.TaxCost, currency) : null,
    shipping: order.ShippingCost ? toMoney(order.ShippingCost, currency) : null,
    total: toMoney(order.Total, currency),
    supplierNote: note,
  };
}

export interface OrderCloudConnector extends SupplierApprovalsConnector {
  readonly kind: "ordercloud";
  readonly tokens: OrderCloudTokens;
}

const lineId = (index: number) => `L${index + 1}`;

export function createOrderCloudConnector(settings: SupplierConnectionSettings, options: OrderCloudConnectorOptions = {}): OrderCloudConnector {
  const baseUrl = settings.baseUrl.replace(/\/+$/, "");
  const profile = rateLimitProfileFor(SUPPLIER, { ...settings.rateLimit, ...options.rateLimit });
  const limiter = connectionLimiter(`ordercloud\u0000${connectionKey(settings)}`, profile);
  const tokens = sharedOrderCloudTokens(settings, { logger: options.logger, ...options.tokens });
  // The bearer token is set here, not by supplierFetch: OrderCloud's 401 gets one refresh and then one new grant.
  const httpOptions: SupplierHttpOptions = {
    supplier: SUPPLIER,
    baseUrl,
    limiter,
    logger: options.logger ?? defaultSupplierLogger,
    retry: { ...profile.retry, ...options.retry },
    describeError: describeOrderCloudError,
    kindFor,
  };
  const ttl = options.cacheTtlMs ?? CACHE_TTL_MS;
  const cache = (() => {
    const key = connectionKey(settings);
    let entry = shared.get(key);
    if (!entry) {
      entry = { categories: null, costCenters: null, groups: null };
      shared.set(key, entry);
    }
    return entry;
  })();

  async function call(request: SupplierRequest): Promise<unknown> {
    let token = await tokens.getToken();
    for (const renewal of ["refresh", "new", null] as const) {
      try {
        return (await supplierFetch(httpOptions, { ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } })).body;
      } catch (error) {
        if (!is401(error) || renewal === null) {
          if (is401(error))
            throw new SupplierError("auth", "OrderCloud refused a refreshed and a brand-new token: check the connection's user and API client.", SUPPLIER, {
              ...(error as SupplierError).details,
              code: "token_refused",
            });
          throw error;
        }
        token = await tokens.renewAfter401(token, renewal);
      }
    }
    throw new Error("unreachable");
  }

  const parse = <S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> => parseSupplierWire("OrderCloud", SUPPLIER, schema, data, what);
  const segment = (value: string, what: string) => {
    if (!value || value.length > ORDERCLOUD_ID_MAX) throw new SupplierError("validation", `That is not an OrderCloud ${what} ID.`, SUPPLIER, { field: "id" });
    return encodeURIComponent(value);
  };

  async function listPage<S extends z.ZodType>(path: string, schema: S, page: number, query: SupplierRequest["query"] = {}): Promise<WireList<z.output<S>>> {
    const body = await call({ method: "GET", path, query: { ...query, page, pageSize: ORDERCLOUD_PAGE_MAX } });
    return parse(wireListOf(schema), body, `${path} page`) as WireList<z.output<S>>;
  }

  /** Every page of a list, by Meta (TotalPages), at the documented maximum page size. */
  function listAll<S extends z.ZodType>(path: string, schema: S, query: SupplierRequest["query"] = {}, keyOf?: (item: z.output<S>) => string) {
    return collect(
      numberedItems(
        async (page) => {
          const list = await listPage(path, schema, page, query);
          return { items: list.Items, hasMore: list.Meta.Page < list.Meta.TotalPages, totalItems: list.Meta.TotalCount };
        },
        { supplier: SUPPLIER, keyOf },
      ),
    );
  }

  async function cached<K extends keyof ConnectionShared>(key: K, load: () => Promise<NonNullable<ConnectionShared[K]>["value"]>) {
    const hit = cache[key];
    if (hit && Date.now() < hit.expiresAt) return hit.value as NonNullable<ConnectionShared[K]>["value"];
    const value = await load();
    (cache as Record<K, Cached<unknown>>)[key] = { value, expiresAt: Date.now() + ttl };
    return value;
  }

  const categories = () =>
    cached("categories", async () =>
      (await listAll("/me/categories", wireCategory, {}, (c) => c.ID)).map((c) => ({ id: c.ID, name: c.Name })).sort((a, b) => a.name.localeCompare(b.name)),
    );
  const categoryNames = async () => new Map((await categories()).map((c) => [c.id, c.name]));
  const costCenters = () => cached("costCenters", async () => new Set((await listAll("/me/costcenters", wireCostCenter, {}, (c) => c.ID)).map((c) => c.ID)));
  const groupNames = () =>
    cached("groups", async () => {
      try {
        return new Map((await listAll("/me/usergroups", wireUserGroup, {}, (g) => g.ID)).map((g) => [g.ID, g.Name]));
      } catch (error) {
        // Group names only make a note read better; without them the group's ID is said.
        if (isSupplierError(error) && (error.kind === "auth" || error.kind === "not_found")) return new Map<string, string>();
        throw error;
      }
    });

  /** Read on every account read, not cached: the balance goes down as the buyer orders. */
  const spendingAccounts = async () => {
    try {
      return await listAll("/me/spendingaccounts", wireSpendingAccount, {}, (a) => a.ID);
    } catch (error) {
      // A buyer whose security profile has no role for them (403), or an API without them (404), has none to show.
      if (isSupplierError(error) && (error.details.status === 403 || error.details.status === 404)) return [];
      throw error;
    }
  };

  const orderPath = (id: string) => `/orders/Outgoing/${segment(id, "order")}`;
  const readOrder = async (id: string) => parse(wireOrder, await call({ method: "GET", path: orderPath(id) }), "order");
  const readLines = (id: string) => listAll(`${orderPath(id)}/lineitems`, wireLineItem, {}, (l) => l.ID);
  const readApprovals = (id: string) => listAll(`${orderPath(id)}/approvals`, wireOrderApproval);

  /** Rule descriptions need ApprovalRuleReader, which a buyer user rarely has: then the rule's ID is said. */
  async function ruleNames(order: WireOrder, approvals: readonly WireOrderApproval[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const buyerId = order.FromCompanyID ?? settings.accountId;
    for (const ruleId of new Set(approvals.map((a) => a.ApprovalRuleID))) {
      try {
        const rule = parse(
          wireApprovalRule,
          await call({ method: "GET", path: `/buyers/${segment(buyerId, "buyer")}/approvalrules/${segment(ruleId, "rule")}` }),
          "approval rule",
        );
        names.set(ruleId, rule.Description ?? rule.Name ?? ruleId);
      } catch (error) {
        if (!(isSupplierError(error) && (error.kind === "auth" || error.kind === "not_found"))) throw error;
      }
    }
    return names;
  }

  async function fullOrder(order: WireOrder): Promise<SupplierOrder> {
    const lines = await readLines(order.ID);
    if (order.Status !== "AwaitingApproval" && order.Status !== "Declined") return mapOrder(order, lines);
    const approvals = await readApprovals(order.ID);
    let approvers: string[] = [];
    if (order.Status === "AwaitingApproval") {
      approvers = (await listAll(`${orderPath(order.ID)}/eligibleapprovers`, wireUser, {}, (u) => u.ID))
        .filter((u) => u.ID !== order.FromUserID)
        .map((u) => personOf(u)!);
    }
    const note = noteFor(order, approvals, { groups: await groupNames(), rules: await ruleNames(order, approvals), approvers });
    return mapOrder(order, lines, note);
  }

  async function getOrder(supplierOrderId: string): Promise<SupplierOrder> {
    return fullOrder(await readOrder(supplierOrderId));
  }

  async function searchCatalog(query: CatalogQuery): Promise<CatalogPage> {
    const pageSize = Number.isFinite(query.limit) ? Math.min(ORDERCLOUD_PAGE_MAX, Math.max(1, Math.floor(query.limit ?? 25))) : 25;
    const page = query.cursor && /^\d+$/.test(query.cursor) ? Number(query.cursor) : 1;
    const body = await call({
      method: "GET",
      path: "/me/products",
      query: {
        search: query.q?.trim() || undefined,
        categoryID: query.categoryId || undefined,
        // Newest IDs last, so paging stays put while a sync walks the list.
        sortBy: "ID",
        ...(query.afterItemId ? { ID: `>${query.afterItemId}` } : {}),
        page,
        pageSize,
      },
    });
    const list = parse(wireListOf(wireProduct), body, "product page");
    const names = await categoryNames();
    const items = list.Items.map((p) => mapProduct(p, names)).filter((i) => !query.availableOnly || i.available);
    const hasMore = list.Meta.Page < list.Meta.TotalPages;
    return { items, hasMore, nextCursor: hasMore ? String(list.Meta.Page + 1) : null };
  }

  async function placeOrder(request: PlaceOrderRequest): Promise<SupplierOrder> {
    if (!request.idempotencyKey) throw new SupplierError("validation", "An order needs an idempotency key.", SUPPLIER, { field: "idempotencyKey" });
    if (request.lines.length === 0) throw new SupplierError("validation", "An order needs at least one line.", SUPPLIER, { field: "lines" });
    const id = orderCloudId(request.idempotencyKey);
    const costCenter = (await costCenters()).has(request.costCenterCode) ? request.costCenterCode : null;

    // 1. The order at our ID; a create whose answer was lost meets IdExists and carries on with what is there.
    let order: WireOrder;
    try {
      order = parse(
        wireOrder,
        await call({
          method: "POST",
          path: "/orders/Outgoing",
          // Safe to send again: a second create at the same ID is IdExists, never a second order.
          repeatable: true,
          body: {
            ID: id,
            ShippingAddressID: request.shipToAddressId,
            Comments: request.poNumber ? `PO ${request.poNumber}` : undefined,
            xp: { PONumber: request.poNumber, CostCenter: request.costCenterCode, NeededBy: request.neededBy ?? null },
          },
        }),
        "order",
      );
    } catch (error) {
      if (!isCode(error, "IdExists")) throw error;
      order = await readOrder(id);
    }
    if (order.Status !== "Unsubmitted") return fullOrder(order);

    // 2. Line items with IDs of our own: those already there (from an earlier try) are skipped.
    const present = new Set((await readLines(id)).map((l) => l.ID));
    for (const [index, line] of request.lines.entries()) {
      if (present.has(lineId(index))) continue;
      try {
        await call({
          method: "POST",
          path: `${orderPath(id)}/lineitems`,
          repeatable: true,
          body: { ID: lineId(index), ProductID: line.itemCode, Quantity: line.quantity, ...(costCenter ? { CostCenter: costCenter } : {}) },
        });
      } catch (error) {
        if (!isCode(error, "IdExists")) throw error;
      }
    }

    // 3. Submit; an earlier try whose answer was lost has already submitted it.
    try {
      order = parse(wireOrder, await call({ method: "POST", path: `${orderPath(id)}/submit`, repeatable: true }), "order");
    } catch (error) {
      if (!isCode(error, "Order.AlreadySubmitted")) throw error;
      order = await readOrder(id);
    }
    return fullOrder(order);
  }

  async function cancelOrder(supplierOrderId: string): Promise<SupplierOrder> {
    try {
      const order = parse(wireOrder, await call({ method: "POST", path: `${orderPath(supplierOrderId)}/cancel`, repeatable: true }), "order");
      return fullOrder(order);
    } catch (error) {
      // A cancel retried after a lost answer finds the order canceled already: that is what was asked.
      if (isCode(error, "Order.CannotCancel")) {
        const order = await readOrder(supplierOrderId);
        if (order.Status === "Canceled") return fullOrder(order);
      }
      throw error;
    }
  }

  function approvalOf(order: WireOrder, approval: WireOrderApproval | undefined, groups: ReadonlyMap<string, string>): SupplierApproval {
    const status = approval?.Status === "Approved" ? "approved" : approval?.Status === "Declined" ? "rejected" : "pending";
    const groupId = approval?.ApprovingGroupID ?? "";
    return {
      approvalId: order.ID,
      supplierOrderId: order.ID,
      status,
      approver: { login: groupId, name: groups.get(groupId) ?? null },
      requestedAt: new Date(approval?.DateCreated ?? order.DateSubmitted ?? order.DateCreated ?? Date.now()),
      decidedAt: approval?.DateCompleted ? new Date(approval.DateCompleted) : null,
      reason: approval?.Comments || null,
      orderTotal: toMoney(order.Total, order.Currency),
    };
  }

  async function listPendingApprovals(): Promise<SupplierApprovalList> {
    const orders = await listAll("/me/orders/approvable", wireOrder, { sortBy: "DateSubmitted" }, (o) => o.ID);
    const groups = await groupNames();
    const approvals: SupplierApproval[] = [];
    for (const order of orders) {
      const pending = (await readApprovals(order.ID)).filter((a) => a.Status === "Pending" && (groups.size === 0 || groups.has(a.ApprovingGroupID)));
      approvals.push(approvalOf(order, pending[0], groups));
    }
    return { approvals, unreadable: 0 };
  }

  async function decideApproval(approvalId: string, decision: SupplierApprovalDecision): Promise<SupplierApproval> {
    const notPending = (details: SupplierError["details"] = {}) =>
      new SupplierError(
        "conflict",
        `OrderCloud order ${approvalId} is no longer waiting for a decision: it was already decided or withdrawn. Nothing was changed.`,
        SUPPLIER,
        {
          ...details,
          code: "approval_already_decided",
        },
      );
    if (!decision.approve && decision.reason.length > 2000)
      throw new SupplierError("validation", "OrderCloud takes a decline comment of at most 2,000 characters.", SUPPLIER, { field: "reason" });
    let order: WireOrder;
    try {
      order = await readOrder(approvalId);
    } catch (error) {
      if (isSupplierError(error) && error.kind === "not_found")
        throw new SupplierError("not_found", `OrderCloud has no order '${approvalId}' waiting for this user.`, SUPPLIER, {
          ...error.details,
          code: "approval_not_found",
        });
      throw error;
    }
    if (order.Status !== "AwaitingApproval") throw notPending();
    try {
      const decided = parse(
        wireOrder,
        await call({
          method: "POST",
          path: `${orderPath(approvalId)}/${decision.approve ? "approve" : "decline"}`,
          body: { Comments: decision.approve ? undefined : decision.reason, AllowResubmit: false },
        }),
        "order",
      );
      const approvals = await readApprovals(approvalId);
      const mine = approvals.filter((a) => a.Status !== "Pending").at(-1);
      return approvalOf(decided, mine, await groupNames());
    } catch (error) {
      if (isCode(error, "Order.NotAwaitingApproval")) throw notPending((error as SupplierError).details);
      if (isCode(error, "Approval.NotEligible"))
        throw new SupplierError("auth", `The connected OrderCloud user may not decide order ${approvalId}: it waits for another group.`, SUPPLIER, {
          ...(error as SupplierError).details,
          code: "approval_not_eligible",
        });
      throw error;
    }
  }

  return {
    kind: "ordercloud",
    async signIn() {
      await tokens.getToken();
    },
    capabilities: {
      placeOrder: true,
      cancelOrder: true,
      cancellableStatuses: ["awaiting_confirmation", "pending_approval", "approved"],
      supplierApprovals: true,
    },
    tokens,
    searchCatalog,
    listCategories: categories,
    async getItem(supplierItemId: string): Promise<CatalogItem> {
      const body = await call({ method: "GET", path: `/me/products/${segment(supplierItemId, "product")}` });
      return mapProduct(parse(wireProduct, body, "product"), await categoryNames());
    },
    async getAccount(): Promise<SupplierAccount> {
      // The three at once: a checkout waits for the account, and one after the other triples OrderCloud's wait.
      const [me, addresses, accounts] = await Promise.all([
        call({ method: "GET", path: "/me" }).then((body) => parse(wireMeUser, body, "user")),
        listAll("/me/addresses", wireAddress, { Shipping: true }, (a) => a.ID),
        spendingAccounts(),
      ]);
      return {
        accountId: me.Buyer?.ID ?? settings.accountId,
        name: me.Buyer?.Name ?? settings.accountId,
        addresses: addresses.filter((a) => a.Shipping !== false).map(mapAddress),
        // OrderCloud's rules are expressions (order.Total > 500 and …), read only by ApprovalRuleReader: not one amount.
        approvalRequiredOver: null,
        billingTerms: null,
        // OrderCloud's spending accounts name no currency: they are in the buyer's, which is the catalog's.
        spendingAccounts: mapSpendingAccounts(accounts, DEFAULT_CURRENCY),
      };
    },
    placeOrder,
    getOrder,
    cancelOrder,
    listPendingApprovals,
    decideApproval,
  };
}
