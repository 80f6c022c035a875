/**
 * Checkout: the buyer's cart becomes a requisition. The page shows each supplier's ship-to addresses and, for every
 * cost center the buyer may charge, what the budget would leave and the approval chain the cart would get there, and
 * what is left in the buyer's spending accounts at a supplier that keeps them (OrderCloud). On
 * submit the suppliers are asked for today's prices and stock; a cart that changed since it was priced is refused
 * with what changed (and the cart shows the new figures) rather than ordered on stale prices.
 */
import { eq, inArray } from "drizzle-orm";
import { cartLines } from "@/db/schema";
import type { ShipToAddress, ShipToSnapshot } from "@/common/suppliers";
import type { ActorContext } from "@/server/actor";
import { chainPreview, evaluateChainFor } from "@/server/approvals/chain";
import { itemSnapshot, loadCartLines, stockMessage } from "@/server/cart/cart";
import { itemsNow, offerOf } from "@/server/catalog/supplier-offers";
import { loadCompany, poNumberFormatHint, poNumberRequirement } from "@/server/companies/company";
import { askSupplier } from "@/server/connections/ask-supplier";
import { loadSupplierConnections, type LoadedConnection } from "@/server/connections/connections";
import { chargeableCostCenters } from "@/server/cost-centers/chargeable";
import { preselectedAddress, shipToDefaultsOf } from "@/server/people/profile";
import type { SupplierSpendingAccount } from "@/server/suppliers";
import { priceCart, tiersOf, type StoredCartLine } from "@/server/domain/cart";
import { addMoney, money } from "@/server/domain/money";
import { compareWithSupplier } from "@/server/domain/price-drift";
import type { SupplierHoldAhead } from "@/server/domain/supplier-holds";
import { AppError, invalid } from "@/server/errors";
import { expectedTotals } from "./expected-totals";
import { poNumberSupplierOf, submitRequisition, submittedAnswer, type RequisitionChoices } from "./submit";

export function snapshotAddress(address: ShipToAddress): ShipToSnapshot {
  const { isDefault: _isDefault, ...snapshot } = address;
  return snapshot;
}

/** Each supplier's ship-to addresses, every supplier asked at once (one at a time would add their waits up). */
async function addressBooks(connections: Map<string, LoadedConnection>) {
  return Promise.all(
    [...connections].map(async ([connectionId, { connection, connector }]) => {
      const account = await askSupplier(connection.displayName, () => connector.getAccount());
      return {
        connectionId,
        supplierName: connection.displayName,
        addresses: account.addresses,
        approvalRequiredOver: account.approvalRequiredOver,
        taxRateBps: account.taxRateBps ?? null,
        spendingAccounts: account.spendingAccounts ?? [],
      };
    }),
  );
}

/**
 * For the checkout page: a supplier that cannot be reached is flagged with the reason instead of failing the page,
 * so the buyer can still check out the other suppliers' lines (after setting that supplier's lines aside).
 */
async function addressBooksOrFlags(connections: Map<string, LoadedConnection>) {
  return Promise.all(
    [...connections].map(async ([connectionId, loaded]) => {
      try {
        const [book] = await addressBooks(new Map([[connectionId, loaded]]));
        return { ...book!, unavailable: null as string | null };
      } catch (error) {
        if (!(error instanceof AppError) || error.kind !== "supplier_unavailable") throw error;
        return {
          connectionId,
          supplierName: loaded.connection.displayName,
          addresses: [] as ShipToAddress[],
          approvalRequiredOver: null,
          taxRateBps: null,
          spendingAccounts: [] as SupplierSpendingAccount[],
          unavailable: error.message,
        };
      }
    }),
  );
}

