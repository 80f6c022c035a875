"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { errorElsewhere, errorFor, TextField, TimeZoneField } from "@/app/_components/forms";
import { Alert, Button, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { toMajorUnitString } from "@/server/domain/money";

type Loaded = RouterOutputs["company"]["settings"];

const FIELDS = [
  "name",
  "currency",
  "timeZone",
  "poNumberRequired",
  "poNumberPattern",
  "poNumberExample",
  "receiptReminderDays",
  "matchTolerancePercent",
  "matchToleranceAmount",
  "sessionIdleMinutes",
  "sessionAbsoluteHours",
  "invitationExpiryDays",
] as const;

/** The settings' names as the history says them. */
const LABELS: Record<string, string> = {
  name: "Name",
  currency: "Currency",
  timeZone: "Time zone",
  poNumberRequired: "PO number required",
  poNumberPattern: "PO number format",
  poNumberExample: "Example PO number",
  receiptReminderDays: "Receiving reminder (days)",
  matchToleranceBp: "Match tolerance (basis points)",
  matchToleranceMinor: "Match tolerance (minor units)",
  escalationHours: "Escalate after (hours)",
  reminderHours: "Remind after (hours)",
  priceToleranceBp: "Price tolerance (basis points)",
  sessionIdleMinutes: "Sign out after idle (minutes)",
  sessionAbsoluteHours: "Sign out after (hours)",
  invitationExpiryDays: "Invitation link works for (days)",
};

const said = (value: unknown) => (value === null || value === "" ? "none" : typeof value === "boolean" ? (value ? "yes" : "no") : String(value));

export function CompanySettingsAdmin() {
  const trpc = useTRPC();
  const loaded = useQuery(trpc.company.settings.queryOptions());
  // Kept here: the form starts afresh from what was saved (key below), and the confirmation outlives it.
  const [saved, setSaved] = useState(false);
  return (
    <>
      <PageTitle>Company settings</PageTitle>
      {loaded.error ? <Alert>{loaded.error.message}</Alert> : null}
      {loaded.data ? (
        <SettingsForm key={JSON.stringify(loaded.data.settings)} loaded={loaded.data} saved={saved} onSaved={setSaved} />
      ) : loaded.isPending ? (
        <p>Loading…</p>
      ) : null}
      {loaded.data && loaded.data.history.length > 0 ? (
        <Card className="mt-4">
          <h2 className="text-lg font-medium">Changes</h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="settings-history">
            {loaded.data.history.map((h, i) => (
              <li key={i} className="py-2">
                <span className="text-slate-600">
                  {formatDateTime(h.at)}, {h.by}:
                </span>{" "}
                {Object.entries(h.changed)
                  .map(([k, { from, to }]) => `${LABELS[k] ?? k} from ${said(from)} to ${said(to)}`)
                  .join("; ")}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  );
}

function SettingsForm({ loaded, saved, onSaved }: { loaded: Loaded; saved: boolean; onSaved: (saved: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formId = useId();
  const { settings, currencyLocked } = loaded;
  const [values, setValues] = useState({
    name: settings.name,
    currency: settings.currency,
    timeZone: settings.timeZone,
    poNumberRequired: settings.poNumberRequired,
    poNumberPattern: settings.poNumberPattern ?? "",
    poNumberExample: settings.poNumberExample ?? "",
    receiptReminderDays: String(settings.receiptReminderDays),
    matchTolerancePercent: String(settings.matchToleranceBp / 100),
    matchToleranceAmount: toMajorUnitString(settings.matchToleranceAmount),
    sessionIdleMinutes: String(settings.sessionIdleMinutes),
    sessionAbsoluteHours: String(settings.sessionAbsoluteHours),
    invitationExpiryDays: String(settings.invitationExpiryDays),
  });
  const save = useMutation(
    trpc.company.saveSettings.mutationOptions({
      onMutate: () => onSaved(false),
      onSuccess: async () => {
        onSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.company.pathKey() });
      },
    }),
  );
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));

  return (
    <Card>
      <form
        noValidate
        aria-label="Company settings"
        onSubmit={(e) => {
          e.preventDefault();
          // An empty box is sent as NaN so the server says the field is missing, rather than taking it for 0.
          const whole = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
          save.mutate({
            ...values,
            receiptReminderDays: whole(values.receiptReminderDays),
            sessionIdleMinutes: whole(values.sessionIdleMinutes),
            sessionAbsoluteHours: whole(values.sessionAbsoluteHours),
            invitationExpiryDays: whole(values.invitationExpiryDays),
          });
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Company name" value={values.name} onChange={set("name")} autoComplete="organization" error={errorFor(save.error, "name")} />
          <TextField
            label="Currency"
            value={values.currency}
            onChange={set("currency")}
            maxLength={3}
            autoCapitalize="characters"
            readOnly={currencyLocked}
            hint={
              currencyLocked
                ? "Fixed: requisitions are already recorded in it."
                : "Three letters, e.g. USD or EUR. Requisitions, budgets and tolerances are kept in it."
            }
            error={errorFor(save.error, "currency")}
          />
          <TimeZoneField value={values.timeZone} onChange={(timeZone) => setValues((v) => ({ ...v, timeZone }))} error={errorFor(save.error, "timeZone")} />
          <div>
            <div className="flex min-h-11 items-center gap-3 sm:mt-6">
              <input
                id={`${formId}-po-required`}
                type="checkbox"
                checked={values.poNumberRequired}
                onChange={(e) => setValues((v) => ({ ...v, poNumberRequired: e.target.checked }))}
                className="h-5 w-5"
              />
              <label htmlFor={`${formId}-po-required`} className="flex min-h-11 flex-1 items-center text-sm font-medium">
                Every order needs a PO number
              </label>
            </div>
          </div>
          <TextField
            label="PO number format (optional)"
            value={values.poNumberPattern}
            onChange={set("poNumberPattern")}
            autoComplete="off"
            spellCheck={false}
            hint="# is a digit, @ a letter, * either; anything else stands for itself. PO-###### is PO- and six digits. Empty: any PO number."
            error={errorFor(save.error, "poNumberPattern")}
          />
          <TextField
            label="Example PO number"
            value={values.poNumberExample}
            onChange={set("poNumberExample")}
            autoComplete="off"
            spellCheck={false}
            hint="Shown to buyers beside the PO number; it must fit the format."
            error={errorFor(save.error, "poNumberExample")}
          />
          <TextField
            label="Remind to receive after (days)"
            type="number"
            inputMode="numeric"
            min={1}
            max={60}
            value={values.receiptReminderDays}
            onChange={set("receiptReminderDays")}
            hint="Once a supplier says it delivered and nothing was received this many days later, the requester is reminded."
            error={errorFor(save.error, "receiptReminderDays")}
          />
          <div />
          <TextField
            label="Match tolerance (%)"
            inputMode="decimal"
            autoComplete="off"
            value={values.matchTolerancePercent}
            onChange={set("matchTolerancePercent")}
            hint="An invoice within this share of what was approved still matches…"
            error={errorFor(save.error, "matchTolerancePercent")}
          />
          <TextField
            label={`Match tolerance (${values.currency.toUpperCase() || settings.currency})`}
            inputMode="decimal"
            autoComplete="off"
            value={values.matchToleranceAmount}
            onChange={set("matchToleranceAmount")}
            hint="…or within this amount, whichever is less."
            error={errorFor(save.error, "matchToleranceAmount")}
          />
          <TextField
            label="Sign out after idle (minutes)"
            type="number"
            inputMode="numeric"
            min={5}
            value={values.sessionIdleMinutes}
            onChange={set("sessionIdleMinutes")}
            hint="A session nobody used for this long ends; the person signs in again."
            error={errorFor(save.error, "sessionIdleMinutes")}
          />
          <TextField
            label="Sign out after (hours)"
            type="number"
            inputMode="numeric"
            min={1}
            max={24}
            value={values.sessionAbsoluteHours}
            onChange={set("sessionAbsoluteHours")}
            hint="However busy, a session ends this long after signing in. 1 to 24."
            error={errorFor(save.error, "sessionAbsoluteHours")}
          />
          <TextField
            label="Invitation link works for (days)"
            type="number"
            inputMode="numeric"
            min={1}
            max={30}
            value={values.invitationExpiryDays}
            onChange={set("invitationExpiryDays")}
            hint="A link sent to invite someone works once, for this many days. 1 to 30."
            error={errorFor(save.error, "invitationExpiryDays")}
          />
        </div>
        <p className="mt-4 text-sm text-slate-600">
          How long an approval step waits before a reminder and an escalation, and how far a price may rise before an order goes back to its requester, are set
          with the{" "}
          <Link className="text-blue-700 underline" href="/admin/approval-policy">
            approval policy
          </Link>
          .
        </p>
        {errorElsewhere(save.error, FIELDS) ? (
          <div className="mt-4">
            <Alert>{errorElsewhere(save.error, FIELDS)}</Alert>
          </div>
        ) : null}
        {saved ? (
          <div className="mt-4">
            <Alert tone="green">Settings saved.</Alert>
          </div>
        ) : null}
        <Button type="submit" className="mt-4 w-full sm:w-auto" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save settings"}
        </Button>
      </form>
    </Card>
  );
}
