import { sql } from "drizzle-orm";
import {
  customType,
  bigint,
  boolean,
  doublePrecision,
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
import type { PolicyRule } from "@/common/approval-policy";
import type { RequisitionStatus, SupplierOrderState } from "@/common/requisitions";
import type { Role } from "@/common/roles";
import type { SessionEndReason } from "@/common/sessions";
import type { ShipToSnapshot, SupplierCredentialKind, SupplierKind } from "@/common/suppliers";

// Money is stored as integer minor units (bigint, read as a JS number: safe to
// 2^53 cents) beside a three-letter currency column.
const minor = (name: string) => bigint(name, { mode: "number" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const companies = pgTable("companies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  currency: text("currency").notNull().default("USD"),
  /** Where the company works, as an IANA zone ("Europe/Berlin"), set by its admin at setup. */
  timeZone: text("time_zone").notNull().default("UTC"),
  /** Requisitions whose total is above this wait for an approver; null means every requisition is approved at once. */
  approvalThresholdMinor: minor("approval_threshold_minor"),
  poNumberRequired: boolean("po_number_required").notNull().default(true),
  /** The company's PO number format (server/domain/po-number-format.ts), checked at checkout; null: any PO number. */
  poNumberPattern: text("po_number_pattern"),
  /** A PO number in that format, shown to buyers beside the field. */
  poNumberExample: text("po_number_example"),
  /** Next human requisition number (REQ-1001, ...), taken inside the checkout transaction. */
  nextRequisitionNumber: integer("next_requisition_number").notNull().default(1001),
  /** An approval step waiting longer than this is escalated to the admins. */
  escalationHours: integer("escalation_hours").notNull().default(48),
  /** Approvers are reminded once a step has waited this long (before it escalates). */
  reminderHours: integer("reminder_hours").notNull().default(24),
  /** How far the total may rise between submit and placing (basis points: 200 = 2%) before it goes back to the requester. */
  priceToleranceBp: integer("price_tolerance_bp").notNull().default(200),
  /** The requester is reminded to record a receipt once the supplier said delivered this many days ago and nothing was received. */
  receiptReminderDays: integer("receipt_reminder_days").notNull().default(3),
  /**
   * Three-way match: an invoiced amount within this share of what was approved (basis points: 200 = 2%) or within the
   * absolute amount below, whichever is less, still matches.
   */
  matchToleranceBp: integer("match_tolerance_bp").notNull().default(200),
  matchToleranceMinor: minor("match_tolerance_minor").notNull().default(500),
  /** An invitation to join the company can be accepted for this many days after it was (last) sent. */
  invitationExpiryDays: integer("invitation_expiry_days").notNull().default(7),
  /** A signed-in session unused this long ends; the person signs in again. */
  sessionIdleMinutes: integer("session_idle_minutes").notNull().default(30),
  /** However busy, a session ends this long after sign-in (at most server/domain/sessions.ts's upper bound). */
  sessionAbsoluteHours: integer("session_absolute_hours").notNull().default(12),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** Null for a person who signs in only through single sign-on (created by SCIM or on first SSO sign-in). */
    passwordHash: text("password_hash"),
    roles: text("roles").array().$type<Role[]>().notNull(),
    active: boolean("active").notNull().default(true),
    /** Preselected at checkout; set by an admin. */
    defaultCostCenterId: uuid("default_cost_center_id").references((): AnyPgColumn => costCenters.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`), index("users_company_idx").on(t.companyId)],
);

/**
 * A named set of people in a company ("Facilities managers"), kept by an admin or by the identity provider over SCIM,
 * and named by approval rules: "a member of Finance approves", "requested by someone in Contractors".
 */
export const groups = pgTable(
  "groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    name: text("name").notNull(),
    /** The identity provider's id for the group, when SCIM keeps it. */
    externalId: text("external_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("groups_company_name_unique").on(t.companyId, sql`lower(${t.name})`), index("groups_company_idx").on(t.companyId)],
);

export const groupMembers = pgTable(
  "group_members",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("group_members_user_idx").on(t.userId), index("group_members_company_idx").on(t.companyId)],
);

/**
 * Where a person usually has a supplier deliver: preselected at checkout for that supplier while the supplier still
 * lists the address. Set by the person on their profile.
 */
export const shipToDefaults = pgTable(
  "ship_to_defaults",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    supplierConnectionId: uuid("supplier_connection_id")
      .notNull()
      .references((): AnyPgColumn => supplierConnections.id),
    supplierAddressId: text("supplier_address_id").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("ship_to_defaults_person_supplier_unique").on(t.userId, t.supplierConnectionId), index("ship_to_defaults_company_idx").on(t.companyId)],
);

/**
 * A bearer token the company's identity provider (Okta, Entra ID) provisions people with over SCIM. Shown once when an
 * admin creates it; only its SHA-256 and last four characters are kept. Revoking it refuses it at once.
 */
export const scimTokens = pgTable(
  "scim_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    lastFour: text("last_four").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("scim_tokens_token_hash_unique").on(t.tokenHash), index("scim_tokens_company_idx").on(t.companyId)],
);

/**
 * What the identity provider says about a person beyond what the portal keeps on users: its own id for them and their
 * name in parts. A row exists once SCIM has touched the person; `removed_at` is its DELETE (the person stays,
 * deactivated, with their history; SCIM no longer finds them).
 */
export const scimPeople = pgTable(
  "scim_people",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    externalId: text("external_id"),
    givenName: text("given_name"),
    familyName: text("family_name"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [index("scim_people_company_idx").on(t.companyId)],
);

/**
 * An admin's invitation to join the company. The link carries a random token; only its SHA-256 is looked up, and the
 * token itself is kept sealed (server/secrets.ts) so the invitation email and the admin's "copy link" can show it.
 * Resending replaces the token, so an older link stops working.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    /** Lower-cased. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    roles: text("roles").array().$type<Role[]>().notNull(),
    invitedById: uuid("invited_by_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    tokenSealed: text("token_sealed").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    /** The user the invitation became. */
    acceptedUserId: uuid("accepted_user_id").references(() => users.id),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_unique").on(t.tokenHash),
    // One open invitation per person per company, so two admins inviting at once cannot send two links.
    uniqueIndex("invitations_open_email_unique")
      .on(t.companyId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

/**
 * Failed password sign-ins, counted per account (the email typed, whether or not it has an account) and per address,
 * so guessing slows down (server/domain/sign-in-throttle.ts). A success clears the account's row.
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    /** "account:<lower-cased email>" or "address:<ip>". */
    key: text("key").primaryKey(),
    failures: integer("failures").notNull(),
    lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
    /** No password is checked for this key before then. */
    blockedUntil: timestamp("blocked_until", { withTimezone: true }),
  },
  (t) => [index("sign_in_failures_last_idx").on(t.lastFailureAt)],
);

/**
 * One sign-in: the cookie carries only this id, so ending the row ends the sign-in wherever the cookie is. Where and
 * when (user agent, ip) are for the person to recognise their own devices.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedReason: text("ended_reason").$type<SessionEndReason>(),
    userAgent: text("user_agent"),
    ip: text("ip"),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.endedAt)],
);

/**
 * A company's single sign-on (OpenID Connect): where its people sign in, which email domains it answers for, and how the
 * provider's role claim becomes portal roles. The client secret is sealed (server/secrets.ts) and never leaves the server.
 */
export const ssoConfigurations = pgTable(
  "sso_configurations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    issuer: text("issuer").notNull(),
    clientId: text("client_id").notNull(),
    clientSecretSealed: text("client_secret_sealed").notNull(),
    /** Lower-cased, without "@": the people whose email ends in one of these are sent to this provider. */
    allowedDomains: text("allowed_domains").array().notNull(),
    /** The ID token claim carrying the person's groups or roles ("groups", "roles"); null: everyone gets the default roles. */
    roleClaim: text("role_claim"),
    /** A claim value and the portal roles it gives, in order; values not listed give nothing. */
    roleMappings: jsonb("role_mappings").$type<{ value: string; roles: Role[] }[]>().notNull().default([]),
    /** What a person gets when no listed value of theirs matches. */
    defaultRoles: text("default_roles").array().$type<Role[]>().notNull(),
    /** Someone the provider vouches for but the portal does not know yet is created on their first sign-in. */
    jitEnabled: boolean("jit_enabled").notNull().default(false),
    /** The company's people may not sign in with a password. */
    required: boolean("required").notNull().default(false),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sso_configurations_company_unique").on(t.companyId)],
);

/**
 * One trip to a company's provider and back: started when the person is sent there (state, nonce and PKCE verifier,
 * the state only as its SHA-256), and, once the provider's answer is checked, the single-use ticket the sign-in page
 * redeems for a session (again only its SHA-256). Both expire within minutes.
 */
export const ssoSignIns = pgTable(
  "sso_sign_ins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    stateHash: text("state_hash").notNull(),
    nonce: text("nonce").notNull(),
    codeVerifier: text("code_verifier").notNull(),
    /** Where in the portal the person was going (a path). */
    returnTo: text("return_to").notNull().default("/"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Set when the provider's answer came back, accepted or not: a state is used once. */
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    userId: uuid("user_id").references(() => users.id),
    ticketHash: text("ticket_hash"),
    ticketExpiresAt: timestamp("ticket_expires_at", { withTimezone: true }),
    redeemedAt: timestamp("redeemed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sso_sign_ins_state_unique").on(t.stateHash), uniqueIndex("sso_sign_ins_ticket_unique").on(t.ticketHash)],
);

export const supplierConnections = pgTable(
  "supplier_connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    supplier: text("supplier").$type<SupplierKind>().notNull(),
    displayName: text("display_name").notNull(),
    baseUrl: text("base_url").notNull(),
    tokenUrl: text("token_url").notNull(),
    clientId: text("client_id").notNull(),
    /** AES-256-GCM sealed with the portal's key (server/secrets.ts); never leaves the server. */
    clientSecretSealed: text("client_secret_sealed").notNull(),
    /** The supplier-side user a password-grant connection signs in as (OrderCloud's buyer user); null for client credentials. */
    username: text("username"),
    /** That user's password, sealed like the client secret; null for client credentials. */
    passwordSealed: text("password_sealed"),
    accountId: text("account_id").notNull(),
    /**
     * The company decided once: its own approval chain answers this supplier's approval hold, so an order the supplier
     * holds after the chain approved it is approved there by the portal (audited) instead of asking the approver again.
     */
    portalApprovalAnswersHold: boolean("portal_approval_answers_hold").notNull().default(false),
    /**
     * What kind of credentials clientId and the sealed secret are: OAuth2 client credentials at tokenUrl (Hygrade,
     * Yodify, Orderspace), a user's password grant (OrderCloud) or HTTP Basic on every request (Hypatos).
     */
    credentialKind: text("credential_kind").$type<SupplierCredentialKind>().notNull().default("client_credentials"),
    /** Where a purchase order goes when the supplier's API takes no orders (Orderspace): its order desk's address. */
    orderEmail: text("order_email"),
    /** The unguessable last part of this connection's webhook path (/api/suppliers/webhooks/<key>); null: no webhook. */
    webhookKey: text("webhook_key"),
    /** The supplier's signing key for its webhook deliveries, sealed like the client secret. */
    webhookSecretSealed: text("webhook_secret_sealed"),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("supplier_connections_company_idx").on(t.companyId), uniqueIndex("supplier_connections_webhook_key_unique").on(t.webhookKey)],
);

export const costCenters = pgTable(
  "cost_centers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
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
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    costCenterId: uuid("cost_center_id")
      .notNull()
      .references(() => costCenters.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.costCenterId, t.userId] }), index("cost_center_users_user_idx").on(t.userId)],
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
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    costCenterId: uuid("cost_center_id")
      .notNull()
      .references(() => costCenters.id),
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
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    costCenterId: uuid("cost_center_id")
      .notNull()
      .references(() => costCenters.id),
    requisitionId: uuid("requisition_id")
      .notNull()
      .references(() => requisitions.id),
    supplierOrderId: uuid("supplier_order_id")
      .notNull()
      .references(() => supplierOrders.id),
    supplierConnectionId: uuid("supplier_connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    state: text("state").$type<SpendState>().notNull(),
    amountMinor: minor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    /** When the requisition was submitted; decides which budget period it counts in. */
    chargedAt: timestamp("charged_at", { withTimezone: true }).notNull(),
    committedAt: timestamp("committed_at", { withTimezone: true }),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    releaseReason: text("release_reason"),
    /** Set when the order's invoices matched (or a mismatch was accepted): amountMinor is then the invoiced amount. */
    invoicedAt: timestamp("invoiced_at", { withTimezone: true }),
    /** What was committed before the invoices replaced it, so the budget can show ordered against invoiced. */
    orderedMinor: minor("ordered_minor"),
  },
  (t) => [
    uniqueIndex("cost_center_spend_supplier_order_unique").on(t.supplierOrderId),
    // The spend report and the budget positions sum a range of charges: every column they read is in the index, so
    // a year of a company's spend is summed from the index alone (index-only scans), not from the table.
    index("cost_center_spend_center_charged_idx").on(t.costCenterId, t.chargedAt, t.state, t.currency, t.amountMinor, t.invoicedAt, t.orderedMinor),
    index("cost_center_spend_company_charged_idx").on(t.companyId, t.chargedAt, t.costCenterId, t.supplierConnectionId, t.state, t.currency, t.amountMinor),
  ],
);

/** A buyer's cart is the set of their lines; it lives here so it survives browsers and restarts. */
export const cartLines = pgTable(
  "cart_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    supplierConnectionId: uuid("supplier_connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    supplierItemId: text("supplier_item_id").notNull(),
    itemCode: text("item_code").notNull(),
    name: text("name").notNull(),
    imageUrl: text("image_url"),
    /** The supplier's category, for approval rules on categories. */
    categoryId: text("category_id"),
    categoryName: text("category_name"),
    quantity: integer("quantity").notNull(),
    /** The supplier's tiers when the line was last priced: [{minQuantity, amount}] in minor units. */
    priceTiers: jsonb("price_tiers").$type<{ minQuantity: number; amount: number }[]>().notNull(),
    currency: text("currency").notNull(),
    available: boolean("available").notNull().default(true),
    /** The most the supplier would sell when last asked (its stock), or null when it sets no limit. */
    maxQuantity: integer("max_quantity"),
    pricedAt: timestamp("priced_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("cart_lines_user_item_unique").on(t.userId, t.supplierConnectionId, t.supplierItemId),
    check("cart_lines_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

export const requisitions = pgTable(
  "requisitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    number: integer("number").notNull(),
    requesterId: uuid("requester_id")
      .notNull()
      .references(() => users.id),
    status: text("status").$type<RequisitionStatus>().notNull(),
    costCenterId: uuid("cost_center_id")
      .notNull()
      .references(() => costCenters.id),
    poNumber: text("po_number").notNull(),
    note: text("note"),
    /** The day the requester needs the goods by ("2026-12-15"); sent to suppliers whose API takes it, shown to approvers. */
    neededBy: text("needed_by"),
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
    /** Edited and resubmitted after a rejection or a return: each revision has its own lines, orders and chain. */
    revision: integer("revision").notNull().default(1),
    /** The policy version the current revision's chain came from; later policy changes do not touch it. */
    policyVersionId: uuid("policy_version_id"),
    /** Why it came back to the requester before placing: what changed at the supplier. */
    returnedChanges: jsonb("returned_changes").$type<{ itemCode: string; supplierName: string; change: string }[]>(),
  },
  (t) => [
    uniqueIndex("requisitions_company_number_unique").on(t.companyId, t.number),
    // The order history, newest first a page at a time by (submitted_at, id): a person's own, one status of the
    // company's, or the whole company's; each page starts where the last ended, so a deep page costs what the first does.
    index("requisitions_requester_submitted_idx").on(t.companyId, t.requesterId, t.submittedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("requisitions_company_status_submitted_idx").on(t.companyId, t.status, t.submittedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("requisitions_company_submitted_idx").on(t.companyId, t.submittedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

/** One requisition becomes one order per supplier; its id is the idempotency key sent to that supplier. */
export const supplierOrders = pgTable(
  "supplier_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    requisitionId: uuid("requisition_id")
      .notNull()
      .references(() => requisitions.id),
    supplierConnectionId: uuid("supplier_connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    revision: integer("revision").notNull().default(1),
    state: text("state").$type<SupplierOrderState>().notNull(),
    /** Each supplier keeps its own address book, so the ship-to is per supplier order. */
    shipTo: jsonb("ship_to").$type<ShipToSnapshot>().notNull(),
    subtotalMinor: minor("subtotal_minor").notNull(),
    /**
     * The tax and shipping expected on top of the lines, estimated at submit from the company's earlier orders with
     * this supplier (server/domain/expected-total.ts); null when there was nothing to estimate from.
     */
    estimatedTaxRateBps: integer("estimated_tax_rate_bps"),
    estimatedShippingMinor: minor("estimated_shipping_minor"),
    currency: text("currency").notNull(),
    supplierOrderRef: text("supplier_order_ref"),
    supplierStatus: text("supplier_status"),
    /** What the supplier last said of where the order stands: who must approve it while held, or why it declined it. */
    supplierNote: text("supplier_note"),
    supplierTotalMinor: minor("supplier_total_minor"),
    supplierTaxMinor: minor("supplier_tax_minor"),
    supplierShippingMinor: minor("supplier_shipping_minor"),
    /** The supplier's refusal in words (and the field it named), shown to the buyer. */
    failureMessage: text("failure_message"),
    failureField: text("failure_field"),
    placedAt: timestamp("placed_at", { withTimezone: true }),
    statusCheckedAt: timestamp("status_checked_at", { withTimezone: true }),
    /** Placed by accepting this quote at the supplier (at its quoted prices) instead of a new order. */
    supplierQuoteId: uuid("supplier_quote_id").references((): AnyPgColumn => supplierQuotes.id),
    /** When its receipts first covered every line (server/domain/receipts.ts); null again after a reversal takes that back. */
    receivedAt: timestamp("received_at", { withTimezone: true }),
    /** When the requester was reminded that it was delivered and nothing was received yet (once per order). */
    receiptRemindedAt: timestamp("receipt_reminded_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("supplier_orders_requisition_idx").on(t.requisitionId),
    // A checkout's tax and shipping estimate reads a company's latest orders with one supplier (expected-totals.ts):
    // without this it walked every company's orders newest first, seconds on a million requisitions.
    index("supplier_orders_company_supplier_placed_idx").on(t.companyId, t.supplierConnectionId, t.placedAt),
  ],
);

export const requisitionLines = pgTable(
  "requisition_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    requisitionId: uuid("requisition_id")
      .notNull()
      .references(() => requisitions.id),
    supplierOrderId: uuid("supplier_order_id")
      .notNull()
      .references(() => supplierOrders.id),
    supplierItemId: text("supplier_item_id").notNull(),
    itemCode: text("item_code").notNull(),
    name: text("name").notNull(),
    categoryId: text("category_id"),
    categoryName: text("category_name"),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: minor("unit_price_minor").notNull(),
    lineTotalMinor: minor("line_total_minor").notNull(),
    currency: text("currency").notNull(),
    revision: integer("revision").notNull().default(1),
    /** An approver took this line out while approving the rest; the reason is shown to the requester. */
    rejectedReason: text("rejected_reason"),
    rejectedById: uuid("rejected_by_id").references(() => users.id),
  },
  (t) => [index("requisition_lines_requisition_idx").on(t.requisitionId)],
);

/** Durable work for the suppliers: claimed by the worker, retried with backoff, never dropped. */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    kind: text("kind")
      .$type<"place_supplier_order" | "send_email" | "send_purchase_order" | "supplier_webhook" | "hypatos_push" | "send_invitation">()
      .notNull(),
    subjectId: uuid("subject_id").notNull(),
    state: text("state").$type<"pending" | "done" | "dead">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    /** The request that queued the work (x-request-id), so the worker's and the supplier calls' log lines carry it. */
    requestId: text("request_id"),
    createdAt: createdAt(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [index("outbox_due_idx").on(t.state, t.nextAttemptAt), uniqueIndex("outbox_kind_subject_unique").on(t.companyId, t.kind, t.subjectId)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    actorId: uuid("actor_id").references(() => users.id),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_subject_idx").on(t.subjectType, t.subjectId),
    // The admin's view: one company's entries newest first, a page at a time by (at, id); and one person's.
    index("audit_log_company_at_idx").on(t.companyId, t.at.desc(), t.id.desc()),
    index("audit_log_company_actor_at_idx").on(t.companyId, t.actorId, t.at.desc()),
  ],
);

/**
 * The company's approval policy, one row per version. A new version is a new
 * row; requisitions keep the version they were submitted under.
 */
export const approvalPolicyVersions = pgTable(
  "approval_policy_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    version: integer("version").notNull(),
    /** PolicyRule[] (server/domain/approval-policy.ts), validated on save. */
    rules: jsonb("rules").$type<PolicyRule[]>().notNull(),
    note: text("note").notNull().default(""),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("approval_policy_versions_company_version_unique").on(t.companyId, t.version)],
);

export const APPROVAL_STEP_STATES = ["waiting", "pending", "approved", "rejected", "skipped"] as const;
/** waiting: an earlier level is still open; pending: in approvers' inboxes; skipped: the requisition ended before it. */
export type ApprovalStepState = (typeof APPROVAL_STEP_STATES)[number];

export const approvalSteps = pgTable(
  "approval_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    requisitionId: uuid("requisition_id")
      .notNull()
      .references(() => requisitions.id),
    revision: integer("revision").notNull(),
    position: integer("position").notNull(),
    level: integer("level").notNull(),
    ruleId: text("rule_id").notNull(),
    mode: text("mode").$type<"any" | "all">().notNull(),
    reasons: text("reasons").array().notNull(),
    fellBackToAdmins: boolean("fell_back_to_admins").notNull().default(false),
    state: text("state").$type<ApprovalStepState>().notNull(),
    /** When it reached the approvers' inboxes; escalation counts from here. */
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("approval_steps_requisition_idx").on(t.requisitionId, t.revision), index("approval_steps_pending_idx").on(t.companyId, t.state)],
);

/** Who may decide a step, and what each decided; a delegate's decision records both people. */
export const approvalStepApprovers = pgTable(
  "approval_step_approvers",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    stepId: uuid("step_id")
      .notNull()
      .references(() => approvalSteps.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** policy: the rule named them; admin_fallback: nobody the rule named could; escalation: added when it waited too long. */
    source: text("source").$type<"policy" | "admin_fallback" | "escalation">().notNull(),
    decision: text("decision").$type<"approved" | "rejected">(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** The person who acted: the approver, or their delegate. */
    decidedById: uuid("decided_by_id").references(() => users.id),
    reason: text("reason"),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.stepId, t.userId] }), index("approval_step_approvers_user_idx").on(t.userId)],
);

/** Out of office: an approver's items go to the delegate from startsAt to endsAt. */
export const approvalDelegations = pgTable(
  "approval_delegations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    approverId: uuid("approver_id")
      .notNull()
      .references(() => users.id),
    delegateId: uuid("delegate_id")
      .notNull()
      .references(() => users.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    index("approval_delegations_approver_idx").on(t.approverId),
    index("approval_delegations_delegate_idx").on(t.delegateId),
    check("approval_delegations_range", sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

/** In-app notifications; the email copy, when SMTP is set, goes through the outbox. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    link: text("link"),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

/** Postgres full-text document; written by the database (a generated column), only read here. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** A file's bytes; PGlite and node-postgres both answer a Uint8Array (node-postgres a Buffer, which is one). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * The catalog mirror: every supplier connection's items, synced through its
 * connector, so searching across suppliers never waits on one of them.
 * Prices and availability shown here are the last sync's; the cart and
 * checkout still ask the supplier live.
 */
export const catalogItems = pgTable(
  "catalog_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    supplierItemId: text("supplier_item_id").notNull(),
    itemCode: text("item_code").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    categoryId: text("category_id"),
    categoryName: text("category_name"),
    /** The maker, where the supplier names one (Yodify's brands); apart from the category, so each has its own filter. */
    brandId: text("brand_id"),
    brandName: text("brand_name"),
    imageUrl: text("image_url"),
    available: boolean("available").notNull(),
    /** The lowest tier's unit price (what "as low as $x" shows), minor units. */
    priceFromMinor: minor("price_from_minor").notNull(),
    /** The price a list shows (shownPrice: the price of one, or of the first tier's minimum), which price filters and sorts use. */
    priceMinor: minor("price_minor").notNull(),
    currency: text("currency").notNull(),
    priceTiers: jsonb("price_tiers").$type<{ minQuantity: number; amount: number }[]>().notNull(),
    leadTimeDays: integer("lead_time_days"),
    searchDoc: tsvector("search_doc").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(item_code, '') || ' ' || replace(coalesce(item_code, ''), '-', ' ')), 'A') || setweight(to_tsvector('english', coalesce(name, '')), 'A') || setweight(to_tsvector('english', coalesce(category_name, '') || ' ' || coalesce(brand_name, '')), 'B') || setweight(to_tsvector('english', coalesce(description, '')), 'C')`,
    ),

    /** The sync run that last saw it; items a finished full sync did not see are delisted. */
    lastSyncRunId: uuid("last_sync_run_id"),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
    delistedAt: timestamp("delisted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("catalog_items_connection_item_unique").on(t.connectionId, t.supplierItemId),
    // text_pattern_ops: what a code prefix (lower(item_code) like 'fm-00%') can walk, whatever the database's collation.
    index("catalog_items_company_code_idx").on(t.companyId, sql`lower(${t.itemCode}) text_pattern_ops`),
    index("catalog_items_search_idx").using("gin", t.searchDoc),
    index("catalog_items_company_price_idx").on(t.companyId, t.priceMinor),
    // Browsing without a search word lists by name: the first page comes off this index instead of sorting every item.
    index("catalog_items_company_name_idx")
      .on(t.companyId, t.name, t.itemCode)
      .where(sql`${t.delistedAt} is null`),
  ],
);

export const CATALOG_FACET_KINDS = ["category", "brand"] as const;
export type CatalogFacetKind = (typeof CATALOG_FACET_KINDS)[number];

/**
 * The categories and brands each connection's listed items carry, with how many items: the catalog's two filters,
 * rebuilt for a connection whenever its mirror changes (the end of a sync), so a search reads a few rows instead of
 * scanning every item of the company.
 */
export const catalogFacets = pgTable(
  "catalog_facets",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    kind: text("kind").$type<CatalogFacetKind>().notNull(),
    facetId: text("facet_id").notNull(),
    name: text("name").notNull(),
    itemCount: integer("item_count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.kind, t.facetId] }), index("catalog_facets_company_idx").on(t.companyId)],
);

/**
 * Every word of a company's mirrored items (code, name, category, brand, description), lower case: what a misspelt
 * search word is matched against (pg_trgm finds the candidates, the search keeps those a typo away). The sync adds the
 * words of each page it writes; a word of a delisted item stays, harmless, since the search still asks the mirror.
 */
export const catalogWords = pgTable(
  "catalog_words",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    word: text("word").notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.word] }), index("catalog_words_trigram_idx").using("gin", t.word.op("gin_trgm_ops"))],
);

