import type { Metadata } from "next";
import { Suspense } from "react";
import { CatalogBrowser } from "./catalog-browser";

export const metadata: Metadata = { title: "Catalog" };

export default function CatalogPage() {
  return (
    <Suspense>
      <CatalogBrowser />
    </Suspense>
  );
}
