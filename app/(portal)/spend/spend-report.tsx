"use client";

import { useQuery } from "@tanstack/react-query";
import Form from "next/form";
import type { ReactNode } from "react";
import { BarChart, type Bar, type BarSeries } from "@/app/_components/bar-chart";
import { errorElsewhere, errorFor, Field, inputClass, TextField } from "@/app/_components/forms";
import { Alert, Amount, Badge, Button, Card, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { addMoney, money, type Money } from "@/server/domain/money";

type Report = RouterOutputs["spend"]["report"];
type SpendRow = Report["byCostCenter"][number];
type BudgetLine = Report["budgetVsActual"][number];
type Grouping = "costCenter" | "supplier" | "month";

export interface SpendFilters {
  from: string;
  to: string;
  costCenterId?: string;
}

const FILTER_FIELDS = ["from", "to", "costCenterId"] as const;

const SPEND_SERIES: BarSeries[] = [
  { name: "Committed", className: "fill-brand-700" },
  { name: "Reserved", className: "fill-amber-400" },
];

const spentOf = (r: { reserved: Money; committed: Money }) => addMoney(r.reserved, r.committed);
const rowKey = (r: SpendRow) => `${r.key}|${r.currency}`;
const isOverBudget = (r: SpendRow) => r.remaining !== null && r.remaining.amount < 0;
const toBars = (rows: SpendRow[], labelOf: (r: SpendRow) => string = (r) => r.label): Bar[] =>
  rows.map((r) => ({ key: rowKey(r), label: labelOf(r), values: [r.committed, r.reserved], marker: r.budget }));

const monthName = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const monthLabel = (yearMonth: string) => {
  const start = new Date(`${yearMonth}-01T00:00:00Z`);
  return Number.isNaN(start.getTime()) ? yearMonth : monthName.format(start);
};

export function SpendReport({ filters, today }: { filters: SpendFilters; today: string }) {
  const trpc = useTRPC();
  const report = useQuery(trpc.spend.report.queryOptions(filters));
  // The report lists every cost center the person may see; when the filters are
  // refused there is no report, so the choices come from a one-day report instead.
  const needChoices = report.isError;
  const choices = useQuery({ ...trpc.spend.report.queryOptions({ from: today, to: today }), enabled: needChoices, staleTime: 5 * 60_000 });
  const costCenters = (needChoices ? choices.data?.costCenters : report.data?.costCenters) ?? report.data?.costCenters ?? [];

  const otherError = errorElsewhere(report.error, FILTER_FIELDS);

  return (
    <>
      <PageTitle>Spend</PageTitle>
      <FilterForm
        key={`${filters.from}|${filters.to}|${filters.costCenterId ?? ""}|${costCenters.length}`}
        filters={filters}
        costCenters={costCenters}
        fieldError={(field) => errorFor(report.error, field)}
      />
      {report.isPending ? (
        <p role="status" className="text-slate-600">
          Loading spend…
        </p>
      ) : report.error ? (
        otherError ? (
          <Alert>{otherError}</Alert>
        ) : (
          <p className="text-slate-600">Correct the filters above to see spend.</p>
        )
      ) : (
        <ReportBody report={report.data} filters={filters} />
      )}
    </>
  );
}

function FilterForm({
  filters,
  costCenters,
  fieldError,
}: {
  filters: SpendFilters;
  costCenters: Report["costCenters"];
  fieldError: (field: "from" | "to" | "costCenterId") => string | null;
}) {
  return (
    <Form action="/spend" aria-label="Spend filters" className="mb-6 grid grid-cols-2 items-start gap-3 sm:grid-cols-[1fr_1fr_2fr_auto]">
      <TextField label="From" type="date" name="from" defaultValue={filters.from} error={fieldError("from")} className="min-w-0" />
      <TextField label="To" type="date" name="to" defaultValue={filters.to} error={fieldError("to")} className="min-w-0" />
      <Field label="Cost center" error={fieldError("costCenterId")} className="col-span-2 min-w-0 sm:col-span-1">
        {(control) => (
          <select {...control} name="costCenterId" defaultValue={filters.costCenterId ?? ""} className={inputClass}>
            <option value="">All cost centers</option>
            {costCenters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.code} · {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {/* Labels sit above the fields, so the button lines up with the fields on wide screens. */}
      <div className="col-span-2 sm:col-span-1 sm:pt-6">
        <Button type="submit" className="w-full">
          Show report
        </Button>
      </div>
    </Form>
  );
}

function ReportBody({ report, filters }: { report: Report; filters: SpendFilters }) {
  const hasSpend = [...report.byCostCenter, ...report.bySupplier, ...report.byMonth].some((r) => r.reserved.amount !== 0 || r.committed.amount !== 0);
  const csv = (groupBy: Grouping, what: string) => <CsvLink filters={{ ...filters, from: report.from, to: report.to }} groupBy={groupBy} what={what} />;
  return (
    <div className="space-y-6">
      {hasSpend ? (
        <>
          <ReportSection id="spend-by-cost-center" title="By cost center" action={csv("costCenter", "cost center")}>
            <BarChart
              title="Spend by cost center"
              bars={toBars(report.byCostCenter)}
              series={SPEND_SERIES}
              markerName="Budget"
              testId="spend-chart-cost-center"
            />
            <CostCenterTable rows={report.byCostCenter} />
          </ReportSection>
          <ReportSection id="spend-by-supplier" title="By supplier" action={csv("supplier", "supplier")}>
            <BarChart title="Spend by supplier" bars={toBars(report.bySupplier)} series={SPEND_SERIES} testId="spend-chart-supplier" />
            <SpendTable caption="Spend by supplier" firstColumn="Supplier" rows={report.bySupplier} label={(r) => r.label} />
          </ReportSection>
          <ReportSection id="spend-by-month" title="By month" action={csv("month", "month")}>
            <BarChart title="Spend by month" bars={toBars(report.byMonth, (r) => monthLabel(r.label))} series={SPEND_SERIES} testId="spend-chart-month" />
            <SpendTable
              caption="Spend by month"
              firstColumn="Month"
              rows={report.byMonth}
              label={(r) => <time dateTime={r.label}>{monthLabel(r.label)}</time>}
            />
          </ReportSection>
        </>
      ) : (
        <Card>
          <p data-testid="spend-empty">No spend in this range.</p>
        </Card>
      )}
      {report.budgetVsActual.length > 0 ? (
        <ReportSection id="spend-budget-vs-actual" title="Budget vs actual">
          <p className="mb-3 text-sm text-slate-600">Each budget period the range touches, counted over the whole period.</p>
          <BudgetTable lines={report.budgetVsActual} />
        </ReportSection>
      ) : null}
    </div>
  );
}

/** Card's look, as a named region so each part of the report can be found by its heading. */
function ReportSection({ id, title, action, children }: { id: string; title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}

function CsvLink({ filters, groupBy, what }: { filters: SpendFilters; groupBy: Grouping; what: string }) {
  const query = new URLSearchParams({ from: filters.from, to: filters.to, groupBy });
  if (filters.costCenterId) query.set("costCenterId", filters.costCenterId);
  // A plain link, not next/link: the route handler answers with a file, and a refusal shows as readable text.
  return (
    <a
      href={`/api/reports/spend-csv?${query}`}
      aria-label={`Download spend by ${what} as CSV`}
      className="inline-flex min-h-11 items-center justify-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 hover:bg-slate-50"
    >
      Download CSV
    </a>
  );
}

interface CurrencyTotal {
  currency: string;
  reserved: Money;
  committed: Money;
  budget: Money | null;
  remaining: Money | null;
}

/** Amounts add up only within a currency, so there is one total row per currency. */
function totalsByCurrency(rows: SpendRow[]): CurrencyTotal[] {
  const totals = new Map<string, CurrencyTotal>();
  const plus = (a: Money | null, b: Money | null) => (a && b ? addMoney(a, b) : (a ?? b));
  for (const r of rows) {
    const t = totals.get(r.currency) ?? {
      currency: r.currency,
      reserved: money(0, r.currency),
      committed: money(0, r.currency),
      budget: null,
      remaining: null,
    };
    totals.set(r.currency, {
      currency: r.currency,
      reserved: addMoney(t.reserved, r.reserved),
      committed: addMoney(t.committed, r.committed),
      budget: plus(t.budget, r.budget),
      remaining: plus(t.remaining, r.remaining),
    });
  }
  return [...totals.values()];
}

const cell = "px-3 py-2";
const amountCell = `${cell} whitespace-nowrap text-right tabular-nums`;
const headCell = `${cell} whitespace-nowrap font-medium`;

function MaybeAmount({ value }: { value: Money | null }) {
  return value ? <Amount value={value} /> : <span className="text-slate-400">—</span>;
}

function Remaining({ value }: { value: Money | null }) {
  return value ? <Amount value={value} className={value.amount < 0 ? "font-medium text-red-700" : ""} /> : <span className="text-slate-400">—</span>;
}

function TableFrame({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="-mx-4 overflow-x-auto px-4">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

function CostCenterTable({ rows }: { rows: SpendRow[] }) {
  const totals = totalsByCurrency(rows);
  return (
    <TableFrame caption="Spend by cost center">
      <thead className="border-b border-slate-200 text-left text-slate-600">
        <tr>
          <th scope="col" className={headCell}>
            Cost center
          </th>
          <th scope="col" className={headCell}>
            Name
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Budget
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Reserved
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Committed
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Remaining
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)} className={`border-b border-slate-100 ${isOverBudget(r) ? "bg-red-50" : ""}`}>
            <th scope="row" className={`${cell} whitespace-nowrap text-left font-medium`}>
              {r.label}
              {isOverBudget(r) ? (
                <span className="ml-2">
                  <Badge tone="red">Over budget</Badge>
                </span>
              ) : null}
            </th>
            <td className={cell}>{r.detail}</td>
            <td className={amountCell}>
              <MaybeAmount value={r.budget} />
            </td>
            <td className={amountCell}>
              <Amount value={r.reserved} />
            </td>
            <td className={amountCell}>
              <Amount value={r.committed} />
            </td>
            <td className={amountCell}>
              <Remaining value={r.remaining} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot className="font-semibold">
        {totals.map((t) => (
          <tr key={t.currency} className="border-t border-slate-300">
            <th scope="row" colSpan={2} className={`${cell} text-left`}>
              Total{totals.length > 1 ? ` (${t.currency})` : ""}
            </th>
            <td className={amountCell}>
              <MaybeAmount value={t.budget} />
            </td>
            <td className={amountCell}>
              <Amount value={t.reserved} />
            </td>
            <td className={amountCell}>
              <Amount value={t.committed} />
            </td>
            <td className={amountCell}>
              <Remaining value={t.remaining} />
            </td>
          </tr>
        ))}
      </tfoot>
    </TableFrame>
  );
}

function SpendTable({ caption, firstColumn, rows, label }: { caption: string; firstColumn: string; rows: SpendRow[]; label: (r: SpendRow) => ReactNode }) {
  const totals = totalsByCurrency(rows);
  return (
    <TableFrame caption={caption}>
      <thead className="border-b border-slate-200 text-left text-slate-600">
        <tr>
          <th scope="col" className={headCell}>
            {firstColumn}
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Reserved
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Committed
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)} className="border-b border-slate-100">
            <th scope="row" className={`${cell} text-left font-medium`}>
              {label(r)}
            </th>
            <td className={amountCell}>
              <Amount value={r.reserved} />
            </td>
            <td className={amountCell}>
              <Amount value={r.committed} />
            </td>
            <td className={amountCell}>
              <Amount value={spentOf(r)} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot className="font-semibold">
        {totals.map((t) => (
          <tr key={t.currency} className="border-t border-slate-300">
            <th scope="row" className={`${cell} text-left`}>
              Total{totals.length > 1 ? ` (${t.currency})` : ""}
            </th>
            <td className={amountCell}>
              <Amount value={t.reserved} />
            </td>
            <td className={amountCell}>
              <Amount value={t.committed} />
            </td>
            <td className={amountCell}>
              <Amount value={spentOf(t)} />
            </td>
          </tr>
        ))}
      </tfoot>
    </TableFrame>
  );
}

/** Share of the budget reserved or committed, in whole percent; null when there is no budget to divide by. */
function usedShare(line: BudgetLine): number | null {
  if (line.budget.amount <= 0) return null;
  return Math.round(((line.reserved.amount + line.committed.amount) / line.budget.amount) * 100);
}

function BudgetTable({ lines }: { lines: BudgetLine[] }) {
  return (
    <TableFrame caption="Budget vs actual">
      <thead className="border-b border-slate-200 text-left text-slate-600">
        <tr>
          <th scope="col" className={headCell}>
            Cost center
          </th>
          <th scope="col" className={headCell}>
            Period
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Budget
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Committed
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Reserved
          </th>
          <th scope="col" className={`${headCell} text-right`}>
            Remaining
          </th>
          <th scope="col" className={headCell}>
            Used
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const used = usedShare(line);
          return (
            <tr key={line.budgetId} className={`border-b border-slate-100 ${line.overBudget ? "bg-red-50" : ""}`}>
              <th scope="row" className={`${cell} text-left font-medium`}>
                <span className="whitespace-nowrap">{line.costCenterCode}</span> <span className="font-normal text-slate-600">{line.costCenterName}</span>
              </th>
              <td className={`${cell} whitespace-nowrap`}>{line.periodLabel}</td>
              <td className={amountCell}>
                <Amount value={line.budget} />
              </td>
              <td className={amountCell}>
                <Amount value={line.committed} />
              </td>
              <td className={amountCell}>
                <Amount value={line.reserved} />
              </td>
              <td className={amountCell}>
                <Remaining value={line.remaining} />
              </td>
              <td className={`${cell} whitespace-nowrap`}>
                <div className="flex items-center gap-2">
                  {/* Decoration only: the percentage beside it says the same in words. */}
                  <div aria-hidden="true" className="h-2 w-16 overflow-hidden rounded-full bg-slate-100">
                    <div className={`h-full ${line.overBudget ? "bg-red-600" : "bg-brand-600"}`} style={{ width: `${Math.min(100, used ?? 0)}%` }} />
                  </div>
                  <span className="tabular-nums">{used === null ? "—" : `${used}%`}</span>
                  {line.overBudget ? <Badge tone="red">Over budget</Badge> : null}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </TableFrame>
  );
}
