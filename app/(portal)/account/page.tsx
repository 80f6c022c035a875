import type { Metadata } from "next";
import { PageTitle } from "@/app/_components/ui";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";
import { SessionList } from "./session-list";

export const metadata: Metadata = { title: "Your account: profile, sign-ins and password" };

export default function AccountPage() {
  return (
    <>
      <PageTitle>Your account</PageTitle>
      <div className="space-y-6">
        <ProfileForm />
        <section id="sessions">
          <SessionList />
        </section>
        <PasswordForm />
      </div>
    </>
  );
}
