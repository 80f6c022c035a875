// No "use client": nothing here needs the browser (useId works on the server too), so a server-rendered page's form
// (the order history's filters) renders it without sending it, and client components bundle it as usual.
import { useId, type ComponentProps, type ReactNode } from "react";
import { ROLE_LABELS, ROLES, type Role } from "@/common/roles";
import { FocusWhenRefused } from "./focus-refused";

/** What a failed mutation carries: a readable message and, for form input, the field it is about. */
export type FieldErrorSource = { message: string; data?: { field?: string | null } | null } | null | undefined;

/** The error's message when it is about `field` (or an item of it, e.g. "memberIds.2"). */
export function errorFor(error: FieldErrorSource, field: string): string | null {
  const f = error?.data?.field;
  if (!error || !f || (f !== field && !f.startsWith(`${field}.`))) return null;
  return error.message;
}

/** The error's message when no field of this form shows it, so it is never silently lost. */
export function errorElsewhere(error: FieldErrorSource, fields: readonly string[]): string | null {
  if (!error) return null;
  return fields.some((f) => errorFor(error, f)) ? null : error.message;
}

/** A form control without outer spacing, for controls that sit in a table cell. */
export const controlClass = "block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600";
export const inputClass = `mt-1 ${controlClass}`;

interface ControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

/** What every field takes besides its control; `errorTestId` is for specs that read the error line itself. */
interface FieldProps {
  label: ReactNode;
  error: string | null;
  hint?: ReactNode;
  className?: string;
  errorTestId?: string;
}

/** A label, the control, an optional hint and the server's error for it, wired together for screen readers. */
export function Field({ label, error, hint, className, errorTestId, children }: FieldProps & { children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, "aria-invalid": !!error, "aria-describedby": describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700" data-testid={errorTestId}>
          {error}
        </p>
      ) : null}
      <FocusWhenRefused controlId={id} error={error} />
    </div>
  );
}

export function TextField({
  label,
  error,
  hint,
  className,
  errorTestId,
  ...input
}: Omit<ComponentProps<"input">, "id" | "className"> & FieldProps & { label: string }) {
  return (
    <Field label={label} error={error} hint={hint} className={className} errorTestId={errorTestId}>
      {(control) => <input {...input} {...control} className={inputClass} />}
    </Field>
  );
}

export function TextAreaField({
  label,
  error,
  hint,
  className,
  errorTestId,
  ...textarea
}: Omit<ComponentProps<"textarea">, "id" | "className"> & FieldProps & { label: string }) {
  return (
    <Field label={label} error={error} hint={hint} className={className} errorTestId={errorTestId}>
      {(control) => <textarea rows={3} {...textarea} {...control} className={`${inputClass} py-2`} />}
    </Field>
  );
}

/** Tables keep their columns; on a phone they scroll sideways inside this, never the page. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // A labelled, focusable region so keyboard users can scroll it too.
    <div role="region" aria-label={label} tabIndex={0} className="-mx-4 overflow-x-auto px-4">
      {children}
    </div>
  );
}

/** The IANA time zones the browser knows, with `value` first when it is one the browser does not list. */
export function TimeZoneField({ value, onChange, error }: { value: string; onChange: (zone: string) => void; error: string | null }) {
  const zones = Intl.supportedValuesOf("timeZone");
  return (
    <Field label="Time zone" error={error}>
      {(control) => (
        <select {...control} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
          {(zones.includes(value) ? zones : [value, ...zones]).map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A multi-select as checkboxes: every option is a 44 px row a thumb can hit, and a screen reader hears the group's name. */
export function CheckList({
  legend,
  options,
  selected,
  onChange,
  empty,
}: {
  legend: ReactNode;
  options: { id: string; label: string; hint?: string }[];
  selected: string[];
  onChange: (ids: string[]) => void;
  empty?: string;
}) {
  const id = useId();
  const chosen = new Set(selected);
  return (
    <fieldset className="mt-2">
      <legend className="text-sm font-medium">{legend}</legend>
      {options.length === 0 ? (
        <p className="text-sm text-slate-600">{empty ?? "Nothing to choose from."}</p>
      ) : (
        <ul className="max-h-72 overflow-y-auto sm:grid sm:grid-cols-2 sm:gap-x-4">
          {options.map((o) => (
            <li key={o.id} className="flex min-h-11 items-center gap-3">
              <input
                id={`${id}-${o.id}`}
                type="checkbox"
                checked={chosen.has(o.id)}
                onChange={(e) => onChange(e.target.checked ? [...selected, o.id] : selected.filter((x) => x !== o.id))}
                className="h-5 w-5 shrink-0"
              />
              <label htmlFor={`${id}-${o.id}`} className="flex min-h-11 min-w-0 flex-1 flex-col justify-center text-sm">
                <span className="break-words">{o.label}</span>
                {o.hint ? <span className="truncate text-xs text-slate-600">{o.hint}</span> : null}
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** The portal's roles as checkboxes, several at once (inviting, changing roles, the roles single sign-on gives). */
export function RoleCheckboxes({
  legend,
  value,
  onChange,
  error,
}: {
  legend: string;
  value: Role[];
  onChange: (roles: Role[]) => void;
  error?: string | null;
}) {
  const id = useId();
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4">
        {ROLES.map((role) => (
          <label key={role} className="flex min-h-11 items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={value.includes(role)}
              onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
            />
            {ROLE_LABELS[role]}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
