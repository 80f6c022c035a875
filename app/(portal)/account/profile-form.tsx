"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ROLE_LABELS } from "@/common/roles";
import { errorElsewhere, errorFor, Field, inputClass, TextField } from "@/app/_components/forms";
import { Alert, Button, Card } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type Profile = RouterOutputs["me"]["profile"];

/** Name and the defaults checkout starts from; roles and groups are shown, as an admin sets them. */
function ProfileFields({ profile }: { profile: Profile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(profile.name);
  const [costCenterId, setCostCenterId] = useState(profile.defaultCostCenterId ?? "");
  const [shipTo, setShipTo] = useState<Record<string, string>>(Object.fromEntries(profile.suppliers.map((s) => [s.connectionId, s.myDefaultAddressId ?? ""])));
  const save = useMutation(
    trpc.me.saveProfile.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.me.pathKey() });
      },
    }),
  );
  const reachable = profile.suppliers.filter((s) => !s.unavailable);
  const fields = ["name", "defaultCostCenterId", ...profile.suppliers.map((_, i) => `shipTo.${i}.addressId`)];
  return (
    <form
      className="space-y-4"
      noValidate
      aria-label="Your profile"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          name,
          defaultCostCenterId: costCenterId || null,
          // Only suppliers that answered: an unreachable one keeps the address saved before.
          shipTo: reachable.map((s) => ({ connectionId: s.connectionId, addressId: shipTo[s.connectionId] || null })),
        });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Your name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" error={errorFor(save.error, "name")} />
        <div className="text-sm">
          <p className="font-medium">Email</p>
          <p className="mt-2 break-all text-slate-700">{profile.email}</p>
          <p className="mt-1 text-xs text-slate-600">
            {profile.signsInWithPassword ? "You sign in with it and your password." : "You sign in through your company's single sign-on."}
          </p>
        </div>
      </div>
      <p className="text-sm text-slate-700">
        <span className="font-medium">What you may do:</span> {profile.roles.map((r) => ROLE_LABELS[r]).join(", ")}
        {profile.groups.length ? `; member of ${profile.groups.join(", ")}` : ""}. An admin changes these.
      </p>
      <Field
        label="Cost center you usually charge"
        hint="Checkout starts with it; you can still choose another."
        error={errorFor(save.error, "defaultCostCenterId")}
      >
        {(control) => (
          <select {...control} value={costCenterId} onChange={(e) => setCostCenterId(e.target.value)} className={inputClass}>
            <option value="">None: I choose each time</option>
            {profile.costCenters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.code} {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {profile.suppliers.length ? (
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">Where each supplier usually delivers to you</legend>
          {profile.suppliers.map((s) =>
            s.unavailable ? (
              <p key={s.connectionId} className="text-sm text-slate-700">
                {s.supplierName}: {s.unavailable} Your choice stays as it was.
              </p>
            ) : (
              <Field key={s.connectionId} label={`Ship-to for ${s.supplierName}`} error={errorFor(save.error, `shipTo.${reachable.indexOf(s)}.addressId`)}>
                {(control) => (
                  <select
                    {...control}
                    value={shipTo[s.connectionId] ?? ""}
                    onChange={(e) => setShipTo((v) => ({ ...v, [s.connectionId]: e.target.value }))}
                    className={inputClass}
                  >
                    <option value="">{s.supplierName}&apos;s default</option>
                    {s.addresses.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.label}
                        {a.isSupplierDefault ? ` (${s.supplierName}'s default)` : ""}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ),
          )}
        </fieldset>
      ) : null}
      {errorElsewhere(save.error, fields) ? <Alert>{errorElsewhere(save.error, fields)}</Alert> : null}
      {save.isSuccess ? (
        <p className="text-sm text-green-700" role="status">
          Saved. Checkout starts from these from now on.
        </p>
      ) : null}
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save your profile"}
      </Button>
    </form>
  );
}

export function ProfileForm() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.me.profile.queryOptions());
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">Your profile</h2>
      {profile.error ? <Alert>{profile.error.message}</Alert> : null}
      {profile.isPending ? <p>Loading…</p> : null}
      {profile.data ? <ProfileFields profile={profile.data} /> : null}
    </Card>
  );
}
