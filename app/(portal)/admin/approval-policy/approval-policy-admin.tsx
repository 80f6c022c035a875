"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { Alert, Card, formatDateTime, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { PolicyEditor } from "./policy-editor";
import { SettingsForm } from "./settings-form";

type Policy = RouterOutputs["policy"]["get"];

export function ApprovalPolicyAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const policy = useQuery(trpc.policy.get.queryOptions());
  const [saved, setSaved] = useState<{ version: number; ownRequisitionsAlsoUnder: number | null } | null>(null);
  // A new key starts the editor again from the current version (after a save, or to pick up someone else's).
  const [editorKey, setEditorKey] = useState(0);
  const save = useMutation(
    trpc.policy.save.mutationOptions({
      onMutate: () => setSaved(null),
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.policy.pathKey() });
        setSaved({ version: result.version, ownRequisitionsAlsoUnder: result.ownRequisitionsAlsoUnder });
        setEditorKey((k) => k + 1);
      },
    }),
  );

  if (policy.isPending) return <p className="text-slate-600">Loading the approval policy…</p>;
  if (policy.error) {
    return (
      <>
        <PageTitle>Approval policy</PageTitle>
        <Alert>{policy.error.message}</Alert>
      </>
    );
  }
  const data = policy.data;
  const reload = async () => {
    await policy.refetch();
    save.reset();
    setEditorKey((k) => k + 1);
  };

  return (
    <>
      <PageTitle
        aside={
          <Link href="/admin/cost-centers" className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
            Cost centers
          </Link>
        }
      >
        Approval policy
      </PageTitle>
      <Card>
        <CurrentPolicy data={data} />
        {saved !== null ? (
          <div className="mt-3">
            <Alert tone="green">
              Version {saved.version} saved. Orders submitted from now on follow it; orders already waiting keep the version they were submitted under.
              {saved.ownRequisitionsAlsoUnder !== null
                ? ` Your own requisitions also follow version ${saved.ownRequisitionsAlsoUnder} until someone else saves a version, so a change you make never lets your own orders skip an approval.`
                : null}
            </Alert>
          </div>
        ) : null}
      </Card>
      <Card className="mt-6">
        <PolicyEditor
          key={editorKey}
          policy={data}
          pending={save.isPending}
          error={save.error}
          onSave={(input) => save.mutate(input)}
          onReload={save.error?.data?.code === "CONFLICT" ? reload : undefined}
          onRenumber={() => {
            if (save.error) save.reset();
          }}
        />
      </Card>
      <Card className="mt-6">
        <VersionHistory history={data.history} />
      </Card>
      <Card className="mt-6">
        <SettingsForm settings={data.settings} />
      </Card>
    </>
  );
}

function CurrentPolicy({ data }: { data: Policy }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="text-lg font-medium">
        Current policy
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        {data.current
          ? `Version ${data.current.version}, saved ${formatDateTime(data.current.createdAt)}${data.current.createdBy ? ` by ${data.current.createdBy}` : ""}.`
          : "No policy has been saved yet."}
      </p>
      <ol className="list-decimal space-y-2 pl-5 text-sm" data-testid="current-policy">
        {data.description.map((sentence, i) => (
          <li key={i} className="break-words">
            {sentence}
          </li>
        ))}
      </ol>
      {data.current?.note ? <p className="mt-3 text-sm text-slate-700">Note: {data.current.note}</p> : null}
    </section>
  );
}

function VersionHistory({ history }: { history: Policy["history"] }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="text-lg font-medium">
        Version history
      </h2>
      {history.length === 0 ? (
        <p className="text-sm text-slate-600">No versions yet.</p>
      ) : (
        <ol className="mt-2 divide-y divide-slate-100" aria-labelledby={headingId} data-testid="policy-history">
          {history.map((v, i) => (
            <li key={v.version} className="py-2 text-sm">
              <p className="font-medium">
                Version {v.version}
                {i === 0 ? " (current)" : ""}
              </p>
              <p className="text-slate-600">
                {formatDateTime(v.createdAt)} · {v.createdBy ?? "set up by the portal"} · {v.ruleCount === 1 ? "1 rule" : `${v.ruleCount} rules`}
              </p>
              {v.note ? <p className="break-words text-slate-700">{v.note}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
