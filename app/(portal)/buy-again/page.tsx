import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/app/_components/ui";
import { getServerCaller } from "@/server/trpc/server";
import { BuyAgainList } from "./buy-again-list";

export const metadata: Metadata = { title: "Buy again" };

export default async function BuyAgainPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  const scope = (await searchParams).scope === "company" ? "company" : "mine";
  const caller = await getServerCaller();
  const items = await caller.reorder.buyAgain({ scope, limit: 30 });
  const tab = (value: "mine" | "company", label: string) => (
    <Link
      href={value === "mine" ? "/buy-again" : "/buy-again?scope=company"}
      aria-current={scope === value ? "page" : undefined}
      className={`inline-flex min-h-11 items-center rounded-md px-3 ${scope === value ? "bg-brand-50 font-medium" : ""}`}
    >
      {label}
    </Link>
  );
  return (
    <>
      <PageTitle
        aside={
          <nav aria-label="Whose purchases" className="flex gap-1 text-sm">
            {tab("mine", "Mine")}
            {tab("company", "Whole company")}
          </nav>
        }
      >
        Buy again
      </PageTitle>
      <Card>
        <p className="mb-2 text-sm text-slate-600">
          {scope === "mine" ? "What you order most" : "What people at your company order most"}, recent orders counting more. The price is checked with the
          supplier when you add.
        </p>
        <BuyAgainList items={items} />
      </Card>
    </>
  );
}
