"use client";

import { useRouter } from "next/navigation";
import { Alert, Button } from "@/app/_components/ui";
import { portalApi } from "@/app/_lib/portal-api";
import type { RouterOutputs } from "@/app/_lib/trpc";
import { useProcedure } from "@/app/_lib/use-procedure";
import { forgetCheckoutDrafts } from "../../checkout/checkout-draft";

/** Where the checkout page finds what changed in the last reorder (this tab only; a URL would be too long and would show it again on every reload). */
export const REORDER_CHANGES_KEY = "portal.reorder-changes";
export type ReorderResult = RouterOutputs["reorder"]["requisition"];

/**
 * Puts the requisition's lines back in the cart at today's prices and goes straight to checkout, where the changes are
 * shown above the form. On home, so it goes through portalApi: the first tap of a three-tap reorder on a phone.
 */
export function ReorderButton({
  requisitionId,
  label,
  className,
  variant = "primary",
}: {
  requisitionId: string;
  label: string;
  className?: string;
  variant?: "primary" | "secondary";
}) {
  const router = useRouter();
  const reorder = useProcedure(portalApi.reorder.requisition.mutate, {
    onSuccess: (result) => {
      // The reorder brings its own PO number and ship-to; an older checkout draft would hide them.
      forgetCheckoutDrafts();
      try {
        sessionStorage.setItem(REORDER_CHANGES_KEY, JSON.stringify(result));
      } catch {
        // Private mode may refuse storage; the cart still has the lines, only the summary is lost.
      }
      router.push("/checkout");
    },
  });
  return (
    <div className={className}>
      <Button
        type="button"
        variant={variant}
        aria-label={`Reorder ${label}`}
        disabled={reorder.isPending || reorder.isSuccess}
        onClick={() => void reorder.mutate({ requisitionId })}
        className="w-full sm:w-auto"
      >
        {reorder.isPending ? "Checking prices…" : reorder.isSuccess ? "Opening checkout…" : "Reorder"}
      </Button>
      {reorder.error ? (
        <div className="mt-2">
          <Alert>{reorder.error.message}</Alert>
        </div>
      ) : null}
    </div>
  );
}
