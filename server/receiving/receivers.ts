/**
 * Who receives goods at each ship-to address besides the requester and the admins (the dock's staff): admins name them
 * per supplier address. Addresses are each supplier's own (its address book, asked live); a supplier that cannot be
 * reached still shows the receivers already named for it.
 */
import { and, asc, eq } from "drizzle-orm";
import { shipToReceivers, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { askSupplier } from "@/server/connections/ask-supplier";
import { listSupplierConnections, loadSupplierConnection, connectorForRow } from "@/server/connections/connections";
import { AppError, invalid, notFound } from "@/server/errors";

export async function listShipToReceivers(ctx: ActorContext) {
  const [connections, named, people] = await Promise.all([
    listSupplierConnections(ctx.db, ctx.companyId),
    ctx.db
      .select({
        id: shipToReceivers.id,
        connectionId: shipToReceivers.supplierConnectionId,
        addressId: shipToReceivers.supplierAddressId,
        userId: users.id,
        name: users.name,
      })
      .from(shipToReceivers)
      .innerJoin(users, eq(users.id, shipToReceivers.userId))
      .where(eq(shipToReceivers.companyId, ctx.companyId))
      .orderBy(asc(users.name)),
    ctx.db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.companyId, ctx.companyId), eq(users.active, true)))
      .orderBy(asc(users.name)),
  ]);
  const suppliers = await Promise.all(
    connections.map(async (connection) => {
      let addresses: { id: string; label: string }[] = [];
      let unavailable: string | null = null;
      try {
        const account = await askSupplier(connection.displayName, () => connectorForRow(connection).getAccount());
        addresses = account.addresses.map((a) => ({ id: a.supplierAddressId, label: a.label }));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        unavailable = error.message;
      }
      // An address the supplier no longer lists keeps its receivers visible, so they can be removed.
      for (const n of named) {
        if (n.connectionId === connection.id && !addresses.some((a) => a.id === n.addressId)) addresses.push({ id: n.addressId, label: n.addressId });
      }
      return {
        connectionId: connection.id,
        supplierName: connection.displayName,
        unavailable,
        addresses: addresses.map((a) => ({
          ...a,
          receivers: named.filter((n) => n.connectionId === connection.id && n.addressId === a.id).map((n) => ({ id: n.id, userId: n.userId, name: n.name })),
        })),
      };
    }),
  );
  return { suppliers, people };
}

export async function addShipToReceiver(ctx: ActorContext, input: { connectionId: string; addressId: string; userId: string }) {
  const { connection, connector } = await loadSupplierConnection(ctx.db, ctx.companyId, input.connectionId);
  const [person] = await ctx.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.companyId, ctx.companyId), eq(users.active, true)));
  if (!person) throw invalid("userId", "Choose someone of your company");
  const account = await askSupplier(connection.displayName, () => connector.getAccount());
  const address = account.addresses.find((a) => a.supplierAddressId === input.addressId);
  if (!address) throw invalid("addressId", `That is not one of your ${connection.displayName} ship-to addresses`);
  return ctx.db.transaction(async (tx) => {
    const [added] = await tx
      .insert(shipToReceivers)
      .values({ companyId: ctx.companyId, supplierConnectionId: connection.id, supplierAddressId: address.supplierAddressId, userId: person.id })
      .onConflictDoNothing()
      .returning({ id: shipToReceivers.id });
    if (!added) throw new AppError("conflict", `${person.name} already receives at ${address.label}.`);
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "ship_to_receiver.added",
      subject: { type: "supplier_connection", id: connection.id },
      details: { address: address.label, addressId: address.supplierAddressId, receiver: person.name },
    });
    return { id: added.id };
  });
}

export async function removeShipToReceiver(ctx: ActorContext, input: { receiverId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(shipToReceivers)
      .where(and(eq(shipToReceivers.id, input.receiverId), eq(shipToReceivers.companyId, ctx.companyId)))
      .returning();
    if (!removed) throw notFound("That receiver");
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "ship_to_receiver.removed",
      subject: { type: "supplier_connection", id: removed.supplierConnectionId },
      details: { addressId: removed.supplierAddressId, userId: removed.userId },
    });
    return { removed: true };
  });
}
