"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorElsewhere, errorFor } from "@/app/_components/forms";
import { QuantityInput } from "@/app/_components/quantity-input";
import { Alert, Badge, Button, ButtonLink, Card, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { ListNameFields } from "../lists-view";
import { notFoundWhenMissing } from "@/app/_lib/not-found";

type ListData = RouterOutputs["orderLists"]["get"];
type Outcome = RouterOutputs["orderLists"]["addToCart"];

const reasonLabel: Record<Outcome["notAdded"][number]["reason"], string> = {
  unavailable: "Not available",
  short_of_stock: "Not enough in stock",
  no_longer_sold: "No longer sold",
  supplier_unreachable: "Supplier not answering",
  refused: "Refused",
};

export function ListDetail({ listId }: { listId: string }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.orderLists.get.queryOptions({ listId }), staleTime: 0 });
  if (list.isPending) return <p className="text-slate-600">Loading list…</p>;
  if (list.error) {
    notFoundWhenMissing(list.error);
    return (
      <>
        <Alert>{list.error.message}</Alert>
        <ButtonLink href="/lists" variant="secondary" className="mt-3">
          All order lists
        </ButtonLink>
      </>
    );
  }
  const data = list.data;
  return (
    <>
      <Link href="/lists" className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
        ← All order lists
      </Link>
      <PageTitle aside={data.shared ? <Badge tone="blue">Shared with the company</Badge> : <Badge>Only you</Badge>}>
        <span className="[overflow-wrap:anywhere]">{data.name}</span>
      </PageTitle>
      {!data.isOwner ? (
        <p className="-mt-2 mb-4 text-sm text-slate-600">
          {data.ownerName}&apos;s list{data.canEdit ? "" : ". You can add it to your cart; only they can change it."}
        </p>
      ) : null}
      <div className="space-y-4">
        <AddAllToCart list={data} />
        <Card>
          <h2 className="mb-2 font-medium">Items and usual quantities</h2>
          {data.items.length === 0 ? (
            <p className="text-sm text-slate-600">
              No items yet. Open an item in the{" "}
              <Link href="/catalog" className="text-brand-700 underline">
                catalog
              </Link>{" "}
              and choose &ldquo;Add to an order list&rdquo;.
            </p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="list-items">
              {data.items.map((item, index) => (
                <ListItemRow key={item.id} listId={data.id} item={item} canEdit={data.canEdit} isFirst={index === 0} isLast={index === data.items.length - 1} />
              ))}
            </ul>
          )}
        </Card>
        {data.canEdit ? <ManageList list={data} /> : null}
      </div>
    </>
  );
}

