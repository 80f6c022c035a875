import type { Metadata } from "next";
import { QuotesList } from "./quotes-list";

export const metadata: Metadata = { title: "Quotes" };

export default function QuotesPage() {
  return <QuotesList />;
}
