"use server";

import { getServerCaller, inputErrorOf } from "@/server/trpc/server";

export type SignInMethod = { method: "sso" | "password"; required: boolean } | { error: string };

/** Asked with the email the person typed: said from its domain alone, never whether an account exists. */
export async function howToSignIn(email: string): Promise<SignInMethod> {
  try {
    return await (await getServerCaller()).sso.howToSignIn({ email });
  } catch (error) {
    return { error: inputErrorOf(error).message };
  }
}
