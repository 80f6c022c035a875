import type { Metadata } from "next";
import { ApprovalPolicyAdmin } from "./approval-policy-admin";

export const metadata: Metadata = { title: "Approval policy" };

export default function ApprovalPolicyPage() {
  return <ApprovalPolicyAdmin />;
}
