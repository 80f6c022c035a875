"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorElsewhere, errorFor, TextField } from "@/app/_components/forms";
import { Alert, Badge, Button, Card, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type ListSummary = RouterOutputs["orderLists"]["list"]["mine"][number];

export function ListsView() {
  const trpc = useTRPC();
  const lists = useQuery({ ...trpc.orderLists.list.queryOptions(), staleTime: 0 });
  if (lists.isPending) return <p className="text-slate-600">Loading order lists…</p>;
  if (lists.error) return <Alert>{lists.error.message}</Alert>;
  const { mine, shared } = lists.data;

  return (
    <>
      <PageTitle>Order lists</PageTitle>
      <p className="mb-4 text-sm text-slate-600">The items you buy again and again, with their usual quantities. Add a whole list to your cart in one tap.</p>
      <div className="space-y-6">
        <section aria-labelledby="my-lists">
          <h2 id="my-lists" className="mb-2 text-lg font-medium">
            My lists
          </h2>
          {mine.length === 0 ? (
            <p className="text-sm text-slate-600">You have no lists yet. Make one below, save your cart as one, or add items from an item&apos;s page.</p>
          ) : (
            <ListLinks lists={mine} testId="my-lists" />
          )}
        </section>
        <section aria-labelledby="shared-lists">
          <h2 id="shared-lists" className="mb-2 text-lg font-medium">
            Shared with the company
          </h2>
          {shared.length === 0 ? <p className="text-sm text-slate-600">Nobody has shared a list yet.</p> : <ListLinks lists={shared} testId="shared-lists" />}
        </section>
        <NewList />
      </div>
    </>
  );
}

function ListLinks({ lists, testId }: { lists: ListSummary[]; testId: string }) {
  return (
    <ul className="space-y-2" data-testid={testId}>
      {lists.map((l) => (
        <li key={l.id}>
          <Link
            href={`/lists/${l.id}`}
            className="flex min-h-11 flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white p-3 hover:border-brand-600"
          >
            <span className="min-w-0 font-medium text-brand-700 [overflow-wrap:anywhere]">{l.name}</span>
            <span className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
              {testId === "my-lists" && l.shared ? <Badge tone="blue">Shared</Badge> : null}
              {testId === "shared-lists" ? <span>{l.ownerName}</span> : null}
              <span>
                {l.itemCount} {l.itemCount === 1 ? "item" : "items"}
              </span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function NewList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const create = useMutation(
    trpc.orderLists.create.mutationOptions({
      onSuccess: (list) => {
        void queryClient.invalidateQueries({ queryKey: trpc.orderLists.list.queryKey() });
        router.push(`/lists/${list.id}`);
      },
    }),
  );

  return (
    <Card>
      <form
        noValidate
        aria-label="New list"
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, shared });
        }}
      >
        <h2 className="font-medium">New list</h2>
        <ListNameFields name={name} setName={setName} shared={shared} setShared={setShared} nameError={errorFor(create.error, "name")} />
        {errorElsewhere(create.error, ["name"]) ? <Alert>{errorElsewhere(create.error, ["name"])}</Alert> : null}
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create list"}
        </Button>
      </form>
    </Card>
  );
}

/** The name and "share with the company" fields, as the new-list, rename and save-cart forms all ask them. */
export function ListNameFields(props: {
  name: string;
  setName: (v: string) => void;
  shared?: boolean;
  setShared?: (v: boolean) => void;
  nameError: string | null;
}) {
  const { name, setName, shared, setShared, nameError } = props;
  return (
    <>
      <TextField label="List name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} error={nameError} />
      {setShared ? (
        <label className="flex min-h-11 items-center gap-3 text-sm">
          <input type="checkbox" checked={!!shared} onChange={(e) => setShared(e.target.checked)} className="h-5 w-5" />
          Share with the company (everyone can use it; only you can change it)
        </label>
      ) : null}
    </>
  );
}
