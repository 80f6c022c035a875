import type { Metadata } from "next";
import { ApprovalInbox } from "./approval-inbox";

export const metadata: Metadata = { title: "Approvals" };

export default function ApprovalsPage() {
  return <ApprovalInbox />;
}
