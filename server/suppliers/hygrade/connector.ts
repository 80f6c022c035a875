/**
 * The Hygrade connector: the portal's SupplierConnector over Hygrade's REST
 * API. Wire shapes stop here (wire.ts); everything returned is a portal type
 * with Money in integer cents (checked, never converted: Hygrade already
 * speaks minor units).
 *
 * Connector objects are cheap and may be created per request. What must
 * outlive a request is shared per connection in module-level maps: the OAuth2
 * token (keyed by token URL + client id), the 120/s burst-240 limiter and the
 * derived category list (keyed by baseUrl + clientId + accountId).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { money, type Money } from "@/server/domain/money";
import { isSupplierError, SupplierError } from "../errors";
import { describeCommonError, supplierFetch, type RetryPolicy, type SupplierHttpOptions, type SupplierRequest } from "../http/request";
import { defaultSupplierLogger, type SupplierLogger } from "../http/logger";
import { collect, cursorItems, type CursorPage } from "../http/paging";
import { processShared } from "../http/process-shared";
import { connectionLimiter, HYGRADE_RATE_LIMIT_PROFILE } from "../http/rate-limits";
import { sharedTokenCache } from "../http/token-cache";
import type {
  CatalogCategory,
  CatalogItem,
  CatalogPage,
  CatalogQuery,
  PlaceOrderRequest,
  ShipToAddress,
  SupplierAccount,
  SupplierConnectionSettings,
  SupplierApprovalsConnector,
  SupplierApproval,
  SupplierApprovalDecision,
  SupplierApprovalList,
  SupplierOrder,
} from "../types";
import {
  SUPPLIER,
  parseWire,
  wireCatalogItem,
  wireCustomer,
  wireError,
  wireListOf,
  wireApproval,
  wireOrder,
  wireRejectApproval,
  formatIssuePath,
  type WireApproval,
  type WireCatalogItem,
  type WireCustomer,
  type WireMoney,
  type WireOrder,
} from "./wire";

/** The documented (or chosen) limit, one place for all suppliers: server/suppliers/http/rate-limits.ts. */
export const HYGRADE_RATE_LIMIT = HYGRADE_RATE_LIMIT_PROFILE;
export const HYGRADE_PAGE_MAX = 100;
const CATEGORY_TTL_MS = 10 * 60 * 1000;

export interface HygradeConnectorOptions {
  logger?: SupplierLogger;
  retry?: Partial<RetryPolicy>;
  /** Default: Hygrade's documented 120/s bursting to 240. */
  rateLimit?: { ratePerSecond: number; burst: number };
  /** How long listCategories() is cached per connection (default 10 min). */
  categoryTtlMs?: number;
  /** "body" (default) or "basic" client authentication at the token endpoint. */
  tokenAuth?: "body" | "basic";
}

interface ConnectionShared {
  categories: { value: CatalogCategory[]; expiresAt: number } | null;
  categoriesInflight: Promise<CatalogCategory[]> | null;
}

const shared = processShared<ConnectionShared>("hygrade-connections");

const connectionKey = (s: SupplierConnectionSettings) => `${s.baseUrl.replace(/\/+$/, "")}\u0000${s.clientId}\u0000${s.accountId}`;

function sharedFor(settings: SupplierConnectionSettings): ConnectionShared {
  const key = connectionKey(settings);
  let entry = shared.get(key);
  if (!entry) {
    entry = { categories: null, categoriesInflight: null };
    shared.set(key, entry);
  }
  return entry;
}

/** Forget cached categories (all connections, or one). Tokens and limiters stay. */
export function clearHygradeCaches(settings?: SupplierConnectionSettings): void {
  if (settings) shared.delete(connectionKey(settings));
  else shared.clear();
}

/** Hygrade's {error:{type,code,message,param,request_id}}; anything else falls back to the common shapes. */
function describeHygradeError(body: unknown) {
  const parsed = wireError.safeParse(body);
  if (!parsed.success) return describeCommonError(body);
  const e = parsed.data.error;
  return { message: e.message ?? undefined, field: e.param ?? undefined, code: e.code ?? e.type ?? undefined, requestId: e.request_id ?? undefined };
}

const toMoney = (m: WireMoney): Money => money(m.amount, m.currency);

