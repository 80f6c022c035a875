"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorElsewhere, errorFor, Field, inputClass, TextField } from "@/app/_components/forms";
import { Alert, Badge, Button, Card, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { CONNECTION_KIND_LABELS, CONNECTION_KINDS, type ConnectionKind } from "@/common/suppliers";

type Connection = RouterOutputs["connections"]["list"][number];
type TestResult = RouterOutputs["connections"]["test"];

const FORM_FIELDS = [
  "kind",
  "displayName",
  "baseUrl",
  "tokenUrl",
  "clientId",
  "clientSecret",
  "accountId",
  "projectId",
  "orderEmail",
  "webhookSecret",
  "credentialKind",
  "username",
  "password",
] as const;

/** What each supplier calls the account field, and an example of it. */
const ACCOUNT_LABEL: Record<Exclude<ConnectionKind, "hypatos">, { label: string; hint: string }> = {
  hygrade: { label: "Customer id", hint: "Your Hygrade customer id, e.g. ACME001." },
  yodify: { label: "Account", hint: "Your Yodify account id or account number, e.g. ACME." },
  orderspace: { label: "Customer id", hint: "Your customer id at the Orderspace seller, e.g. cu_AcMe2026." },
  ordercloud: { label: "Buyer id", hint: "Your buyer organisation at OrderCloud, e.g. acme." },
};

const secretSaid = (s: { set: boolean; last4: string | null } | null) => (!s || !s.set ? "not set" : s.last4 ? `set, ends in …${s.last4}` : "set");

export function ConnectionsAdmin() {
  const trpc = useTRPC();
  const list = useQuery(trpc.connections.list.queryOptions());
  const [editing, setEditing] = useState<Connection | "new" | null>(null);
  return (
    <>
      <PageTitle aside={editing ? null : <Button onClick={() => setEditing("new")}>Add a connection</Button>}>Supplier connections</PageTitle>
      <p className="mb-4 text-sm text-slate-600">
        Where the portal reaches each supplier and the company&apos;s accounts-payable service, and with which credentials. Secrets are stored sealed and never
        shown again; leave a secret blank when changing a connection to keep the one stored.
      </p>
      {list.error ? <Alert>{list.error.message}</Alert> : null}
      {editing ? (
        <ConnectionForm key={editing === "new" ? "new" : editing.id} connection={editing === "new" ? null : editing} onDone={() => setEditing(null)} />
      ) : null}
      {list.isPending ? <p>Loading…</p> : null}
      {list.data && list.data.length === 0 ? <p className="text-slate-700">No connections yet.</p> : null}
      <ul className="mt-4 grid gap-4" data-testid="connections">
        {list.data?.map((c) => (
          <li key={c.id}>
            <ConnectionCard connection={c} onEdit={() => setEditing(c)} />
          </li>
        ))}
      </ul>
    </>
  );
}

function ConnectionCard({ connection: c, onEdit }: { connection: Connection; onEdit: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
  const [result, setResult] = useState<TestResult | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const test = useMutation(trpc.connections.test.mutationOptions({ onMutate: () => setResult(null), onSuccess: setResult }));
  const toggle = useMutation(trpc.connections.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.connections.delete.mutationOptions({ onSuccess: refresh, onSettled: () => setConfirmDelete(false) }));
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-lg font-medium">
            {c.displayName} <span className="text-sm font-normal text-slate-600">({CONNECTION_KIND_LABELS[c.kind]})</span>
          </h2>
          <div className="mt-1 flex flex-wrap gap-2">
            {c.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="amber">Disabled</Badge>}
            {c.kind !== "hypatos" ? <Badge>{c.orderCount === 1 ? "1 order" : `${c.orderCount} orders`}</Badge> : null}
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => test.mutate({ id: c.id })} disabled={test.isPending}>
            {test.isPending ? "Testing…" : "Test connection"}
          </Button>
          <Button variant="secondary" onClick={onEdit}>
            Edit
          </Button>
          <Button variant="secondary" onClick={() => toggle.mutate({ id: c.id, enabled: !c.enabled })} disabled={toggle.isPending}>
            {c.enabled ? "Disable" : "Enable"}
          </Button>
          {confirmDelete ? (
            <>
              <Button variant="danger" onClick={() => remove.mutate({ id: c.id })} disabled={remove.isPending}>
                Delete {c.displayName}
              </Button>
              <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
                Keep it
              </Button>
            </>
          ) : (
            <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
              Delete…
            </Button>
          )}
        </div>
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-600">Base URL</dt>
        <dd className="break-all">{c.baseUrl}</dd>
        <dt className="text-slate-600">Token URL</dt>
        <dd className="break-all">{c.tokenUrl}</dd>
        <dt className="text-slate-600">Client id</dt>
        <dd className="break-all">{c.clientId}</dd>
        <dt className="text-slate-600">Client secret</dt>
        <dd>{secretSaid(c.clientSecret)}</dd>
        {c.credentialKind === "password" ? (
          <>
            <dt className="text-slate-600">Signs in as</dt>
            <dd>
              {c.username} (password {secretSaid(c.password)})
            </dd>
          </>
        ) : null}
        {c.accountId ? (
          <>
            <dt className="text-slate-600">{c.kind === "hypatos" ? "Project id" : ACCOUNT_LABEL[c.kind].label}</dt>
            <dd>{c.accountId}</dd>
          </>
        ) : null}
        {c.projectId ? (
          <>
            <dt className="text-slate-600">Project id</dt>
            <dd>{c.projectId}</dd>
          </>
        ) : null}
        {c.kind === "orderspace" ? (
          <>
            <dt className="text-slate-600">Order email</dt>
            <dd>{c.orderEmail ?? "none: purchase orders are downloaded and sent by hand"}</dd>
            <dt className="text-slate-600">Webhook</dt>
            <dd className="break-all">
              {c.webhook ? (
                <>
                  Give Orderspace <code>{c.webhook.url ?? c.webhook.path}</code>; signing key {c.webhook.secretSet ? "set" : "not set"}.
                </>
              ) : (
                "none: enter the signing key Orderspace gives you to receive its webhooks"
              )}
            </dd>
          </>
        ) : null}
      </dl>
      {!c.enabled ? (
        <p className="mt-2 text-sm text-slate-600">
          Disabled: buyers do not see its catalog, it is not synced and its orders are not refreshed. Its orders stay.
        </p>
      ) : null}
      {test.error ? (
        <div className="mt-3">
          <Alert>{test.error.message}</Alert>
        </div>
      ) : null}
      {result ? <TestSteps result={result} /> : null}
      {toggle.error ? (
        <div className="mt-3">
          <Alert>{toggle.error.message}</Alert>
        </div>
      ) : null}
      {remove.error ? (
        <div className="mt-3">
          <Alert title="Not deleted">{remove.error.message}</Alert>
        </div>
      ) : null}
    </Card>
  );
}

