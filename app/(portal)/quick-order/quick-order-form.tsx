"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { errorElsewhere, errorFor, Field, inputClass } from "@/app/_components/forms";
import { Alert, Amount, Button, ButtonLink, Card } from "@/app/_components/ui";
import { ListPrice } from "@/app/_components/list-price";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type QuickOrderResult = RouterOutputs["reorder"]["quickOrder"];

/** Waits until typing pauses, so the type-ahead asks once per pause rather than once per key. */
function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Type part of a code, pick a suggestion, and it becomes a line of the order text. */
function CodeTypeAhead({ onPick }: { onPick: (itemCode: string) => void }) {
  const trpc = useTRPC();
  const listId = useId();
  const [q, setQ] = useState("");
  const term = useDebounced(q.trim(), 200);
  const suggestions = useQuery({ ...trpc.reorder.suggest.queryOptions({ q: term }), enabled: term.length >= 2 });
  const items = term.length >= 2 ? (suggestions.data ?? []) : [];
  return (
    <div className="relative">
      <Field label="Find an item code" error={null}>
        {(control) => (
          <input
            {...control}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            role="combobox"
            aria-expanded={items.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            placeholder="e.g. FM-0014"
            className={inputClass}
          />
        )}
      </Field>
      {items.length ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="Suggested items"
          className="mt-1 max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 bg-white"
        >
          {items.map((s) => (
            <li key={`${s.connectionId}:${s.supplierItemId}`} role="option" aria-selected={false}>
              <button
                type="button"
                className="block min-h-11 w-full px-3 py-2 text-left text-sm hover:bg-brand-50"
                onClick={() => {
                  onPick(s.itemCode);
                  setQ("");
                }}
              >
                <span className="font-medium">{s.itemCode}</span> {s.name}
                <span className="block text-slate-600">
                  {s.supplierName} · <ListPrice price={s.price} />
                  {s.available ? "" : " · not available"}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const statusWords = { added: "Added", refused: "Not added", not_found: "Not found", ambiguous: "Choose a supplier", invalid: "Cannot read this line" } as const;
const statusTone = {
  added: "text-green-800",
  refused: "text-red-800",
  not_found: "text-red-800",
  ambiguous: "text-amber-900",
  invalid: "text-red-800",
} as const;

export function QuickOrderForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [result, setResult] = useState<QuickOrderResult | null>(null);
  const [picks, setPicks] = useState<Record<number, string>>({});
  const quickOrder = useMutation(
    trpc.reorder.quickOrder.mutationOptions({
      onSuccess: (r) => setResult(r),
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.cart.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.me.pathKey() });
      },
    }),
  );
  const send = (lineText: string, chosen: Record<number, string>) =>
    quickOrder.mutate({ text: lineText, picks: Object.entries(chosen).map(([line, connectionId]) => ({ line: Number(line), connectionId })) });

  // Only what still needs doing goes again: lines already in the cart would otherwise be added twice.
  const retryAmbiguous = (line: number, connectionId: string) => {
    if (!result) return;
    const lines = text.split(/\r?\n/);
    const keep = lines.map((l, i) => (i + 1 === line ? l : ""));
    setPicks((p) => ({ ...p, [line]: connectionId }));
    quickOrder.mutate(
      { text: keep.join("\n"), picks: [{ line, connectionId }] },
      {
        onSuccess: (r) =>
          setResult({
            lines: result.lines.map((old) => r.lines.find((n) => n.line === old.line) ?? old),
            addedCount: result.addedCount + r.addedCount,
          }),
      },
    );
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
      <Card>
        <form
          noValidate
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            setPicks({});
            send(text, {});
          }}
        >
          <CodeTypeAhead onPick={(code) => setText((t) => `${t}${t && !t.endsWith("\n") ? "\n" : ""}${code}, 1\n`)} />
          <Field
            label="Order lines"
            hint="One per line: item code, quantity (a comma, tab or space between; no quantity means 1)."
            error={errorFor(quickOrder.error, "text")}
          >
            {(control) => (
              <textarea
                {...control}
                name="lines"
                value={text}
                onChange={(e) => setText(e.target.value)}
                rows={8}
                spellCheck={false}
                autoCapitalize="characters"
                placeholder={"FM-0014-LT, 2\nSGP-NITRIL-M\t5"}
                className={`${inputClass} py-2 font-mono`}
              />
            )}
          </Field>
          {errorElsewhere(quickOrder.error, ["text"]) ? <Alert>{errorElsewhere(quickOrder.error, ["text"])}</Alert> : null}
          <Button type="submit" disabled={quickOrder.isPending} className="w-full sm:w-auto">
            {quickOrder.isPending ? "Checking…" : "Add to cart"}
          </Button>
        </form>
      </Card>
      <div>
        {result ? (
          <Card>
            <h2 className="font-medium" data-testid="quick-order-summary">
              {result.addedCount} of {result.lines.length} line{result.lines.length === 1 ? "" : "s"} added to your cart
            </h2>
            <ol className="mt-2 divide-y divide-slate-100 text-sm" data-testid="quick-order-results">
              {result.lines.map((l) => (
                <li key={l.line} className="py-2" data-status={l.status}>
                  <p>
                    <span className="font-mono text-slate-600">{l.line}.</span>{" "}
                    <span className={`font-medium ${statusTone[l.status]}`}>{statusWords[l.status]}</span>
                    {l.status === "added" && l.unitPrice ? (
                      <>
                        {" "}
                        · <Amount value={l.unitPrice} /> each
                      </>
                    ) : null}
                  </p>
                  <p className="text-slate-700">{l.message}</p>
                  {l.status === "ambiguous" ? (
                    <div className="mt-1 flex flex-wrap gap-2">
                      {l.candidates.map((c) => (
                        <Button
                          key={c.connectionId}
                          type="button"
                          variant="secondary"
                          disabled={quickOrder.isPending || picks[l.line] === c.connectionId}
                          onClick={() => retryAmbiguous(l.line, c.connectionId)}
                        >
                          {c.supplierName} · <Amount value={c.price.unitPrice} /> each
                        </Button>
                      ))}
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
            {result.addedCount > 0 ? (
              <ButtonLink href="/cart" className="mt-3 w-full sm:w-auto">
                Go to cart
              </ButtonLink>
            ) : null}
          </Card>
        ) : (
          <Card>
            <p className="text-sm text-slate-600">
              Each line is matched to an item by its exact code across your suppliers and added at today&apos;s price. Lines that cannot be added are listed
              with the reason; the others still go in.
            </p>
          </Card>
        )}
      </div>
    </div>
  );
}
