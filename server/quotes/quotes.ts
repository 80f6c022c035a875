/**
 * Supplier quotes: a buyer asks a supplier to price cart lines, the supplier sends a quote back,
 * and the buyer checks it out as a requisition (approval as usual) or declines it. The supplier
 * order that comes of it is placed by accepting the quote at the supplier, at its prices.
 */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { supplierConnections, supplierQuotes, type SupplierQuoteLine, type SupplierQuoteStatus } from "@/db/schema";

type SupplierConnection = typeof supplierConnections.$inferSelect;
import { AppError } from "@/server/errors";
import { askSupplier, connectorForRow } from "@/server/suppliers/connections";
import type { SupplierConnector } from "@/server/suppliers/types";
import type { YodifyConnector, YodifyQuote } from "@/server/suppliers/yodify/connector";

export type QuotingConnector = SupplierConnector & Pick<YodifyConnector, "createQuote" | "getQuote" | "acceptQuote" | "declineQuote">;

export function canQuote(connector: SupplierConnector): connector is QuotingConnector {
  const c = connector as Partial<QuotingConnector>;
  return typeof c.createQuote === "function" && typeof c.getQuote === "function" && typeof c.acceptQuote === "function" && typeof c.declineQuote === "function";
}

export function quotingConnectorFor(connection: SupplierConnection): QuotingConnector {
  const connector = connectorForRow(connection);
  if (!canQuote(connector)) throw new AppError("precondition", `${connection.displayName} does not take quote requests through the portal.`, { field: "connectionId" });
  return connector;
}

/** Still open at the supplier: it may yet be sent, checked out or declined. */
export const OPEN_QUOTE_STATUSES: SupplierQuoteStatus[] = ["requested", "offered", "accepted"];

type QuoteRow = typeof supplierQuotes.$inferSelect;

/**
 * Our status from the supplier's. A quote we checked out ("accepted" here, waiting for approval)
 * stays accepted while the supplier still offers it; anything final at the supplier wins.
 */
export function statusFromSupplier(local: SupplierQuoteStatus, supplier: YodifyQuote["status"]): SupplierQuoteStatus {
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
export function linesWithQuotedPrices(lines: SupplierQuoteLine[], quote: YodifyQuote): { lines: SupplierQuoteLine[]; subtotal: number | null } {
  const offered = quote.status === "offered" || quote.status === "accepted" || quote.status === "ordered";
  const byItem = new Map(quote.lines.map((l) => [l.supplierItemId, l]));
  const updated = lines.map((line) => {
    const quoted = byItem.get(line.supplierItemId);
    return { ...line, quotedUnitPriceMinor: offered && quoted ? quoted.unitPrice.amount : line.quotedUnitPriceMinor };
  });
  const complete = updated.every((l) => l.quotedUnitPriceMinor !== null);
  return { lines: updated, subtotal: complete ? updated.reduce((sum, l) => sum + l.quotedUnitPriceMinor! * l.quantity, 0) : null };
}

/** Asks the supplier where the quote stands and stores it. Throws AppError when the supplier cannot say. */
export async function refreshQuote(db: Database, quote: QuoteRow, connection: SupplierConnection): Promise<QuoteRow> {
  if (!quote.supplierQuoteRef) return quote;
  const connector = quotingConnectorFor(connection);
  const current = await askSupplier(connection.displayName, () => connector.getQuote(quote.supplierQuoteRef!));
  const priced = linesWithQuotedPrices(quote.lines, current);
  const [updated] = await db
    .update(supplierQuotes)
    .set({
      status: statusFromSupplier(quote.status, current.status),
      supplierStatus: current.supplierStatus,
      quoteNumber: current.quoteNumber ?? quote.quoteNumber,
      lines: priced.lines,
      quotedSubtotalMinor: priced.subtotal,
      expiresAt: current.expiresAt,
      checkedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(supplierQuotes.id, quote.id))
    .returning();
  return updated!;
}

export const quoteLabel = (quote: Pick<QuoteRow, "quoteNumber" | "id">) => quote.quoteNumber ?? `quote ${quote.id.slice(0, 8)}`;
