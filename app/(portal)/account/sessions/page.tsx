import type { Metadata } from "next";
import { PageTitle } from "@/app/_components/ui";
import { PasswordForm } from "./password-form";
import { SessionList } from "./session-list";

export const metadata: Metadata = { title: "Your account: sign-ins and password" };

export default function AccountSessionsPage() {
  return (
    <>
      <PageTitle>Your account</PageTitle>
      <div className="space-y-6">
        <SessionList />
        <PasswordForm />
      </div>
    </>
  );
}