/** A sync that hits an error stays "running" with its cursor (resumed next time); "failed" is kept for runs given up by hand. */
export const CATALOG_SYNC_STATES = ["running", "done", "failed"] as const;

/** One sync of one supplier connection's catalog: resumable from its cursor after a crash, progress for the admin. */
export const catalogSyncRuns = pgTable(
  "catalog_sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    state: text("state").$type<(typeof CATALOG_SYNC_STATES)[number]>().notNull(),
    /** Where the next page starts; null before the first page. */
    cursor: text("cursor"),
    pagesDone: integer("pages_done").notNull().default(0),
    itemsDone: integer("items_done").notNull().default(0),
    /** When the supplier says how many there are; otherwise the last full sync's count. */
    itemsTotal: integer("items_total"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    /** A running sync whose heartbeat stopped (the process died) is taken over and resumed. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    lastError: text("last_error"),
    errorCount: integer("error_count").notNull().default(0),
    /**
     * "full" walks the whole catalog (and delists what it did not see); "new_items" asks only for
     * items added after `sinceItemId`, where the supplier's API can say so (Yodify's SinceId).
     */
    kind: text("kind").$type<CatalogSyncKind>().notNull().default("full"),
    sinceItemId: text("since_item_id"),
  },
  (t) => [index("catalog_sync_runs_connection_idx").on(t.connectionId, t.startedAt)],
);

