/**
 * The last look before an approved requisition goes to its suppliers: today's
 * prices and availability, asked of every supplier at once. A total that rose
 * past the company's tolerance, or an item no longer sold, sends the
 * requisition back to its requester instead of placing it.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { companies, requisitionLines, supplierConnections, supplierOrders, supplierQuotes } from "@/db/schema";
import { quoteLabel, refreshQuote } from "@/server/quotes/quotes";
import { tiersOf } from "@/server/domain/cart";
import { formatMoney, money } from "@/server/domain/money";
import { linePrice } from "@/server/domain/price-tiers";
import { askSupplier, connectorForRow } from "@/server/suppliers/connections";

export interface PriceChange {
  itemCode: string;
  supplierName: string;
  change: string;
}

export interface RecheckResult {
  /** Empty when the requisition may be placed as approved. */
  changes: PriceChange[];
  oldTotalMinor: number;
  newTotalMinor: number;
}

export async function recheckBeforePlacing(
  db: Database,
  requisition: { id: string; companyId: string; revision: number; currency: string },
  excludedLineIds: string[],
): Promise<RecheckResult> {
  const [[company], rows] = await Promise.all([
    db.select({ priceToleranceBp: companies.priceToleranceBp }).from(companies).where(eq(companies.id, requisition.companyId)),
    db
      .select({ line: requisitionLines, connection: supplierConnections, quote: supplierQuotes })
      .from(requisitionLines)
      .innerJoin(supplierOrders, eq(supplierOrders.id, requisitionLines.supplierOrderId))
      .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
      .leftJoin(supplierQuotes, eq(supplierQuotes.id, supplierOrders.supplierQuoteId))
      .where(
        and(eq(requisitionLines.requisitionId, requisition.id), eq(requisitionLines.revision, requisition.revision), isNull(requisitionLines.rejectedReason)),
      ),
  ]);
  const lines = rows.filter((r) => !excludedLineIds.includes(r.line.id));
  const byConnection = new Map<string, typeof lines>();
  for (const row of lines) byConnection.set(row.connection.id, [...(byConnection.get(row.connection.id) ?? []), row]);

  const changes: PriceChange[] = [];
  const risen: PriceChange[] = [];
  let oldTotal = 0;
  let newTotal = 0;
  // Every supplier at once; one that cannot be reached fails the approval attempt (nothing recorded), never places blind.
  // Lines ordered from a supplier's quote keep the quote's prices; what matters is that the quote still stands.
  const quotes = new Map<string, { quote: NonNullable<(typeof lines)[number]["quote"]>; connection: (typeof lines)[number]["connection"] }>();
  for (const row of lines) if (row.quote) quotes.set(row.quote.id, { quote: row.quote, connection: row.connection });
  for (const row of lines) {
    if (!row.quote) continue;
    oldTotal += row.line.lineTotalMinor;
    newTotal += row.line.lineTotalMinor;
  }
  await Promise.all(
    [...quotes.values()].map(async ({ quote, connection }) => {
      const current = await refreshQuote(db, quote, connection);
      const expired = current.expiresAt !== null && current.expiresAt <= new Date();
      if (expired || (current.status !== "accepted" && current.status !== "offered")) {
        changes.push({
          itemCode: "",
          supplierName: connection.displayName,
          change: `${quoteLabel(current)} is ${expired ? "expired" : current.status} at ${connection.displayName}; ask for a new quote`,
        });
      }
    }),
  );
  await Promise.all(
    [...byConnection.values()].map(async (group) => {
      const connection = group[0]!.connection;
      const connector = connectorForRow(connection);
      await Promise.all(
        group
          .filter((row) => !row.quote)
          .map(async ({ line }) => {
            const item = await askSupplier(connection.displayName, () => connector.getItem(line.supplierItemId));
            oldTotal += line.lineTotalMinor;
            if (!item.available) {
              changes.push({ itemCode: line.itemCode, supplierName: connection.displayName, change: `${line.name} is no longer available` });
              return;
            }
            // The supplier would refuse the whole order for a line it cannot fill: better back to the requester now.
            if (item.maxOrderQuantity !== null && item.maxOrderQuantity !== undefined && line.quantity > item.maxOrderQuantity) {
              changes.push({
                itemCode: line.itemCode,
                supplierName: connection.displayName,
                change: `only ${item.maxOrderQuantity} of ${line.name} in stock, ${line.quantity} asked for`,
              });
            }
            const tiers = tiersOf({
              priceTiers: item.priceTiers.map((t) => ({ minQuantity: t.minQuantity, amount: t.unitPrice.amount })),
              currency: item.priceTiers[0]?.unitPrice.currency ?? line.currency,
            });
            const { unitPrice, lineTotal } = linePrice(tiers, line.quantity);
            newTotal += lineTotal.amount;
            if (unitPrice.amount > line.unitPriceMinor) {
              risen.push({
                itemCode: line.itemCode,
                supplierName: connection.displayName,
                change: `${line.name} rose from ${formatMoney(money(line.unitPriceMinor, line.currency))} to ${formatMoney(unitPrice)} each`,
              });
            }
          }),
      );
    }),
  );
  const toleranceBp = company?.priceToleranceBp ?? 200;
  // Within tolerance, a price rise is accepted as approved; past it, every rise is shown to the requester.
  if (newTotal * 10_000 > oldTotal * (10_000 + toleranceBp)) {
    changes.push(...risen);
    changes.push({
      itemCode: "",
      supplierName: "",
      change: `The total rose from ${formatMoney(money(oldTotal, requisition.currency))} to ${formatMoney(money(newTotal, requisition.currency))}, more than the ${toleranceBp / 100}% your company accepts`,
    });
  }
  changes.sort((a, b) => a.itemCode.localeCompare(b.itemCode));
  return { changes, oldTotalMinor: oldTotal, newTotalMinor: newTotal };
}
