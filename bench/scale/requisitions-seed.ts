/**
 * A long purchasing history for the HTTP benchmark: companies with two years of requisitions (lines, supplier orders,
 * approval chains with their decisions, spend entries and budgets), so the approver inbox, the order history and the
 * spend report are measured on the data a real company accumulates rather than on a fresh one.
 *
 * The small things (company, first approver, cost centers, policy, supplier connections) go through seedCompany like
 * every other company; the history goes in with multi-row inserts of a few thousand rows per statement, each column
 * sent as one array and taken apart by unnest(), which PGlite and PostgreSQL both run.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { RequisitionStatus, SupplierOrderState } from "@/common/requisitions";
import type { Role } from "@/common/roles";
import { seedCompany } from "@/server/demo/seed";
import { periodContaining, type PeriodKind } from "@/server/domain/budgets";
import { encodePageCursor } from "@/server/domain/page-cursor";
import type { BenchQuery, BenchSize, ScaleSeeder, SeedProgress } from "./scenario";
import { seededRandom } from "@/server/sandboxes/shared/seeded-random";

const PASSWORD = "bench-scale-2026";
const DAY = 86_400_000;
const HISTORY_DAYS = 730;
/** Requisitions this recent that need approval are often still waiting: what fills the approvers' inboxes. */
const PENDING_WINDOW_DAYS = 60;
/** Above this (minor units) a requisition waits for its cost center's owner; below, it is approved at once. */
const THRESHOLD_MINOR = 50_000;
const ROWS_PER_STATEMENT = 4_000;

const SIZES: Record<BenchSize, { companies: number; requisitionsPerCompany: number }> = {
  full: { companies: 100, requisitionsPerCompany: 10_000 },
  quick: { companies: 10, requisitionsPerCompany: 5_000 },
};

const BUYERS = 20;
const APPROVERS = 5;
/** approver1 owns two of them, so one approver has a long inbox. */
const COST_CENTERS = [
  { code: "CC-100", name: "Facilities", owner: 1, budget: "month" },
  { code: "CC-200", name: "Marketing", owner: 2, budget: "quarter" },
  { code: "CC-300", name: "Operations", owner: 3, budget: "month" },
  { code: "CC-400", name: "IT", owner: 4, budget: "quarter" },
  { code: "CC-500", name: "Laboratory", owner: 5, budget: "month" },
  { code: "CC-600", name: "Warehouse", owner: 1, budget: "quarter" },
] as const;

