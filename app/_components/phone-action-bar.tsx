"use client";

import type { ReactNode } from "react";
import { useTyping } from "./use-typing";

/**
 * A page's next step kept in reach on a phone: a bar fixed just above the bottom navigation (wide screens show the step
 * where it sits on the page instead). The room it takes is added at the end of the page, so the last line scrolls clear
 * of it. It gives way while something is typed, as the bottom navigation does, so it never sits over the field.
 */
export function PhoneActionBar({ label, children }: { label: string; children: ReactNode }) {
  const typing = useTyping();
  return (
    <>
      <div aria-hidden="true" className="h-18 md:hidden" />
      <div
        role="region"
        aria-label={label}
        data-testid="phone-action-bar"
        className={`fixed inset-x-0 bottom-[calc(3.5rem+1px+env(safe-area-inset-bottom))] z-20 items-center justify-between gap-3 border-t border-slate-200 bg-white px-4 py-2 shadow-[0_-2px_6px_rgba(15,23,42,0.06)] md:hidden ${typing ? "hidden" : "flex"}`}
      >
        {children}
      </div>
    </>
  );
}
