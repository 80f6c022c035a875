/**
 * A person's own profile: their name, what they may do (roles, groups: shown, set by an admin), and the defaults
 * checkout starts from: the cost center they usually charge, and per supplier the address they usually have goods
 * delivered to. Addresses are the supplier's own, asked live; a supplier that cannot be reached keeps the saved choice.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { shipToDefaults, users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { recordAudit } from "@/server/audit/audit-log";
import { askSupplier } from "@/server/connections/ask-supplier";
import { connectorForRow, listSupplierConnections } from "@/server/connections/connections";
import { chargeableCostCenters, loadChargeableCostCenter } from "@/server/cost-centers/chargeable";
import { groupsOf } from "@/server/groups/groups";
import { AppError, invalid, notFound } from "@/server/errors";

export const MAX_PERSON_NAME = 120;

/** Per supplier connection id: the address this person has chosen to receive that supplier's goods at. */
export async function shipToDefaultsOf(db: Database, userId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ connectionId: shipToDefaults.supplierConnectionId, addressId: shipToDefaults.supplierAddressId })
    .from(shipToDefaults)
    .where(eq(shipToDefaults.userId, userId));
  return new Map(rows.map((r) => [r.connectionId, r.addressId]));
}

/**
 * Which address checkout preselects for a supplier: the person's own default while the supplier still lists it, else
 * the supplier's default address, else its first. The one rule, for checkout and the profile alike.
 */
export function preselectedAddress(addresses: { supplierAddressId: string; isDefault?: boolean }[], personal: string | undefined): string | null {
  if (personal && addresses.some((a) => a.supplierAddressId === personal)) return personal;
  return (addresses.find((a) => a.isDefault) ?? addresses[0])?.supplierAddressId ?? null;
}

async function addressBooks(ctx: ActorContext) {
  const connections = (await listSupplierConnections(ctx.db, ctx.companyId)).filter((c) => c.enabled);
  return Promise.all(
    connections.map(async (connection) => {
      try {
        const account = await askSupplier(connection.displayName, () => connectorForRow(connection).getAccount());
        return { connectionId: connection.id, supplierName: connection.displayName, addresses: account.addresses, unavailable: null };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return { connectionId: connection.id, supplierName: connection.displayName, addresses: [], unavailable: error.message };
      }
    }),
  );
}

export async function getProfile(ctx: ActorContext) {
  const [[me], groups, centers, books, defaults] = await Promise.all([
    ctx.db
      .select({ name: users.name, email: users.email, roles: users.roles, hasPassword: users.passwordHash })
      .from(users)
      .where(and(eq(users.id, ctx.user.id), eq(users.companyId, ctx.companyId))),
    groupsOf(ctx.db, ctx.companyId, ctx.user.id),
    chargeableCostCenters(ctx, new Date()),
    addressBooks(ctx),
    shipToDefaultsOf(ctx.db, ctx.user.id),
  ]);
  if (!me) throw notFound("Your profile");
  return {
    name: me.name,
    email: me.email,
    roles: me.roles,
    groups: groups.map((g) => g.name),
    /** False for someone who signs in only through single sign-on. */
    signsInWithPassword: me.hasPassword !== null,
    costCenters: centers.map((c) => ({ id: c.id, code: c.code, name: c.name })),
    defaultCostCenterId: centers.find((c) => c.isDefault)?.id ?? null,
    suppliers: books.map((b) => {
      const personal = defaults.get(b.connectionId) ?? null;
      return {
        connectionId: b.connectionId,
        supplierName: b.supplierName,
        unavailable: b.unavailable,
        addresses: b.addresses.map((a) => ({ id: a.supplierAddressId, label: a.label, isSupplierDefault: a.isDefault })),
        /** The person's own choice, or null: checkout then starts from the supplier's default. */
        myDefaultAddressId: personal,
        preselected: preselectedAddress(b.addresses, personal ?? undefined),
      };
    }),
  };
}

export interface ProfileInput {
  name: string;
  defaultCostCenterId: string | null;
  /** One entry per supplier whose default is set or cleared (addressId null); suppliers left out keep theirs. */
  shipTo: { connectionId: string; addressId: string | null }[];
}

export async function saveProfile(ctx: ActorContext, input: ProfileInput) {
  const name = input.name.replace(/\s+/g, " ").trim();
  if (!name) throw invalid("name", "Enter your name.");
  if (name.length > MAX_PERSON_NAME) throw invalid("name", `A name can be at most ${MAX_PERSON_NAME} characters.`);
  if (input.defaultCostCenterId) await loadChargeableCostCenter(ctx, input.defaultCostCenterId).catch(renameField("defaultCostCenterId"));
  const books = input.shipTo.length ? await addressBooks(ctx) : [];
  input.shipTo.forEach((choice, i) => {
    const field = `shipTo.${i}.addressId`;
    const book = books.find((b) => b.connectionId === choice.connectionId);
    if (!book) throw invalid(`shipTo.${i}.connectionId`, "Choose one of your company's suppliers.");
    if (choice.addressId === null) return;
    if (book.unavailable)
      throw invalid(field, `${book.supplierName} cannot be reached to check the address just now, so it was not changed. Try again shortly.`);
    if (!book.addresses.some((a) => a.supplierAddressId === choice.addressId)) throw invalid(field, `Choose one of ${book.supplierName}'s addresses.`);
  });

  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ name: users.name, defaultCostCenterId: users.defaultCostCenterId }).from(users).where(eq(users.id, ctx.user.id));
    if (!before) throw notFound("Your profile");
    await tx.update(users).set({ name, defaultCostCenterId: input.defaultCostCenterId }).where(eq(users.id, ctx.user.id));
    for (const choice of input.shipTo) {
      if (choice.addressId === null) {
        await tx.delete(shipToDefaults).where(and(eq(shipToDefaults.userId, ctx.user.id), eq(shipToDefaults.supplierConnectionId, choice.connectionId)));
        continue;
      }
      await tx
        .insert(shipToDefaults)
        .values({ companyId: ctx.companyId, userId: ctx.user.id, supplierConnectionId: choice.connectionId, supplierAddressId: choice.addressId })
        .onConflictDoUpdate({
          target: [shipToDefaults.userId, shipToDefaults.supplierConnectionId],
          set: { supplierAddressId: choice.addressId, updatedAt: new Date() },
        });
    }
    const changed: Record<string, unknown> = {};
    if (before.name !== name) changed.name = { from: before.name, to: name };
    if (before.defaultCostCenterId !== input.defaultCostCenterId)
      changed.defaultCostCenterId = { from: before.defaultCostCenterId, to: input.defaultCostCenterId };
    if (input.shipTo.length) changed.shipTo = input.shipTo;
    if (Object.keys(changed).length) {
      await recordAudit(tx, {
        companyId: ctx.companyId,
        actorId: ctx.user.id,
        action: "user.profile_saved",
        subject: { type: "user", id: ctx.user.id },
        details: changed,
      });
    }
    return { saved: true };
  });
}

/** The cost center check speaks of `costCenterId` (checkout's field); here the same refusal belongs beside the default's field. */
const renameField = (field: string) => (error: unknown) => {
  if (error instanceof AppError && error.kind === "invalid") throw new AppError("invalid", error.message, { field });
  throw error;
};