export async function checkoutOptions(ctx: ActorContext) {
  const [company, lines, centers, myAddresses] = await Promise.all([
    loadCompany(ctx.db, ctx.companyId),
    loadCartLines(ctx.db, ctx.user.id),
    chargeableCostCenters(ctx, new Date()),
    shipToDefaultsOf(ctx.db, ctx.user.id),
  ]);
  const cart = priceCart(lines, company.currency);
  const connections = await loadSupplierConnections(
    ctx.db,
    ctx.companyId,
    cart.groups.map((g) => g.supplierConnectionId),
  );
  const suppliers = await addressBooksOrFlags(connections);
  const poNumberRequiredBecause = poNumberRequirement(
    company,
    [...connections.values()].map(({ connection, connector }) => poNumberSupplierOf(connection, connector)),
  );
  const categories = new Map<string, string>();
  for (const line of lines) if (line.categoryId) categories.set(line.categoryId, line.categoryName ?? line.categoryId);
  // What each supplier's part is expected to cost with its tax and shipping, and so what the cart will spend.
  const expected = await expectedTotals(
    ctx.db,
    ctx.companyId,
    cart.groups.map((g) => ({
      connectionId: g.supplierConnectionId,
      subtotal: g.subtotal,
      quotedTaxRateBps: suppliers.find((s) => s.connectionId === g.supplierConnectionId)?.taxRateBps ?? null,
    })),
  );
  const expectedSpend = expected.reduce((sum, e) => addMoney(sum, e.expected), money(0, cart.subtotal.currency));
  // Each cost center with what its budget has left, what this cart would leave, and the chain it would get there.
  const costCenterChoices = await Promise.all(
    centers.map(async (c) => {
      const leavesAfterCart =
        c.budget && c.budget.remaining.currency === expectedSpend.currency
          ? money(c.budget.remaining.amount - expectedSpend.amount, expectedSpend.currency)
          : null;
      const approval =
        cart.lineCount > 0
          ? chainPreview(
              await evaluateChainFor(ctx.db, {
                companyId: ctx.companyId,
                requesterId: ctx.user.id,
                requesterRoles: ctx.user.roles,
                total: expectedSpend,
                costCenter: { id: c.id, code: c.code, ownerId: c.ownerId },
                suppliers: cart.groups.map((g) => ({ id: g.supplierConnectionId, name: g.supplierName })),
                categories: [...categories].map(([id, name]) => ({ id, name })),
                remainingBudget: c.budget?.remaining ?? null,
              }),
            )
          : null;
      return { ...c, leavesAfterCart, approval };
    }),
  );
  // Suppliers that will hold this cart for their own approval: part of the way to the supplier, so the preview says so.
  const supplierHolds: SupplierHoldAhead[] = [];
  for (const book of suppliers) {
    const over = book.approvalRequiredOver;
    const group = cart.groups.find((g) => g.supplierConnectionId === book.connectionId);
    const spend = expected.find((e) => e.connectionId === book.connectionId)?.expected;
    if (!over || !group || !spend || over.currency !== spend.currency || spend.amount <= over.amount) continue;
    const connection = connections.get(book.connectionId)!.connection;
    supplierHolds.push({ supplierName: book.supplierName, over, answeredByChain: connection.portalApprovalAnswersHold });
  }
  return {
    cart,
    suppliers: suppliers.map(({ approvalRequiredOver: _over, taxRateBps: _rate, ...s }) => ({
      ...s,
      defaultAddressId: preselectedAddress(s.addresses, myAddresses.get(s.connectionId)),
    })),
    supplierHolds,
    /** Per supplier: its lines, the tax and shipping expected on them (null: not known before it is ordered), and the sum. */
    expected: expected.map(({ estimate, ...e }) => ({ ...e, basedOn: estimate?.basedOn ?? 0, taxQuoted: estimate?.taxQuoted ?? false })),
    expectedTotal: expectedSpend,
    /** The suppliers in the cart whose API takes a needed-by date with the order. */
    neededByTakenBy: [...connections.values()]
      .filter(({ connector }) => connector.capabilities.neededBy === true)
      .map(({ connection }) => connection.displayName),
    costCenters: costCenterChoices,
    defaultCostCenterId: centers.find((c) => c.isDefault)?.id ?? null,
    poNumberRequired: poNumberRequiredBecause !== null,
    /** Who needs a PO number ("Hygrade requires one on every order."), shown beside the field. */
    poNumberRequiredBecause,
    /** The company's PO number format in a sentence, or null when any PO number will do. */
    poNumberFormat: poNumberFormatHint(company),
    /** Whose checkout draft this browser keeps (one per person). */
    personId: ctx.user.id,
  };
}

/**
 * Today's price, availability and stock of every line, all suppliers at once. Changes are written to the cart (so
 * the buyer sees them) and returned in words; short of stock is said every time, changed or not, since the supplier
 * would refuse the order.
 */
