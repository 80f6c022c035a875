/**
 * Asking suppliers, live, what an item costs and whether they have it: every supplier at once, each supplier's lines
 * side by side (within its rate limit). A supplier that cannot be reached fails the whole question with the reason;
 * nothing is ever priced blind.
 */
import { askSupplier } from "@/server/connections/ask-supplier";
import type { LoadedConnection } from "@/server/connections/connections";
import type { SupplierOffer } from "@/server/domain/price-drift";
import type { CatalogItem } from "@/server/suppliers";

export function offerOf(item: CatalogItem): SupplierOffer {
  return { available: item.available, tiers: item.priceTiers, maxOrderQuantity: item.maxOrderQuantity ?? null };
}

/** Today's item for each line, in the lines' order. */
export async function itemsNow(connections: Map<string, LoadedConnection>, lines: { connectionId: string; supplierItemId: string }[]): Promise<CatalogItem[]> {
  return Promise.all(
    lines.map((line) => {
      const loaded = connections.get(line.connectionId);
      if (!loaded) throw new Error(`connection ${line.connectionId} was not loaded`);
      return askSupplier(loaded.connection.displayName, () => loaded.connector.getItem(line.supplierItemId));
    }),
  );
}
