/** The supplier APIs the portal has a connector for; a supplier connection names one of these. */
export const SUPPLIER_KINDS = ["hygrade", "yodify"] as const;
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

/**
 * An address as the supplier gives it, one line per part and none left out ("Receiving, Dock 3", "Dock 4"): the
 * one way every page writes a ship-to address.
 */
export function addressLines(address: Omit<ShipToSnapshot, "supplierAddressId" | "label">): string[] {
  const place = [address.city, [address.region, address.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return [address.attention, address.street1, address.street2, place, address.country].filter((part): part is string => Boolean(part && part.trim()));
}
