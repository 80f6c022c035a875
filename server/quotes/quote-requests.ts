/**
 * A buyer's quotes: asked of a supplier that takes quote requests (the lines move from the cart to the quote, so
 * they cannot also be ordered at list price), followed until the supplier sends them back, then checked out as a
 * requisition at the quoted prices, declined with a reason, or put back in the cart once they came to nothing.
 * Only the buyer who asked acts on a quote; admins see all of the company's.
 */
import { addressLines, type ShipToAddress } from "@/common/suppliers";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { cartLines, companies, requisitions, supplierConnections, supplierQuotes, users, type SupplierQuoteStatus } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { addToCart, loadCartLines } from "@/server/cart/cart";
import { companyCurrency, poNumberRequirement } from "@/server/companies/company";
import { askSupplier } from "@/server/connections/ask-supplier";
import { loadSupplierConnection } from "@/server/connections/connections";
import { chargeableCostCenters } from "@/server/cost-centers/chargeable";
import { priceLine } from "@/server/domain/cart";
import { money } from "@/server/domain/money";
import { AppError, invalid, notFound } from "@/server/errors";
import { carryOut, type IntentHandler } from "@/server/supplier-intents/intents";
import type { SupplierQuote } from "@/server/suppliers";
import { snapshotAddress } from "@/server/requisitions/checkout";
import { poNumberSupplierOf, submitRequisition, submittedAnswer, type RequisitionChoices } from "@/server/requisitions/submit";
import { OPEN_QUOTE_STATUSES, quoteLabel, quotingConnectorFor, refreshQuote } from "./quoting";

/** How stale a listed quote may be before the list asks the supplier again. */
const LIST_REFRESH_MS = 30_000;
/** A requisition that came to nothing leaves its quote free to check out again or decline. */
const DEAD_REQUISITION = ["rejected", "withdrawn", "returned"];
const FINISHED: SupplierQuoteStatus[] = ["declined", "expired", "cancelled", "closed"];

type QuoteRow = typeof supplierQuotes.$inferSelect;

/** The quote with its supplier, if the caller may see it: its requester, or an admin of the company. */
async function loadQuote(ctx: ActorContext, quoteId: string) {
  const [row] = await ctx.db
    .select({ quote: supplierQuotes, connection: supplierConnections, requesterName: users.name })
    .from(supplierQuotes)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierQuotes.supplierConnectionId))
    .innerJoin(users, eq(users.id, supplierQuotes.requesterId))
    .where(and(eq(supplierQuotes.id, quoteId), eq(supplierQuotes.companyId, ctx.companyId)));
  if (!row || (row.quote.requesterId !== ctx.user.id && !ctx.user.roles.includes("admin"))) throw notFound("That quote");
  return row;
}

function requireRequester(ctx: ActorContext, quote: QuoteRow, doing: string) {
  if (quote.requesterId !== ctx.user.id) throw new AppError("forbidden", `Only the person who asked for ${quoteLabel(quote)} can ${doing} it.`);
}

async function linkedRequisition(ctx: ActorContext, quote: QuoteRow) {
  if (!quote.requisitionId) return null;
  const [r] = await ctx.db
    .select({ id: requisitions.id, number: requisitions.number, status: requisitions.status })
    .from(requisitions)
    .where(eq(requisitions.id, quote.requisitionId));
  return r ?? null;
}

/** What the buyer may do with the quote now, and if not, why not. */
function quoteActions(quote: QuoteRow, requisition: { status: string } | null, now: Date) {
  const expired = quote.expiresAt !== null && quote.expiresAt <= now;
  const requisitionDead = requisition !== null && DEAD_REQUISITION.includes(requisition.status);
  const offered = quote.status === "offered" || (quote.status === "accepted" && requisitionDead);
  return {
    canCheckOut: offered && !expired && quote.quotedSubtotalMinor !== null,
    canDecline: quote.status === "requested" || offered,
    canPutBackInCart: (FINISHED.includes(quote.status) || (expired && quote.status !== "ordered")) && quote.returnedToCartAt === null,
  };
}

