"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ROLE_LABELS, ROLES, type Role } from "@/common/roles";
import { errorElsewhere, errorFor, TextField } from "@/app/_components/forms";
import { Alert, Badge, Button, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type Loaded = RouterOutputs["people"]["list"];

const absolute = (link: string) => new URL(link, window.location.origin).toString();

/** Also used by the single sign-on page (admin/sso); a candidate for app/_components. */
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

/** Copies the link and says so; where the clipboard is refused, the link is shown to copy by hand. */
function CopyLink({ link, label = "Copy link" }: { link: string; label?: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        onClick={() =>
          navigator.clipboard.writeText(absolute(link)).then(
            () => setCopied("yes"),
            () => setCopied("no"),
          )
        }
      >
        {label}
      </Button>
      {copied === "yes" ? <span className="text-sm text-green-700">Copied.</span> : null}
      {copied === "no" ? <code className="break-all text-sm">{absolute(link)}</code> : null}
    </span>
  );
}

const INVITE_FIELDS = ["email", "name", "roles"] as const;

function InviteForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<{ email: string; name: string; roles: Role[] }>({ email: "", name: "", roles: ["buyer"] });
  const invite = useMutation(
    trpc.people.invite.mutationOptions({
      onSuccess: () => {
        setValues({ email: "", name: "", roles: ["buyer"] });
        void queryClient.invalidateQueries({ queryKey: trpc.people.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.company.checklist.queryKey() });
      },
    }),
  );
  return (
    <Card className="mb-4">
      <h2 className="text-lg font-medium">Invite someone</h2>
      <form
        className="mt-2 grid gap-4 sm:grid-cols-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate(values);
        }}
      >
        <TextField
          label="Name"
          value={values.name}
          onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
          error={errorFor(invite.error, "name")}
        />
        <TextField
          label="Work email"
          type="email"
          value={values.email}
          onChange={(e) => setValues((v) => ({ ...v, email: e.target.value }))}
          error={errorFor(invite.error, "email")}
        />
        <div className="sm:col-span-2">
          <RoleCheckboxes
            legend="Roles"
            value={values.roles}
            onChange={(roles) => setValues((v) => ({ ...v, roles }))}
            error={errorFor(invite.error, "roles")}
          />
        </div>
        {errorElsewhere(invite.error, INVITE_FIELDS) ? (
          <div className="sm:col-span-2">
            <Alert>{errorElsewhere(invite.error, INVITE_FIELDS)}</Alert>
          </div>
        ) : null}
        <div className="sm:col-span-2">
          <Button type="submit" disabled={invite.isPending}>
            {invite.isPending ? "Inviting…" : "Send the invitation"}
          </Button>
        </div>
      </form>
      {invite.data ? (
        <div className="mt-4" data-testid="invited">
          <Alert tone="green" title={`${invite.data.email} is invited`}>
            {invite.data.emailed
              ? "An email with their link is on its way. You can also pass the link on yourself."
              : "This portal sends no email, so pass the link on yourself."}{" "}
            It works once, until {formatDateTime(invite.data.expiresAt)}.
            <code className="mt-2 block break-all text-sm" data-testid="invitation-link">
              {absolute(invite.data.link)}
            </code>
            <div className="mt-2">
              <CopyLink link={invite.data.link} label="Copy the invitation link" />
            </div>
          </Alert>
        </div>
      ) : null}
    </Card>
  );
}

function InvitationRow({ invitation }: { invitation: Loaded["invitations"][number] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.people.pathKey() });
  const resend = useMutation(trpc.people.resend.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.people.revoke.mutationOptions({ onSuccess: refresh }));
  const error = resend.error ?? revoke.error;
  return (
    <li className="py-3" data-testid="invitation">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{invitation.name}</span>
        <span className="text-slate-600">{invitation.email}</span>
        <span className="text-sm text-slate-600">{invitation.roles.map((r) => ROLE_LABELS[r]).join(", ")}</span>
        {invitation.state === "expired" ? <Badge tone="amber">expired</Badge> : <Badge tone="blue">invited</Badge>}
      </div>
      <p className="text-sm text-slate-600">
        {invitation.state === "expired" ? "Expired" : "Works until"} {formatDateTime(invitation.expiresAt)}; sent {formatDateTime(invitation.lastSentAt)} by{" "}
        {invitation.invitedBy}.
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        {invitation.link ? <CopyLink link={invitation.link} /> : null}
        <Button type="button" variant="secondary" disabled={resend.isPending} onClick={() => resend.mutate({ invitationId: invitation.id })}>
          {resend.isPending ? "Sending…" : "Send a new link"}
        </Button>
        <Button type="button" variant="ghost" disabled={revoke.isPending} onClick={() => revoke.mutate({ invitationId: invitation.id })}>
          Revoke
        </Button>
      </div>
      {resend.data ? <p className="text-sm text-green-700">A new link is made; the one sent before no longer works.</p> : null}
      {error ? <Alert>{error.message}</Alert> : null}
    </li>
  );
}

function PersonRow({ person }: { person: Loaded["people"][number] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<Role[]>(person.roles);
  const save = useMutation(
    trpc.people.setRoles.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        void queryClient.invalidateQueries({ queryKey: trpc.people.pathKey() });
      },
    }),
  );
  return (
    <li className="py-3" data-testid="person">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{person.name}</span>
        <span className="text-slate-600">{person.email}</span>
        {person.active ? null : <Badge tone="gray">deactivated</Badge>}
      </div>
      <p className="text-sm text-slate-600">
        {person.roles.map((r) => ROLE_LABELS[r]).join(", ")}
        {person.defaultCostCenter ? `; charges ${person.defaultCostCenter.code} ${person.defaultCostCenter.name} by default` : ""}
      </p>
      {editing ? (
        <form
          className="mt-2 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ userId: person.id, roles });
          }}
        >
          <RoleCheckboxes legend={`Roles for ${person.name}`} value={roles} onChange={setRoles} error={errorFor(save.error, "roles")} />
          {errorElsewhere(save.error, ["roles"]) ? <Alert>{errorElsewhere(save.error, ["roles"])}</Alert> : null}
          <div className="flex gap-2">
            <Button type="submit" disabled={save.isPending}>
              Save roles
            </Button>
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                setEditing(false);
                setRoles(person.roles);
                save.reset();
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button type="button" variant="ghost" onClick={() => setEditing(true)}>
          Change roles
        </Button>
      )}
    </li>
  );
}

export function PeopleAdmin() {
  const trpc = useTRPC();
  const loaded = useQuery(trpc.people.list.queryOptions());
  return (
    <>
      <PageTitle>People</PageTitle>
      <p className="mb-4 text-slate-700">Who works in the portal and what each may do. Invite someone and they choose their own password.</p>
      <InviteForm />
      {loaded.error ? <Alert>{loaded.error.message}</Alert> : null}
      {loaded.isPending ? <p>Loading…</p> : null}
      {loaded.data && loaded.data.invitations.length > 0 ? (
        <Card className="mb-4">
          <h2 className="text-lg font-medium">Invited</h2>
          <ul className="divide-y divide-slate-100" data-testid="invitations">
            {loaded.data.invitations.map((i) => (
              <InvitationRow key={`${i.id}-${String(i.lastSentAt)}`} invitation={i} />
            ))}
          </ul>
        </Card>
      ) : null}
      {loaded.data ? (
        <Card>
          <h2 className="text-lg font-medium">People</h2>
          <ul className="divide-y divide-slate-100" data-testid="people">
            {loaded.data.people.map((p) => (
              <PersonRow key={`${p.id}-${p.roles.join(",")}`} person={p} />
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  );
}