export function mapCatalogItem(item: WireCatalogItem): CatalogItem & { category: CatalogCategory } {
  const tiers = [...item.pricing].sort((a, b) => a.min_qty - b.min_qty).map((t) => ({ minQuantity: t.min_qty, unitPrice: toMoney(t.unit_price) }));
  return {
    supplierItemId: item.id,
    itemCode: item.item_code,
    name: item.name,
    description: item.description ?? "",
    category: { id: item.category.id, name: item.category.name },
    // Hygrade's items carry a category and no maker.
    brand: null,
    images: item.images ?? [],
    priceTiers: tiers,
    available: item.available,
    leadTimeDays: item.lead_time_days ?? null,
  };
}

export function mapAccount(customer: WireCustomer): SupplierAccount {
  const addresses: ShipToAddress[] = customer.addresses
    .filter((a) => !a.type || a.type === "shipping")
    .map((a) => ({
      supplierAddressId: a.id,
      label: a.label ?? `${a.street_1}, ${a.city}`,
      attention: a.attention ?? null,
      street1: a.street_1,
      street2: a.street_2 ?? null,
      city: a.city,
      region: a.region,
      postalCode: a.postal_code,
      country: a.country,
      isDefault: a.default === true,
    }));
  return {
    accountId: customer.id,
    name: customer.name,
    addresses,
    approvalRequiredOver: customer.approval_required_over ? toMoney(customer.approval_required_over) : null,
    billingTerms: customer.billing_terms ?? null,
  };
}

export function mapOrder(order: WireOrder): SupplierOrder {
  return {
    supplierOrderId: order.id,
    status: order.status,
    submittedAt: order.submitted_at ? new Date(order.submitted_at) : null,
    poNumber: order.po_number ?? null,
    lines: order.items.map((i) => ({
      itemCode: i.item_code,
      description: i.description ?? i.item_code,
      quantity: i.quantity,
      unitPrice: toMoney(i.unit_price),
      lineTotal: toMoney(i.line_total),
    })),
    subtotal: toMoney(order.subtotal),
    tax: order.tax ? toMoney(order.tax) : null,
    shipping: order.shipping ? toMoney(order.shipping) : null,
    total: toMoney(order.total),
  };
}

export function mapApproval(approval: WireApproval): SupplierApproval {
  return {
    approvalId: approval.id,
    supplierOrderId: approval.order_id,
    status: approval.status,
    approver: { login: approval.approver.login, name: approval.approver.name ?? null },
    requestedAt: new Date(approval.requested_at),
    decidedAt: approval.decided_at ? new Date(approval.decided_at) : null,
    reason: approval.reason ?? null,
    orderTotal: toMoney(approval.order_total),
  };
}

const catalogList = wireListOf(wireCatalogItem);
// Items are checked one by one, so one bad record does not hide every other order waiting for a decision.
const approvalList = wireListOf(z.unknown());
const idOf = (raw: unknown) => (typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : "");

export interface HygradeConnector extends SupplierApprovalsConnector {
  readonly kind: "hygrade";
  readonly settings: Readonly<Omit<SupplierConnectionSettings, "clientSecret">>;
}