function present(
  row: { quote: QuoteRow; connection: typeof supplierConnections.$inferSelect; requesterName: string },
  requisition: Awaited<ReturnType<typeof linkedRequisition>>,
  now: Date,
) {
  const { quote } = row;
  const expired = quote.expiresAt !== null && quote.expiresAt <= now && OPEN_QUOTE_STATUSES.includes(quote.status);
  return {
    id: quote.id,
    label: quoteLabel(quote),
    supplier: { id: row.connection.id, name: row.connection.displayName },
    requesterId: quote.requesterId,
    requesterName: row.requesterName,
    status: expired ? ("expired" as const) : quote.status,
    supplierStatus: quote.supplierStatus,
    note: quote.note,
    declineReason: quote.declineReason,
    lines: quote.lines.map((l) => ({
      ...l,
      listUnitPrice: money(l.listUnitPriceMinor, quote.currency),
      quotedUnitPrice: l.quotedUnitPriceMinor === null ? null : money(l.quotedUnitPriceMinor, quote.currency),
      quotedLineTotal: l.quotedUnitPriceMinor === null ? null : money(l.quotedUnitPriceMinor * l.quantity, quote.currency),
    })),
    listSubtotal: money(quote.listSubtotalMinor, quote.currency),
    quotedSubtotal: quote.quotedSubtotalMinor === null ? null : money(quote.quotedSubtotalMinor, quote.currency),
    expiresAt: quote.expiresAt,
    createdAt: quote.createdAt,
    checkedAt: quote.checkedAt,
    requisition,
    ...quoteActions(quote, requisition, now),
  };
}

export async function requestQuote(ctx: ActorContext, input: { connectionId: string; note?: string }) {
  const { connection } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const connector = quotingConnectorFor(connection);
  const lines = (await loadCartLines(ctx.db, ctx.user.id)).filter((l) => l.supplierConnectionId === connection.id);
  if (lines.length === 0) throw new AppError("precondition", `Your cart has no ${connection.displayName} lines to ask a quote for.`, { field: "connectionId" });
  if (lines.some((l) => !l.available))
    throw new AppError("conflict", `Remove the ${connection.displayName} lines marked unavailable before asking for a quote.`, { field: "cart" });
  const currency = await companyCurrency(ctx.db, ctx.companyId);
  const priced = lines.map(priceLine);
  const [row] = await ctx.db
    .insert(supplierQuotes)
    .values({
      companyId: ctx.companyId,
      requesterId: ctx.user.id,
      supplierConnectionId: connection.id,
      status: "requested",
      currency,
      note: input.note || null,
      listSubtotalMinor: priced.reduce((sum, l) => sum + l.lineTotal.amount, 0),
      lines: priced.map((l) => ({
        supplierItemId: l.supplierItemId,
        itemCode: l.itemCode,
        name: l.name,
        imageUrl: l.imageUrl,
        categoryId: l.categoryId ?? null,
        categoryName: l.categoryName ?? null,
        quantity: l.quantity,
        listUnitPriceMinor: l.unitPrice.amount,
        quotedUnitPriceMinor: null,
      })),
    })
    .returning();
  const quote = row!;
  let sent;
  try {
    // Our quote id is the supplier's client identifier: a retried request finds the first quote.
    sent = await askSupplier(connection.displayName, () =>
      connector.createQuote({
        idempotencyKey: quote.id,
        lines: lines.map((l) => ({ itemCode: l.itemCode, quantity: l.quantity })),
        reference: `Buyer portal ${quote.id.slice(0, 8)}`,
        comments: input.note,
      }),
    );
  } catch (error) {
    // Nothing was asked for as far as we know: the cart keeps its lines and no quote is left half made.
    await ctx.db.delete(supplierQuotes).where(eq(supplierQuotes.id, quote.id));
    throw error;
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(supplierQuotes)
      .set({
        supplierQuoteRef: sent.quoteId,
        quoteNumber: sent.quoteNumber,
        supplierStatus: sent.supplierStatus,
        status: sent.status === "offered" ? "offered" : "requested",
        expiresAt: sent.expiresAt,
        checkedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(supplierQuotes.id, quote.id));
    // The lines now wait on the quote; leaving them in the cart would let them be ordered twice.
    await tx.delete(cartLines).where(
      and(
        eq(cartLines.userId, ctx.user.id),
        inArray(
          cartLines.id,
          lines.map((l) => l.id),
        ),
      ),
    );
  });
  return { quoteId: quote.id, label: sent.quoteNumber ?? quoteLabel(quote), supplierName: connection.displayName };
}

export async function listQuotes(ctx: ActorContext) {
  const isAdmin = ctx.user.roles.includes("admin");
  const rows = await ctx.db
    .select({ quote: supplierQuotes, connection: supplierConnections, requesterName: users.name })
    .from(supplierQuotes)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierQuotes.supplierConnectionId))
    .innerJoin(users, eq(users.id, supplierQuotes.requesterId))
    .where(and(eq(supplierQuotes.companyId, ctx.companyId), isAdmin ? undefined : eq(supplierQuotes.requesterId, ctx.user.id)))
    .orderBy(desc(supplierQuotes.createdAt))
    .limit(200);
  const now = new Date();
  // Open quotes are asked about again (all at once); a supplier that does not answer leaves the last known status.
  let stale = 0;
  const fresh = await Promise.all(
    rows.map(async (row) => {
      const due = OPEN_QUOTE_STATUSES.includes(row.quote.status) && (!row.quote.checkedAt || now.getTime() - row.quote.checkedAt.getTime() > LIST_REFRESH_MS);
      if (!due) return row;
      try {
        return { ...row, quote: await refreshQuote(ctx.db, row.quote, row.connection) };
      } catch {
        stale++;
        return row;
      }
    }),
  );
  const requisitionRows = await Promise.all(fresh.map((row) => linkedRequisition(ctx, row.quote)));
  return { quotes: fresh.map((row, i) => present(row, requisitionRows[i] ?? null, now)), stale };
}

