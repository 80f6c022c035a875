/**
 * The last look before an approved requisition goes to its suppliers: today's prices and availability, asked of
 * every supplier at once. A total that rose past the company's tolerance, or an item no longer sold or short of
 * stock, sends the requisition back to its requester instead of placing it.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { companies, requisitionLines, supplierConnections, supplierOrders, supplierQuotes } from "@/db/schema";
import { itemsNow, offerOf } from "@/server/catalog/supplier-offers";
import { connectorForRow, type LoadedConnection } from "@/server/connections/connections";
import { formatMoney, money } from "@/server/domain/money";
import { compareWithSupplier, roseBeyondTolerance } from "@/server/domain/price-drift";
import { quoteLabel, refreshQuote } from "@/server/quotes/quoting";
import type { RepricedLine, ReturnedChange } from "@/server/requisitions/lifecycle";

export interface RecheckResult {
  /** Empty when the requisition may be placed as approved. */
  changes: ReturnedChange[];
  /** Lines whose price moved (within the tolerance when `changes` is empty): ordered at today's price. */
  repriced: RepricedLine[];
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
      .innerJoin(supplierOrders, and(eq(supplierOrders.id, requisitionLines.supplierOrderId), eq(supplierOrders.companyId, requisitionLines.companyId)))
      .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
      .leftJoin(supplierQuotes, eq(supplierQuotes.id, supplierOrders.supplierQuoteId))
      .where(
        and(
          eq(requisitionLines.companyId, requisition.companyId),
          eq(requisitionLines.requisitionId, requisition.id),
          eq(requisitionLines.revision, requisition.revision),
          isNull(requisitionLines.rejectedReason),
        ),
      ),
  ]);
  const lines = rows.filter((r) => !excludedLineIds.includes(r.line.id));
  const changes: ReturnedChange[] = [];
  const risen: ReturnedChange[] = [];
  const repriced: RepricedLine[] = [];
  let oldTotal = 0;
  let newTotal = 0;

  // Lines ordered from a supplier's quote keep the quote's prices; what matters is that the quote still stands.
  const quoted = lines.filter((row) => row.quote);
  const quotes = new Map(quoted.map((row) => [row.quote!.id, { quote: row.quote!, connection: row.connection }]));
  for (const row of quoted) {
    oldTotal += row.line.lineTotalMinor;
    newTotal += row.line.lineTotalMinor;
  }
  // Every supplier at once; one that cannot be reached fails the approval attempt (nothing recorded), never places blind.
  const listed = lines.filter((row) => !row.quote);
  const connections = new Map<string, LoadedConnection>(
    listed.map((row) => [row.connection.id, { connection: row.connection, connector: connectorForRow(row.connection) }]),
  );
  const [, items] = await Promise.all([
    Promise.all(
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
    ),
    itemsNow(
      connections,
      listed.map((row) => ({ connectionId: row.connection.id, supplierItemId: row.line.supplierItemId })),
    ),
  ]);

  listed.forEach(({ line, connection }, i) => {
    const supplierName = connection.displayName;
    const drift = compareWithSupplier({ quantity: line.quantity, unitPrice: money(line.unitPriceMinor, line.currency) }, offerOf(items[i]!));
    oldTotal += line.lineTotalMinor;
    if (drift.unavailable || !drift.now) {
      changes.push({ itemCode: line.itemCode, supplierName, change: `${line.name} is no longer available` });
      return;
    }
    // The supplier would refuse the whole order for a line it cannot fill: better back to the requester now.
    if (drift.shortOfStock !== null) {
      changes.push({ itemCode: line.itemCode, supplierName, change: `only ${drift.shortOfStock} of ${line.name} in stock, ${line.quantity} asked for` });
    }
    newTotal += drift.now.lineTotal.amount;
    if (drift.unitPriceChange) {
      repriced.push({ lineId: line.id, supplierOrderId: line.supplierOrderId, itemCode: line.itemCode, was: drift.unitPriceChange.from, ...drift.now });
    }
    if (drift.unitPriceChange && drift.unitPriceChange.to.amount > drift.unitPriceChange.from.amount) {
      risen.push({
        itemCode: line.itemCode,
        supplierName,
        change: `${line.name} rose from ${formatMoney(drift.unitPriceChange.from)} to ${formatMoney(drift.unitPriceChange.to)} each`,
      });
    }
  });
  const toleranceBp = company?.priceToleranceBp ?? 200;
  // Within tolerance, a price rise is accepted as approved; past it, every rise is shown to the requester.
  if (roseBeyondTolerance(oldTotal, newTotal, toleranceBp)) {
    changes.push(...risen);
    changes.push({
      itemCode: "",
      supplierName: "",
      change: `The total rose from ${formatMoney(money(oldTotal, requisition.currency))} to ${formatMoney(money(newTotal, requisition.currency))}, more than the ${toleranceBp / 100}% your company accepts`,
    });
  }
  changes.sort((a, b) => a.itemCode.localeCompare(b.itemCode));
  return { changes, repriced, oldTotalMinor: oldTotal, newTotalMinor: newTotal };
}
