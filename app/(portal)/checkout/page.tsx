import type { Metadata } from "next";
import { TRPCError } from "@trpc/server";
import { Alert } from "@/app/_components/ui";
import { getServerCaller } from "@/server/trpc/server";
import { CheckoutForm, type CheckoutOptions } from "./checkout-form";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage() {
  const caller = await getServerCaller();
  let options: CheckoutOptions;
  try {
    // Asks each supplier in the cart for today's prices and the ship-to addresses, so the page is never served from a cache.
    options = await caller.checkout.options();
  } catch (error) {
    if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") throw error;
    return <Alert>{error.message}</Alert>;
  }
  return <CheckoutForm options={options} />;
}
