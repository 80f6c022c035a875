"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, useSyncExternalStore } from "react";
import { errorElsewhere, errorFor, TextField } from "@/app/_components/forms";
import { Alert, Badge, Button, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type Token = RouterOutputs["scimTokens"]["list"][number];

function CreateToken() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.scimTokens.create.mutationOptions({
      onSuccess: () => {
        setName("");
        void queryClient.invalidateQueries({ queryKey: trpc.scimTokens.pathKey() });
      },
    }),
  );
  return (
    <Card className="mb-4">
      <h2 className="text-lg font-medium">Create a token</h2>
      <form
        className="mt-2 flex flex-wrap items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name });
        }}
      >
        <TextField
          label="Name (the identity provider it is for)"
          placeholder="Okta"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errorFor(create.error, "name")}
        />
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create the token"}
        </Button>
      </form>
      {errorElsewhere(create.error, ["name"]) ? <Alert>{errorElsewhere(create.error, ["name"])}</Alert> : null}
      {create.data ? (
        <div className="mt-4" data-testid="new-scim-token">
          <Alert tone="green" title={`Token “${create.data.name}” created`}>
            Copy it into the identity provider now: it is shown only this once.
            <code className="mt-2 block break-all text-sm" data-testid="scim-token-value">
              {create.data.token}
            </code>
          </Alert>
        </div>
      ) : null}
    </Card>
  );
}

function TokenRow({ token }: { token: Token }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.scimTokens.revoke.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.scimTokens.pathKey() }) }),
  );
  return (
    <li className="py-3" data-testid="scim-token">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{token.name}</span>
        <span className="text-sm text-slate-600">ends in …{token.lastFour}</span>
        {token.revokedAt ? <Badge tone="gray">revoked</Badge> : <Badge tone="green">active</Badge>}
      </div>
      <p className="text-sm text-slate-600">
        Created {formatDateTime(token.createdAt)}; {token.lastUsedAt ? `last used ${formatDateTime(token.lastUsedAt)}` : "never used"}
        {token.revokedAt ? `; revoked ${formatDateTime(token.revokedAt)}` : ""}.
      </p>
      {token.revokedAt ? null : (
        <Button type="button" variant="ghost" disabled={revoke.isPending} onClick={() => revoke.mutate({ tokenId: token.id })}>
          Revoke
        </Button>
      )}
      {revoke.error ? <Alert>{revoke.error.message}</Alert> : null}
    </li>
  );
}

/** The SCIM base URL, the tokens the identity provider signs in with, and how to set Okta and Entra ID up. */
export function ScimAdmin() {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.scimTokens.list.queryOptions());
  // The portal's own address as the browser reached it; the server render says the path alone.
  const origin = useSyncExternalStore(
    () => () => {},
    () => window.location.origin,
    () => "",
  );
  const base = `${origin}/scim/v2`;
  return (
    <>
      <PageTitle>SCIM provisioning</PageTitle>
      <Card className="mb-4">
        <p className="text-slate-700">
          Your identity provider adds people (as buyers), keeps their name and email, and deactivates them: their sessions end at once and their waiting
          approvals go on without them, as when an admin deactivates someone. They sign in through single sign-on, with no portal password.
        </p>
        <p className="mt-2">
          Base URL:{" "}
          <code className="break-all" data-testid="scim-base-url">
            {base}
          </code>
        </p>
        <p className="mt-2 text-sm text-slate-600">
          Okta: SCIM 2.0, unique identifier field userName, Push New Users, Push Profile Updates, Deactivate Users; leave password sync off. Entra ID: Tenant
          URL as above, Secret Token a token from here; map mail to userName when it differs from the user principal name.
        </p>
      </Card>
      <CreateToken />
      <Card>
        <h2 className="text-lg font-medium">Tokens</h2>
        {tokens.error ? <Alert>{tokens.error.message}</Alert> : null}
        {tokens.data && tokens.data.length === 0 ? <p className="text-slate-600">No tokens yet.</p> : null}
        <ul className="divide-y divide-slate-200">
          {(tokens.data ?? []).map((t) => (
            <TokenRow key={t.id} token={t} />
          ))}
        </ul>
      </Card>
    </>
  );
}
