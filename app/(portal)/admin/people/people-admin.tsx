"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ROLE_LABELS, type Role } from "@/common/roles";
import { CheckList, errorElsewhere, errorFor, RoleCheckboxes, TextField } from "@/app/_components/forms";
import { Alert, Badge, Button, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type Loaded = RouterOutputs["people"]["list"];
type Group = RouterOutputs["groups"]["list"][number];

const absolute = (link: string) => new URL(link, window.location.origin).toString();

/** Also used by the single sign-on page (admin/sso); a candidate for app/_components. */
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

/** Deactivation is asked twice, saying what it does; the answer says where their waiting approvals went. */
function ActiveSwitch({ person }: { person: Loaded["people"][number] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => {
    setConfirming(false);
    void queryClient.invalidateQueries({ queryKey: trpc.people.pathKey() });
  };
  const deactivate = useMutation(trpc.people.deactivate.mutationOptions({ onSuccess: refresh }));
  const reactivate = useMutation(trpc.people.reactivate.mutationOptions({ onSuccess: refresh }));
  const error = deactivate.error ?? reactivate.error;
  const moved = deactivate.data?.reassignedSteps ?? 0;
  return (
    <div className="mt-1">
      {person.active && confirming ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" role="group" aria-label={`Deactivate ${person.name}`}>
          <p>
            {person.name} will be signed out everywhere at once and cannot sign in. Their requisitions and decisions stay; approvals waiting for them go to the
            step&apos;s other approvers, or to the admins.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button type="button" variant="danger" disabled={deactivate.isPending} onClick={() => deactivate.mutate({ userId: person.id })}>
              {deactivate.isPending ? "Deactivating…" : `Deactivate ${person.name}`}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
              Keep {person.name} active
            </Button>
          </div>
        </div>
      ) : person.active ? (
        <Button type="button" variant="ghost" onClick={() => setConfirming(true)}>
          Deactivate
        </Button>
      ) : (
        <Button type="button" variant="secondary" disabled={reactivate.isPending} onClick={() => reactivate.mutate({ userId: person.id })}>
          {reactivate.isPending ? "Reactivating…" : "Reactivate"}
        </Button>
      )}
      {deactivate.data?.deactivated ? (
        <p className="text-sm text-green-700" role="status">
          Deactivated{moved > 0 ? `; ${moved} waiting approval ${moved === 1 ? "step went" : "steps went"} to others, who were told.` : "."}
        </p>
      ) : null}
      {error ? <Alert>{error.message}</Alert> : null}
    </div>
  );
}

function PersonRow({ person, groups }: { person: Loaded["people"][number]; groups: Group[] }) {
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
        {groups.length > 0 ? `; in ${groups.map((g) => g.name).join(", ")}` : ""}
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
        <div className="flex flex-wrap items-start gap-2">
          {person.active ? (
            <Button type="button" variant="ghost" onClick={() => setEditing(true)}>
              Change roles
            </Button>
          ) : null}
          <ActiveSwitch person={person} />
        </div>
      )}
    </li>
  );
}

function GroupEditor({ group, people }: { group: Group | null; people: Loaded["people"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(group?.name ?? "");
  const [memberIds, setMemberIds] = useState<string[]>(group?.members.map((m) => m.id) ?? []);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.groups.pathKey() });
  const create = useMutation(
    trpc.groups.create.mutationOptions({
      onSuccess: () => {
        setName("");
        setMemberIds([]);
        refresh();
      },
    }),
  );
  const rename = useMutation(trpc.groups.rename.mutationOptions({ onSuccess: refresh }));
  const setMembers = useMutation(trpc.groups.setMembers.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.groups.delete.mutationOptions({ onSuccess: refresh }));
  const error = create.error ?? rename.error ?? setMembers.error ?? remove.error;
  const pending = create.isPending || rename.isPending || setMembers.isPending;
  const label = group ? group.name : "New group";
  return (
    <form
      className="space-y-2 py-3"
      data-testid={group ? "group" : "new-group"}
      noValidate
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        if (!group) return create.mutate({ name, memberIds });
        if (name.trim() !== group.name) rename.mutate({ groupId: group.id, name });
        setMembers.mutate({ groupId: group.id, memberIds });
      }}
    >
      <TextField
        label={group ? `Name of ${group.name}` : "Name of the new group"}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errorFor(error, "name")}
      />
      {group?.externalId ? <p className="text-xs text-slate-600">Kept by your identity provider (SCIM); changes here may be overwritten by it.</p> : null}
      <CheckList
        legend={group ? `Members of ${group.name}` : "Members"}
        options={people.filter((p) => p.active || memberIds.includes(p.id)).map((p) => ({ id: p.id, label: p.name, hint: p.email }))}
        selected={memberIds}
        onChange={setMemberIds}
      />
      {group && group.usedBy.length > 0 ? <p className="text-sm text-slate-600">The approval policy names it in {group.usedBy.join(" and ")}.</p> : null}
      {errorElsewhere(error, ["name"]) ? <Alert>{errorElsewhere(error, ["name"])}</Alert> : null}
      {setMembers.isSuccess && !pending ? (
        <p className="text-sm text-green-700" role="status">
          Saved.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {group ? `Save ${group.name}` : "Add the group"}
        </Button>
        {group ? (
          <Button type="button" variant="ghost" disabled={remove.isPending} onClick={() => remove.mutate({ groupId: group.id })}>
            Delete {group.name}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function GroupsCard({ groups, people }: { groups: Group[]; people: Loaded["people"] }) {
  return (
    <Card className="mt-4">
      <h2 className="text-lg font-medium">Groups</h2>
      <p className="text-sm text-slate-700">
        Approval rules can name a group: a group&apos;s approvers approve, or a rule applies to what its members request.
      </p>
      <ul className="divide-y divide-slate-100" data-testid="groups">
        {groups.map((g) => (
          <li key={`${g.id}-${g.name}-${g.members.map((m) => m.id).join(",")}`}>
            <GroupEditor group={g} people={people} />
          </li>
        ))}
        <li>
          <GroupEditor group={null} people={people} />
        </li>
      </ul>
    </Card>
  );
}

export function PeopleAdmin() {
  const trpc = useTRPC();
  const loaded = useQuery(trpc.people.list.queryOptions());
  const groups = useQuery(trpc.groups.list.queryOptions());
  const groupsOf = (personId: string) => (groups.data ?? []).filter((g) => g.members.some((m) => m.id === personId));
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
              <PersonRow key={`${p.id}-${p.roles.join(",")}`} person={p} groups={groupsOf(p.id)} />
            ))}
          </ul>
        </Card>
      ) : null}
      {loaded.data && groups.data ? <GroupsCard groups={groups.data} people={loaded.data.people} /> : null}
      {groups.error ? <Alert>{groups.error.message}</Alert> : null}
    </>
  );
}
