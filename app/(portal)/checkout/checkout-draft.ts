"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";

/**
 * What a person has typed and chosen in checkout, kept in this browser until the cart is submitted: back, forward or
 * reload never lose a PO number, a note or a ship-to. One draft per person (the key names them), so two people on
 * one browser do not see each other's; sign-out and a reorder start from a clean draft.
 */
export interface CheckoutDraft {
  poNumber?: string;
  note?: string;
  neededBy?: string;
  costCenterId?: string;
  /** Supplier connection id to the chosen ship-to address id. */
  shipTo?: Record<string, string>;
}

const PREFIX = "portal.checkout-draft.";
const keyFor = (personId: string) => `${PREFIX}${personId}`;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage refused (private mode): checkout works without a draft.
    return null;
  }
}

// The draft as it was when checkout opened, read once per visit: the form starts from it and then saves as the person
// types, without the saves coming back as new starting values (which would reset the form under their fingers).
const openedWith = new Map<string, string | null>();
const subscribeToNothing = () => () => {};

/** The draft checkout opened with (undefined while the server renders and until the browser has read it), and saving. */
export function useCheckoutDraft(personId: string) {
  const key = keyFor(personId);
  const stored = useSyncExternalStore(
    subscribeToNothing,
    () => {
      if (!openedWith.has(key)) openedWith.set(key, read(key));
      return openedWith.get(key)!;
    },
    () => undefined,
  );
  const draft = useMemo<CheckoutDraft | null | undefined>(() => {
    if (stored === undefined || stored === null) return stored;
    try {
      return JSON.parse(stored) as CheckoutDraft;
    } catch {
      return null;
    }
  }, [stored]);
  const save = useCallback(
    (next: CheckoutDraft) => {
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Full or refused storage: the form still works, only the draft is not kept.
      }
    },
    [key],
  );
  const clear = useCallback(() => {
    try {
      localStorage.removeItem(key);
    } catch {
      // Nothing was kept.
    }
  }, [key]);
  // Leaving checkout: the next visit reads the draft afresh.
  const closed = useCallback(() => {
    openedWith.delete(key);
  }, [key]);
  return { draft, save, clear, closed };
}

/** Every person's checkout draft on this browser goes: on sign-out, and when a reorder brings its own choices. */
export function forgetCheckoutDrafts() {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key?.startsWith(PREFIX)) localStorage.removeItem(key);
    }
  } catch {
    // Storage refused: nothing was kept.
  }
  openedWith.clear();
}