export const CATALOG_SYNC_KINDS = ["full", "new_items"] as const;
export type CatalogSyncKind = (typeof CATALOG_SYNC_KINDS)[number];

/**
 * A shipment the supplier reported for one of our supplier orders (carrier, tracking), refreshed
 * with the order's status. Keyed by the supplier's own shipment id, so a refresh updates in place.
 */
export const supplierShipments = pgTable(
  "supplier_shipments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    supplierOrderId: uuid("supplier_order_id")
      .notNull()
      .references(() => supplierOrders.id),
    supplierShipmentRef: text("supplier_shipment_ref").notNull(),
    status: text("status").notNull(),
    carrierName: text("carrier_name"),
    trackingNumber: text("tracking_number"),
    trackingUrl: text("tracking_url"),
    shippedAt: timestamp("shipped_at", { withTimezone: true }),
    estimatedDeliveryAt: timestamp("estimated_delivery_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("supplier_shipments_order_ref_unique").on(t.supplierOrderId, t.supplierShipmentRef)],
);

export const SUPPLIER_QUOTE_STATUSES = ["requested", "offered", "accepted", "ordered", "declined", "cancelled", "expired", "closed"] as const;
export type SupplierQuoteStatus = (typeof SUPPLIER_QUOTE_STATUSES)[number];

export interface SupplierQuoteLine {
  supplierItemId: string;
  itemCode: string;
  name: string;
  imageUrl: string | null;
  categoryId: string | null;
  categoryName: string | null;
  quantity: number;
  /** What the cart priced it at when the quote was asked for, minor units. */
  listUnitPriceMinor: number;
  /** The supplier's quoted unit price, once it has sent the quote back. */
  quotedUnitPriceMinor: number | null;
}

/**
 * A buyer's request for a supplier's quote on cart lines. Accepting an offered quote checks it
 * out as a requisition (cost center, PO, approval chain as usual); the supplier order it creates
 * is placed by accepting the quote at the supplier once approved.
 */
export const supplierQuotes = pgTable(
  "supplier_quotes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    requesterId: uuid("requester_id")
      .notNull()
      .references(() => users.id),
    supplierConnectionId: uuid("supplier_connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    supplierQuoteRef: text("supplier_quote_ref"),
    quoteNumber: text("quote_number"),
    status: text("status").$type<SupplierQuoteStatus>().notNull(),
    supplierStatus: text("supplier_status"),
    lines: jsonb("lines").$type<SupplierQuoteLine[]>().notNull(),
    currency: text("currency").notNull(),
    listSubtotalMinor: minor("list_subtotal_minor").notNull(),
    quotedSubtotalMinor: minor("quoted_subtotal_minor"),
    note: text("note"),
    declineReason: text("decline_reason"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** When a quote that came to nothing had its lines put back in the cart (once only). */
    returnedToCartAt: timestamp("returned_to_cart_at", { withTimezone: true }),
    /** Set when an accepted quote was checked out. */
    requisitionId: uuid("requisition_id").references((): AnyPgColumn => requisitions.id),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("supplier_quotes_company_idx").on(t.companyId, t.createdAt)],
);

/**
 * An order list (order guide): a named list of items with usual quantities, private to its owner
 * or shared with the whole company; added to the cart in one go.
 */
export const orderLists = pgTable(
  "order_lists",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    /** Shared lists are seen and used by everyone in the company; only the owner (or an admin) changes them. */
    shared: boolean("shared").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("order_lists_company_idx").on(t.companyId), uniqueIndex("order_lists_owner_name_unique").on(t.ownerId, sql`lower(${t.name})`)],
);

export const orderListItems = pgTable(
  "order_list_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    orderListId: uuid("order_list_id")
      .notNull()
      .references(() => orderLists.id, { onDelete: "cascade" }),
    supplierConnectionId: uuid("supplier_connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    supplierItemId: text("supplier_item_id").notNull(),
    itemCode: text("item_code").notNull(),
    name: text("name").notNull(),
    quantity: integer("quantity").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("order_list_items_item_unique").on(t.companyId, t.orderListId, t.supplierConnectionId, t.supplierItemId),
    check("order_list_items_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

/**
 * The purchase order document the portal issued for a supplier order its supplier's API could not take (Orderspace):
 * one per supplier order, rendered again from these facts whenever it is downloaded. Emailed once to the connection's
 * order address through the outbox; linked once the supplier's staff have entered an order with its PO number, and
 * what they entered compared with what was approved.
 */
export const purchaseOrders = pgTable(
  "purchase_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    supplierOrderId: uuid("supplier_order_id")
      .notNull()
      .references(() => supplierOrders.id),
    poNumber: text("po_number").notNull(),
    paymentTerms: text("payment_terms"),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    emailTo: text("email_to"),
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
    /** When the supplier's entered order was found and linked. */
    linkedAt: timestamp("linked_at", { withTimezone: true }),
    supplierOrderNumber: text("supplier_order_number"),
    /** What the entered order has that was not approved, one sentence each; empty when it matches. */
    differences: jsonb("differences").$type<string[]>(),
  },
  (t) => [uniqueIndex("purchase_orders_supplier_order_unique").on(t.supplierOrderId)],
);

/** Invoices a supplier raised for a placed order, kept for matching against what was ordered and received. */
export const supplierInvoices = pgTable(
  "supplier_invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    supplierOrderId: uuid("supplier_order_id")
      .notNull()
      .references(() => supplierOrders.id),
    /** The supplier's own id for it (Orderspace's invoice id), or the uploaded document's id for an uploaded one. */
    supplierInvoiceRef: text("supplier_invoice_ref").notNull(),
    /** Where it came from: the supplier's API, an uploaded file read by Hypatos, or typed in by hand from a file. */
    source: text("source").$type<"supplier" | "upload" | "manual">().notNull().default("supplier"),
    number: text("number").notNull(),
    invoiceDate: text("invoice_date").notNull(),
    dueDate: text("due_date"),
    paid: boolean("paid").notNull(),
    netMinor: minor("net_minor").notNull(),
    totalMinor: minor("total_minor").notNull(),
    currency: text("currency").notNull(),
    lines: jsonb("lines")
      .$type<{ itemCode: string | null; description: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number }[]>()
      .notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("supplier_invoices_order_ref_unique").on(t.supplierOrderId, t.supplierInvoiceRef)],
);

/**
 * Webhook deliveries whose signature checked out, kept by the digest of their raw body: the same delivery twice is
 * stored once and worked once (the outbox processes it).
 */
export const supplierWebhookDeliveries = pgTable(
  "supplier_webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    bodySha256: text("body_sha256").notNull(),
    body: text("body").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("supplier_webhook_deliveries_digest_unique").on(t.companyId, t.connectionId, t.bodySha256)],
);

/**
 * A goods receipt: what arrived of one placed supplier order, as the person at the dock recorded it. Never edited; a
 * mistake is corrected by a reversing receipt (reversesReceiptId) whose lines are the original's negated.
 */
export const receipts = pgTable(
  "receipts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    supplierOrderId: uuid("supplier_order_id")
      .notNull()
      .references(() => supplierOrders.id),
    receivedById: uuid("received_by_id")
      .notNull()
      .references(() => users.id),
    /** The day the goods arrived ("2026-12-15"). */
    receivedOn: text("received_on").notNull(),
    deliveryNoteNumber: text("delivery_note_number"),
    reversesReceiptId: uuid("reverses_receipt_id").references((): AnyPgColumn => receipts.id),
    /** Why a receipt was reversed (required on a reversal). */
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [index("receipts_supplier_order_idx").on(t.supplierOrderId), uniqueIndex("receipts_reverses_unique").on(t.reversesReceiptId)],
);

export const receiptLines = pgTable(
  "receipt_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    receiptId: uuid("receipt_id")
      .notNull()
      .references(() => receipts.id),
    /** The order line (requisition line) the goods were for. */
    requisitionLineId: uuid("requisition_line_id")
      .notNull()
      .references(() => requisitionLines.id),
    /** What arrived, rejected part included; negative only on a reversing receipt. */
    quantityReceived: integer("quantity_received").notNull(),
    /** Of what arrived, what was refused at the dock (damaged, wrong item). */
    quantityRejected: integer("quantity_rejected").notNull().default(0),
    rejectionReason: text("rejection_reason"),
    /** Why more was kept than was ordered. */
    overReceiptReason: text("over_receipt_reason"),
  },
  (t) => [index("receipt_lines_receipt_idx").on(t.receiptId), index("receipt_lines_line_idx").on(t.requisitionLineId)],
);

