/** The supplier APIs the portal has a connector for; a supplier connection names one of these. */
export const SUPPLIER_KINDS = ["hygrade", "yodify", "orderspace", "ordercloud"] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

/** What an admin connects the company to: one of the suppliers, or its accounts-payable service (Hypatos, one per company). */
export const CONNECTION_KINDS = [...SUPPLIER_KINDS, "hypatos"] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const CONNECTION_KIND_LABELS: Record<ConnectionKind, string> = {
  hygrade: "Hygrade",
  yodify: "Yodify",
  orderspace: "Orderspace",
  ordercloud: "OrderCloud",
  hypatos: "Hypatos (accounts payable)",
};

/**
 * How a connection proves who it is: OAuth2 client credentials at a token endpoint (Hygrade, Yodify, Orderspace), a
 * user's OAuth2 password grant (OrderCloud) or HTTP Basic on every request (Hypatos).
 */
export const SUPPLIER_CREDENTIAL_KINDS = ["client_credentials", "password", "basic"] as const;
export type SupplierCredentialKind = (typeof SUPPLIER_CREDENTIAL_KINDS)[number];

/** The credential kind each supplier's API takes by default (a new connection gets it). */
export const CREDENTIAL_KIND_OF: Record<SupplierKind, SupplierCredentialKind> = {
  hygrade: "client_credentials",
  yodify: "client_credentials",
  orderspace: "client_credentials",
  // The buying company's OrderCloud buyer user, the usual buyer-side integration.
  ordercloud: "password",
};

/** Every credential kind a supplier's API takes: OrderCloud also takes an API client's own client credentials where configured. */
export const CREDENTIAL_KINDS_OF: Record<SupplierKind, readonly SupplierCredentialKind[]> = {
  hygrade: ["client_credentials"],
  yodify: ["client_credentials"],
  orderspace: ["client_credentials"],
  ordercloud: ["password", "client_credentials"],
};

/** Nothing more of the order will come: cancelled at the supplier, or declined by the supplier's own approval (OrderCloud). */
export const isEndedAtSupplier = (status: string | null | undefined) => status === "cancelled" || status === "declined";

/** Where a placed order's story at its supplier ends: status refreshes stop and pages stop polling. */
export const FINAL_SUPPLIER_STATUSES: readonly string[] = ["delivered", "cancelled", "declined"];

/** A ship-to address as the supplier keeps it in its own address book. */
export interface ShipToAddress {
  supplierAddressId: string;
  label: string;
  attention: string | null;
  street1: string;
  street2: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  isDefault: boolean;
}

/** The address as the supplier had it when the order was made; kept even if the supplier later changes it. */
export type ShipToSnapshot = Omit<ShipToAddress, "isDefault">;

/**
 * An address as the supplier gives it, one line per part and none left out ("Receiving, Dock 3", "Dock 4"): the
 * one way every page writes a ship-to address.
 */
export function addressLines(address: Omit<ShipToSnapshot, "supplierAddressId" | "label">): string[] {
  const place = [address.city, [address.region, address.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return [address.attention, address.street1, address.street2, place, address.country].filter((part): part is string => Boolean(part && part.trim()));
}

/**
 * Suppliers that never say an order was delivered (Orderspace ends at "fulfilled": every line dispatched; OrderCloud at
 * Completed). Their
 * shipped orders are asked about rarely rather than every pass, so they do not eat a 60-a-minute limit for ever.
 */
export const SUPPLIERS_WITHOUT_DELIVERY: readonly SupplierKind[] = ["orderspace", "ordercloud"];
