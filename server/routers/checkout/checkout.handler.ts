import { eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { cartLines, companies, type ShipToSnapshot } from "@/db/schema";
import { evaluateChainFor, type EvaluatedChain } from "@/server/approvals/chain";
import { exceedsStock, priceCart, type StoredCartLine } from "@/server/domain/cart";
import { money } from "@/server/domain/money";
import { AppError, invalid } from "@/server/errors";
import { kickWorker } from "@/server/jobs/worker";
import { createRequisition } from "@/server/requisitions/create";
import type { RevisionInput } from "@/server/requisitions/revision";
import { askSupplier, loadSupplierConnection } from "@/server/suppliers/connections";
import type { ShipToAddress } from "@/server/suppliers/types";
import type { MemberContext } from "@/server/trpc/init";
import { loadCartLines, itemSnapshot, stockMessage } from "../cart/cart.handler";
import { chargeableCostCenters, loadChargeableCostCenter } from "../cost-centers/cost-centers.handler";
import type { SubmitRequisitionInput } from "./checkout.schema";

async function loadCompany(db: Database, companyId: string) {
  const [company] = await db.select().from(companies).where(eq(companies.id, companyId));
  if (!company) throw new AppError("forbidden", "Your company could not be found.");
  return company;
}

type LoadedConnection = Awaited<ReturnType<typeof loadSupplierConnection>>;

/** Each connection of the cart, loaded (and its secret opened) once per request. */
async function loadConnections(ctx: MemberContext, connectionIds: string[]): Promise<Map<string, LoadedConnection>> {
  const loaded = await Promise.all(connectionIds.map((id) => loadSupplierConnection(ctx.db, ctx.companyId, id)));
  return new Map(loaded.map((l) => [l.connection.id, l]));
}

async function accountsFor(connections: Map<string, LoadedConnection>) {
  // One supplier at a time would make checkout as slow as the sum of them; ask them all at once.
  return Promise.all(
    [...connections].map(async ([connectionId, { connection, connector }]) => {
      const account = await askSupplier(connection.displayName, () => connector.getAccount());
      return { connectionId, supplierName: connection.displayName, addresses: account.addresses };
    }),
  );
}

/**
 * For the checkout page: a supplier that cannot be reached is flagged with
 * the reason instead of failing the page, so the buyer can still check out
 * the other suppliers' lines (after setting that supplier's lines aside).
 */
async function accountsOrFlags(connections: Map<string, LoadedConnection>) {
  return Promise.all(
    [...connections].map(async ([connectionId, loaded]) => {
      try {
        const [account] = await accountsFor(new Map([[connectionId, loaded]]));
        return { ...account!, unavailable: null as string | null };
      } catch (error) {
        if (!(error instanceof AppError) || error.kind !== "supplier_unavailable") throw error;
        return { connectionId, supplierName: loaded.connection.displayName, addresses: [] as ShipToAddress[], unavailable: error.message };
      }
    }),
  );
}

/** The chain as people read it: each step's level, who, any/all, and why. */
export function chainPreview(evaluated: EvaluatedChain) {
  return {
    needsApproval: !evaluated.chain.autoApproved,
    summary: evaluated.summary,
    policyVersion: evaluated.policyVersion,
    steps: evaluated.chain.steps.map((s) => ({
      level: s.level,
      mode: s.mode,
      approverNames: s.approverIds.map((id) => evaluated.names.get(id) ?? "someone"),
      reasons: s.reasons,
      fellBackToAdmins: s.fellBackToAdmins,
    })),
  };
}

export async function checkoutOptionsHandler({ ctx }: { ctx: MemberContext }) {
  const [company, lines, centers] = await Promise.all([
    loadCompany(ctx.db, ctx.companyId),
    loadCartLines(ctx.db, ctx.user.id),
    chargeableCostCenters(ctx, new Date()),
  ]);
  const cart = priceCart(lines, company.currency);
  const suppliers = await accountsOrFlags(
    await loadConnections(
      ctx,
      cart.groups.map((g) => g.supplierConnectionId),
    ),
  );
  const categories = new Map<string, string>();
  for (const line of lines) if (line.categoryId) categories.set(line.categoryId, line.categoryName ?? line.categoryId);
  // Each cost center with what its budget has left, what this cart would leave, and the chain it would get there.
  const costCenterChoices = await Promise.all(
    centers.map(async (c) => {
      const leavesAfterCart =
        c.budget && c.budget.remaining.currency === cart.subtotal.currency
          ? money(c.budget.remaining.amount - cart.subtotal.amount, cart.subtotal.currency)
          : null;
      const approval =
        cart.lineCount > 0
          ? chainPreview(
              await evaluateChainFor(ctx.db, {
                companyId: ctx.companyId,
                requesterId: ctx.user.id,
                requesterRoles: ctx.user.roles,
                total: cart.subtotal,
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
  return {
    cart,
    suppliers: suppliers.map((s) => ({ ...s, defaultAddressId: (s.addresses.find((a) => a.isDefault) ?? s.addresses[0])?.supplierAddressId ?? null })),
    costCenters: costCenterChoices,
    defaultCostCenterId: centers.find((c) => c.isDefault)?.id ?? null,
    poNumberRequired: company.poNumberRequired,
  };
}

/**
 * Asks each supplier for today's price and availability of every line, all
 * suppliers at once. Changes are written to the cart (so the buyer sees them)
 * and reported; the requisition is not created on stale prices.
 */
async function recheckCart(ctx: MemberContext, connections: Map<string, LoadedConnection>, lines: StoredCartLine[]) {
  const byConnection = new Map<string, StoredCartLine[]>();
  for (const line of lines) byConnection.set(line.supplierConnectionId, [...(byConnection.get(line.supplierConnectionId) ?? []), line]);
  const changes: string[] = [];
  await Promise.all(
    [...byConnection].map(async ([connectionId, group]) => {
      const { connection, connector } = connections.get(connectionId)!;
      await Promise.all(
        group.map(async (line) => {
          const item = await askSupplier(connection.displayName, () => connector.getItem(line.supplierItemId));
          const fresh = itemSnapshot(item);
          const sameTiers =
            fresh.currency === line.currency &&
            fresh.priceTiers.length === line.priceTiers.length &&
            fresh.priceTiers.every((t, i) => t.minQuantity === line.priceTiers[i]?.minQuantity && t.amount === line.priceTiers[i]?.amount);
          const sameStock = fresh.maxQuantity === (line.maxQuantity ?? null);
          // Short of stock is said every time, changed or not: the supplier would refuse the order.
          const short = item.available && exceedsStock({ quantity: line.quantity, maxQuantity: fresh.maxQuantity });
          if (short) changes.push(stockMessage(line.itemCode, connection.displayName, fresh.maxQuantity!).replace(/;.*$/, ""));
          if (sameTiers && item.available === line.available && sameStock) return;
          if (!item.available) changes.push(`${line.itemCode} is no longer available`);
          else if (!sameTiers) changes.push(`${line.itemCode} has a new price`);
          await ctx.db
            .update(cartLines)
            .set({ ...fresh, available: item.available, pricedAt: new Date(), updatedAt: new Date() })
            .where(eq(cartLines.id, line.id));
        }),
      );
    }),
  );
  return changes;
}

export async function submitRequisitionHandler({ ctx, input }: { ctx: MemberContext; input: SubmitRequisitionInput }) {
  const company = await loadCompany(ctx.db, ctx.companyId);
  const lines = await loadCartLines(ctx.db, ctx.user.id);
  if (lines.length === 0) throw new AppError("precondition", "Your cart is empty.", { field: "cart" });
  if (lines.some((l) => !l.available)) throw new AppError("conflict", "Remove the lines marked unavailable before checking out.", { field: "cart" });
  if (company.poNumberRequired && input.poNumber === "") throw invalid("poNumber", `Enter a PO number: ${company.name} requires one on every order.`);

  const costCenter = await loadChargeableCostCenter(ctx, input.costCenterId);
  if (costCenter.currency !== company.currency) {
    throw invalid(
      "costCenterId",
      `${costCenter.code} keeps its budget in ${costCenter.currency} and this order is in ${company.currency}; choose a ${company.currency} cost center.`,
    );
  }

  const connectionIds = [...new Set(lines.map((l) => l.supplierConnectionId))];
  const shipToByConnection = new Map(input.shipTo.map((s) => [s.connectionId, s.addressId]));
  for (const id of connectionIds) if (!shipToByConnection.has(id)) throw invalid("shipTo", "Choose a ship-to address for every supplier in the cart.");

  const connections = await loadConnections(ctx, connectionIds);
  const [accounts, changes] = await Promise.all([accountsFor(connections), recheckCart(ctx, connections, lines)]);
  if (changes.length > 0) {
    throw new AppError("conflict", `Your cart changed since you added these items: ${changes.join("; ")}. Review the new figures and submit again.`, {
      field: "cart",
    });
  }
  const shipTo = new Map<string, ShipToAddress>();
  for (const account of accounts) {
    const chosen = account.addresses.find((a) => a.supplierAddressId === shipToByConnection.get(account.connectionId));
    if (!chosen) throw invalid("shipTo", `That address is not one of your ${account.supplierName} ship-to addresses.`);
    shipTo.set(account.connectionId, chosen);
  }

  const cart = priceCart(lines, company.currency);
  const submittedAt = new Date();
  const revisionInput: RevisionInput = {
    companyId: ctx.companyId,
    requester: { id: ctx.user.id, roles: ctx.user.roles },
    costCenter: { id: costCenter.id, code: costCenter.code, ownerId: costCenter.ownerId },
    total: cart.subtotal,
    submittedAt,
    orders: cart.groups.map((group) => ({
      supplierConnectionId: group.supplierConnectionId,
      supplierName: group.supplierName,
      shipTo: snapshotAddress(shipTo.get(group.supplierConnectionId)!),
      subtotal: group.subtotal,
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
    })),
  };

  const created = await ctx.db.transaction(async (tx) => {
    // The cart must still be what was priced: a quantity changed in another tab fails the submit rather than ordering the wrong amount.
    const current = await tx.select({ id: cartLines.id, quantity: cartLines.quantity }).from(cartLines).where(eq(cartLines.userId, ctx.user.id)).for("update");
    const priced = new Map(lines.map((l) => [l.id, l.quantity]));
    if (current.length !== priced.size || current.some((c) => priced.get(c.id) !== c.quantity)) {
      throw new AppError("conflict", "Your cart changed while you were checking out. Review it and submit again.", { field: "cart" });
    }
    const { requisition, decision } = await createRequisition(tx, { ...revisionInput, poNumber: input.poNumber, note: input.note || null });
    await tx.delete(cartLines).where(inArray(cartLines.id, [...priced.keys()]));
    return { requisition, decision };
  });
  if (!created.decision.needsApproval) kickWorker();
  return {
    requisitionId: created.requisition.id,
    number: created.requisition.number,
    status: created.requisition.status,
    approvalReason: created.decision.evaluated.summary,
    approval: chainPreview(created.decision.evaluated),
    overBudget: created.decision.budget.overBudget,
    budgetLeftAfter: created.decision.budget.leaves,
  };
}

export function snapshotAddress(address: ShipToAddress): ShipToSnapshot {
  const { isDefault: _isDefault, ...snapshot } = address;
  return snapshot;
}
