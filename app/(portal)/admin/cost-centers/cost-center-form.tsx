"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { errorElsewhere, errorFor, Field, inputClass, TextAreaField, TextField } from "@/app/_components/forms";
import { Alert, Button } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_lib/trpc";

type Person = RouterOutputs["costCenters"]["list"]["people"][number];
type MutationError = Parameters<typeof errorFor>[0];

export interface CostCenterValues {
  code: string;
  name: string;
  description: string;
  ownerId: string | null;
  glAccount: string;
  currency: string;
  memberIds: string[];
  active: boolean;
}

export const emptyCostCenter: CostCenterValues = {
  code: "",
  name: "",
  description: "",
  ownerId: null,
  glAccount: "",
  currency: "USD",
  memberIds: [],
  active: true,
};

const FIELDS = ["code", "name", "description", "ownerId", "glAccount", "currency", "memberIds", "active"] as const;

/** The same form creates a cost center and edits one; the server checks every field and names the one it refuses. */
export function CostCenterForm({
  heading,
  people,
  initial,
  withActive,
  submitLabel,
  pending,
  error,
  notice,
  onSubmit,
}: {
  heading: string;
  people: Person[];
  initial: CostCenterValues;
  withActive: boolean;
  submitLabel: string;
  pending: boolean;
  error: MutationError;
  notice?: ReactNode;
  onSubmit: (values: CostCenterValues) => void;
}) {
  const headingId = useId();
  const [values, setValues] = useState(initial);
  const set = <K extends keyof CostCenterValues>(key: K, value: CostCenterValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  // The owner signs off on spend, so the list offers approvers; a current owner stays visible even if no longer one.
  const owners = people.filter((p) => p.isApprover || p.id === values.ownerId);

  return (
    <form
      aria-labelledby={headingId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(values);
      }}
    >
      <h2 id={headingId} className="text-lg font-medium">
        {heading}
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        <TextField
          label="Code"
          value={values.code}
          onChange={(e) => set("code", e.target.value)}
          autoComplete="off"
          hint="e.g. CC-4420"
          error={errorFor(error, "code")}
        />
        <TextField label="Name" value={values.name} onChange={(e) => set("name", e.target.value)} autoComplete="off" error={errorFor(error, "name")} />
        <TextAreaField
          label="Description (optional)"
          value={values.description}
          onChange={(e) => set("description", e.target.value)}
          className="sm:col-span-2"
          error={errorFor(error, "description")}
        />
        <Field label="Owner" error={errorFor(error, "ownerId")} hint="Answers for its spend and sees its budgets. Only approvers are listed.">
          {(control) => (
            <select {...control} value={values.ownerId ?? ""} onChange={(e) => set("ownerId", e.target.value || null)} className={inputClass}>
              <option value="">No owner</option>
              {owners.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.isApprover ? "" : " (not an approver)"}
                  {p.active ? "" : " (inactive)"}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          label="GL account (optional)"
          value={values.glAccount}
          onChange={(e) => set("glAccount", e.target.value)}
          autoComplete="off"
          hint="e.g. 6100-200"
          error={errorFor(error, "glAccount")}
        />
        <TextField
          label="Currency"
          value={values.currency}
          onChange={(e) => set("currency", e.target.value.toUpperCase())}
          autoComplete="off"
          autoCapitalize="characters"
          maxLength={3}
          hint="Three letters, e.g. USD. Its budgets are kept in this currency."
          error={errorFor(error, "currency")}
        />
        {withActive ? (
          <div className="sm:col-span-2">
            <div className="flex min-h-11 items-center gap-3">
              <input
                id={`${headingId}-active`}
                type="checkbox"
                checked={values.active}
                onChange={(e) => set("active", e.target.checked)}
                aria-describedby={`${headingId}-active-hint`}
                className="h-5 w-5"
              />
              <label htmlFor={`${headingId}-active`} className="flex min-h-11 flex-1 items-center text-sm font-medium">
                Active
              </label>
            </div>
            <p id={`${headingId}-active-hint`} className="text-xs text-slate-600">
              People can choose it at checkout only while it is active.
            </p>
            {errorFor(error, "active") ? <p className="mt-1 text-sm text-red-700">{errorFor(error, "active")}</p> : null}
          </div>
        ) : null}
        <MemberPicker people={people} selected={values.memberIds} onChange={(ids) => set("memberIds", ids)} error={errorFor(error, "memberIds")} />
      </div>
      {errorElsewhere(error, FIELDS) ? (
        <div className="mt-4">
          <Alert>{errorElsewhere(error, FIELDS)}</Alert>
        </div>
      ) : null}
      {notice ? <div className="mt-4">{notice}</div> : null}
      <Button type="submit" className="mt-4 w-full sm:w-auto" disabled={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}

function MemberPicker({
  people,
  selected,
  onChange,
  error,
}: {
  people: Person[];
  selected: string[];
  onChange: (ids: string[]) => void;
  error: string | null;
}) {
  const id = useId();
  const everyoneRef = useRef<HTMLInputElement>(null);
  const chosen = new Set(selected);
  const everyone = people.length > 0 && people.every((p) => chosen.has(p.id));
  const some = !everyone && people.some((p) => chosen.has(p.id));
  useEffect(() => {
    if (everyoneRef.current) everyoneRef.current.indeterminate = some;
  }, [some]);

  return (
    <fieldset className="sm:col-span-2" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">Who may charge it</legend>
      <p className="text-xs text-slate-600">
        {chosen.size} of {people.length} chosen
      </p>
      <div className="mt-2 flex min-h-11 items-center gap-3 border-b border-slate-200">
        <input
          ref={everyoneRef}
          id={`${id}-everyone`}
          type="checkbox"
          checked={everyone}
          onChange={(e) => onChange(e.target.checked ? people.map((p) => p.id) : [])}
          className="h-5 w-5"
        />
        <label htmlFor={`${id}-everyone`} className="flex min-h-11 flex-1 items-center text-sm font-medium">
          Everyone
        </label>
      </div>
      <ul className="max-h-80 overflow-y-auto sm:grid sm:grid-cols-2 sm:gap-x-4">
        {people.map((p) => (
          <li key={p.id} className="flex min-h-11 items-center gap-3">
            <input
              id={`${id}-${p.id}`}
              type="checkbox"
              checked={chosen.has(p.id)}
              onChange={(e) => onChange(e.target.checked ? [...selected, p.id] : selected.filter((x) => x !== p.id))}
              className="h-5 w-5 shrink-0"
            />
            <label htmlFor={`${id}-${p.id}`} className="flex min-h-11 min-w-0 flex-1 flex-col justify-center text-sm">
              <span>{p.name}</span>
              <span className="truncate text-xs text-slate-600">
                {p.email}
                {p.active ? "" : " · inactive"}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
