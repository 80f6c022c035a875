"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorElsewhere, errorFor, TextField } from "@/app/_components/forms";
import { Alert, Button } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type Settings = RouterOutputs["policy"]["get"]["settings"];

const FIELDS = ["escalationHours", "reminderHours", "priceTolerancePercent"] as const;

/** How long a step may wait, and how far a price may move before the order goes back to its requester. */
export function SettingsForm({ settings }: { settings: Settings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [values, setValues] = useState({
    escalationHours: String(settings.escalationHours),
    reminderHours: String(settings.reminderHours),
    priceTolerancePercent: settings.priceTolerancePercent,
  });
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.policy.saveSettings.mutationOptions({
      onMutate: () => setSaved(false),
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.policy.pathKey() });
        setSaved(true);
      },
    }),
  );
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));
  // An empty box is sent as NaN so the server says which field is missing, rather than taking it for 0.
  const hours = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

  return (
    <form
      aria-labelledby={headingId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          escalationHours: hours(values.escalationHours),
          reminderHours: hours(values.reminderHours),
          priceTolerancePercent: values.priceTolerancePercent,
        });
      }}
    >
      <h2 id={headingId} className="text-lg font-medium">
        Settings
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-3">
        <TextField
          label="Escalate after (hours)"
          type="number"
          inputMode="numeric"
          min={1}
          max={720}
          value={values.escalationHours}
          onChange={set("escalationHours")}
          hint="A step still waiting this long goes to the admins too. 1 to 720."
          error={errorFor(save.error, "escalationHours")}
        />
        <TextField
          label="Remind after (hours)"
          type="number"
          inputMode="numeric"
          min={1}
          max={720}
          value={values.reminderHours}
          onChange={set("reminderHours")}
          hint="Approvers get a reminder; must come before the escalation."
          error={errorFor(save.error, "reminderHours")}
        />
        <TextField
          label="Price tolerance (%)"
          inputMode="decimal"
          autoComplete="off"
          value={values.priceTolerancePercent}
          onChange={set("priceTolerancePercent")}
          hint="If the total rises more than this between approval and ordering, the order goes back to the requester. 0 to 100, e.g. 2.5."
          error={errorFor(save.error, "priceTolerancePercent")}
        />
      </div>
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
  );
}
