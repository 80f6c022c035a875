"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { Role } from "@/common/roles";
import { errorElsewhere, errorFor, RoleCheckboxes, TextAreaField, TextField } from "@/app/_components/forms";
import { Alert, Button, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type Loaded = RouterOutputs["sso"]["configuration"];

const FIELDS = [
  "issuer",
  "clientId",
  "clientSecret",
  "allowedDomains",
  "roleClaim",
  "roleMappings",
  "defaultRoles",
  "jitEnabled",
  "required",
  "enabled",
] as const;

export function SsoAdmin() {
  const trpc = useTRPC();
  const loaded = useQuery(trpc.sso.configuration.queryOptions());
  const [saved, setSaved] = useState(false);
  return (
    <>
      <PageTitle>Single sign-on</PageTitle>
      {loaded.error ? <Alert>{loaded.error.message}</Alert> : null}
      {loaded.data ? (
        <>
          <Card className="mb-4">
            <h2 className="text-lg font-medium">At your provider</h2>
            <p className="mt-1 text-sm text-slate-700">
              Register the portal as a web application (authorization code with PKCE) with this redirect URI, and allow the scopes{" "}
              <code>openid email profile</code>. To give roles from the provider, add a claim to the ID token carrying the person&apos;s groups or roles.
            </p>
            <p className="mt-2 break-all font-mono text-sm" data-testid="sso-redirect-uri">
              {loaded.data.redirectUri}
            </p>
          </Card>
          <SsoForm key={String(loaded.data.configuration?.updatedAt ?? "new")} loaded={loaded.data} saved={saved} onSaved={setSaved} />
        </>
      ) : loaded.isPending ? (
        <p>Loading…</p>
      ) : null}
    </>
  );
}

function Check({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint: string }) {
  const id = useId();
  return (
    <div>
      <div className="flex min-h-11 items-center gap-3">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="h-5 w-5" aria-describedby={`${id}-hint`} />
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
      </div>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {hint}
      </p>
    </div>
  );
}

function SsoForm({ loaded, saved, onSaved }: { loaded: Loaded; saved: boolean; onSaved: (saved: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = loaded.configuration;
  const [values, setValues] = useState({
    issuer: current?.issuer ?? "",
    clientId: current?.clientId ?? "",
    clientSecret: "",
    allowedDomains: (current?.allowedDomains ?? []).join("\n"),
    roleClaim: current?.roleClaim ?? "",
    roleMappings: current?.roleMappings ?? ([] as { value: string; roles: Role[] }[]),
    defaultRoles: current?.defaultRoles ?? (["buyer"] as Role[]),
    jitEnabled: current?.jitEnabled ?? false,
    required: current?.required ?? false,
    enabled: current?.enabled ?? true,
  });
  const save = useMutation(
    trpc.sso.save.mutationOptions({
      onMutate: () => onSaved(false),
      onSuccess: async () => {
        onSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.sso.pathKey() });
      },
    }),
  );
  const text =
    (key: "issuer" | "clientId" | "clientSecret" | "allowedDomains" | "roleClaim") => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setValues((v) => ({ ...v, [key]: e.target.value }));
  const secret = current?.clientSecret;
  const setMapping = (index: number, change: Partial<{ value: string; roles: Role[] }>) =>
    setValues((v) => ({ ...v, roleMappings: v.roleMappings.map((m, i) => (i === index ? { ...m, ...change } : m)) }));

  return (
    <Card>
      <form
        noValidate
        aria-label="Single sign-on"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ ...values, clientSecret: values.clientSecret === "" ? undefined : values.clientSecret });
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Issuer"
            value={values.issuer}
            onChange={text("issuer")}
            autoComplete="off"
            spellCheck={false}
            hint="Your provider's issuer URL, e.g. https://login.example.com/oauth2/default (its discovery document is read from there)."
            error={errorFor(save.error, "issuer")}
          />
          <TextField
            label="Client id"
            value={values.clientId}
            onChange={text("clientId")}
            autoComplete="off"
            spellCheck={false}
            error={errorFor(save.error, "clientId")}
          />
          <TextField
            label="Client secret"
            type="password"
            value={values.clientSecret}
            onChange={text("clientSecret")}
            autoComplete="new-password"
            hint={secret?.set ? `Set${secret.last4 ? `, ends in ${secret.last4}` : ""}. Leave empty to keep it.` : "Not set yet."}
            error={errorFor(save.error, "clientSecret")}
          />
          <TextAreaField
            label="Allowed email domains"
            value={values.allowedDomains}
            onChange={text("allowedDomains")}
            spellCheck={false}
            hint="One per line, e.g. example.com. People whose email is in these domains are sent to the provider."
            error={errorFor(save.error, "allowedDomains")}
          />
          <TextField
            label="Role claim (optional)"
            value={values.roleClaim}
            onChange={text("roleClaim")}
            autoComplete="off"
            spellCheck={false}
            hint="The ID token claim that carries the person's groups or roles, e.g. groups."
            error={errorFor(save.error, "roleClaim")}
          />
          <RoleCheckboxes
            legend="Default roles"
            value={values.defaultRoles}
            onChange={(defaultRoles) => setValues((v) => ({ ...v, defaultRoles }))}
            error={errorFor(save.error, "defaultRoles")}
          />
        </div>
        <fieldset className="mt-4">
          <legend className="text-sm font-medium">Role mapping</legend>
          <p className="text-xs text-slate-600">
            A claim value and the portal roles it gives. Someone carrying none of these values gets the default roles. Applied when a person is created on their
            first sign-in.
          </p>
          <ul className="mt-2 space-y-3">
            {values.roleMappings.map((mapping, index) => (
              <li key={index} className="rounded-md border border-slate-200 p-3" data-testid="role-mapping">
                <TextField
                  label={`Claim value ${index + 1}`}
                  value={mapping.value}
                  onChange={(e) => setMapping(index, { value: e.target.value })}
                  autoComplete="off"
                  error={errorFor(save.error, `roleMappings.${index}.value`)}
                />
                <RoleCheckboxes
                  legend={`Roles for claim value ${index + 1}`}
                  value={mapping.roles}
                  onChange={(roles) => setMapping(index, { roles })}
                  error={errorFor(save.error, `roleMappings.${index}.roles`)}
                />
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => setValues((v) => ({ ...v, roleMappings: v.roleMappings.filter((_, i) => i !== index) }))}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
          <Button
            type="button"
            variant="secondary"
            className="mt-2"
            onClick={() => setValues((v) => ({ ...v, roleMappings: [...v.roleMappings, { value: "", roles: ["buyer"] }] }))}
          >
            Add a mapping
          </Button>
        </fieldset>
        <div className="mt-4 grid gap-4 sm:grid-cols-3">
          <Check
            label="Create people on their first sign-in"
            checked={values.jitEnabled}
            onChange={(jitEnabled) => setValues((v) => ({ ...v, jitEnabled }))}
            hint="Off: only people already in the portal (invited, or added by SCIM) can sign in."
          />
          <Check
            label="Require single sign-on"
            checked={values.required}
            onChange={(required) => setValues((v) => ({ ...v, required }))}
            hint="The company's people can no longer sign in with a password."
          />
          <Check
            label="Single sign-on is on"
            checked={values.enabled}
            onChange={(enabled) => setValues((v) => ({ ...v, enabled }))}
            hint="Off: everyone signs in with a password again."
          />
        </div>
        {errorElsewhere(save.error, FIELDS) ? (
          <div className="mt-4">
            <Alert>{errorElsewhere(save.error, FIELDS)}</Alert>
          </div>
        ) : null}
        {saved ? (
          <div className="mt-4">
            <Alert tone="green">Single sign-on saved.</Alert>
          </div>
        ) : null}
        {current ? <p className="mt-4 text-xs text-slate-600">Last changed {formatDateTime(current.updatedAt)}.</p> : null}
        <Button type="submit" className="mt-4 w-full sm:w-auto" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save single sign-on"}
        </Button>
      </form>
    </Card>
  );
}
