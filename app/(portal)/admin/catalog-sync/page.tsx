import type { Metadata } from "next";
import { CatalogSyncAdmin } from "./catalog-sync-admin";

export const metadata: Metadata = { title: "Supplier catalogs" };

export default function CatalogSyncPage() {
  return <CatalogSyncAdmin />;
}
