"use client";

import { Button } from "@/app/_components/ui";

/** Reloads the address the person asked for: the worker serves this page under that address, not under /offline. */
export function RetryButton() {
  return (
    <Button type="button" onClick={() => window.location.reload()}>
      Try again
    </Button>
  );
}
