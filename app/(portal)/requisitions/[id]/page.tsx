import { Suspense } from "react";
import { RequisitionDetail } from "./requisition-detail";

export default async function RequisitionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <RequisitionDetail requisitionId={id} />
    </Suspense>
  );
}