/** Who else may receive goods delivered to one of a supplier's ship-to addresses (besides the requester and admins). */
export const shipToReceivers = pgTable(
  "ship_to_receivers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    supplierConnectionId: uuid("supplier_connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    /** The supplier's own id of the address (ShipToSnapshot.supplierAddressId). */
    supplierAddressId: text("supplier_address_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ship_to_receivers_unique").on(t.supplierConnectionId, t.supplierAddressId, t.userId),
    index("ship_to_receivers_company_idx").on(t.companyId),
  ],
);

export const MATCH_REVIEW_DECISIONS = ["accepted", "disputed"] as const;
export type MatchReviewDecision = (typeof MATCH_REVIEW_DECISIONS)[number];

/**
 * What accounts payable decided about an order whose invoices did not match: accepted with a reason (its invoices are
 * then committed as spend), or disputed with a note for the supplier. The newest row is the order's standing; each
 * decision is kept, and a change of the figures after it (a new invoice or receipt) opens it again.
 */
export const matchReviews = pgTable(
  "match_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    supplierOrderId: uuid("supplier_order_id")
      .notNull()
      .references(() => supplierOrders.id),
    decision: text("decision").$type<MatchReviewDecision>().notNull(),
    reason: text("reason").notNull(),
    /** The match as it stood when decided (its state and the fingerprint of the figures), so a change reopens it. */
    matchState: text("match_state").notNull(),
    fingerprint: text("fingerprint").notNull(),
    decidedById: uuid("decided_by_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("match_reviews_order_idx").on(t.supplierOrderId, t.createdAt)],
);

/**
 * A company's accounts-payable service (Hypatos): where its uploaded invoices are read and its orders and receipts
 * are pushed for matching. One per company; the secret is sealed like a supplier connection's.
 */
export const accountsPayableConnections = pgTable(
  "accounts_payable_connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    service: text("service").$type<"hypatos">().notNull().default("hypatos"),
    /** …/v2 */
    baseUrl: text("base_url").notNull(),
    tokenUrl: text("token_url").notNull(),
    clientId: text("client_id").notNull(),
    clientSecretSealed: text("client_secret_sealed").notNull(),
    /** The Hypatos project uploaded invoices are processed in. */
    projectId: text("project_id").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("accounts_payable_connections_company_unique").on(t.companyId)],
);

