"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { errorElsewhere, errorFor, Field, inputClass, TableScroll, TextAreaField } from "@/app/_components/forms";
import { Alert, Amount, Badge, Button, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { formatMoney, toMajorUnitString } from "@/server/domain/money";
import { PositionCells, thClass, thRightClass } from "../budget-figures";
import { CostCenterForm } from "../cost-center-form";
import { notFoundWhenMissing } from "@/app/_lib/not-found";

type Detail = RouterOutputs["costCenters"]["detail"];
type Budget = Detail["budgets"][number];
type ListedCostCenter = RouterOutputs["costCenters"]["list"]["costCenters"][number];
type People = RouterOutputs["costCenters"]["list"]["people"];

function BackLink() {
  return (
    <Link href="/admin/cost-centers" className="mb-2 inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
      ← All cost centers
    </Link>
  );
}

export function CostCenterDetail({ costCenterId }: { costCenterId: string }) {
  const trpc = useTRPC();
  // The list carries who may charge it and the people to choose from; the detail carries its budgets.
  const list = useQuery(trpc.costCenters.list.queryOptions());
  const detail = useQuery(trpc.costCenters.detail.queryOptions({ costCenterId }));

  const error = list.error ?? detail.error;
  if (error) {
    notFoundWhenMissing(detail.error);
    return (
      <>
        <BackLink />
        <Alert>{error.message}</Alert>
      </>
    );
  }
  if (!list.data || !detail.data) return <p className="text-slate-600">Loading cost center…</p>;
  const center = list.data.costCenters.find((c) => c.id === costCenterId);
  if (!center) {
    return (
      <>
        <BackLink />
        <Alert>That cost center was not found.</Alert>
      </>
    );
  }

  return (
    <>
      <BackLink />
      <PageTitle aside={center.active ? <Badge tone="green">Active</Badge> : <Badge>Closed</Badge>}>
        {center.code} · {center.name}
      </PageTitle>
      <Card>
        <EditCostCenter center={center} people={list.data.people} />
      </Card>
      <Card className="mt-6">
        <Budgets center={center} budgets={detail.data.budgets} />
      </Card>
      <Card className="mt-6">
        <AddBudget costCenterId={center.id} currency={center.currency} />
      </Card>
      <Card className="mt-6">
        <BudgetHistory budgets={detail.data.budgets} />
      </Card>
    </>
  );
}

function EditCostCenter({ center, people }: { center: ListedCostCenter; people: People }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const update = useMutation(
    trpc.costCenters.update.mutationOptions({
      onMutate: () => setSaved(null),
      onSuccess: async (updated) => {
        await queryClient.invalidateQueries({ queryKey: trpc.costCenters.pathKey() });
        setSaved(`Saved ${updated.code} ${updated.name}.`);
      },
    }),
  );
  return (
    <CostCenterForm
      heading="Cost center details"
      people={people}
      initial={{
        code: center.code,
        name: center.name,
        description: center.description,
        ownerId: center.ownerId,
        glAccount: center.glAccount ?? "",
        currency: center.currency,
        memberIds: center.memberIds,
        active: center.active,
      }}
      withActive
      submitLabel={update.isPending ? "Saving…" : "Save cost center"}
      pending={update.isPending}
      error={update.error}
      notice={saved ? <Alert tone="green">{saved}</Alert> : null}
      onSubmit={(values) => update.mutate({ id: center.id, ...values })}
    />
  );
}

function Budgets({ center, budgets }: { center: ListedCostCenter; budgets: Budget[] }) {
  const headingId = useId();
  const [changing, setChanging] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const budgetToChange = budgets.find((b) => b.id === changing);

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="text-lg font-medium">
        Budgets
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        In {center.currency}. Reserved is approved or waiting orders not yet with the supplier; committed is what suppliers have.
      </p>
      {notice ? (
        <div className="mb-3">
          <Alert tone="green">{notice}</Alert>
        </div>
      ) : null}
      {budgets.length === 0 ? (
        <p className="text-sm text-slate-600">No budgets yet. Add one below.</p>
      ) : (
        <TableScroll label="Budgets table">
          <table className="w-full min-w-[40rem] text-sm" data-testid="budget-table">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className={thClass}>
                  Period
                </th>
                <th scope="col" className={thRightClass}>
                  Amount
                </th>
                <th scope="col" className={thRightClass}>
                  Reserved
                </th>
                <th scope="col" className={thRightClass}>
                  Committed
                </th>
                <th scope="col" className={thRightClass}>
                  Remaining
                </th>
                <th scope="col" className={thClass}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {budgets.map((b) => (
                <tr key={b.id} className="border-b border-slate-100 align-top" data-testid={`budget-row-${b.period}`}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {b.periodLabel} {center.currentBudget?.budgetId === b.id ? <Badge tone="blue">Current</Badge> : null}
                  </th>
                  <td className="px-3 py-2 text-right">
                    <Amount value={b.amount} />
                  </td>
                  <PositionCells position={b.position} />
                  <td className="px-3 py-2 text-right">
                    <Button
                      type="button"
                      variant="secondary"
                      aria-label={`Change budget for ${b.periodLabel}`}
                      aria-expanded={changing === b.id}
                      onClick={() => {
                        setNotice(null);
                        setChanging(changing === b.id ? null : b.id);
                      }}
                    >
                      Change
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {budgetToChange ? (
        <ChangeBudget
          key={budgetToChange.id}
          budget={budgetToChange}
          onCancel={() => setChanging(null)}
          onDone={(message) => {
            setChanging(null);
            setNotice(message);
          }}
        />
      ) : null}
    </section>
  );
}

function AmountField({
  label,
  currency,
  value,
  onChange,
  error,
  autoFocus,
}: {
  label: string;
  currency: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} error={error} hint={`In ${currency}, e.g. 5,000.00`}>
      {(control) => (
        <div className="mt-1 flex">
          <span className="inline-flex min-h-11 items-center rounded-l-md border border-r-0 border-slate-300 bg-slate-50 px-3 text-sm text-slate-700">
            {currency}
          </span>
          <input
            {...control}
            inputMode="decimal"
            autoComplete="off"
            autoFocus={autoFocus}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            className="block min-h-11 w-full min-w-0 rounded-r-md border border-slate-300 bg-white px-3 tabular-nums aria-[invalid=true]:border-red-600"
          />
        </div>
      )}
    </Field>
  );
}

const CHANGE_FIELDS = ["amount", "currency", "reason"] as const;

function ChangeBudget({ budget, onDone, onCancel }: { budget: Budget; onDone: (message: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [amount, setAmount] = useState(toMajorUnitString(budget.amount));
  const [reason, setReason] = useState("");
  const change = useMutation(
    trpc.costCenters.changeBudget.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.costCenters.pathKey() });
        onDone(`Budget for ${budget.periodLabel} changed from ${formatMoney(result.previous)} to ${formatMoney(result.amount)}.`);
      },
    }),
  );
  const amountError = errorFor(change.error, "amount") ?? errorFor(change.error, "currency");
  return (
    <form
      aria-labelledby={headingId}
      noValidate
      className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-3"
      data-testid="change-budget-form"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate({ budgetId: budget.id, amount, reason });
      }}
    >
      <h3 id={headingId} className="font-medium">
        Change the budget for {budget.periodLabel}
      </h3>
      <p className="text-sm text-slate-600">
        Now <Amount value={budget.amount} />. The change and your reason are kept in its history.
      </p>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        <AmountField label="New amount" currency={budget.amount.currency} value={amount} onChange={setAmount} error={amountError} autoFocus />
        <TextAreaField
          label="Reason for the change"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={300}
          error={errorFor(change.error, "reason")}
        />
      </div>
      {errorElsewhere(change.error, CHANGE_FIELDS) ? (
        <div className="mt-3">
          <Alert>{errorElsewhere(change.error, CHANGE_FIELDS)}</Alert>
        </div>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-2">
        <Button type="submit" disabled={change.isPending}>
          {change.isPending ? "Saving…" : "Save change"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

type PeriodKind = "month" | "quarter" | "year";

const monthName = (month: number) => new Intl.DateTimeFormat("en-US", { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2000, month - 1, 1)));

/** The period as the server reads it ("2026-11", "2026-Q4", "2026") and as people read it. */
function periodOf(kind: PeriodKind, year: number, month: number, quarter: number): { key: string; label: string } {
  if (kind === "year") return { key: String(year), label: String(year) };
  if (kind === "quarter") return { key: `${year}-Q${quarter}`, label: `Q${quarter} ${year}` };
  return { key: `${year}-${String(month).padStart(2, "0")}`, label: `${monthName(month)} ${year}` };
}

const ADD_FIELDS = ["period", "amount", "currency"] as const;

function AddBudget({ costCenterId, currency }: { costCenterId: string; currency: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [today] = useState(() => new Date());
  const [kind, setKind] = useState<PeriodKind>("month");
  const [year, setYear] = useState(today.getFullYear());
  const [month, setMonth] = useState(today.getMonth() + 1);
  const [quarter, setQuarter] = useState(Math.floor(today.getMonth() / 3) + 1);
  const [amount, setAmount] = useState("");
  const [added, setAdded] = useState<string | null>(null);
  const period = periodOf(kind, year, month, quarter);
  const add = useMutation(
    trpc.costCenters.addBudget.mutationOptions({
      onMutate: () => setAdded(null),
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.costCenters.pathKey() });
        setAdded(`Budget of ${formatMoney(result.amount)} added for ${period.label}.`);
        setAmount("");
      },
    }),
  );
  // A budget can be planned a little ahead and corrected a little back; the server decides what overlaps.
  const years = Array.from({ length: 5 }, (_, i) => today.getFullYear() - 1 + i);

  return (
    <form
      aria-labelledby={headingId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ costCenterId, period: period.key, amount });
      }}
    >
      <h2 id={headingId} className="text-lg font-medium">
        Add budget
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-3">
        <Field label="Period" error={errorFor(add.error, "period")}>
          {(control) => (
            <select {...control} value={kind} onChange={(e) => setKind(e.target.value as PeriodKind)} className={inputClass}>
              <option value="month">Month</option>
              <option value="quarter">Quarter</option>
              <option value="year">Year</option>
            </select>
          )}
        </Field>
        <Field label="Year" error={null}>
          {(control) => (
            <select {...control} value={year} onChange={(e) => setYear(Number(e.target.value))} className={inputClass}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind === "month" ? (
          <Field label="Month" error={null}>
            {(control) => (
              <select {...control} value={month} onChange={(e) => setMonth(Number(e.target.value))} className={inputClass}>
                {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
                  <option key={m} value={m}>
                    {monthName(m)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {kind === "quarter" ? (
          <Field label="Quarter" error={null}>
            {(control) => (
              <select {...control} value={quarter} onChange={(e) => setQuarter(Number(e.target.value))} className={inputClass}>
                {[1, 2, 3, 4].map((q) => (
                  <option key={q} value={q}>
                    Q{q}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <AmountField
          label="Amount"
          currency={currency}
          value={amount}
          onChange={setAmount}
          error={errorFor(add.error, "amount") ?? errorFor(add.error, "currency")}
        />
      </div>
      <p className="mt-2 text-sm text-slate-600" data-testid="add-budget-period">
        For {period.label}
      </p>
      {errorElsewhere(add.error, ADD_FIELDS) ? (
        <div className="mt-3">
          <Alert>{errorElsewhere(add.error, ADD_FIELDS)}</Alert>
        </div>
      ) : null}
      {added ? (
        <div className="mt-3">
          <Alert tone="green">{added}</Alert>
        </div>
      ) : null}
      <Button type="submit" className="mt-4 w-full sm:w-auto" disabled={add.isPending}>
        {add.isPending ? "Adding…" : "Add budget"}
      </Button>
    </form>
  );
}

function historyText(entry: Budget["history"][number]): string {
  const { details } = entry;
  if (entry.action === "budget.created") return `Set to ${details.amount ?? "?"}`;
  if (entry.action === "budget.changed") return `Changed from ${details.from ?? "?"} to ${details.to ?? "?"}`;
  return entry.action;
}

function BudgetHistory({ budgets }: { budgets: Budget[] }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="text-lg font-medium">
        Budget history
      </h2>
      {budgets.length === 0 ? <p className="mt-2 text-sm text-slate-600">No budgets yet.</p> : null}
      {budgets.map((b) => (
        <div key={b.id} className="mt-3" data-testid={`budget-history-${b.period}`}>
          <h3 className="font-medium">{b.periodLabel}</h3>
          {b.history.length === 0 ? (
            <p className="text-sm text-slate-600">No recorded changes.</p>
          ) : (
            <ol className="mt-1 divide-y divide-slate-100 text-sm">
              {b.history.map((h, i) => (
                <li key={i} className="py-2" data-testid="budget-history-entry">
                  <p>
                    <span className="font-medium">{historyText(h)}</span> by {h.by}
                  </p>
                  <p className="text-slate-600">
                    <time dateTime={new Date(h.at).toISOString()}>{formatDateTime(h.at)}</time>
                  </p>
                  {h.details.reason ? <p className="mt-1">Reason: {h.details.reason}</p> : null}
                </li>
              ))}
            </ol>
          )}
        </div>
      ))}
    </section>
  );
}