export async function getQuote(ctx: ActorContext, input: { quoteId: string }) {
  const row = await loadQuote(ctx, input.quoteId);
  let refreshError: string | null = null;
  if (OPEN_QUOTE_STATUSES.includes(row.quote.status)) {
    try {
      row.quote = await refreshQuote(ctx.db, row.quote, row.connection);
    } catch (error) {
      refreshError = error instanceof Error ? error.message : String(error);
    }
  }
  const now = new Date();
  const requisition = await linkedRequisition(ctx, row.quote);
  const view = present(row, requisition, now);
  // What checking it out needs, only for the buyer who may do it.
  let checkout = null;
  if (view.canCheckOut && row.quote.requesterId === ctx.user.id && ctx.user.roles.includes("buyer")) {
    const [centers, [company]] = await Promise.all([chargeableCostCenters(ctx, now), ctx.db.select().from(companies).where(eq(companies.id, ctx.companyId))]);
    let addresses: ShipToAddress[] = [];
    let addressError: string | null = null;
    try {
      addresses = (await askSupplier(row.connection.displayName, () => quotingConnectorFor(row.connection).getAccount())).addresses;
    } catch (error) {
      addressError = error instanceof Error ? error.message : String(error);
    }
    checkout = {
      costCenters: centers.map((c) => ({ id: c.id, code: c.code, name: c.name, currency: c.currency })),
      defaultCostCenterId: centers.find((c) => c.isDefault)?.id ?? null,
      addresses: addresses.map((a) => ({ id: a.supplierAddressId, label: a.label, line: addressLines(a).join(", "), isDefault: a.isDefault })),
      addressError,
      poNumberRequired:
        company !== undefined && poNumberRequirement(company, [poNumberSupplierOf(row.connection, quotingConnectorFor(row.connection))]) !== null,
    };
  }
  return { ...view, refreshError, checkout };
}

/** Declining a quote at the supplier, as an intent (server/supplier-intents): asked, read back, recorded. */
export const declineIntent: IntentHandler<SupplierQuote> = {
  kind: "supplier_quote.decline",
  did: (intent) => `declined ${String(intent.details.label ?? "the quote")}`,
  link: (intent) => `/quotes/${intent.subjectId}`,
  act: (intent, connection) => quotingConnectorFor(connection).declineQuote(intent.supplierRef, String(intent.details.reason ?? "")),
  async readBack(intent, connection) {
    const quote = await quotingConnectorFor(connection).getQuote(intent.supplierRef);
    return quote.status === "declined" ? quote : null;
  },
  async record(tx, intent, declined, actor) {
    const reason = String(intent.details.reason ?? "");
    await tx
      .update(supplierQuotes)
      .set({ status: "declined", supplierStatus: declined.supplierStatus, declineReason: reason, checkedAt: new Date(), updatedAt: new Date() })
      .where(eq(supplierQuotes.id, intent.subjectId));
    await recordAudit(tx, {
      companyId: intent.companyId,
      actorId: actor.id,
      action: "supplier_quote.declined",
      subject: { type: "supplier_quote", id: intent.subjectId },
      details: { supplierQuoteRef: intent.supplierRef, label: intent.details.label, reason, intentId: intent.id },
    });
  },
};

export async function declineQuote(ctx: ActorContext, input: { quoteId: string; reason: string }) {
  const row = await loadQuote(ctx, input.quoteId);
  requireRequester(ctx, row.quote, "decline");
  const view = present(row, await linkedRequisition(ctx, row.quote), new Date());
  if (!view.canDecline || !row.quote.supplierQuoteRef)
    throw new AppError("conflict", `${quoteLabel(row.quote)} is ${view.status}; only a quote still open can be declined.`);
  // A supplier that no longer takes quotes is refused before anything is written down.
  quotingConnectorFor(row.connection);
  const label = quoteLabel(row.quote);
  const outcome = await carryOut(ctx.db, declineIntent, {
    companyId: ctx.companyId,
    actor: ctx.user,
    connection: row.connection,
    subject: { type: "supplier_quote", id: row.quote.id },
    supplierRef: row.quote.supplierQuoteRef,
    details: { reason: input.reason, label },
  });
  return { declined: outcome.state !== "checking", outcome: outcome.state, message: outcome.message, label };
}

export interface QuoteCheckout extends Omit<RequisitionChoices, "note"> {
  quoteId: string;
  addressId: string;
  note?: string;
}

