/** The supplier APIs the portal has a connector for; a supplier connection names one of these. */
export const SUPPLIER_KINDS = ["hygrade", "yodify", "orderspace"] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

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
