import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  type AnyPgColumn,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { ShipToAddress } from "@/server/suppliers/types";

// Money is stored as integer minor units (bigint, read as a JS number: safe to
// 2^53 cents) beside a three-letter currency column.
const minor = (name: string) => bigint(name, { mode: "number" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const ROLES = ["buyer", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const companies = pgTable("companies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  currency: text("currency").notNull().default("USD"),
  /** Requisitions whose total is above this wait for an approver; null means every requisition is approved at once. */
  approvalThresholdMinor: minor("approval_threshold_minor"),
  poNumberRequired: boolean("po_number_required").notNull().default(true),
  /** Next human requisition number (REQ-1001, ...), taken inside the checkout transaction. */
  nextRequisitionNumber: integer("next_requisition_number").notNull().default(1001),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    roles: text("roles").array().$type<Role[]>().notNull(),
    active: boolean("active").notNull().default(true),
    /** Preselected at checkout; set by an admin. */
    defaultCostCenterId: uuid("default_cost_center_id").references((): AnyPgColumn => costCenters.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`), index("users_company_idx").on(t.companyId)],
);

export const supplierConnections = pgTable(
  "supplier_connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id),
    supplier: text("supplier").$type<"hygrade">().notNull(),
    displayName: text("display_name").notNull(),
    baseUrl: text("base_url").notNull(),
    tokenUrl: text("token_url").notNull(),
    clientId: text("client_id").notNull(),
    /** AES-256-GCM sealed with the portal's key (server/secrets.ts); never leaves the server. */
    clientSecretSealed: text("client_secret_sealed").notNull(),
    accountId: text("account_id").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("supplier_connections_company_idx").on(t.companyId)],
);

export const costCenters = pgTable(
  "cost_centers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** The approver answerable for this cost center's spend; sees its reports. */
    ownerId: uuid("owner_id").references((): AnyPgColumn => users.id),
    glAccount: text("gl_account"),
    /** Budgets are kept in this currency; an order in another currency cannot be charged here. */
    currency: text("currency").notNull().default("USD"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("cost_centers_company_code_unique").on(t.companyId, t.code)],
);

/** Who may charge a cost center at checkout. */
export const costCenterUsers = pgTable(
  "cost_center_users",
  {
    costCenterId: uuid("cost_center_id").notNull().references(() => costCenters.id),
    userId: uuid("user_id").notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.costCenterId, t.userId] }), index("cost_center_users_user_idx").on(t.userId)],
);

export const BUDGET_PERIOD_KINDS = ["month", "quarter", "year"] as const;
export type BudgetPeriodKind = (typeof BUDGET_PERIOD_KINDS)[number];

/**
 * A cost center's budget for one period. Periods of one cost center never
 * overlap (checked under the cost center's row lock, since PGlite lacks
 * btree_gist for an exclusion constraint); changes go to the audit log.
 */
export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id),
    costCenterId: uuid("cost_center_id").notNull().references(() => costCenters.id),
    periodKind: text("period_kind").$type<BudgetPeriodKind>().notNull(),
    /** Inclusive, UTC midnight. */
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    /** Exclusive, UTC midnight. */
    periodEnd: timestamp("period_end", { withTimezone: true }).notNull(),
    amountMinor: minor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("budgets_cost_center_period_idx").on(t.costCenterId, t.periodStart),
    check("budgets_amount_not_negative", sql`${t.amountMinor} >= 0`),
    check("budgets_period_ordered", sql`${t.periodStart} < ${t.periodEnd}`),
  ],
);

export const SPEND_STATES = ["reserved", "committed", "released"] as const;
export type SpendState = (typeof SPEND_STATES)[number];

/**
 * What one supplier order takes from its cost center: reserved at submit,
 * committed when the supplier has it, released when it will not be bought.
 * One row per supplier order, moved by conditional updates, so the same money
 * is only ever in one state and a cancelled part releases only itself.
 */
export const costCenterSpend = pgTable(
  "cost_center_spend",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id),
    costCenterId: uuid("cost_center_id").notNull().references(() => costCenters.id),
    requisitionId: uuid("requisition_id").notNull().references(() => requisitions.id),
    supplierOrderId: uuid("supplier_order_id").notNull().references(() => supplierOrders.id),
    supplierConnectionId: uuid("supplier_connection_id").notNull().references(() => supplierConnections.id),
    state: text("state").$type<SpendState>().notNull(),
    amountMinor: minor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    /** When the requisition was submitted; decides which budget period it counts in. */
    chargedAt: timestamp("charged_at", { withTimezone: true }).notNull(),
    committedAt: timestamp("committed_at", { withTimezone: true }),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    releaseReason: text("release_reason"),
  },
  (t) => [
    uniqueIndex("cost_center_spend_supplier_order_unique").on(t.supplierOrderId),
    index("cost_center_spend_center_charged_idx").on(t.costCenterId, t.chargedAt),
    index("cost_center_spend_company_charged_idx").on(t.companyId, t.chargedAt),
  ],
);

/** A buyer's cart is the set of their lines; it lives here so it survives browsers and restarts. */
export const cartLines = pgTable(
  "cart_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id),
    userId: uuid("user_id").notNull().references(() => users.id),
    supplierConnectionId: uuid("supplier_connection_id").notNull().references(() => supplierConnections.id),
    supplierItemId: text("supplier_item_id").notNull(),
    itemCode: text("item_code").notNull(),
    name: text("name").notNull(),
    imageUrl: text("image_url"),
    quantity: integer("quantity").notNull(),
    /** The supplier's tiers when the line was last priced: [{minQuantity, amount}] in minor units. */
    priceTiers: jsonb("price_tiers").$type<{ minQuantity: number; amount: number }[]>().notNull(),
    currency: text("currency").notNull(),
    available: boolean("available").notNull().default(true),
    pricedAt: timestamp("priced_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("cart_lines_user_item_unique").on(t.userId, t.supplierConnectionId, t.supplierItemId),
    check("cart_lines_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

export const REQUISITION_STATUSES = ["pending_approval", "approved", "rejected", "withdrawn"] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];

/** The address as the supplier had it when the order was made; kept even if the supplier later changes it. */
export type ShipToSnapshot = Omit<ShipToAddress, "isDefault">;

export const requisitions = pgTable(
  "requisitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id),
    number: integer("number").notNull(),
    requesterId: uuid("requester_id").notNull().references(() => users.id),
    status: text("status").$type<RequisitionStatus>().notNull(),
    costCenterId: uuid("cost_center_id").notNull().references(() => costCenters.id),
    poNumber: text("po_number").notNull(),
    note: text("note"),
    totalMinor: minor("total_minor").notNull(),
    currency: text("currency").notNull(),
    /** The rule that decided whether it needed approval, in words, kept for the record. */
    approvalReason: text("approval_reason").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedById: uuid("decided_by_id").references(() => users.id),
    rejectionReason: text("rejection_reason"),
    /** Whether, at submit, this order took its cost center past the period's budget. */
    overBudget: boolean("over_budget").notNull().default(false),
    /** What the cost center's budget had left after this order, at submit; null when no budget covered the date. */
    budgetLeftAfterMinor: minor("budget_left_after_minor"),
  },
  (t) => [
    uniqueIndex("requisitions_company_number_unique").on(t.companyId, t.number),
    index("requisitions_company_status_idx").on(t.companyId, t.status),
    index("requisitions_requester_idx").on(t.requesterId),
  ],
);

export const SUPPLIER_ORDER_STATES = ["awaiting_approval", "queued", "placed", "failed", "not_sent"] as const;
/** The portal's side of sending: queued until the supplier has it, failed when the supplier refused it for good. */
export type SupplierOrderState = (typeof SUPPLIER_ORDER_STATES)[number];

/** One requisition becomes one order per supplier; its id is the idempotency key sent to that supplier. */
export const supplierOrders = pgTable(
  "supplier_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id),
    requisitionId: uuid("requisition_id").notNull().references(() => requisitions.id),
    supplierConnectionId: uuid("supplier_connection_id").notNull().references(() => supplierConnections.id),
    state: text("state").$type<SupplierOrderState>().notNull(),
    /** Each supplier keeps its own address book, so the ship-to is per supplier order. */
    shipTo: jsonb("ship_to").$type<ShipToSnapshot>().notNull(),
    subtotalMinor: minor("subtotal_minor").notNull(),
    currency: text("currency").notNull(),
    supplierOrderRef: text("supplier_order_ref"),
    supplierStatus: text("supplier_status"),
    supplierTotalMinor: minor("supplier_total_minor"),
    supplierTaxMinor: minor("supplier_tax_minor"),
    supplierShippingMinor: minor("supplier_shipping_minor"),
    /** The supplier's refusal in words (and the field it named), shown to the buyer. */
    failureMessage: text("failure_message"),
    failureField: text("failure_field"),
    placedAt: timestamp("placed_at", { withTimezone: true }),
    statusCheckedAt: timestamp("status_checked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("supplier_orders_requisition_idx").on(t.requisitionId)],
);

export const requisitionLines = pgTable(
  "requisition_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requisitionId: uuid("requisition_id").notNull().references(() => requisitions.id),
    supplierOrderId: uuid("supplier_order_id").notNull().references(() => supplierOrders.id),
    supplierItemId: text("supplier_item_id").notNull(),
    itemCode: text("item_code").notNull(),
    name: text("name").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: minor("unit_price_minor").notNull(),
    lineTotalMinor: minor("line_total_minor").notNull(),
    currency: text("currency").notNull(),
  },
  (t) => [index("requisition_lines_requisition_idx").on(t.requisitionId)],
);

/** Durable work for the suppliers: claimed by the worker, retried with backoff, never dropped. */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<"place_supplier_order">().notNull(),
    subjectId: uuid("subject_id").notNull(),
    state: text("state").$type<"pending" | "done" | "dead">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_due_idx").on(t.state, t.nextAttemptAt),
    uniqueIndex("outbox_kind_subject_unique").on(t.kind, t.subjectId),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id),
    actorId: uuid("actor_id").references(() => users.id),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_subject_idx").on(t.subjectType, t.subjectId)],
);
