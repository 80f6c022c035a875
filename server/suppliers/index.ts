/**
 * The one way into a supplier: `connectorFor(kind, settings)`. Connectors are
 * cheap to create per request; tokens, rate limiters and caches are shared
 * per connection, process-wide (http/process-shared.ts).
 */
import { SupplierError } from "./errors";
import { createHygradeConnector } from "./hygrade/connector";
import { createOrderCloudConnector } from "./ordercloud/connector";
import { createOrderspaceConnector } from "./orderspace/connector";
import { createYodifyConnector } from "./yodify/connector";
import type { RetryPolicy } from "./http/request";
import type { EnteredOrdersConnector, SupplierKind, SupplierConnectionSettings, SupplierConnector } from "./types";

/** What a caller may change about how a connector asks: a person waiting on "Test connection" wants one try, not four. */
export interface ConnectorOptions {
  retry?: Partial<RetryPolicy>;
}

export function connectorFor(kind: SupplierKind, settings: SupplierConnectionSettings, options: ConnectorOptions = {}): SupplierConnector {
  switch (kind) {
    case "hygrade":
      return createHygradeConnector(settings, options);
    case "yodify":
      return createYodifyConnector(settings, options);
    case "orderspace":
      return createOrderspaceConnector(settings, options);
    case "ordercloud":
      return createOrderCloudConnector(settings, options);
    default: {
      const unknownKind: never = kind;
      throw new SupplierError("validation", `No connector for supplier '${String(unknownKind)}'`, String(unknownKind));
    }
  }
}

export type * from "./types";
export { SupplierError, isSupplierError, type SupplierErrorKind } from "./errors";

/** A connector whose supplier takes no orders through its API but lists the orders its staff enter. */
export const hasEnteredOrders = (connector: SupplierConnector): connector is EnteredOrdersConnector =>
  connector.capabilities.enteredOrders === true && "findEnteredOrders" in connector;
