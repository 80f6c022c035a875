import type { Metadata } from "next";
import { InvoiceFiles } from "./invoice-files";

export const metadata: Metadata = { title: "Invoices" };

export default function InvoicesPage() {
  return <InvoiceFiles />;
}
