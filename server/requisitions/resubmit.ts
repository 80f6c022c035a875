/**
 * After a rejection or a return, the requester edits quantities (0 leaves a line out), cost center, PO number or
 * note and submits again. That is a new revision: priced live, its chain evaluated afresh under today's policy, its
 * budget reserved anew; the earlier revision stays for the record.
 */
import { and, eq, inArray } from "drizzle-orm";
import { requisitionLines, supplierOrders, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { loadChain } from "@/server/approvals/chain";
import { itemsNow, offerOf } from "@/server/catalog/supplier-offers";
import { loadSupplierConnections } from "@/server/connections/connections";
import { compareWithSupplier } from "@/server/domain/price-drift";
import { AppError, invalid } from "@/server/errors";
import { stockMessage } from "@/server/cart/cart";
import { loadRequisitionInCompany } from "./access";
import { requisitionLabel } from "./lifecycle";
import { submitRequisition, type PricedOrder, type RequisitionChoices } from "./submit";

export interface Resubmission extends Omit<RequisitionChoices, "note"> {
  requisitionId: string;
  /** Every line of the current revision with its new quantity; 0 leaves it out. */
  lines: { lineId: string; quantity: number }[];
  note?: string;
  neededBy?: string;
}

export async function resubmitRequisition(ctx: ActorContext, input: Resubmission) {
  const requisition = await loadRequisitionInCompany(ctx.db, ctx.companyId, input.requisitionId);
  if (requisition.requesterId !== ctx.user.id) throw new AppError("forbidden", "Only the person who submitted a requisition can resubmit it.");
  const label = requisitionLabel(requisition);
  if (requisition.status !== "rejected" && requisition.status !== "returned") {
    throw new AppError(
      "conflict",
      `${label} is ${requisition.status.replace("_", " ")}; only a rejected or returned requisition can be edited and resubmitted.`,
    );
  }

  const submitted = await submitRequisition(
    ctx,
    // The needed-by date carries over unless the requester gives a new one.
    { costCenterId: input.costCenterId, poNumber: input.poNumber, note: input.note || null, neededBy: input.neededBy ?? requisition.neededBy },
    {
      currency: requisition.currency,
      resubmitting: { id: requisition.id, number: requisition.number, revision: requisition.revision, rejecters: await rejectersOf(ctx, requisition) },
      async price() {
        const [lines, orders] = await Promise.all([
          ctx.db
            .select()
            .from(requisitionLines)
            .where(
              and(
                eq(requisitionLines.companyId, ctx.companyId),
                eq(requisitionLines.requisitionId, requisition.id),
                eq(requisitionLines.revision, requisition.revision),
              ),
            ),
          ctx.db
            .select()
            .from(supplierOrders)
            .where(and(eq(supplierOrders.requisitionId, requisition.id), eq(supplierOrders.revision, requisition.revision))),
        ]);
        // A quote's prices are the supplier's offer for exactly those lines; an edited copy would be priced
        // at list instead, so the quote is checked out again (or a new one asked for) from Quotes.
        if (orders.some((o) => o.supplierQuoteId)) {
          throw new AppError("conflict", `${label} came from a supplier's quote. Check the quote out again from Quotes, or ask the supplier for a new one.`);
        }
        const kept: { line: (typeof lines)[number]; quantity: number; connectionId: string }[] = [];
        for (const [i, wanted] of input.lines.entries()) {
          const line = lines.find((l) => l.id === wanted.lineId);
          if (!line) throw invalid(`lines.${i}.lineId`, "That line is not part of this requisition.");
          const order = orders.find((o) => o.id === line.supplierOrderId)!;
          if (wanted.quantity > 0) kept.push({ line, quantity: wanted.quantity, connectionId: order.supplierConnectionId });
        }
        if (kept.length === 0) throw invalid("lines", "Keep at least one line with a quantity above 0.");

        // Today's price for each kept line, every supplier at once; ship-to stays what each supplier order had.
        const connections = await loadSupplierConnections(
          ctx.db,
          ctx.companyId,
          kept.map((k) => k.connectionId),
        );
        const items = await itemsNow(
          connections,
          kept.map((k) => ({ connectionId: k.connectionId, supplierItemId: k.line.supplierItemId })),
        );
        const groups = new Map<string, PricedOrder>();
        kept.forEach(({ line, quantity, connectionId }, i) => {
          const item = items[i]!;
          const supplierName = connections.get(connectionId)!.connection.displayName;
          const drift = compareWithSupplier({ quantity }, offerOf(item));
          if (drift.unavailable || !drift.now) {
            throw new AppError(
              "conflict",
              `${line.name} (${line.itemCode}) is no longer available from ${supplierName}; set its quantity to 0 to leave it out.`,
              {
                field: "lines",
              },
            );
          }
          if (drift.shortOfStock !== null) throw new AppError("conflict", stockMessage(line.itemCode, supplierName, drift.shortOfStock), { field: "lines" });
          const shipTo = orders.find((o) => o.supplierConnectionId === connectionId)!.shipTo;
          const group = groups.get(connectionId) ?? { supplierConnectionId: connectionId, supplierName, shipTo, lines: [] };
          group.lines.push({
            supplierItemId: line.supplierItemId,
            itemCode: line.itemCode,
            name: line.name,
            categoryId: item.category?.id ?? null,
            categoryName: item.category?.name ?? null,
            quantity,
            unitPrice: drift.now.unitPrice,
            lineTotal: drift.now.lineTotal,
          });
          groups.set(connectionId, group);
        });
        return [...groups.values()];
      },
    },
  );
  return {
    requisitionId: requisition.id,
    revision: submitted.requisition.revision,
    status: submitted.requisition.status,
    approvalReason: submitted.decision.evaluated.summary,
  };
}

/** The approvers who rejected this revision (none for one that came back because prices changed). */
async function rejectersOf(ctx: ActorContext, requisition: { id: string; revision: number; status: string }) {
  if (requisition.status !== "rejected") return [];
  const chain = await loadChain(ctx.db, ctx.companyId, requisition.id, requisition.revision);
  const rejecters = new Map<string, string>();
  for (const step of chain) for (const a of step.approvers) if (a.decision === "rejected") rejecters.set(a.userId, a.name);
  if (rejecters.size === 0) return [];
  // Someone who has left cannot review it again; the policy's chain (or the admins) decide then.
  const active = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...rejecters.keys()]), eq(users.active, true)));
  return active.map((u) => ({ id: u.id, name: rejecters.get(u.id)! }));
}