function TestSteps({ result }: { result: TestResult }) {
  return (
    <div className="mt-3">
      <Alert tone={result.ok ? "green" : "red"} title={result.ok ? "The connection works." : "The connection does not work yet."}>
        <ol className="mt-1 space-y-1" data-testid="connection-test-steps">
          {result.steps.map((s) => (
            <li key={s.step}>
              <span className="font-medium">
                {s.ok ? "✓" : s.skipped ? "–" : "✗"} {s.label}:
              </span>{" "}
              {s.detail}
            </li>
          ))}
        </ol>
      </Alert>
    </div>
  );
}

function ConnectionForm({ connection, onDone }: { connection: Connection | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    kind: (connection?.kind ?? "hygrade") as ConnectionKind,
    displayName: connection?.displayName ?? "",
    baseUrl: connection?.baseUrl ?? "",
    tokenUrl: connection?.tokenUrl ?? "",
    clientId: connection?.clientId ?? "",
    clientSecret: "",
    accountId: connection?.accountId ?? "",
    projectId: connection?.projectId ?? "",
    orderEmail: connection?.orderEmail ?? "",
    webhookSecret: "",
    credentialKind: connection?.credentialKind === "client_credentials" ? "client_credentials" : "password",
    username: connection?.username ?? "",
    password: "",
  });
  const save = useMutation(
    trpc.connections.save.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
        onDone();
      },
    }),
  );
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const kind = values.kind;
  const passwordGrant = kind === "ordercloud" && values.credentialKind === "password";
  const keepHint = connection ? "Leave blank to keep the one stored." : undefined;

  return (
    <Card className="mb-4">
      <h2 className="text-lg font-medium">{connection ? `Change ${connection.displayName}` : "Add a connection"}</h2>
      <form
        noValidate
        aria-label={connection ? "Change connection" : "Add connection"}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            id: connection?.id,
            kind,
            displayName: kind === "hypatos" ? undefined : values.displayName,
            baseUrl: values.baseUrl,
            tokenUrl: values.tokenUrl,
            clientId: values.clientId,
            clientSecret: values.clientSecret,
            accountId: kind === "hypatos" ? undefined : values.accountId,
            projectId: kind === "hypatos" ? values.projectId : undefined,
            orderEmail: kind === "orderspace" ? values.orderEmail : undefined,
            webhookSecret: kind === "orderspace" ? values.webhookSecret : undefined,
            credentialKind: kind === "ordercloud" ? (values.credentialKind as "password" | "client_credentials") : undefined,
            username: passwordGrant ? values.username : undefined,
            password: passwordGrant ? values.password : undefined,
          });
        }}
      >
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <Field label="Supplier" error={errorFor(save.error, "kind")} hint={connection ? "A connection's supplier cannot change." : undefined}>
            {(control) => (
              <select {...control} className={inputClass} value={kind} onChange={set("kind")} disabled={Boolean(connection)}>
                {CONNECTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {CONNECTION_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {kind !== "hypatos" ? (
            <TextField
              label="Name buyers see"
              value={values.displayName}
              onChange={set("displayName")}
              autoComplete="off"
              error={errorFor(save.error, "displayName")}
            />
          ) : (
            <div />
          )}
          <TextField
            label="Base URL"
            value={values.baseUrl}
            onChange={set("baseUrl")}
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            hint={kind === "hypatos" ? "The API root, ending in /v2." : "The API root the supplier gives, e.g. https://api.supplier.example/v1."}
            error={errorFor(save.error, "baseUrl")}
          />
          <TextField
            label="Token URL"
            value={values.tokenUrl}
            onChange={set("tokenUrl")}
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            hint="Where the portal gets its OAuth2 token."
            error={errorFor(save.error, "tokenUrl")}
          />
          {kind === "ordercloud" ? (
            <Field label="Signs in with" error={errorFor(save.error, "credentialKind")}>
              {(control) => (
                <select {...control} className={inputClass} value={values.credentialKind} onChange={set("credentialKind")}>
                  <option value="password">Your buyer user&apos;s name and password (password grant)</option>
                  <option value="client_credentials">The API client&apos;s own secret (client credentials)</option>
                </select>
              )}
            </Field>
          ) : null}
          <TextField
            label="Client id"
            value={values.clientId}
            onChange={set("clientId")}
            autoComplete="off"
            spellCheck={false}
            error={errorFor(save.error, "clientId")}
          />
          <TextField
            label={passwordGrant ? "Client secret (optional)" : "Client secret"}
            type="password"
            value={values.clientSecret}
            onChange={set("clientSecret")}
            autoComplete="new-password"
            hint={
              [passwordGrant ? "Only for a confidential API client." : null, connection ? `Now ${secretSaid(connection.clientSecret)}. ${keepHint}` : null]
                .filter(Boolean)
                .join(" ") || undefined
            }
            error={errorFor(save.error, "clientSecret")}
          />
          {passwordGrant ? (
            <>
              <TextField label="User name" value={values.username} onChange={set("username")} autoComplete="off" error={errorFor(save.error, "username")} />
              <TextField
                label="Password"
                type="password"
                value={values.password}
                onChange={set("password")}
                autoComplete="new-password"
                hint={connection?.password?.set ? keepHint : undefined}
                error={errorFor(save.error, "password")}
              />
            </>
          ) : null}
          {kind === "hypatos" ? (
            <TextField
              label="Project id"
              value={values.projectId}
              onChange={set("projectId")}
              autoComplete="off"
              spellCheck={false}
              hint="The Hypatos project uploaded invoices are read in."
              error={errorFor(save.error, "projectId")}
            />
          ) : (
            <TextField
              label={ACCOUNT_LABEL[kind].label}
              value={values.accountId}
              onChange={set("accountId")}
              autoComplete="off"
              spellCheck={false}
              hint={ACCOUNT_LABEL[kind].hint}
              error={errorFor(save.error, "accountId")}
            />
          )}
          {kind === "orderspace" ? (
            <>
              <TextField
                label="Order email (optional)"
                type="email"
                value={values.orderEmail}
                onChange={set("orderEmail")}
                autoComplete="off"
                hint="Orderspace's API takes no orders: purchase orders are emailed here."
                error={errorFor(save.error, "orderEmail")}
              />
              <TextField
                label="Webhook signing key (optional)"
                type="password"
                value={values.webhookSecret}
                onChange={set("webhookSecret")}
                autoComplete="new-password"
                hint={
                  connection?.webhook?.secretSet
                    ? `Set. ${keepHint}`
                    : "The key Orderspace signs its webhooks with; once saved, the portal shows the address to give Orderspace."
                }
                error={errorFor(save.error, "webhookSecret")}
              />
            </>
          ) : null}
        </div>
        {errorElsewhere(save.error, FORM_FIELDS) ? (
          <div className="mt-4">
            <Alert>{errorElsewhere(save.error, FORM_FIELDS)}</Alert>
          </div>
        ) : null}
        <div className="mt-4 flex flex-wrap gap-2">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : connection ? "Save changes" : "Add connection"}
          </Button>
          <Button type="button" variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
