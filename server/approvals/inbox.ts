/**
 * An approver's inbox: the requisitions whose pending step names them, or someone whose out-of-office delegation to
 * them is in force, never their own; with each one's lines, suppliers, budget position and chain.
 */
import { and, asc, desc, eq, exists, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { approvalStepApprovers, approvalSteps, costCenters, requisitionLines, requisitions, supplierConnections, supplierOrders, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { money } from "@/server/domain/money";
import { decodePageCursor, encodePageCursor, INTEGER_KEY, TIMESTAMP_KEY } from "@/server/domain/page-cursor";
import { AppError } from "@/server/errors";
import { budgetPositionsAt } from "@/server/spend/ledger";
import { actingFor, approversDelegatingTo, countWaitingFor, loadChains } from "./chain";

export const INBOX_SORTS = ["oldest", "newest", "largest", "smallest"] as const;

export interface InboxFilters {
  sort: (typeof INBOX_SORTS)[number];
  supplierConnectionId?: string;
  costCenterId?: string;
  /** REQ number, requester name or PO number. */
  search?: string;
  limit: number;
  /** Where the page starts: the nextCursor of the page before; none for the first page. */
  cursor?: string;
}

/**
 * Each sort as a keyset: the column it orders by, its direction, and how the cursor's key reads back. The id breaks
 * ties, so rows with the same date or total are each shown once.
 */
const KEYSETS = {
  oldest: { by: "submitted", descending: false },
  newest: { by: "submitted", descending: true },
  largest: { by: "total", descending: true },
  smallest: { by: "total", descending: false },
} as const;

const submittedKey = sql<string>`to_char(${requisitions.submittedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Requisitions of the company waiting at a pending step that names one of these people, undecided by them, other than
 * the asker's own: a condition on requisitions, so the list, its counts and its cost centers all come from one rule.
 */
function waitingFor(ctx: ActorContext, forWhom: string[]): SQL {
  return and(
    eq(requisitions.companyId, ctx.companyId),
    eq(requisitions.status, "pending_approval"),
    ne(requisitions.requesterId, ctx.user.id),
    exists(
      ctx.db
        .select({ one: sql`1` })
        .from(approvalSteps)
        .innerJoin(approvalStepApprovers, eq(approvalStepApprovers.stepId, approvalSteps.id))
        .where(
          and(
            eq(approvalSteps.requisitionId, requisitions.id),
            eq(approvalSteps.revision, requisitions.revision),
            eq(approvalSteps.companyId, ctx.companyId),
            eq(approvalSteps.state, "pending"),
            eq(approvalStepApprovers.companyId, ctx.companyId),
            inArray(approvalStepApprovers.userId, forWhom),
            isNull(approvalStepApprovers.decision),
          ),
        ),
    ),
  )!;
}

function filtersOf(ctx: ActorContext, input: InboxFilters): SQL[] {
  const conditions: SQL[] = [];
  if (input.costCenterId) conditions.push(eq(requisitions.costCenterId, input.costCenterId));
  if (input.supplierConnectionId) {
    conditions.push(
      sql`exists (select 1 from supplier_orders so where so.requisition_id = ${requisitions.id} and so.revision = ${requisitions.revision} and so.company_id = ${ctx.companyId} and so.supplier_connection_id = ${input.supplierConnectionId})`,
    );
  }
  if (input.search) {
    const term = `%${input.search.replace(/^REQ-/i, "").replace(/[%_\\]/g, "")}%`;
    conditions.push(
      or(
        sql`${requisitions.number}::text like ${term}`,
        sql`exists (select 1 from users u where u.id = ${requisitions.requesterId} and u.name ilike ${term})`,
        sql`${requisitions.poNumber} ilike ${term}`,
      )!,
    );
  }
  return conditions;
}

/**
 * What waits for this approver now, a page at a time: pending steps naming them, or naming someone whose delegation
 * to them is in force. Never their own requisitions. With it, how many wait in all (and with the filters), and the
 * cost centers they are charged to, for the filter.
 */
export async function approvalInbox(ctx: ActorContext, input: InboxFilters) {
  const keyset = KEYSETS[input.sort];
  const after = input.cursor ? decodePageCursor(input.cursor, keyset.by === "submitted" ? TIMESTAMP_KEY : INTEGER_KEY) : null;
  if (input.cursor && !after) throw new AppError("invalid", "That page of the inbox is no longer available. Start again from the top.", { field: "cursor" });
  const now = new Date();
  const delegators = await approversDelegatingTo(ctx.db, ctx.user.id, now);
  const waiting = waitingFor(ctx, [ctx.user.id, ...delegators]);
  const filters = filtersOf(ctx, input);

  const sortColumn = keyset.by === "submitted" ? requisitions.submittedAt : requisitions.totalMinor;
  const conditions = [waiting, ...filters];
  if (after) {
    const key = keyset.by === "submitted" ? sql`${after[0]}::timestamptz` : sql`${after[0]}::bigint`;
    conditions.push(
      keyset.descending
        ? sql`(${sortColumn}, ${requisitions.id}) < (${key}, ${after[1]}::uuid)`
        : sql`(${sortColumn}, ${requisitions.id}) > (${key}, ${after[1]}::uuid)`,
    );
  }
  const direction = keyset.descending ? desc : asc;
  const [page, centers, filteredCount] = await Promise.all([
    ctx.db
      .select({
        id: requisitions.id,
        number: requisitions.number,
        revision: requisitions.revision,
        totalMinor: requisitions.totalMinor,
        currency: requisitions.currency,
        poNumber: requisitions.poNumber,
        note: requisitions.note,
        neededBy: requisitions.neededBy,
        submittedAt: requisitions.submittedAt,
        submittedKey,
        approvalReason: requisitions.approvalReason,
        requesterName: users.name,
        costCenterId: requisitions.costCenterId,
        costCenterCode: costCenters.code,
        costCenterName: costCenters.name,
        overBudget: requisitions.overBudget,
      })
      .from(requisitions)
      .innerJoin(users, eq(users.id, requisitions.requesterId))
      .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
      .where(and(...conditions))
      .orderBy(direction(sortColumn), direction(requisitions.id))
      // One more than asked: whether there is a next page, without counting again.
      .limit(input.limit + 1),
    // Everything waiting, by cost center: the filter's choices and the "n waiting" beside the title.
    ctx.db
      .select({ id: costCenters.id, code: costCenters.code, name: costCenters.name, waiting: sql<number>`count(*)::int` })
      .from(requisitions)
      .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
      .where(waiting)
      .groupBy(costCenters.id, costCenters.code, costCenters.name)
      .orderBy(asc(costCenters.code)),
    filters.length
      ? ctx.db
          .select({ n: sql<number>`count(*)::int` })
          .from(requisitions)
          .where(and(waiting, ...filters))
          .then((r) => r[0]?.n ?? 0)
      : Promise.resolve(null),
  ]);
  const more = page.length > input.limit;
  if (more) page.pop();
  const last = page.at(-1);
  const waitingInAll = centers.reduce((sum, c) => sum + c.waiting, 0);
  return {
    items: await presentInboxItems(ctx, page, delegators),
    nextCursor: more && last ? encodePageCursor([keyset.by === "submitted" ? last.submittedKey : String(last.totalMinor), last.id]) : null,
    /** How many wait for this person in all, and how many of them the filters keep. */
    waiting: waitingInAll,
    matching: filteredCount ?? waitingInAll,
    costCenters: centers.map(({ id, code, name }) => ({ id, code, name })),
  };
}

type InboxRow = {
  id: string;
  number: number;
  revision: number;
  totalMinor: number;
  currency: string;
  poNumber: string;
  note: string | null;
  neededBy: string | null;
  submittedAt: Date;
  submittedKey: string;
  approvalReason: string;
  requesterName: string;
  costCenterId: string;
  costCenterCode: string;
  costCenterName: string;
  overBudget: boolean;
};

/** One page's cards: lines, suppliers, chain and budget position, each asked once for the whole page. */
async function presentInboxItems(ctx: ActorContext, rows: InboxRow[], delegators: string[]) {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [lines, suppliers, chains, positions] = await Promise.all([
    ctx.db
      .select()
      .from(requisitionLines)
      .where(and(eq(requisitionLines.companyId, ctx.companyId), inArray(requisitionLines.requisitionId, ids)))
      .orderBy(asc(requisitionLines.itemCode)),
    ctx.db
      .selectDistinct({
        requisitionId: supplierOrders.requisitionId,
        revision: supplierOrders.revision,
        id: supplierConnections.id,
        name: supplierConnections.displayName,
      })
      .from(supplierOrders)
      .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
      .where(inArray(supplierOrders.requisitionId, ids)),
    loadChains(ctx.db, ctx.companyId, rows),
    // The budget as it stands now, this requisition's reservation included: what it leaves if approved.
    budgetPositionsAt(
      ctx.db,
      rows.map((r) => ({ costCenterId: r.costCenterId, at: r.submittedAt })),
    ),
  ]);
  return rows.map(({ totalMinor, currency, submittedKey: _, ...r }, i) => {
    const chain = chains.get(r.id) ?? [];
    const step = chain.find((s) => s.state === "pending" && actingFor(s, ctx.user.id, delegators))!;
    const onBehalfOf = step ? actingFor(step, ctx.user.id, delegators) : null;
    const position = positions[i];
    return {
      ...r,
      total: money(totalMinor, currency),
      suppliers: suppliers.filter((s) => s.requisitionId === r.id && s.revision === r.revision).map((s) => s.name),
      budget: position ? { periodLabel: position.periodLabel, budget: position.budget, leavesAfterThis: position.remaining } : null,
      step: step
        ? {
            level: step.level,
            mode: step.mode,
            reasons: step.reasons,
            waitingSince: step.activatedAt,
            escalated: step.escalatedAt !== null,
            approvers: step.approvers.map((a) => ({ name: a.name, decision: a.decision, source: a.source })),
            // The one stood in for is an approver of the step, so the chain already has their name.
            onBehalfOf: onBehalfOf && onBehalfOf !== ctx.user.id ? (step.approvers.find((a) => a.userId === onBehalfOf)?.name ?? null) : null,
          }
        : null,
      levels: [...new Set(chain.map((s) => s.level))].length,
      lines: lines
        .filter((l) => l.requisitionId === r.id && l.revision === r.revision)
        .map((l) => ({
          id: l.id,
          itemCode: l.itemCode,
          name: l.name,
          quantity: l.quantity,
          unitPrice: money(l.unitPriceMinor, l.currency),
          lineTotal: money(l.lineTotalMinor, l.currency),
          rejectedReason: l.rejectedReason,
        })),
    };
  });
}

/** For the badge: steps waiting for this person or someone they stand in for. */
export const approvalInboxCount = (ctx: ActorContext) => countWaitingFor(ctx.db, ctx.companyId, ctx.user.id, new Date());
