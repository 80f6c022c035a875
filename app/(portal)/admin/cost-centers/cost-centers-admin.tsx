"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { controlClass, TableScroll } from "@/app/_components/forms";
import { Alert, Amount, Badge, Card, PageTitle } from "@/app/_components/ui";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { PositionCells, thClass, thRightClass } from "./budget-figures";
import { CostCenterForm, emptyCostCenter } from "./cost-center-form";

type List = RouterOutputs["costCenters"]["list"];

export function CostCentersAdmin() {
  const trpc = useTRPC();
  const list = useQuery(trpc.costCenters.list.queryOptions());

  if (list.isPending) return <p className="text-slate-600">Loading cost centers…</p>;
  if (list.error) {
    return (
      <>
        <PageTitle>Cost centers</PageTitle>
        <Alert>{list.error.message}</Alert>
      </>
    );
  }
  const { costCenters, people } = list.data;
  return (
    <>
      <PageTitle
        aside={
          <span className="flex flex-wrap gap-4">
            <Link href="/admin/approval-policy" className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
              Approval policy
            </Link>
            <Link href="/admin/catalog-sync" className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
              Supplier catalogs
            </Link>
          </span>
        }
      >
        Cost centers
      </PageTitle>
      <Card>
        <h2 className="text-lg font-medium">Your company&apos;s cost centers</h2>
        <p className="mb-3 text-sm text-slate-600">Budget figures are for the budget period running today.</p>
        {costCenters.length === 0 ? (
          <p className="text-sm text-slate-600">No cost centers yet. Create the first one below.</p>
        ) : (
          <CostCenterTable costCenters={costCenters} />
        )}
      </Card>
      <Card className="mt-6">
        <NewCostCenter people={people} />
      </Card>
      <Card className="mt-6">
        <DefaultCostCenters costCenters={costCenters} people={people} />
      </Card>
    </>
  );
}

