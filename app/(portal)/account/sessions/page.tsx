import { redirect } from "next/navigation";

/** The sessions list moved onto the account page with the profile; old links still land there. */
export default function AccountSessionsPage() {
  redirect("/account#sessions");
}