/** An offered quote checked out like a cart, at its quoted prices; once approved the order is placed by accepting it. */
export async function checkoutQuote(ctx: ActorContext, input: QuoteCheckout) {
  const loaded = await loadQuote(ctx, input.quoteId);
  requireRequester(ctx, loaded.quote, "check out");
  // Today's word from the supplier, not our last copy: an expired or withdrawn quote cannot be ordered.
  const quote = await refreshQuote(ctx.db, loaded.quote, loaded.connection);
  const now = new Date();
  const before = await linkedRequisition(ctx, quote);
  if (!quoteActions(quote, before, now).canCheckOut) {
    const status = quote.expiresAt && quote.expiresAt <= now ? "expired" : quote.status === "accepted" ? `already in REQ-${before?.number}` : quote.status;
    throw new AppError(
      "conflict",
      `${quoteLabel(quote)} is ${status}; only a quote ${loaded.connection.displayName} has sent back and that is still valid can be checked out.`,
    );
  }
  const supplierName = loaded.connection.displayName;
  const submitted = await submitRequisition(
    ctx,
    { costCenterId: input.costCenterId, poNumber: input.poNumber, note: input.note || `From ${quoteLabel(quote)}` },
    {
      currency: quote.currency,
      async price() {
        const account = await askSupplier(supplierName, () => quotingConnectorFor(loaded.connection).getAccount());
        const address = account.addresses.find((a) => a.supplierAddressId === input.addressId);
        if (!address) throw invalid("addressId", `That address is not one of your ${supplierName} ship-to addresses.`);
        return [
          {
            supplierConnectionId: loaded.connection.id,
            supplierName,
            shipTo: snapshotAddress(address),
            supplierQuoteId: quote.id,
            lines: quote.lines.map((l) => ({
              supplierItemId: l.supplierItemId,
              itemCode: l.itemCode,
              name: l.name,
              categoryId: l.categoryId,
              categoryName: l.categoryName,
              quantity: l.quantity,
              unitPrice: money(l.quotedUnitPriceMinor!, quote.currency),
              lineTotal: money(l.quotedUnitPriceMinor! * l.quantity, quote.currency),
            })),
          },
        ];
      },
      // One checkout per quote: two tabs submitting at once find the quote already taken.
      async stillAsPriced(tx) {
        const [locked] = await tx.select().from(supplierQuotes).where(eq(supplierQuotes.id, quote.id)).for("update");
        if (!locked || locked.status !== quote.status || locked.requisitionId !== quote.requisitionId) {
          throw new AppError("conflict", `${quoteLabel(quote)} was checked out or changed a moment ago. Reload it.`);
        }
      },
      async afterRecorded(tx, requisition) {
        await tx
          .update(supplierQuotes)
          .set({ status: "accepted", requisitionId: requisition.id, updatedAt: new Date() })
          .where(eq(supplierQuotes.id, quote.id));
      },
    },
  );
  const answer = submittedAnswer(submitted);
  return { requisitionId: answer.requisitionId, number: answer.number, status: answer.status, approval: answer.approval };
}

/** A quote that came to nothing: its lines go back in the cart at today's prices (asked of the supplier), once. */
export async function putBackInCart(ctx: ActorContext, input: { quoteId: string }) {
  const row = await loadQuote(ctx, input.quoteId);
  requireRequester(ctx, row.quote, "put back");
  const view = present(row, await linkedRequisition(ctx, row.quote), new Date());
  if (!view.canPutBackInCart) {
    throw new AppError(
      "conflict",
      row.quote.returnedToCartAt
        ? `${quoteLabel(row.quote)}'s lines are already back in your cart.`
        : `${quoteLabel(row.quote)} is ${view.status}; its lines go back to the cart only once it has come to nothing.`,
    );
  }
  const [claimed] = await ctx.db
    .update(supplierQuotes)
    .set({ returnedToCartAt: new Date(), updatedAt: new Date() })
    .where(and(eq(supplierQuotes.id, row.quote.id), eq(supplierQuotes.companyId, ctx.companyId), isNull(supplierQuotes.returnedToCartAt)))
    .returning({ id: supplierQuotes.id });
  if (!claimed) throw new AppError("conflict", `${quoteLabel(row.quote)}'s lines are already back in your cart.`);
  const notAdded: { itemCode: string; reason: string }[] = [];
  let added = 0;
  for (const line of row.quote.lines) {
    try {
      await addToCart(ctx, { connectionId: row.connection.id, itemId: line.supplierItemId, quantity: line.quantity });
      added++;
    } catch (error) {
      notAdded.push({ itemCode: line.itemCode, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (added === 0) await ctx.db.update(supplierQuotes).set({ returnedToCartAt: null }).where(eq(supplierQuotes.id, row.quote.id));
  return { added, notAdded };
}
