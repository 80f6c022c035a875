import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FilterPanel } from "@/app/_components/filter-panel";
import { Field, inputClass, TextField } from "@/app/_components/forms";
import { Alert, Button, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { AUDIT_GROUP_LABELS, AUDIT_GROUPS, SUBJECT_LABELS } from "@/server/domain/audit-words";
import { getServerCaller, getServerMe, inputErrorOf } from "@/server/trpc/server";
import { AUDIT_PARAMS, auditFilterOf, auditQueryOf } from "./audit-params";

export const metadata: Metadata = { title: "Audit log" };

type Params = Partial<Record<(typeof AUDIT_PARAMS)[number] | "afterAt" | "afterId", string>>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  const me = await getServerMe();
  // For anyone else this address is like any unknown one.
  if (!me.roles.includes("admin")) notFound();
  const caller = await getServerCaller();
  const params = await searchParams;
  const filter = auditFilterOf((name) => params[name]);
  const after = params.afterAt && params.afterId ? { at: params.afterAt, id: params.afterId } : null;
  const people = await caller.audit.people();
  let result: Awaited<ReturnType<typeof caller.audit.list>> = { entries: [], next: null };
  let filterError: { field: string | undefined; message: string } | null = null;
  try {
    result = await caller.audit.list({ filter, after });
  } catch (error) {
    filterError = inputErrorOf(error);
  }
  const query = auditQueryOf(filter);
  const errorOf = (field: string) => (filterError?.field === field || filterError?.field?.endsWith(`.${field}`) ? filterError.message : null);
  const nextHref = result.next ? `/admin/audit?${new URLSearchParams([...query, ["afterAt", result.next.at], ["afterId", result.next.id]])}` : null;
  const active = [...query.keys()].length;
  return (
    <>
      <PageTitle
        aside={
          <a
            href={`/admin/audit/export${query.size ? `?${query}` : ""}`}
            className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline"
            download
          >
            Download CSV
          </a>
        }
      >
        Audit log
      </PageTitle>
      <p className="mb-4 text-sm text-slate-700">
        Everything people and the portal did at {me.companyName}, newest first. Dates are in the company&apos;s time zone.
      </p>
      <FilterPanel className="mb-4" activeCount={active} startOpen={!!filterError}>
        <form
          method="get"
          action="/admin/audit"
          className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-4"
          aria-label="Filter the audit log"
        >
          <Field label="What happened" error={errorOf("group")}>
            {(control) => (
              <select {...control} name="group" defaultValue={filter.group ?? ""} className={`${inputClass} px-2`}>
                <option value="">Anything</option>
                {AUDIT_GROUPS.map((g) => (
                  <option key={g} value={g}>
                    {AUDIT_GROUP_LABELS[g]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Person" error={errorOf("personId")}>
            {(control) => (
              <select {...control} name="person" defaultValue={filter.personId ?? ""} className={`${inputClass} px-2`}>
                <option value="">Anyone</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({p.email})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="About" error={errorOf("subjectType")}>
            {(control) => (
              <select {...control} name="subjectType" defaultValue={filter.subjectType ?? ""} className={`${inputClass} px-2`}>
                <option value="">Anything</option>
                {Object.entries(SUBJECT_LABELS).map(([type, label]) => (
                  <option key={type} value={type}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TextField label="Subject id" name="subjectId" defaultValue={filter.subjectId ?? ""} error={errorOf("subjectId")} />
          <TextField label="From" type="date" name="from" defaultValue={filter.from ?? ""} error={errorOf("from")} />
          <TextField label="To" type="date" name="to" defaultValue={filter.to ?? ""} error={errorOf("to")} />
          <TextField label="Words" name="q" defaultValue={filter.q ?? ""} error={errorOf("q")} />
          <div className="flex flex-wrap items-end gap-2">
            <Button type="submit">Apply filters</Button>
            {active ? (
              <Link href="/admin/audit" className="inline-flex min-h-11 items-center rounded-md px-3 text-sm text-brand-700 hover:underline">
                Clear filters
              </Link>
            ) : null}
          </div>
        </form>
      </FilterPanel>
      {filterError && !errorOf(filterError.field?.split(".").at(-1) ?? "") ? (
        <div className="mb-4">
          <Alert>{filterError.message}</Alert>
        </div>
      ) : null}
      {result.entries.length === 0 ? (
        <Card>
          <p>{active ? "Nothing in the audit log matches these filters." : "Nothing recorded yet."}</p>
        </Card>
      ) : (
        <ul className="space-y-2" data-testid="audit-list">
          {result.entries.map((e) => (
            <li key={e.id} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="audit-entry">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">
                  {e.who}: {e.what}
                </span>
                <time dateTime={e.at.toISOString()} className="text-sm text-slate-600">
                  {formatDateTime(e.at)}
                </time>
              </div>
              <div className="mt-1 text-sm text-slate-700">
                {e.subjectTypeLabel}:{" "}
                {e.subjectHref ? (
                  <Link href={e.subjectHref} className="text-brand-700 hover:underline">
                    {e.subjectLabel}
                  </Link>
                ) : (
                  e.subjectLabel
                )}
                {e.summary ? ` · ${e.summary}` : ""}
                {e.via ? ` · via ${e.via}` : ""}
              </div>
            </li>
          ))}
        </ul>
      )}
      {nextHref ? (
        <div className="mt-4">
          <Link href={nextHref} className="inline-flex min-h-11 items-center text-brand-700 hover:underline">
            Older entries
          </Link>
        </div>
      ) : null}
    </>
  );
}