export function createHygradeConnector(settings: SupplierConnectionSettings, options: HygradeConnectorOptions = {}): HygradeConnector {
  const baseUrl = settings.baseUrl.replace(/\/+$/, "");
  const accountId = settings.accountId;
  const tokens = sharedTokenCache({
    supplier: SUPPLIER,
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    auth: options.tokenAuth,
    logger: options.logger,
  });
  const limiter = connectionLimiter(`hygrade\u0000${connectionKey(settings)}`, { ...HYGRADE_RATE_LIMIT, ...settings.rateLimit, ...options.rateLimit });
  const httpOptions: SupplierHttpOptions = {
    supplier: SUPPLIER,
    baseUrl,
    tokens,
    limiter,
    logger: options.logger,
    retry: options.retry,
    describeError: describeHygradeError,
  };
  const logger = options.logger ?? defaultSupplierLogger;
  const call = async (request: SupplierRequest): Promise<unknown> => (await supplierFetch(httpOptions, request)).body;
  const shared = sharedFor(settings);
  const id = (value: string, what: string) => {
    if (!value || value.length > 200) throw new SupplierError("validation", `That is not a Hygrade ${what} id.`, SUPPLIER, { field: "id" });
    return encodeURIComponent(value);
  };

  async function catalogPage(query: CatalogQuery): Promise<CursorPage<CatalogItem>> {
    const limit = Number.isFinite(query.limit) ? Math.min(HYGRADE_PAGE_MAX, Math.max(1, Math.floor(query.limit ?? 25))) : 25;
    const body = await call({
      method: "GET",
      path: "/catalog/items",
      query: {
        cust_id: accountId,
        q: query.q?.trim() || undefined,
        category_id: query.categoryId || undefined,
        available: query.availableOnly ? "true" : undefined,
        limit,
        starting_after: query.cursor || undefined,
      },
    });
    const list = parseWire(catalogList, body, "catalog page");
    return { items: list.data.map(mapCatalogItem), hasMore: list.has_more, nextCursor: list.next_cursor ?? null };
  }

  async function loadCategories(): Promise<CatalogCategory[]> {
    const byId = new Map<string, CatalogCategory>();
    const items = cursorItems((cursor) => catalogPage({ limit: HYGRADE_PAGE_MAX, cursor: cursor ?? undefined }), {
      supplier: SUPPLIER,
      cursorOf: (item) => item.supplierItemId,
    });
    for (const item of await collect(items)) if (item.category && !byId.has(item.category.id)) byId.set(item.category.id, item.category);
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async function getOrder(supplierOrderId: string): Promise<SupplierOrder> {
    const body = await call({ method: "GET", path: `/orders/${id(supplierOrderId, "order")}` });
    const order = parseWire(wireOrder, body, "order");
    // Another account's order is "not found" from this connection's point of view.
    if (order.cust_id !== accountId) throw new SupplierError("not_found", `No such order: '${supplierOrderId}'`, SUPPLIER, { status: 404 });
    return mapOrder(order);
  }

  async function listPendingApprovals(): Promise<SupplierApprovalList> {
    const approvals: SupplierApproval[] = [];
    let unreadable = 0;
    const records = cursorItems(
      async (cursor) => {
        const body = await call({
          method: "GET",
          path: "/approvals",
          query: { approver: settings.approverLogin || undefined, cust_id: accountId, limit: HYGRADE_PAGE_MAX, starting_after: cursor ?? undefined },
        });
        const list = parseWire(approvalList, body, "approval list");
        return { items: list.data, hasMore: list.has_more, nextCursor: list.next_cursor ?? null };
      },
      { supplier: SUPPLIER, cursorOf: idOf },
    );
    for await (const raw of records) {
      const parsed = wireApproval.safeParse(raw);
      if (!parsed.success) {
        unreadable++;
        const issue = parsed.error.issues[0];
        const field = issue ? formatIssuePath(issue.path) : "(root)";
        try {
          logger.info(`[supplier:hygrade] left out approval ${idOf(raw) || "(no id)"} of ${accountId}: field '${field}' ${issue?.message ?? "is invalid"}`);
        } catch {
          // A broken logger must never hide the approvals that did parse.
        }
        continue;
      }
      // Approver queues are per Hygrade login, not per account: a client with several accounts must not see another account's orders.
      if (parsed.data.cust_id !== accountId || parsed.data.status !== "pending") continue;
      approvals.push(mapApproval(parsed.data));
    }
    return { approvals, unreadable };
  }

  async function decideApproval(approvalId: string, decision: SupplierApprovalDecision): Promise<SupplierApproval> {
    const path = `/approvals/${id(approvalId, "approval")}/${decision.approve ? "approve" : "reject"}`;
    let body: z.output<typeof wireRejectApproval> | undefined;
    if (!decision.approve) {
      const reason = wireRejectApproval.safeParse({ reason: decision.reason });
      if (!reason.success)
        throw new SupplierError("validation", "Hygrade needs a reason for a rejection (at most 1,000 characters).", SUPPLIER, { field: "reason" });
      body = reason.data;
    }
    const notPending = (details: SupplierError["details"] = {}) =>
      new SupplierError(
        "conflict",
        `Hygrade approval ${approvalId} is no longer waiting for a decision: it was already decided or withdrawn. Nothing was changed.`,
        SUPPLIER,
        {
          ...details,
          code: "approval_not_pending",
        },
      );
    // Scope first: only an approval pending on this connection's account may be decided (Hygrade has no GET for one approval).
    const pending = await listPendingApprovals();
    if (!pending.approvals.some((a) => a.approvalId === approvalId)) throw notPending();
    try {
      // A fresh key per decision: a lost answer is retried safely, while a second click is told it was already decided.
      const answer = await call({ method: "POST", path, body, idempotencyKey: `approval-${randomUUID()}` });
      return mapApproval(parseWire(wireApproval, answer, "approval"));
    } catch (error) {
      if (isSupplierError(error) && error.kind === "conflict") throw notPending(error.details);
      if (isSupplierError(error) && error.kind === "not_found") {
        throw new SupplierError("not_found", `Hygrade has no approval '${approvalId}'.`, SUPPLIER, { ...error.details, code: "approval_not_found" });
      }
      throw error;
    }
  }

  return {
    kind: "hygrade",
    async signIn() {
      await tokens.getToken();
    },
    // Hygrade cancels through its API only before production starts.
    capabilities: {
      placeOrder: true,
      cancelOrder: true,
      cancellableStatuses: ["pending_approval", "approved"],
      supplierApprovals: true,
      requiresPoNumber: true,
    },
    settings: { baseUrl, tokenUrl: settings.tokenUrl, clientId: settings.clientId, accountId },

    async searchCatalog(query: CatalogQuery): Promise<CatalogPage> {
      return catalogPage(query);
    },

    async listCategories(): Promise<CatalogCategory[]> {
      const cached = shared.categories;
      if (cached && Date.now() < cached.expiresAt) return cached.value;
      if (!shared.categoriesInflight) {
        shared.categoriesInflight = loadCategories().then(
          (value) => {
            shared.categories = { value, expiresAt: Date.now() + (options.categoryTtlMs ?? CATEGORY_TTL_MS) };
            shared.categoriesInflight = null;
            return value;
          },
          (error: unknown) => {
            shared.categoriesInflight = null;
            throw error;
          },
        );
      }
      return shared.categoriesInflight;
    },

    async getItem(supplierItemId: string): Promise<CatalogItem> {
      const body = await call({ method: "GET", path: `/catalog/items/${id(supplierItemId, "item")}`, query: { cust_id: accountId } });
      return mapCatalogItem(parseWire(wireCatalogItem, body, "catalog item"));
    },

    async getAccount(): Promise<SupplierAccount> {
      const body = await call({ method: "GET", path: `/customers/${encodeURIComponent(accountId)}` });
      return mapAccount(parseWire(wireCustomer, body, "customer"));
    },

    async placeOrder(request: PlaceOrderRequest): Promise<SupplierOrder> {
      if (!request.idempotencyKey) throw new SupplierError("validation", "An order needs an idempotency key.", SUPPLIER, { field: "idempotencyKey" });
      if (request.lines.length === 0) throw new SupplierError("validation", "An order needs at least one line.", SUPPLIER, { field: "items" });
      const body = await call({
        method: "POST",
        path: "/orders",
        idempotencyKey: request.idempotencyKey,
        body: {
          cust_id: accountId,
          shipping_address_id: request.shipToAddressId,
          cost_center: request.costCenterCode,
          po_number: request.poNumber,
          items: request.lines.map((l) => ({ item_code: l.itemCode, quantity: l.quantity })),
        },
      });
      const order = parseWire(wireOrder, body, "order");
      return mapOrder(order);
    },

    getOrder,
    listPendingApprovals,
    decideApproval,

    async cancelOrder(supplierOrderId: string, options: { idempotencyKey?: string } = {}): Promise<SupplierOrder> {
      // Scope first: another account's order is not ours to cancel.
      await getOrder(supplierOrderId);
      // A cancel is made retry-safe with the caller's key (or one derived from the order): a lost answer replays, never double-acts.
      const body = await call({
        method: "POST",
        path: `/orders/${id(supplierOrderId, "order")}/cancel`,
        idempotencyKey: options.idempotencyKey ?? `cancel-${supplierOrderId}`,
      });
      return mapOrder(parseWire(wireOrder, body, "order"));
    },
  };
}