function CostCenterTable({ costCenters }: { costCenters: List["costCenters"] }) {
  return (
    <TableScroll label="Cost centers table">
      <table className="w-full min-w-[56rem] text-sm" data-testid="cost-center-table">
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className={thClass}>
              Code
            </th>
            <th scope="col" className={thClass}>
              Name
            </th>
            <th scope="col" className={thClass}>
              Owner
            </th>
            <th scope="col" className={thClass}>
              GL account
            </th>
            <th scope="col" className={thClass}>
              Currency
            </th>
            <th scope="col" className={thRightClass}>
              Budget
            </th>
            <th scope="col" className={thRightClass}>
              Reserved
            </th>
            <th scope="col" className={thRightClass}>
              Committed
            </th>
            <th scope="col" className={thRightClass}>
              Remaining
            </th>
            <th scope="col" className={thClass}>
              Status
            </th>
          </tr>
        </thead>
        <tbody>
          {costCenters.map((c) => (
            <tr key={c.id} className="border-b border-slate-100 align-top" data-testid={`cost-center-row-${c.code}`}>
              <th scope="row" className="px-3 py-2 text-left font-medium">
                <Link href={`/admin/cost-centers/${c.id}`} className="inline-flex min-h-11 items-center text-brand-700 hover:underline">
                  {c.code}
                </Link>
              </th>
              <td className="px-3 py-2">{c.name}</td>
              <td className="px-3 py-2">{c.ownerName ?? <span className="text-slate-500">No owner</span>}</td>
              <td className="px-3 py-2">{c.glAccount ?? <span className="text-slate-500">—</span>}</td>
              <td className="px-3 py-2">{c.currency}</td>
              <td className="px-3 py-2 text-right">
                {c.currentBudget ? (
                  <>
                    <Amount value={c.currentBudget.budget} />
                    <span className="block text-xs text-slate-600">{c.currentBudget.periodLabel}</span>
                  </>
                ) : (
                  <span className="text-slate-500">No budget</span>
                )}
              </td>
              <PositionCells position={c.currentBudget} />
              <td className="px-3 py-2">{c.active ? <Badge tone="green">Active</Badge> : <Badge>Closed</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function NewCostCenter({ people }: { people: List["people"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A fresh key empties the form once a cost center is created.
  const [formKey, setFormKey] = useState(0);
  const [created, setCreated] = useState<{ id: string; code: string; name: string } | null>(null);
  const create = useMutation(
    trpc.costCenters.create.mutationOptions({
      onMutate: () => setCreated(null),
      onSuccess: async (c) => {
        await queryClient.invalidateQueries({ queryKey: trpc.costCenters.pathKey() });
        setCreated({ id: c.id, code: c.code, name: c.name });
        setFormKey((k) => k + 1);
      },
    }),
  );
  return (
    <CostCenterForm
      key={formKey}
      heading="New cost center"
      people={people}
      initial={emptyCostCenter}
      withActive={false}
      submitLabel={create.isPending ? "Creating…" : "Create cost center"}
      pending={create.isPending}
      error={create.error}
      notice={
        created ? (
          <Alert tone="green">
            {created.code} {created.name} created.{" "}
            <Link href={`/admin/cost-centers/${created.id}`} className="font-medium underline">
              Add its budget
            </Link>
          </Alert>
        ) : null
      }
      onSubmit={({ active: _active, ...values }) => create.mutate(values)}
    />
  );
}

function DefaultCostCenters({ costCenters, people }: { costCenters: List["costCenters"]; people: List["people"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [notice, setNotice] = useState<string | null>(null);
  const setDefault = useMutation(
    trpc.costCenters.setDefault.mutationOptions({
      onMutate: () => setNotice(null),
      // Stay pending until the list is fresh, so the select does not flick back to the old value.
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.costCenters.pathKey() });
        const person = people.find((p) => p.id === result.userId)?.name ?? "That person";
        const center = costCenters.find((c) => c.id === result.defaultCostCenterId);
        setNotice(center ? `${person}'s default cost center is now ${center.code} ${center.name}.` : `${person} has no default cost center now.`);
      },
    }),
  );
  const pendingFor = setDefault.isPending ? setDefault.variables?.userId : undefined;
  const failedFor = setDefault.isError ? setDefault.variables?.userId : undefined;

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="text-lg font-medium">
        Default cost center per person
      </h2>
      <p className="mb-3 text-sm text-slate-600">Preselected at checkout. Each person can only default to a cost center they may charge.</p>
      {notice ? (
        <div className="mb-3">
          <Alert tone="green">{notice}</Alert>
        </div>
      ) : null}
      {setDefault.error ? (
        <div className="mb-3">
          <Alert>{setDefault.error.message}</Alert>
        </div>
      ) : null}
      <TableScroll label="Default cost centers table">
        <table className="w-full min-w-[28rem] text-sm" data-testid="default-cost-centers">
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className={thClass}>
                Person
              </th>
              <th scope="col" className={thClass}>
                Default cost center
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => {
              const chargeable = costCenters.filter((c) => c.memberIds.includes(p.id) || c.id === p.defaultCostCenterId);
              const selectId = `${headingId}-${p.id}`;
              const value = pendingFor === p.id ? (setDefault.variables?.costCenterId ?? "") : (p.defaultCostCenterId ?? "");
              return (
                <tr key={p.id} className="border-b border-slate-100" data-testid={`default-row-${p.email}`}>
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <span className="block font-medium">{p.name}</span>
                    <span className="block text-xs text-slate-600">
                      {p.email}
                      {p.active ? "" : " · inactive"}
                    </span>
                  </th>
                  <td className="px-3 py-2">
                    <label htmlFor={selectId} className="sr-only">
                      Default cost center for {p.name}
                    </label>
                    <select
                      id={selectId}
                      value={value}
                      disabled={pendingFor === p.id}
                      aria-invalid={failedFor === p.id}
                      onChange={(e) => setDefault.mutate({ userId: p.id, costCenterId: e.target.value || null })}
                      className={`${controlClass} min-w-48`}
                    >
                      <option value="">No default</option>
                      {chargeable.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.code} · {c.name}
                          {c.active ? "" : " (closed)"}
                        </option>
                      ))}
                    </select>
                    {chargeable.length === 0 ? <p className="mt-1 text-xs text-slate-600">May charge no cost center yet.</p> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