/** A small deterministic generator, so two runs of one size seed the same shape. */
function random(seed: number) {
  const next = seededRandom(seed);
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

type Column = { type: string; values: unknown[]; wrap?: (c: string) => string };

/** insert into <table> (<columns>) select ... from unnest($1::type[], ...): one statement per few thousand rows. */
async function insertColumns(db: Database, table: string, columns: Record<string, Column>) {
  const names = Object.keys(columns);
  const length = columns[names[0]!]!.values.length;
  for (let start = 0; start < length; start += ROWS_PER_STATEMENT) {
    const end = Math.min(length, start + ROWS_PER_STATEMENT);
    const arrays = names.map(
      (n, i) => sql`${sql.param(columns[n]!.values.slice(start, end))}::${sql.raw(columns[n]!.type)}[] ${i < names.length - 1 ? sql`,` : sql``}`,
    );
    const select = names.map((n, i) => (columns[n]!.wrap ? columns[n]!.wrap!(`c${i}`) : `c${i}`)).join(", ");
    await db.execute(
      sql`insert into ${sql.raw(table)} (${sql.raw(names.join(", "))}) select ${sql.raw(select)} from unnest(${sql.join(arrays, sql``)}) as u(${sql.raw(names.map((_, i) => `c${i}`).join(", "))})`,
    );
  }
}

const ITEMS = [
  ["HG-1001", "Copy paper A4, 5 reams", "paper", "Paper"],
  ["HG-2040", "Nitrile gloves, box of 100", "safety", "Safety"],
  ["HG-3300", "Toner cartridge, black", "print", "Printing"],
  ["YD-0420", "Desk chair, mesh", "furniture", "Furniture"],
  ["YD-7781", "Monitor arm, dual", "furniture", "Furniture"],
  ["NW-5512", "Hi-vis vest, size L", "workwear", "Workwear"],
  ["NW-6020", "Safety boots, size 42", "workwear", "Workwear"],
  ["HG-8810", "Cleaning spray, 6 pack", "janitorial", "Janitorial"],
] as const;

const SHIP_TO = {
  supplierAddressId: "ADDR-1",
  label: "Main office",
  attention: "Receiving",
  street1: "1 Bench Street",
  street2: null,
  city: "Cincinnati",
  region: "OH",
  postalCode: "45202",
  country: "US",
};

/** Where decided requisitions end up, roughly as often as a real history has them. */
const DECIDED: [RequisitionStatus, number][] = [
  ["received", 0.55],
  ["delivered", 0.12],
  ["shipped", 0.05],
  ["ordered", 0.05],
  ["cancelled", 0.04],
  ["not_ordered", 0.01],
];

function decidedStatus(r: ReturnType<typeof random>, ageDays: number): RequisitionStatus {
  // Recent orders are still on their way; old ones were received long ago.
  if (ageDays < 7) return r.pick(["ordered", "partly_ordered", "shipped"] as const);
  if (ageDays < 21) return r.pick(["shipped", "partly_shipped", "delivered", "received"] as const);
  let roll = r.next() * DECIDED.reduce((s, [, w]) => s + w, 0);
  for (const [status, weight] of DECIDED) {
    roll -= weight;
    if (roll <= 0) return status;
  }
  return "received";
}

interface CompanyPeople {
  companyId: string;
  admin: { id: string; email: string };
  approvers: { id: string; email: string }[];
  buyers: { id: string; email: string }[];
  costCenters: { id: string; code: string; ownerId: string }[];
  suppliers: { id: string; name: string }[];
}

const emailOf = (company: number, who: string) => `${who}@c${String(company).padStart(3, "0")}.bench.example`;

async function seedPeople(db: Database, n: number, now: Date): Promise<CompanyPeople> {
  // The supplier settings are placeholders: nothing measured here asks a supplier.
  const settings = (account: string) => ({
    baseUrl: "http://127.0.0.1:9/unused",
    tokenUrl: "http://127.0.0.1:9/unused/token",
    clientId: "bench",
    clientSecret: "bench",
    accountId: account,
  });
  const seeded = await seedCompany(db, {
    name: `Bench Company ${String(n).padStart(3, "0")}`,
    approvalThreshold: THRESHOLD_MINOR,
    poNumberRequired: false,
    // One password hash per company (bcrypt is slow on purpose); everyone else gets the same hash below.
    users: [{ email: emailOf(n, "admin"), name: `Admin ${n}`, password: PASSWORD, roles: ["admin", "approver", "buyer"] }],
    costCenters: COST_CENTERS.map((c) => ({ code: c.code, name: c.name, ownerEmail: emailOf(n, "admin") })),
    hygrade: { ...settings(`BENCH${n}`), displayName: "Hygrade" },
    yodify: { ...settings(`BENCH${n}`), displayName: "Yodify" },
    orderspace: { ...settings(`BENCH${n}`), displayName: "Northfield Workwear" },
  });
  const admin = seeded.users[0]!;
  const people = [
    ...Array.from({ length: APPROVERS }, (_, i) => ({
      email: emailOf(n, `approver${i + 1}`),
      name: `Approver ${i + 1} of ${n}`,
      roles: ["approver"] as Role[],
    })),
    ...Array.from({ length: BUYERS }, (_, i) => ({ email: emailOf(n, `buyer${i + 1}`), name: `Buyer ${i + 1} of ${n}`, roles: ["buyer"] as Role[] })),
  ];
  const ids = people.map(() => randomUUID());
  await insertColumns(db, "users", {
    id: { type: "uuid", values: ids },
    company_id: { type: "uuid", values: people.map(() => seeded.companyId) },
    email: { type: "text", values: people.map((p) => p.email) },
    name: { type: "text", values: people.map((p) => p.name) },
    password_hash: { type: "text", values: people.map(() => null), wrap: () => `(select password_hash from users where id = '${admin.id}')` },
    roles: { type: "text", values: people.map((p) => p.roles.join(",")), wrap: (c) => `string_to_array(${c}, ',')` },
  });
  const approvers = ids.slice(0, APPROVERS).map((id, i) => ({ id, email: people[i]!.email }));
  const buyers = ids.slice(APPROVERS).map((id, i) => ({ id, email: people[APPROVERS + i]!.email }));
  const costCenters = COST_CENTERS.map((c, i) => ({ id: seeded.costCenters[i]!.id, code: c.code, ownerId: approvers[c.owner - 1]!.id }));
  for (const c of costCenters) await db.execute(sql`update cost_centers set owner_id = ${c.ownerId} where id = ${c.id}`);
  await insertColumns(db, "cost_center_users", {
    company_id: { type: "uuid", values: costCenters.flatMap(() => ids.map(() => seeded.companyId)) },
    cost_center_id: { type: "uuid", values: costCenters.flatMap((c) => ids.map(() => c.id)) },
    user_id: { type: "uuid", values: costCenters.flatMap(() => ids) },
  });
  // Budgets for every period of the history (and the one after), each about what the cost center spends in it.
  const budgetRows: { costCenterId: string; kind: PeriodKind; start: Date; end: Date }[] = [];
  for (const [i, c] of COST_CENTERS.entries()) {
    let at = new Date(now.getTime() - HISTORY_DAYS * DAY);
    const until = new Date(now.getTime() + 31 * DAY);
    while (at < until) {
      const period = periodContaining(c.budget, at);
      budgetRows.push({ costCenterId: costCenters[i]!.id, kind: c.budget, start: period.start, end: period.end });
      at = period.end;
    }
  }
  // seedCompany gave each cost center a budget for today's period only when asked; none was asked, so these are all.
  await insertColumns(db, "budgets", {
    company_id: { type: "uuid", values: budgetRows.map(() => seeded.companyId) },
    cost_center_id: { type: "uuid", values: budgetRows.map((b) => b.costCenterId) },
    period_kind: { type: "text", values: budgetRows.map((b) => b.kind) },
    period_start: { type: "timestamptz", values: budgetRows.map((b) => b.start.toISOString()) },
    period_end: { type: "timestamptz", values: budgetRows.map((b) => b.end.toISOString()) },
    amount_minor: { type: "bigint", values: budgetRows.map((b) => (b.kind === "month" ? 2_500_000 : 7_000_000)) },
    currency: { type: "text", values: budgetRows.map(() => "USD") },
  });
  return {
    companyId: seeded.companyId,
    admin: { id: admin.id, email: admin.email },
    approvers,
    buyers,
    costCenters,
    suppliers: [
      { id: seeded.connectionId, name: "Hygrade" },
      { id: seeded.yodifyConnectionId!, name: "Yodify" },
      { id: seeded.orderspaceConnectionId!, name: "Northfield Workwear" },
    ],
  };
}

/** Column arrays of one company's history, filled row by row and inserted table by table. */
function historyColumns() {
  const cols = <K extends string>(...names: K[]) => Object.fromEntries(names.map((n) => [n, [] as unknown[]])) as Record<K, unknown[]>;
  return {
    requisitions: cols(
      "id",
      "company_id",
      "number",
      "requester_id",
      "status",
      "cost_center_id",
      "po_number",
      "total_minor",
      "currency",
      "approval_reason",
      "submitted_at",
      "decided_at",
      "decided_by_id",
      "rejection_reason",
    ),
    supplier_orders: cols(
      "id",
      "company_id",
      "requisition_id",
      "supplier_connection_id",
      "state",
      "ship_to",
      "subtotal_minor",
      "currency",
      "supplier_order_ref",
      "supplier_status",
      "placed_at",
      "created_at",
    ),
    requisition_lines: cols(
      "id",
      "company_id",
      "requisition_id",
      "supplier_order_id",
      "supplier_item_id",
      "item_code",
      "name",
      "category_id",
      "category_name",
      "quantity",
      "unit_price_minor",
      "line_total_minor",
      "currency",
    ),
    approval_steps: cols(
      "id",
      "company_id",
      "requisition_id",
      "revision",
      "position",
      "level",
      "rule_id",
      "mode",
      "reasons",
      "state",
      "activated_at",
      "decided_at",
    ),
    approval_step_approvers: cols("company_id", "step_id", "user_id", "source", "decision", "decided_at", "decided_by_id", "reason"),
    cost_center_spend: cols(
      "company_id",
      "cost_center_id",
      "requisition_id",
      "supplier_order_id",
      "supplier_connection_id",
      "state",
      "amount_minor",
      "currency",
      "charged_at",
      "committed_at",
      "released_at",
      "release_reason",
    ),
  };
}

const TYPES: Record<string, string> = {
  id: "uuid",
  company_id: "uuid",
  requester_id: "uuid",
  cost_center_id: "uuid",
  decided_by_id: "uuid",
  requisition_id: "uuid",
  supplier_connection_id: "uuid",
  supplier_order_id: "uuid",
  step_id: "uuid",
  user_id: "uuid",
  number: "int",
  quantity: "int",
  revision: "int",
  position: "int",
  level: "int",
  total_minor: "bigint",
  subtotal_minor: "bigint",
  unit_price_minor: "bigint",
  line_total_minor: "bigint",
  amount_minor: "bigint",
  submitted_at: "timestamptz",
  decided_at: "timestamptz",
  placed_at: "timestamptz",
  created_at: "timestamptz",
  activated_at: "timestamptz",
  committed_at: "timestamptz",
  released_at: "timestamptz",
  charged_at: "timestamptz",
  ship_to: "jsonb",
};

async function seedHistory(db: Database, people: CompanyPeople, count: number, now: Date, r: ReturnType<typeof random>) {
  const t = historyColumns();
  const start = now.getTime() - HISTORY_DAYS * DAY;
  // Sorted dates, so requisition numbers rise with time as the checkout hands them out.
  const dates = Array.from({ length: count }, () => start + Math.floor(r.next() * HISTORY_DAYS * DAY)).sort((a, b) => a - b);
  let pending = 0;
  for (let i = 0; i < count; i++) {
    const submitted = new Date(dates[i]!);
    const ageDays = (now.getTime() - dates[i]!) / DAY;
    const requisitionId = randomUUID();
    // The admin buys now and then too; their own requisitions never wait in their own inbox.
    const requester = r.next() < 0.03 ? people.admin : r.pick(people.buyers);
    const center = r.pick(people.costCenters);
    const lineCount = r.int(1, 4);
    const lines = Array.from({ length: lineCount }, () => {
      const item = r.pick(ITEMS);
      const quantity = r.int(1, 12);
      const unit = r.int(4, 150) * 100 + r.int(0, 99);
      return { item, quantity, unit, total: quantity * unit };
    });
    const total = lines.reduce((s, l) => s + l.total, 0);
    const needsApproval = total > THRESHOLD_MINOR;
    const roll = r.next();
    let status: RequisitionStatus;
    if (needsApproval && ageDays < PENDING_WINDOW_DAYS && roll < 0.55) status = "pending_approval";
    else if (needsApproval && roll > 0.93) status = "rejected";
    else if (needsApproval && roll > 0.91) status = "withdrawn";
    else status = decidedStatus(r, ageDays);
    if (status === "pending_approval") pending++;
    const decidedAt = status === "pending_approval" || status === "withdrawn" ? null : new Date(dates[i]! + (needsApproval ? r.int(1, 48) * 3_600_000 : 1000));
    const approver = center.ownerId === requester.id ? people.admin.id : center.ownerId;
    const q = t.requisitions;
    q.id.push(requisitionId);
    q.company_id.push(people.companyId);
    q.number.push(1001 + i);
    q.requester_id.push(requester.id);
    q.status.push(status);
    q.cost_center_id.push(center.id);
    q.po_number.push(r.next() < 0.7 ? `PO-${20000 + i}` : "");
    q.total_minor.push(total);
    q.currency.push("USD");
    q.approval_reason.push(needsApproval ? "Total is over $500.00" : "Total is within $500.00: approved at once");
    q.submitted_at.push(submitted.toISOString());
    q.decided_at.push(decidedAt?.toISOString() ?? null);
    q.decided_by_id.push(decidedAt ? (needsApproval ? approver : null) : null);
    q.rejection_reason.push(status === "rejected" ? "Not in this quarter's plan" : null);

    // One supplier order per supplier among the lines.
    const bySupplier = new Map<string, typeof lines>();
    for (const l of lines) {
      const supplier = l.item[0].startsWith("HG") ? people.suppliers[0]! : l.item[0].startsWith("YD") ? people.suppliers[1]! : people.suppliers[2]!;
      bySupplier.set(supplier.id, [...(bySupplier.get(supplier.id) ?? []), l]);
    }
    const placed = !["pending_approval", "rejected", "withdrawn"].includes(status);
    for (const [supplierId, theirLines] of bySupplier) {
      const orderId = randomUUID();
      const subtotal = theirLines.reduce((s, l) => s + l.total, 0);
      const state: SupplierOrderState = status === "pending_approval" ? "awaiting_approval" : placed && status !== "not_ordered" ? "placed" : "not_sent";
      const o = t.supplier_orders;
      o.id.push(orderId);
      o.company_id.push(people.companyId);
      o.requisition_id.push(requisitionId);
      o.supplier_connection_id.push(supplierId);
      o.state.push(state);
      o.ship_to.push(JSON.stringify(SHIP_TO));
      o.subtotal_minor.push(subtotal);
      o.currency.push("USD");
      o.supplier_order_ref.push(state === "placed" ? `SO-${i}-${o.id.length}` : null);
      o.supplier_status.push(state === "placed" ? (status === "cancelled" ? "cancelled" : status === "received" ? "delivered" : status) : null);
      o.placed_at.push(state === "placed" ? (decidedAt ?? submitted).toISOString() : null);
      o.created_at.push(submitted.toISOString());
      for (const l of theirLines) {
        const rl = t.requisition_lines;
        rl.id.push(randomUUID());
        rl.company_id.push(people.companyId);
        rl.requisition_id.push(requisitionId);
        rl.supplier_order_id.push(orderId);
        rl.supplier_item_id.push(l.item[0]);
        rl.item_code.push(l.item[0]);
        rl.name.push(l.item[1]);
        rl.category_id.push(l.item[2]);
        rl.category_name.push(l.item[3]);
        rl.quantity.push(l.quantity);
        rl.unit_price_minor.push(l.unit);
        rl.line_total_minor.push(l.total);
        rl.currency.push("USD");
      }
      const spendState = status === "pending_approval" ? "reserved" : placed && status !== "cancelled" && status !== "not_ordered" ? "committed" : "released";
      const s = t.cost_center_spend;
      s.company_id.push(people.companyId);
      s.cost_center_id.push(center.id);
      s.requisition_id.push(requisitionId);
      s.supplier_order_id.push(orderId);
      s.supplier_connection_id.push(supplierId);
      s.state.push(spendState);
      s.amount_minor.push(subtotal);
      s.currency.push("USD");
      s.charged_at.push(submitted.toISOString());
      s.committed_at.push(spendState === "committed" ? (decidedAt ?? submitted).toISOString() : null);
      s.released_at.push(spendState === "released" ? (decidedAt ?? submitted).toISOString() : null);
      s.release_reason.push(spendState === "released" ? `Requisition ${status.replace("_", " ")}` : null);
    }

    if (!needsApproval) continue;
    const stepId = randomUUID();
    const st = t.approval_steps;
    const stepState = status === "pending_approval" ? "pending" : status === "rejected" ? "rejected" : status === "withdrawn" ? "skipped" : "approved";
    st.id.push(stepId);
    st.company_id.push(people.companyId);
    st.requisition_id.push(requisitionId);
    st.revision.push(1);
    st.position.push(0);
    st.level.push(1);
    st.rule_id.push("threshold");
    st.mode.push("any");
    st.reasons.push("the total is over $500.00");
    st.state.push(stepState);
    st.activated_at.push(submitted.toISOString());
    st.decided_at.push(stepState === "pending" ? null : (decidedAt ?? submitted).toISOString());
    // The cost center's owner decides; a third of the steps also name the admin, who may decide instead.
    const named = r.next() < 0.33 && requester.id !== people.admin.id ? [approver, people.admin.id].filter((v, k, a) => a.indexOf(v) === k) : [approver];
    for (const [k, userId] of named.entries()) {
      const decides = k === 0 && (stepState === "approved" || stepState === "rejected");
      const a = t.approval_step_approvers;
      a.company_id.push(people.companyId);
      a.step_id.push(stepId);
      a.user_id.push(userId);
      a.source.push("policy");
      a.decision.push(decides ? stepState : null);
      a.decided_at.push(decides ? decidedAt!.toISOString() : null);
      a.decided_by_id.push(decides ? userId : null);
      a.reason.push(decides && stepState === "rejected" ? "Not in this quarter's plan" : null);
    }
  }
  // One transaction per company, its rows consistent by construction: the foreign keys' per-row checks are left out
  // while it loads (session_replication_role, superuser only: the bench's own database), which is most of the time.
  await db.transaction(async (tx) => {
    const [role] = (
      (await tx.execute(sql`select rolsuper as superuser from pg_roles where rolname = current_user`)) as unknown as { rows: { superuser: boolean }[] }
    ).rows;
    // Without superuser the checks stay on: slower, same rows.
    if (role?.superuser) await tx.execute(sql`set local session_replication_role = replica`);
    for (const [table, columns] of Object.entries(t)) {
      await insertColumns(
        tx,
        table,
        Object.fromEntries(
          Object.entries(columns).map(([name, values]) => [
            name,
            name === "reasons" ? { type: "text", values, wrap: (c: string) => `array[${c}]` } : { type: TYPES[name] ?? "text", values },
          ]),
        ),
      );
    }
  });
  await db.execute(sql`update companies set next_requisition_number = ${1001 + count} where id = ${people.companyId}`);
  return {
    pending,
    rows: Object.fromEntries(Object.entries(t).map(([table, columns]) => [table, Object.values(columns)[0]!.length])) as Record<keyof typeof t, number>,
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export const seedRequisitionsScale: ScaleSeeder = async (db: Database, size: BenchSize, progress: SeedProgress) => {
  const { companies, requisitionsPerCompany } = SIZES[size];
  const now = new Date();
  const r = random(19);
  const totals: Record<string, number> = {};
  let first: CompanyPeople | null = null;
  let pendingOfFirst = 0;
  const total = companies * requisitionsPerCompany;
  progress("requisitions", 0, total);
  for (let n = 1; n <= companies; n++) {
    const people = await seedPeople(db, n, now);
    const { rows, pending } = await seedHistory(db, people, requisitionsPerCompany, now, r);
    for (const [table, count] of Object.entries(rows)) totals[table] = (totals[table] ?? 0) + count;
    if (!first) {
      first = people;
      pendingOfFirst = pending;
    }
    progress("requisitions", n * requisitionsPerCompany, total);
  }
  // Fresh statistics, so the planner knows the tables are large before the first request.
  // Vacuum too: it marks the pages all-visible, so the sums over the covering indexes are read from the index alone
  // (PGlite has no autovacuum to do it later).
  await db.execute(sql`vacuum analyze`);
  const company = first!;
  const buyer = company.buyers[0]!;
  const heavyApprover = company.approvers[0]!;
  const yearAgo = new Date(now.getTime() - 365 * DAY);

  // A cursor for the order history's deep page: where page 1 of the buyer's unfiltered list would be after 8 pages.
  const deepRows = await db.execute(
    sql`select to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, id from requisitions where company_id = ${company.companyId} and requester_id = ${buyer.id} order by submitted_at desc, id desc offset 399 limit 1`,
  );
  const deep = (deepRows as unknown as { rows: { at: string; id: string }[] }).rows[0];
  const queries: BenchQuery[] = [
    { label: "approver inbox (oldest first)", procedure: "approvals.inbox", input: { sort: "oldest" }, signInAs: heavyApprover.email },
    { label: "approver inbox (largest first)", procedure: "approvals.inbox", input: { sort: "largest" }, signInAs: heavyApprover.email },
    { label: "order history: first page", procedure: "requisitions.list", input: { scope: "mine" }, signInAs: buyer.email },
    {
      label: "order history: status + supplier + dates",
      procedure: "requisitions.list",
      input: { scope: "mine", status: "received", supplierId: company.suppliers[0]!.id, from: iso(yearAgo), to: iso(now) },
      signInAs: buyer.email,
    },
    {
      label: "order history: deep page (keyset)",
      procedure: "requisitions.list",
      input: { scope: "mine", cursor: deep ? encodePageCursor([deep.at, deep.id]) : undefined },
      signInAs: buyer.email,
    },
    { label: "order history: whole company, first page", procedure: "requisitions.list", input: { scope: "company" }, signInAs: company.admin.email },
    { label: "spend report: admin, one year", procedure: "spend.report", input: { from: iso(yearAgo), to: iso(now) }, signInAs: company.admin.email },
    {
      label: "spend report: cost center owner, one year",
      procedure: "spend.report",
      input: { from: iso(yearAgo), to: iso(now), costCenterId: company.costCenters[0]!.id },
      signInAs: heavyApprover.email,
    },
  ];
  return {
    password: PASSWORD,
    queries,
    rows: {
      companies,
      requisitions: totals.requisitions ?? 0,
      "requisition lines": totals.requisition_lines ?? 0,
      "supplier orders": totals.supplier_orders ?? 0,
      "approval steps": totals.approval_steps ?? 0,
      "approval step approvers": totals.approval_step_approvers ?? 0,
      "spend entries": totals.cost_center_spend ?? 0,
      "waiting in the first company": pendingOfFirst,
    },
  };
};
