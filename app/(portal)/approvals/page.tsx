import type { Metadata } from "next";
import { Suspense } from "react";
import { PageTitle } from "@/app/_components/ui";
import { ApprovalInbox } from "./approval-inbox";
import { OutOfOffice } from "./out-of-office";
import { SupplierApprovals } from "./supplier-approvals";

export const metadata: Metadata = { title: "Approvals" };

export default function ApprovalsPage() {
  return (
    <>
      <PageTitle>Approvals</PageTitle>
      {/* On a phone the inbox comes first: approving is what people open this page for. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0">
          {/* The inbox reads its filters from the address bar. */}
          <Suspense fallback={<p className="text-slate-600">Loading your inbox…</p>}>
            <ApprovalInbox />
          </Suspense>
          <SupplierApprovals />
        </div>
        <aside className="min-w-0">
          <OutOfOffice />
        </aside>
      </div>
    </>
  );
}
