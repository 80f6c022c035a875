"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { DecisionButtons, type DecisionOutcome } from "@/app/_components/decision-buttons";
import { FilterPanel } from "@/app/_components/filter-panel";
import { controlClass, Field, inputClass } from "@/app/_components/forms";
import { Alert, Amount, Badge, Button, Card, formatDateTime, formatDay } from "@/app/_components/ui";
import { useTRPC, type RouterInputs, type RouterOutputs } from "@/app/_lib/trpc";

type Item = RouterOutputs["approvals"]["inbox"]["items"][number];
type Sort = NonNullable<Exclude<RouterInputs["approvals"]["inbox"], void | undefined>["sort"]>;

const SORTS: { value: Sort; label: string }[] = [
  { value: "oldest", label: "Oldest first" },
  { value: "newest", label: "Newest first" },
  { value: "largest", label: "Largest total" },
  { value: "smallest", label: "Smallest total" },
];

function age(since: Date): string {
  const hours = Math.floor((Date.now() - new Date(since).getTime()) / 3_600_000);
  if (hours < 1) return "less than an hour";
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"}`;
  return `${Math.floor(hours / 24)} days`;
}

/** What waits for this approver, filtered and sorted by what is in the address bar (so a filtered inbox can be bookmarked or shared). */
export function ApprovalInbox() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const search = params.get("q") ?? "";
  const costCenterId = params.get("costCenter") ?? "";
  const supplierId = params.get("supplier") ?? "";
  const sortParam = params.get("sort");
  const sort: Sort = SORTS.some((s) => s.value === sortParam) ? (sortParam as Sort) : "oldest";
  const filtered = !!(search || costCenterId || supplierId);

  const input = {
    sort,
    ...(search ? { search } : {}),
    ...(costCenterId ? { costCenterId } : {}),
    ...(supplierId ? { supplierConnectionId: supplierId } : {}),
  };
  // A page at a time ("Show more" asks for the next from where this one ended); each answer also says how many wait
  // in all and the cost centers they are charged to, so the filter and the count need no second query.
  const inbox = useInfiniteQuery({
    ...trpc.approvals.inbox.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
  });
  const firstPage = inbox.data?.pages[0];
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const suppliers = useQuery(trpc.catalog.suppliers.queryOptions());
  const me = useQuery(trpc.me.get.queryOptions());
  // A decided requisition leaves the list; what was done stays said above it.
  const [notice, setNotice] = useState<{ message: string; outcome: DecisionOutcome } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  // Sticky keeps it in sight only while the list is. When the decided card was the last one, the list shrinks once the
  // inbox comes back without it, and the page below (supplier approvals, out of office) takes the screen: so the notice
  // is brought back into sight when it appears and once more when that answer lands (not on later refreshes, which
  // would pull someone back up from the card they are reading).
  const revealNotice = useRef(false);
  useEffect(() => {
    if (!notice) return;
    revealNotice.current = true;
    noticeRef.current?.scrollIntoView({ block: "nearest" });
  }, [notice]);
  useEffect(() => {
    if (!revealNotice.current) return;
    revealNotice.current = false;
    noticeRef.current?.scrollIntoView({ block: "nearest" });
  }, [inbox.data]);

  const setParam = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  const costCenterChoices = (firstPage?.costCenters ?? []).map((c) => [c.id, `${c.code} ${c.name}`] as const).sort((a, b) => a[1].localeCompare(b[1]));
  const supplierChoices = (suppliers.data ?? []).map((s) => [s.id, s.name] as const);

  return (
    <section aria-labelledby="approval-inbox-title" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="approval-inbox-title" className="text-xl font-semibold tracking-tight">
          Waiting for you
        </h2>
        {firstPage ? (
          <p className="text-sm text-slate-600" aria-live="polite">
            {filtered ? `${firstPage.matching} of ${firstPage.waiting} shown` : `${firstPage.waiting} waiting`}
          </p>
        ) : null}
      </div>

      <FilterPanel activeCount={[search, costCenterId, supplierId, sortParam && sort !== "oldest"].filter(Boolean).length}>
        <form
          role="search"
          aria-label="Filter the inbox"
          // A real GET fallback: what is typed before the page has hydrated is still searched.
          action={pathname}
          className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_repeat(3,minmax(0,1fr))]"
          onSubmit={(e) => {
            e.preventDefault();
            setParam({ q: String(new FormData(e.currentTarget).get("q") ?? "").trim() || null });
          }}
        >
          <Field label="Search requisitions" error={null} className="min-w-0 sm:col-span-2 lg:col-span-1">
            {(control) => (
              <div className="mt-1 flex gap-2">
                <input
                  {...control}
                  type="search"
                  name="q"
                  key={search}
                  defaultValue={search}
                  placeholder="REQ number, requester or PO"
                  enterKeyHint="search"
                  className={`${controlClass} min-w-0 flex-1 text-base`}
                />
                <Button type="submit" variant="secondary">
                  Search
                </Button>
              </div>
            )}
          </Field>
          <FilterSelect
            label="Cost center"
            name="costCenter"
            value={costCenterId}
            allLabel="All cost centers"
            choices={costCenterChoices}
            onChange={(v) => setParam({ costCenter: v })}
          />
          <FilterSelect
            label="Supplier"
            name="supplier"
            value={supplierId}
            allLabel="All suppliers"
            choices={supplierChoices}
            onChange={(v) => setParam({ supplier: v })}
          />
          <Field label="Sort by" error={null} className="min-w-0">
            {(control) => (
              <select
                {...control}
                name="sort"
                value={sort}
                onChange={(e) => setParam({ sort: e.target.value === "oldest" ? null : e.target.value })}
                className={`${inputClass} text-base`}
              >
                {SORTS.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {filtered ? (
            <div className="sm:col-span-2 lg:col-span-4">
              <Button type="button" variant="ghost" className="-ml-4" onClick={() => setParam({ q: null, costCenter: null, supplier: null })}>
                Clear filters
              </Button>
            </div>
          ) : null}
        </form>
      </FilterPanel>

      {notice ? (
        // Sticky, so on a phone the outcome is seen even when the decided item was far down the list.
        <div ref={noticeRef} className="sticky top-0 z-10">
          <Alert tone={notice.outcome === "returned" || notice.outcome === "rejected" ? "amber" : "green"}>
            <div className="flex items-center justify-between gap-2">
              <span className="min-w-0 break-words">{notice.message}</span>
              <Button type="button" variant="ghost" className="shrink-0" onClick={() => setNotice(null)}>
                Dismiss
              </Button>
            </div>
          </Alert>
        </div>
      ) : null}

      {inbox.isPending ? (
        <p className="text-slate-600">Loading your inbox…</p>
      ) : inbox.error ? (
        <Alert title="Could not load your inbox">{inbox.error.message}</Alert>
      ) : items.length === 0 ? (
        <Card>
          <p>{filtered ? "Nothing waiting for you matches these filters." : "Nothing is waiting for you."}</p>
        </Card>
      ) : (
        <ul className={`space-y-4 ${inbox.isPlaceholderData ? "opacity-60" : ""}`} data-testid="approval-inbox" aria-busy={inbox.isPlaceholderData}>
          {items.map((r) => (
            <li key={r.id}>
              <InboxItem item={r} myName={me.data?.name ?? null} onDecided={(message, outcome) => setNotice({ message, outcome })} />
            </li>
          ))}
        </ul>
      )}
      {inbox.hasNextPage ? (
        <div className="flex justify-center">
          <Button type="button" variant="secondary" disabled={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()}>
            {inbox.isFetchingNextPage ? "Loading…" : `Show more (${items.length} of ${firstPage?.matching ?? items.length} shown)`}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

function FilterSelect({
  label,
  name,
  value,
  allLabel,
  choices,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  allLabel: string;
  choices: readonly (readonly [string, string])[];
  onChange: (value: string | null) => void;
}) {
  // A choice from the address bar that is no longer in the inbox stays selectable, so the select never claims "All".
  const shown = value && !choices.some(([v]) => v === value) ? [...choices, [value, `Chosen ${label.toLowerCase()}`] as const] : choices;
  return (
    <Field label={label} error={null} className="min-w-0">
      {(control) => (
        <select {...control} name={name} value={value} onChange={(e) => onChange(e.target.value || null)} className={`${inputClass} text-base`}>
          <option value="">{allLabel}</option>
          {shown.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function InboxItem({ item: r, myName, onDecided }: { item: Item; myName: string | null; onDecided: (message: string, outcome: DecisionOutcome) => void }) {
  const label = `REQ-${r.number}`;
  const step = r.step;
  // Whose place in the step this approver takes: their own, or the one they stand in for.
  const mySeat = step?.onBehalfOf ?? myName;
  return (
    <Card>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <Link href={`/requisitions/${r.id}`} className="inline-flex min-h-11 items-center text-lg font-medium text-brand-700 hover:underline">
            {label}
          </Link>
          {step?.escalated ? <Badge tone="red">Escalated</Badge> : null}
          {r.overBudget ? <Badge tone="amber">Over budget</Badge> : null}
        </div>
        <p className="text-right">
          <Amount value={r.total} className="text-lg font-semibold" />
          <span className="block text-xs text-slate-500">expected, with tax and shipping</span>
        </p>
      </div>

      {step?.onBehalfOf ? (
        <p className="mb-1">
          <Badge tone="blue">Standing in for {step.onBehalfOf}</Badge>
        </p>
      ) : null}

      <p className="break-words text-sm text-slate-700">
        <span className="font-medium">{r.requesterName}</span> · {r.suppliers.join(", ") || "No supplier"} · PO {r.poNumber || "—"}
      </p>
      <p className="text-sm text-slate-600">
        {step ? `Level ${step.level} of ${r.levels}` : null}
        {step ? " · " : null}
        waiting {age(step?.waitingSince ?? r.submittedAt)} <span className="text-slate-500">(submitted {formatDateTime(r.submittedAt)})</span>
      </p>
      {step && step.reasons.length > 0 ? (
        <p className="mt-1 break-words text-sm text-amber-800">because {step.reasons.join(" and ")}</p>
      ) : r.approvalReason ? (
        <p className="mt-1 break-words text-sm text-amber-800">{r.approvalReason}</p>
      ) : null}

      {r.budget ? (
        <p className="mt-1 break-words text-sm" data-testid="inbox-budget">
          {r.costCenterCode} {r.budget.periodLabel} budget <Amount value={r.budget.budget} />: leaves{" "}
          <Amount value={r.budget.leavesAfterThis} className={r.budget.leavesAfterThis.amount < 0 ? "font-medium text-red-700" : "font-medium"} /> with this
          order
        </p>
      ) : (
        <p className="mt-1 text-sm text-slate-500">{r.costCenterCode} has no budget set for this period.</p>
      )}
      <p className="break-words text-xs text-slate-500">
        {r.costCenterCode} {r.costCenterName}
      </p>

      {step ? <StepApprovers mode={step.mode} approvers={step.approvers} mySeat={mySeat} /> : null}
      {r.neededBy ? (
        <p className="mt-1 text-sm" data-testid="approval-needed-by">
          Needed by <span className="font-medium">{formatDay(r.neededBy)}</span>
        </p>
      ) : null}
      {r.note ? <p className="mt-1 break-words text-sm">Note: {r.note}</p> : null}

      <div className="mt-3">
        <DecisionButtons requisitionId={r.id} label={label} lines={r.lines} onDecided={onDecided} />
      </div>
    </Card>
  );
}

type StepApprover = NonNullable<Item["step"]>["approvers"][number];

// Someone added because the step waited too long is named as such, so the approver knows why they are there.
const names = (approvers: StepApprover[]) => approvers.map((a) => (a.source === "escalation" ? `${a.name} (added on escalation)` : a.name)).join(", ");

function StepApprovers({ mode, approvers, mySeat }: { mode: "any" | "all"; approvers: StepApprover[]; mySeat: string | null }) {
  const others = approvers.filter((a) => a.name !== mySeat);
  if (others.length === 0) return null;
  const approved = others.filter((a) => a.decision === "approved");
  const waiting = others.filter((a) => a.decision === null);
  if (mode === "any") {
    return <p className="mt-1 break-words text-sm text-slate-600">Whoever approves first decides this level; {names(others)} can too.</p>;
  }
  return (
    <p className="mt-1 break-words text-sm text-slate-600" data-testid="inbox-step-approvers">
      Everyone at this level must approve.
      {approved.length > 0 ? ` Already approved: ${names(approved)}.` : null}
      {waiting.length > 0 ? ` Still to approve besides you: ${names(waiting)}.` : null}
    </p>
  );
}