export const INVOICE_DOCUMENT_STATES = ["uploading", "processing", "extracted", "linked", "unlinked", "failed", "rejected"] as const;
export type InvoiceDocumentState = (typeof INVOICE_DOCUMENT_STATES)[number];

/**
 * A supplier's invoice as a file an accounts-payable user uploaded (on an order, or several on the invoices page):
 * kept with its bytes so a failed reading can be retried, sent to Hypatos and polled until its entities are
 * extracted, then linked to its supplier order by PO number (or the supplier's order reference) as a supplier invoice.
 */
export const invoiceDocuments = pgTable(
  "invoice_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    /** The order it was uploaded on; null when dropped on the invoices page and not linked yet. */
    supplierOrderId: uuid("supplier_order_id").references(() => supplierOrders.id),
    uploadedById: uuid("uploaded_by_id")
      .notNull()
      .references(() => users.id),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    bytes: bytea("bytes").notNull(),
    state: text("state").$type<InvoiceDocumentState>().notNull().default("uploading"),
    hypatosFileId: text("hypatos_file_id"),
    hypatosDocumentId: text("hypatos_document_id"),
    /** What Hypatos read from it (header and lines), as validated at the edge; kept for entering by hand. */
    extracted: jsonb("extracted").$type<Record<string, unknown>>(),
    /** Why reading or linking it failed, in words a person reads. */
    problem: text("problem"),
    nextPollAt: timestamp("next_poll_at", { withTimezone: true }),
    pollAttempts: integer("poll_attempts").notNull().default(0),
    supplierInvoiceId: uuid("supplier_invoice_id").references((): AnyPgColumn => supplierInvoices.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invoice_documents_company_idx").on(t.companyId, t.createdAt), index("invoice_documents_poll_idx").on(t.state, t.nextPollAt)],
);

export const HYPATOS_PUSH_RESOURCES = ["purchase-orders", "goods-receipts"] as const;
export const HYPATOS_PUSH_ACTIONS = ["insert", "update", "delete"] as const;

/**
 * One push of an order's facts to the accounts-payable service: the purchase order when placed, each receipt as a
 * goods receipt, changes as updates, a cancellation as a delete. Worked through the outbox (kind hypatos_push, subject
 * this row), so each happens once and is retried with backoff; the row says how it went for the admins' page.
 */
export const hypatosPushes = pgTable(
  "hypatos_pushes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    supplierOrderId: uuid("supplier_order_id")
      .notNull()
      .references(() => supplierOrders.id),
    resource: text("resource").$type<(typeof HYPATOS_PUSH_RESOURCES)[number]>().notNull(),
    action: text("action").$type<(typeof HYPATOS_PUSH_ACTIONS)[number]>().notNull(),
    /** Our id for the record at Hypatos: the supplier order's id, or the receipt's. */
    externalId: text("external_id").notNull(),
    state: text("state").$type<"pending" | "sent" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    hypatosId: text("hypatos_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("hypatos_pushes_order_idx").on(t.supplierOrderId, t.createdAt), index("hypatos_pushes_company_idx").on(t.companyId, t.state)],
);

export const SUPPLIER_INTENT_KINDS = ["supplier_order.cancel", "supplier_quote.decline", "supplier_approval.decide"] as const;
export type SupplierIntentKind = (typeof SUPPLIER_INTENT_KINDS)[number];
/**
 * pending: asked of the supplier, or about to be, and not yet recorded on the portal's side; done: both sides agree;
 * failed: the supplier refused (outcome holds its words); not_done: the supplier never made the change (found by reading it back).
 */
export const SUPPLIER_INTENT_STATUSES = ["pending", "done", "failed", "not_done"] as const;
export type SupplierIntentStatus = (typeof SUPPLIER_INTENT_STATUSES)[number];

/**
 * A change a person asks of a supplier, written down before the supplier is asked (server/supplier-intents/), so that
 * a supplier that acted while the portal could not record it, or that did not answer, is found and finished by the
 * worker instead of the two sides disagreeing silently.
 */
export const supplierIntents = pgTable(
  "supplier_intents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    /** Who asked for the change. */
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    supplierConnectionId: uuid("supplier_connection_id")
      .notNull()
      .references(() => supplierConnections.id),
    kind: text("kind").$type<SupplierIntentKind>().notNull(),
    /** The portal's object the change lands on (a supplier order, a quote, or the connection for an order placed elsewhere). */
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
    /** The supplier's own id of what is changed (its order, quote or approval). */
    supplierRef: text("supplier_ref").notNull(),
    /** Sent with the call where the supplier's API takes one, so a retry can never act twice. */
    idempotencyKey: text("idempotency_key"),
    /** What was asked (the reason, the decision), for the call, the record and the audit. */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<SupplierIntentStatus>().notNull().default("pending"),
    /** The supplier's words on a refusal, or what was recorded. */
    outcome: text("outcome"),
    /** When the supplier is known to have made the change (its answer came back). */
    supplierActedAt: timestamp("supplier_acted_at", { withTimezone: true }),
    /** Not before this does the worker look at a pending intent: the person's own request holds it until then. */
    nextCheckAt: timestamp("next_check_at", { withTimezone: true }).notNull().defaultNow(),
    checks: integer("checks").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    // One change at a time per supplier object: a second cancel while one is pending is refused.
    uniqueIndex("supplier_intents_one_pending")
      .on(t.supplierConnectionId, t.supplierRef)
      .where(sql`${t.status} = 'pending'`),
    index("supplier_intents_due_idx").on(t.status, t.nextCheckAt),
    index("supplier_intents_subject_idx").on(t.subjectId),
  ],
);

/**
 * Periodic worker jobs (escalations, reminders, status refreshes) claimed by one worker at a time across every
 * instance: a row per job, taken while `locked_until` has passed. Finishing sets it to when the job is next due, so
 * the schedule is shared too; a worker that dies mid-job simply lets its lease run out.
 */
export const workerJobLeases = pgTable("worker_job_leases", {
  name: text("name").primaryKey(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }).notNull(),
  holder: text("holder").notNull(),
});

/** Each worker process's last pass, for /api/ready (worker alive). */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  beatAt: timestamp("beat_at", { withTimezone: true }).notNull(),
});

/**
 * A supplier connection's rate limit shared by every instance (GCRA): the theoretical arrival time of the next request
 * and the pause a 429 asked for, both in epoch ms of the database's clock, so machines with different clocks agree.
 */
export const supplierRateBuckets = pgTable("supplier_rate_buckets", {
  key: text("key").primaryKey(),
  tatMs: doublePrecision("tat_ms").notNull(),
  pausedUntilMs: doublePrecision("paused_until_ms").notNull().default(0),
  /** Whether the last request was let through, and the database time it asked at: what the single UPDATE returns. */
  allowed: boolean("allowed").notNull().default(true),
  checkedAtMs: doublePrecision("checked_at_ms").notNull().default(0),
});

/** A supplier's OAuth token shared by every instance, sealed with the portal's keyring like every stored secret. */
export const supplierTokens = pgTable("supplier_tokens", {
  key: text("key").primaryKey(),
  sealedToken: text("sealed_token").notNull(),
  refreshAt: timestamp("refresh_at", { withTimezone: true }).notNull(),
});
