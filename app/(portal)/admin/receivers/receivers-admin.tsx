"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { controlClass, errorElsewhere, errorFor } from "@/app/_components/forms";
import { Alert, Button, Card, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type Book = RouterOutputs["receiving"]["receivers"];

/** Who receives goods at each ship-to address, besides the requester and the admins: the dock's people. */
export function ReceiversAdmin() {
  const trpc = useTRPC();
  const book = useQuery(trpc.receiving.receivers.queryOptions());
  if (book.isPending) return <p className="text-slate-600">Loading receivers…</p>;
  if (book.error) return <Alert>{book.error.message}</Alert>;
  return (
    <>
      <PageTitle>Receivers</PageTitle>
      <p className="mb-4 text-slate-700">
        The requester and admins can always record what arrived. Name the people at each ship-to address who receive the goods there too.
      </p>
      <div className="space-y-4">
        {book.data.suppliers.map((s) => (
          <Card key={s.connectionId}>
            <h2 className="font-medium">{s.supplierName}</h2>
            {s.unavailable ? <p className="mt-1 text-sm text-amber-900">{s.unavailable}</p> : null}
            <ul className="mt-2 space-y-3">
              {s.addresses.map((a) => (
                <li key={a.id} data-testid="receiver-address">
                  <h3 className="text-sm font-medium">{a.label}</h3>
                  <Receivers connectionId={s.connectionId} address={a} people={book.data.people} />
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </div>
    </>
  );
}

function Receivers({
  connectionId,
  address,
  people,
}: {
  connectionId: string;
  address: Book["suppliers"][number]["addresses"][number];
  people: Book["people"];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.receiving.receivers.queryKey() });
  const add = useMutation(trpc.receiving.addReceiver.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.receiving.removeReceiver.mutationOptions({ onSettled: refresh }));
  const [userId, setUserId] = useState("");
  const candidates = people.filter((p) => !address.receivers.some((r) => r.userId === p.id));
  return (
    <>
      {address.receivers.length ? (
        <ul className="mt-1 text-sm">
          {address.receivers.map((r) => (
            <li key={r.id} className="flex items-center justify-between gap-2">
              <span>{r.name}</span>
              <Button
                variant="secondary"
                disabled={remove.isPending}
                onClick={() => remove.mutate({ receiverId: r.id })}
                aria-label={`Remove ${r.name} from ${address.label}`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">Nobody besides the requester and admins.</p>
      )}
      <form
        className="mt-2 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ connectionId, addressId: address.id, userId }, { onSuccess: () => setUserId("") });
        }}
      >
        <label className="block min-w-48 flex-1 text-sm">
          Add a receiver at {address.label}
          <select className={`mt-1 ${controlClass}`} value={userId} onChange={(e) => setUserId(e.target.value)} aria-invalid={!!errorFor(add.error, "userId")}>
            <option value="">Choose a person</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.email})
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" disabled={add.isPending}>
          Add
        </Button>
        {add.error ? (
          <p className="w-full text-sm text-red-700">{errorFor(add.error, "userId") ?? errorElsewhere(add.error, ["userId"]) ?? add.error.message}</p>
        ) : null}
      </form>
    </>
  );
}
