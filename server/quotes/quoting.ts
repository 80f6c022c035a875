/**
 * Supplier quotes: a buyer asks a supplier to price cart lines, the supplier sends a quote back,
 * and the buyer checks it out as a requisition (approval as usual) or declines it. The supplier
 * order that comes of it is placed by accepting the quote at the supplier, at its prices.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { supplierConnections, supplierQuotes, type SupplierQuoteLine, type SupplierQuoteStatus } from "@/db/schema";
import { askSupplier } from "@/server/connections/ask-supplier";
import { connectorForRow } from "@/server/connections/connections";
import { formatMoney, money } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { notify } from "@/server/notifications/notify";
import type { QuotingConnector, SupplierConnector, SupplierQuote } from "@/server/suppliers";

type SupplierConnection = typeof supplierConnections.$inferSelect;

/** The supplier takes quote requests: it says so in its capabilities and has the calls. */
export function canQuote(connector: SupplierConnector): connector is QuotingConnector {
  const c = connector as Partial<QuotingConnector>;
  return (
    connector.capabilities.quotes === true &&
    typeof c.createQuote === "function" &&
    typeof c.getQuote === "function" &&
    typeof c.acceptQuote === "function" &&
    typeof c.declineQuote === "function"
  );
}

export function quotingConnectorFor(connection: SupplierConnection): QuotingConnector {
  const connector = connectorForRow(connection);
  if (!canQuote(connector))
    throw new AppError("precondition", `${connection.displayName} does not take quote requests through the portal.`, { field: "connectionId" });
  return connector;
}

/** Still open at the supplier: it may yet be sent, checked out or declined. */
export const OPEN_QUOTE_STATUSES: SupplierQuoteStatus[] = ["requested", "offered", "accepted"];

type QuoteRow = typeof supplierQuotes.$inferSelect;

/**
 * Our status from the supplier's. A quote we checked out ("accepted" here, waiting for approval)
 * stays accepted while the supplier still offers it; anything final at the supplier wins.
 */
export function statusFromSupplier(local: SupplierQuoteStatus, supplier: SupplierQuote["status"]): SupplierQuoteStatus {
  switch (supplier) {
    case "draft":
    case "submitted":
      return "requested";
    case "offered":
    case "accepted":
      return local === "accepted" ? "accepted" : "offered";
    default:
      return supplier;
  }
}

/** The quote's lines with the supplier's quoted prices filled in (matched by supplier item id). */
export function linesWithQuotedPrices(lines: SupplierQuoteLine[], quote: SupplierQuote): { lines: SupplierQuoteLine[]; subtotal: number | null } {
  const offered = quote.status === "offered" || quote.status === "accepted" || quote.status === "ordered";
  const byItem = new Map(quote.lines.map((l) => [l.supplierItemId, l]));
  const updated = lines.map((line) => {
    const quoted = byItem.get(line.supplierItemId);
    return { ...line, quotedUnitPriceMinor: offered && quoted ? quoted.unitPrice.amount : line.quotedUnitPriceMinor };
  });
  const complete = updated.every((l) => l.quotedUnitPriceMinor !== null);
  return { lines: updated, subtotal: complete ? updated.reduce((sum, l) => sum + l.quotedUnitPriceMinor! * l.quantity, 0) : null };
}

/**
 * Asks the supplier where the quote stands and stores it; the buyer is told when the supplier sends
 * it back. Throws AppError when the supplier cannot say.
 */
export async function refreshQuote(db: Database, quote: QuoteRow, connection: SupplierConnection): Promise<QuoteRow> {
  if (!quote.supplierQuoteRef) return quote;
  const connector = quotingConnectorFor(connection);
  const current = await askSupplier(connection.displayName, () => connector.getQuote(quote.supplierQuoteRef!));
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(supplierQuotes).where(eq(supplierQuotes.id, quote.id)).for("update");
    if (!locked) return quote;
    const priced = linesWithQuotedPrices(locked.lines, current);
    const status = statusFromSupplier(locked.status, current.status);
    const [updated] = await tx
      .update(supplierQuotes)
      .set({
        status,
        supplierStatus: current.supplierStatus,
        quoteNumber: current.quoteNumber ?? locked.quoteNumber,
        lines: priced.lines,
        quotedSubtotalMinor: priced.subtotal,
        expiresAt: current.expiresAt,
        checkedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(supplierQuotes.id, quote.id))
      .returning();
    // Under the row lock, so two refreshes at once tell the buyer once.
    if (locked.status === "requested" && status === "offered") {
      const label = quoteLabel(updated!);
      await notify(tx, {
        companyId: locked.companyId,
        userIds: [locked.requesterId],
        kind: "quote.offered",
        title: `${connection.displayName} sent ${label} back`,
        body:
          priced.subtotal !== null
            ? `Quoted ${formatMoney(money(priced.subtotal, locked.currency))} against ${formatMoney(money(locked.listSubtotalMinor, locked.currency))} at list${current.expiresAt ? `, valid until ${current.expiresAt.toISOString().slice(0, 10)}` : ""}. Check it out or decline it.`
            : "Open it to check it out or decline it.",
        link: `/quotes/${locked.id}`,
      });
    }
    return updated!;
  });
}

/** The worker's pass: open quotes not checked for `olderThanMs`, oldest first; a supplier that does not answer is tried next pass. */
export async function refreshOpenQuotes(db: Database, olderThanMs = 5 * 60_000, batch = 20): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const due = await db
    .select({ quote: supplierQuotes, connection: supplierConnections })
    .from(supplierQuotes)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierQuotes.supplierConnectionId))
    .where(
      and(
        inArray(supplierQuotes.status, OPEN_QUOTE_STATUSES),
        isNotNull(supplierQuotes.supplierQuoteRef),
        or(isNull(supplierQuotes.checkedAt), lt(supplierQuotes.checkedAt, cutoff)),
      ),
    )
    .orderBy(asc(supplierQuotes.checkedAt))
    .limit(batch);
  for (const { quote, connection } of due) {
    try {
      await refreshQuote(db, quote, connection);
    } catch (error) {
      console.warn(`[quotes] could not refresh ${connection.displayName} ${quoteLabel(quote)}: ${error instanceof Error ? error.message : error}`);
    }
  }
  return due.length;
}

/** How a quote is named to people: the supplier's number (e.g. "QTE-0000000003"), or ours until it has one. */
export const quoteLabel = (quote: Pick<QuoteRow, "quoteNumber" | "id">) => quote.quoteNumber ?? `Q-${quote.id.slice(0, 8)}`;
