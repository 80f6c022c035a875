"use client";

import { useId, useState, type ReactNode } from "react";

/**
 * A page's filter form: inline on a wide screen; on a phone folded behind one button that says how many filters are on,
 * so the first result (and its Approve or Add to cart) is on the first screen rather than two screens down.
 *
 * `startOpen` is for a form that has something to say (a refused field): folded away, its error would not be seen.
 * Searching folds the form again on a phone, so the results it asked for come into sight.
 */
export function FilterPanel({
  activeCount,
  label = "Filters",
  startOpen = false,
  children,
  className,
}: {
  activeCount: number;
  label?: string;
  startOpen?: boolean;
  children: ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(startOpen);
  const panelId = useId();
  return (
    <div className={className} onSubmit={() => setOpen(false)} data-filter-panel="">
      {/* Without JavaScript the button could not open it: the form is simply shown. */}
      <noscript>
        <style>{"[data-filter-panel] > [data-testid=filter-toggle] { display: none } [data-filter-panel] > [data-filter-fold] { display: block }"}</style>
      </noscript>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex min-h-11 w-full items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white px-3 text-sm font-medium text-slate-800 md:hidden"
        data-testid="filter-toggle"
      >
        <span>
          {label}
          {activeCount > 0 ? (
            <span className="ml-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs text-white">
              {activeCount} <span className="sr-only">{activeCount === 1 ? "filter" : "filters"}</span> on
            </span>
          ) : null}
        </span>
        <span aria-hidden="true" className={`transition ${open ? "rotate-180" : ""}`}>
          ▾
        </span>
      </button>
      <div id={panelId} className={open ? "mt-2 md:mt-0" : "hidden md:block"} data-filter-fold="">
        {children}
      </div>
    </div>
  );
}