async function recheckCart(ctx: ActorContext, connections: Map<string, LoadedConnection>, lines: StoredCartLine[]): Promise<string[]> {
  const items = await itemsNow(
    connections,
    lines.map((l) => ({ connectionId: l.supplierConnectionId, supplierItemId: l.supplierItemId })),
  );
  const changes: string[] = [];
  await Promise.all(
    lines.map(async (line, i) => {
      const item = items[i]!;
      const supplierName = connections.get(line.supplierConnectionId)!.connection.displayName;
      const drift = compareWithSupplier(
        { quantity: line.quantity, tiers: tiersOf(line), available: line.available, maxQuantity: line.maxQuantity ?? null },
        offerOf(item),
      );
      if (drift.shortOfStock !== null) changes.push(stockMessage(line.itemCode, supplierName, drift.shortOfStock).replace(/;.*$/, ""));
      if (!drift.tiersChanged && !drift.availabilityChanged && !drift.stockChanged) return;
      if (drift.unavailable) changes.push(`${line.itemCode} is no longer available`);
      else if (drift.tiersChanged) changes.push(`${line.itemCode} has a new price`);
      await ctx.db
        .update(cartLines)
        .set({ ...itemSnapshot(item), available: item.available, pricedAt: new Date(), updatedAt: new Date() })
        .where(eq(cartLines.id, line.id));
    }),
  );
  return changes;
}

export interface CartCheckout extends Omit<RequisitionChoices, "note"> {
  shipTo: { connectionId: string; addressId: string }[];
  note?: string;
  neededBy?: string;
}

export async function submitCart(ctx: ActorContext, input: CartCheckout) {
  const [company, lines] = await Promise.all([loadCompany(ctx.db, ctx.companyId), loadCartLines(ctx.db, ctx.user.id)]);
  if (lines.length === 0) throw new AppError("precondition", "Your cart is empty.", { field: "cart" });
  if (lines.some((l) => !l.available)) throw new AppError("conflict", "Remove the lines marked unavailable before checking out.", { field: "cart" });
  const connectionIds = [...new Set(lines.map((l) => l.supplierConnectionId))];
  const chosenAddress = new Map(input.shipTo.map((s) => [s.connectionId, s.addressId]));

  const submitted = await submitRequisition(
    ctx,
    { costCenterId: input.costCenterId, poNumber: input.poNumber, note: input.note || null, neededBy: input.neededBy || null },
    {
      currency: company.currency,
      checkChoices() {
        for (const id of connectionIds) if (!chosenAddress.has(id)) throw invalid("shipTo", "Choose a ship-to address for every supplier in the cart.");
      },
      async price() {
        const connections = await loadSupplierConnections(ctx.db, ctx.companyId, connectionIds);
        const [books, changes] = await Promise.all([addressBooks(connections), recheckCart(ctx, connections, lines)]);
        if (changes.length > 0) {
          throw new AppError("conflict", `Your cart changed since you added these items: ${changes.join("; ")}. Review the new figures and submit again.`, {
            field: "cart",
          });
        }
        const shipTo = new Map<string, ShipToAddress>();
        for (const book of books) {
          const chosen = book.addresses.find((a) => a.supplierAddressId === chosenAddress.get(book.connectionId));
          if (!chosen) throw invalid("shipTo", `That address is not one of your ${book.supplierName} ship-to addresses.`);
          shipTo.set(book.connectionId, chosen);
        }
        return priceCart(lines, company.currency).groups.map((group) => ({
          supplierConnectionId: group.supplierConnectionId,
          supplierName: group.supplierName,
          shipTo: snapshotAddress(shipTo.get(group.supplierConnectionId)!),
          quotedTaxRateBps: books.find((b) => b.connectionId === group.supplierConnectionId)?.taxRateBps ?? null,
          lines: group.lines.map((line) => ({
            supplierItemId: line.supplierItemId,
            itemCode: line.itemCode,
            name: line.name,
            categoryId: line.categoryId ?? null,
            categoryName: line.categoryName ?? null,
            quantity: line.quantity,
            unitPrice: line.unitPrice,
            lineTotal: line.lineTotal,
          })),
        }));
      },
      // The cart must still be what was priced: a quantity changed in another tab fails the submit rather than ordering the wrong amount.
      async stillAsPriced(tx) {
        const current = await tx
          .select({ id: cartLines.id, quantity: cartLines.quantity })
          .from(cartLines)
          .where(eq(cartLines.userId, ctx.user.id))
          .for("update");
        // The other tab's checkout took these lines first (it holds or held their locks): say so, not "it changed".
        if (current.length === 0) {
          throw new AppError("conflict", "Your cart was already checked out in another tab or window; nothing more was ordered.", { field: "cart" });
        }
        const priced = new Map(lines.map((l) => [l.id, l.quantity]));
        if (current.length !== priced.size || current.some((c) => priced.get(c.id) !== c.quantity)) {
          throw new AppError("conflict", "Your cart changed while you were checking out. Review it and submit again.", { field: "cart" });
        }
      },
      async afterRecorded(tx) {
        await tx.delete(cartLines).where(
          inArray(
            cartLines.id,
            lines.map((l) => l.id),
          ),
        );
      },
    },
  );
  return submittedAnswer(submitted);
}