function AddAllToCart({ list }: { list: ListData }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const add = useMutation(
    trpc.orderLists.addToCart.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() });
      },
    }),
  );
  const result = add.data;
  return (
    <Card>
      <Button className="w-full sm:w-auto" disabled={list.items.length === 0 || add.isPending} onClick={() => add.mutate({ listId: list.id })}>
        {add.isPending ? "Adding… (asking the suppliers)" : "Add all to cart"}
      </Button>
      <div className="mt-3 space-y-2" aria-live="polite" data-testid="add-all-outcome">
        {add.error ? <Alert>{add.error.message}</Alert> : null}
        {result && result.added.length > 0 ? (
          <Alert
            tone="green"
            title={`Added ${result.added.length} of ${result.added.length + result.notAdded.length} ${result.added.length + result.notAdded.length === 1 ? "item" : "items"} to your cart`}
          >
            <ul className="mt-1 list-disc pl-5">
              {result.added.map((a) => (
                <li key={a.listItemId} className="[overflow-wrap:anywhere]">
                  {a.quantity} × {a.name} ({a.itemCode})
                </li>
              ))}
            </ul>
            <Link href="/cart" className="mt-2 inline-flex min-h-11 items-center font-medium underline">
              Go to cart
            </Link>
          </Alert>
        ) : null}
        {result && result.notAdded.length > 0 ? (
          <Alert tone="amber" title={`Not added (${result.notAdded.length})`}>
            <ul className="mt-1 space-y-1" data-testid="not-added">
              {result.notAdded.map((n) => (
                <li key={n.listItemId} className="[overflow-wrap:anywhere]">
                  <span className="font-medium">
                    {n.quantity} × {n.name} ({n.itemCode})
                  </span>{" "}
                  — {reasonLabel[n.reason]}: {n.message}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </div>
    </Card>
  );
}

function ListItemRow({
  listId,
  item,
  canEdit,
  isFirst,
  isLast,
}: {
  listId: string;
  item: ListData["items"][number];
  canEdit: boolean;
  isFirst: boolean;
  isLast: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.orderLists.get.queryKey({ listId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.orderLists.list.queryKey() });
  };
  const setQuantity = useMutation(trpc.orderLists.setItemQuantity.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.orderLists.removeItem.mutationOptions({ onSuccess: refresh }));
  // The order the owner walks the stock room in; the list is read again after each move.
  const move = useMutation(trpc.orderLists.moveItem.mutationOptions({ onSuccess: refresh }));
  const error = setQuantity.error ?? remove.error ?? move.error;
  return (
    <li className="flex flex-wrap items-center gap-3 py-3" data-testid="list-item" data-item-code={item.itemCode}>
      {item.imageUrl ? <img src={item.imageUrl} alt="" width={48} height={48} className="h-12 w-12 rounded bg-slate-100 object-cover" /> : null}
      <div className="min-w-0 flex-1 basis-40">
        <Link
          href={`/catalog/${item.supplierConnectionId}/${item.supplierItemId}`}
          className="inline-flex min-h-11 items-center font-medium text-brand-700 [overflow-wrap:anywhere] hover:underline"
        >
          {item.name}
        </Link>
        <p className="-mt-2 text-xs text-slate-500">
          {item.itemCode} · {item.supplierName}
        </p>
        {!item.listed ? <Badge tone="amber">No longer in the supplier&apos;s catalog</Badge> : null}
      </div>
      {canEdit ? (
        <>
          <QuantityInput
            value={item.quantity}
            label={`Usual quantity of ${item.itemCode}`}
            onCommit={(quantity) => setQuantity.mutate({ listId, itemId: item.id, quantity })}
          />
          <div className="flex gap-2">
            <Button
              variant="secondary"
              disabled={isFirst || move.isPending}
              onClick={() => move.mutate({ listId, itemId: item.id, direction: "up" })}
              aria-label={`Move ${item.itemCode} up`}
            >
              Move up
            </Button>
            <Button
              variant="secondary"
              disabled={isLast || move.isPending}
              onClick={() => move.mutate({ listId, itemId: item.id, direction: "down" })}
              aria-label={`Move ${item.itemCode} down`}
            >
              Move down
            </Button>
          </div>
          <Button
            variant="ghost"
            onClick={() => remove.mutate({ listId, itemId: item.id })}
            disabled={remove.isPending}
            aria-label={`Remove ${item.itemCode} from the list`}
          >
            Remove
          </Button>
        </>
      ) : (
        <span className="text-sm" data-testid="usual-quantity">
          Usual quantity <span className="font-medium tabular-nums">{item.quantity}</span>
        </span>
      )}
      {error ? (
        <div className="w-full">
          <Alert>{error.message.replace(/^quantity: /, "")}</Alert>
        </div>
      ) : null}
    </li>
  );
}

function ManageList({ list }: { list: ListData }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(list.name);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.orderLists.get.queryKey({ listId: list.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.orderLists.list.queryKey() });
  };
  const update = useMutation(
    trpc.orderLists.update.mutationOptions({
      onSuccess: () => {
        setRenaming(false);
        refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.orderLists.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.orderLists.list.queryKey() });
        router.push("/lists");
      },
    }),
  );
  const otherError = errorElsewhere(update.error, ["name"]);

  return (
    <Card>
      <h2 className="mb-3 font-medium">Manage this list</h2>
      {renaming ? (
        <form
          noValidate
          aria-label="Rename list"
          className="mb-3 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ listId: list.id, name });
          }}
        >
          <ListNameFields name={name} setName={setName} nameError={errorFor(update.error, "name")} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={update.isPending}>
              Save name
            </Button>
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                setRenaming(false);
                setName(list.name);
                update.reset();
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {!renaming ? (
          <Button variant="secondary" onClick={() => setRenaming(true)}>
            Rename
          </Button>
        ) : null}
        <Button variant="secondary" disabled={update.isPending} onClick={() => update.mutate({ listId: list.id, shared: !list.shared })}>
          {list.shared ? "Stop sharing" : "Share with the company"}
        </Button>
        {!confirmDelete ? (
          <Button variant="secondary" onClick={() => setConfirmDelete(true)}>
            Delete list
          </Button>
        ) : null}
      </div>
      {otherError ? (
        <div className="mt-3">
          <Alert>{otherError}</Alert>
        </div>
      ) : null}
      {confirmDelete ? (
        <div className="mt-3 space-y-2 rounded-md border border-red-200 bg-red-50 p-3" role="group" aria-label="Confirm delete">
          <p className="text-sm text-red-900">
            Delete &ldquo;{list.name}&rdquo;{list.shared ? " for everyone in the company" : ""}? This cannot be undone.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ listId: list.id })}>
              Yes, delete it
            </Button>
            <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
              Keep it
            </Button>
          </div>
          {remove.error ? <Alert>{remove.error.message}</Alert> : null}
        </div>
      ) : null}
    </Card>
  );
}
