/** The worker's pass over changes asked of suppliers that the portal has not finished recording (server/supplier-intents). */
import type { Database } from "@/db/client";
import { decideIntent } from "@/server/approvals/supplier-approvals";
import { declineIntent } from "@/server/quotes/quote-requests";
import { cancelIntent } from "@/server/requisitions/cancel-supplier-order";
import { completePendingIntents, type IntentHandler } from "@/server/supplier-intents/intents";

/** Every kind of change a person asks of a supplier from the portal; a kind left out here would never be finished. */
export const SUPPLIER_INTENT_HANDLERS = [cancelIntent, declineIntent, decideIntent] as unknown as IntentHandler<never>[];

export async function settleSupplierIntents(db: Database, now = new Date()): Promise<number> {
  return completePendingIntents(db, SUPPLIER_INTENT_HANDLERS, now);
}
