import type { Metadata } from "next";
import { PageTitle } from "@/app/_components/ui";
import { QuickOrderForm } from "./quick-order-form";

export const metadata: Metadata = { title: "Quick order" };

export default function QuickOrderPage() {
  return (
    <>
      <PageTitle>Quick order</PageTitle>
      <QuickOrderForm />
    </>
  );
}
