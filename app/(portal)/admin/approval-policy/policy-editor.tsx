"use client";

import { useId, useState } from "react";
import { CheckList, errorFor, Field, inputClass, TextAreaField } from "@/app/_components/forms";
import { Alert, Button } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_lib/trpc";
import { ROLE_LABELS, ROLES, type Role } from "@/common/roles";
import { describeRule } from "@/server/domain/approval-policy-describe";
import {
  CONDITION_KINDS,
  draftFromRule,
  emptyCondition,
  newRule,
  previewRule,
  toSaveInput,
  type ConditionKind,
  type DraftCondition,
  type DraftRule,
} from "./draft";

type Policy = RouterOutputs["policy"]["get"];
type Choices = Policy["choices"];
type MutationError = Parameters<typeof errorFor>[0];

const roleLabel = (r: Role) => ROLE_LABELS[r].charAt(0).toUpperCase() + ROLE_LABELS[r].slice(1);

export interface PolicyEditorProps {
  policy: Policy;
  pending: boolean;
  error: MutationError;
  onSave: (input: { rules: ReturnType<typeof toSaveInput>; note: string; basedOnVersion: number | null }) => void;
  /** Someone saved a newer version meanwhile: offer to start again from it. */
  onReload?: () => void;
  /** Rules were removed or moved: a refusal that named "rule 2" may now point at another rule. */
  onRenumber?: () => void;
}

/** The editor for a new version. It starts from the current version; nothing changes until "Save new version". */
export function PolicyEditor({ policy, pending, error, onSave, onReload, onRenumber }: PolicyEditorProps) {
  const headingId = useId();
  const [rules, setRules] = useState<DraftRule[]>(() => (policy.current?.rules ?? []).map(draftFromRule));
  const [note, setNote] = useState("");
  // The version these edits started from: a newer one saved meanwhile must not be silently overwritten, even if the page refetched it.
  const [basedOnVersion] = useState(() => policy.current?.version ?? null);

  const update = (index: number, change: (rule: DraftRule) => DraftRule) => setRules((rs) => rs.map((r, i) => (i === index ? change(r) : r)));
  const renumber = (change: (rs: DraftRule[]) => DraftRule[]) => {
    setRules(change);
    onRenumber?.();
  };
  const move = (index: number, by: -1 | 1) =>
    renumber((rs) => {
      const next = [...rs];
      const [rule] = next.splice(index, 1);
      next.splice(index + by, 0, rule!);
      return next;
    });
  const lastLevel = Number(rules.at(-1)?.level) || 1;
  const field = error?.data?.field ?? "";
  // Refusals that belong to no single rule (a conflict, too many rules) are shown by the save button.
  const generalError = error && !field.startsWith("rules.") && field !== "note" ? (exactly(error, "rules") ?? error.message) : null;

  return (
    <form
      aria-labelledby={headingId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ rules: toSaveInput(rules), note, basedOnVersion });
      }}
    >
      <h2 id={headingId} className="text-lg font-medium">
        Edit the policy
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        A rule applies when all its conditions hold. Its approvers form one step; steps run level by level, lowest first. No rule applying means the order is
        approved at once. Nobody approves their own order: if a step would have nobody else, the admins decide it.
      </p>
      {rules.length === 0 ? <p className="mb-3 text-sm text-slate-700">No rules: every order will be approved at once.</p> : null}
      <ol className="space-y-4">
        {rules.map((rule, i) => (
          <li key={rule.id}>
            <RuleEditor
              rule={rule}
              index={i}
              count={rules.length}
              currency={policy.currency}
              choices={policy.choices}
              labels={policy.labels}
              error={error}
              onChange={(change) => update(i, change)}
              onMove={(by) => move(i, by)}
              onRemove={() => renumber((rs) => rs.filter((_, k) => k !== i))}
            />
          </li>
        ))}
      </ol>
      <Button type="button" variant="secondary" className="mt-4 w-full sm:w-auto" onClick={() => setRules((rs) => [...rs, newRule(lastLevel)])}>
        Add rule
      </Button>
      <TextAreaField
        label="Note (optional)"
        hint="What changed and why; shown in the version history."
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={500}
        className="mt-4"
        error={errorFor(error, "note")}
      />
      {generalError ? (
        <div className="mt-4">
          <Alert>{generalError}</Alert>
          {onReload ? (
            <Button type="button" variant="secondary" className="mt-2 w-full sm:w-auto" onClick={onReload}>
              Load the newer version
            </Button>
          ) : null}
        </div>
      ) : null}
      {error && ruleErrorIndex(error) !== null ? (
        <div className="mt-4">
          <Alert>Rule {ruleErrorIndex(error)! + 1} needs a change before this can be saved: see the message beside it.</Alert>
        </div>
      ) : null}
      <Button type="submit" className="mt-4 w-full sm:w-auto" disabled={pending}>
        {pending ? "Saving…" : "Save new version"}
      </Button>
    </form>
  );
}

/** The message only when the error is about exactly this field, not one inside it. */
function exactly(error: MutationError, field: string): string | null {
  return error?.data?.field === field ? errorFor(error, field) : null;
}

function ruleErrorIndex(error: MutationError): number | null {
  const match = /^rules\.(\d+)(\.|$)/.exec(error?.data?.field ?? "");
  return match ? Number(match[1]) : null;
}

function RuleEditor({
  rule,
  index,
  count,
  currency,
  choices,
  labels,
  error,
  onChange,
  onMove,
  onRemove,
}: {
  rule: DraftRule;
  index: number;
  count: number;
  currency: string;
  choices: Choices;
  labels: Policy["labels"];
  error: MutationError;
  onChange: (change: (rule: DraftRule) => DraftRule) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const prefix = `rules.${index}`;
  const [addKind, setAddKind] = useState<ConditionKind>("cost_center_in");
  const { rule: preview, unreadableAmounts } = previewRule(rule, currency);
  const setCondition = (j: number, c: DraftCondition) => onChange((r) => ({ ...r, conditions: r.conditions.map((x, k) => (k === j ? c : x)) }));
  // Errors about the rule as a whole (its id, or its conditions together) are shown at the top of it.
  const ruleLevelError = exactly(error, `${prefix}.id`) ?? exactly(error, `${prefix}.conditions`) ?? exactly(error, prefix);
  const approverPeople = choices.people.filter((p) => (p.active && p.roles.includes("approver")) || rule.userIds.includes(p.id));

  return (
    <fieldset className="rounded-lg border border-slate-300 p-3 sm:p-4" data-testid={`rule-${n}`}>
      <legend className="px-1 text-base font-semibold">Rule {n}</legend>
      <p className="rounded-md bg-brand-50 p-3 text-sm text-slate-900" aria-live="polite" data-testid={`rule-${n}-preview`}>
        {describeRule(preview, labels)}
        {unreadableAmounts > 0 ? (
          <span className="block text-xs text-slate-700">An amount is not filled in correctly yet, so it is left out of this sentence.</span>
        ) : null}
      </p>
      {ruleLevelError ? <p className="mt-2 text-sm text-red-700">{ruleLevelError}</p> : null}

      <h3 className="mt-4 text-sm font-semibold">When (all must hold)</h3>
      {rule.conditions.length === 0 ? <p className="text-sm text-slate-600">No conditions: this rule applies to every order.</p> : null}
      <ul className="mt-2 space-y-3">
        {rule.conditions.map((c, j) => (
          <li key={c.key} className="rounded-md border border-slate-200 p-3">
            <ConditionEditor
              condition={c}
              ruleNumber={n}
              conditionNumber={j + 1}
              currency={currency}
              choices={choices}
              error={errorFor(error, `${prefix}.conditions.${j}`)}
              onChange={(next) => setCondition(j, next)}
              onRemove={() => onChange((r) => ({ ...r, conditions: r.conditions.filter((_, k) => k !== j) }))}
            />
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-end">
        <Field label={`New condition for rule ${n}`} error={null} className="sm:w-64">
          {(control) => (
            <select {...control} value={addKind} onChange={(e) => setAddKind(e.target.value as ConditionKind)} className={inputClass}>
              {CONDITION_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button
          type="button"
          variant="secondary"
          aria-label={`Add condition to rule ${n}`}
          onClick={() => onChange((r) => ({ ...r, conditions: [...r.conditions, emptyCondition(addKind)] }))}
        >
          Add condition
        </Button>
      </div>

      <h3 className="mt-5 text-sm font-semibold">Then</h3>
      <div className="mt-2 grid gap-4 sm:grid-cols-2">
        <Field label="Level" hint="1 to 9. Level 1 approves first; the next level starts when it is done." error={errorFor(error, `${prefix}.step.level`)}>
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={9}
              step={1}
              value={rule.level}
              onChange={(e) => onChange((r) => ({ ...r, level: e.target.value }))}
              className={inputClass}
            />
          )}
        </Field>
        <fieldset>
          <legend className="text-sm font-medium">Who must approve</legend>
          {(["any", "all"] as const).map((mode) => (
            <label key={mode} className="flex min-h-11 items-center gap-3 text-sm">
              <input
                type="radio"
                name={`mode-${rule.id}`}
                value={mode}
                checked={rule.mode === mode}
                onChange={() => onChange((r) => ({ ...r, mode }))}
                className="h-5 w-5"
              />
              {mode === "any" ? "Any one of them" : "All of them"}
            </label>
          ))}
        </fieldset>
      </div>
      <ApproversEditor
        rule={rule}
        people={approverPeople}
        groups={choices.groups}
        error={errorFor(error, `${prefix}.step.approvers`) ?? exactly(error, `${prefix}.step`)}
        onChange={onChange}
      />

      <div className="mt-4 flex flex-wrap gap-2 border-t border-slate-200 pt-3">
        <Button type="button" variant="secondary" disabled={index === 0} onClick={() => onMove(-1)}>
          Move rule {n} up
        </Button>
        <Button type="button" variant="secondary" disabled={index === count - 1} onClick={() => onMove(1)}>
          Move rule {n} down
        </Button>
        <Button type="button" variant="danger" onClick={onRemove}>
          Remove rule {n}
        </Button>
      </div>
    </fieldset>
  );
}

function ApproversEditor({
  rule,
  people,
  groups,
  error,
  onChange,
}: {
  rule: DraftRule;
  people: Choices["people"];
  groups: Choices["groups"];
  error: string | null;
  onChange: (change: (rule: DraftRule) => DraftRule) => void;
}) {
  const id = useId();
  return (
    <fieldset className="mt-4" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">Approvers</legend>
      <p className="text-xs text-slate-600">Choose one or more: the cost center&apos;s owner, everyone with a role, a group&apos;s members, named people.</p>
      <label className="mt-1 flex min-h-11 items-center gap-3 text-sm">
        <input
          type="checkbox"
          checked={rule.costCenterOwner}
          onChange={(e) => onChange((r) => ({ ...r, costCenterOwner: e.target.checked }))}
          className="h-5 w-5"
        />
        The cost center&apos;s owner
      </label>
      <Field label="Approver role" error={null} className="sm:w-72">
        {(control) => (
          <select
            {...control}
            value={rule.role}
            onChange={(e) => onChange((r) => ({ ...r, role: e.target.value as DraftRule["role"] }))}
            className={inputClass}
          >
            <option value="">No role</option>
            <option value="approver">Everyone with the approver role</option>
            <option value="admin">Everyone with the admin role</option>
          </select>
        )}
      </Field>
      <CheckList
        legend="Named approvers"
        options={people.map((p) => ({
          id: p.id,
          label: p.name,
          hint: `${p.email}${p.active ? "" : " · inactive"}${p.roles.includes("approver") ? "" : " · not an approver"}`,
        }))}
        selected={rule.userIds}
        onChange={(userIds) => onChange((r) => ({ ...r, userIds }))}
        empty="Nobody has the approver role yet."
      />
      <CheckList
        legend="Approver groups (any member)"
        options={groups.map((g) => ({ id: g.id, label: g.name }))}
        selected={rule.groupIds}
        onChange={(groupIds) => onChange((r) => ({ ...r, groupIds }))}
        empty="No groups yet: add them on the People page."
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function ConditionEditor({
  condition,
  ruleNumber,
  conditionNumber,
  currency,
  choices,
  error,
  onChange,
  onRemove,
}: {
  condition: DraftCondition;
  ruleNumber: number;
  conditionNumber: number;
  currency: string;
  choices: Choices;
  error: string | null;
  onChange: (c: DraftCondition) => void;
  onRemove: () => void;
}) {
  const errorId = useId();
  return (
    <div role="group" aria-label={`Condition ${conditionNumber} of rule ${ruleNumber}`} aria-describedby={error ? errorId : undefined}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <Field label="Condition type" error={null} className="sm:w-64">
          {(control) => (
            <select
              {...control}
              value={condition.kind}
              onChange={(e) => onChange(emptyCondition(e.target.value as ConditionKind, condition.key))}
              className={inputClass}
            >
              {CONDITION_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button
          type="button"
          variant="ghost"
          aria-label={`Remove condition ${conditionNumber} from rule ${ruleNumber}`}
          onClick={onRemove}
          className="self-start sm:self-auto"
        >
          Remove condition
        </Button>
      </div>
      <div className="mt-2">
        <ConditionValue condition={condition} currency={currency} choices={choices} invalid={!!error} onChange={onChange} />
      </div>
      {error ? (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function ConditionValue({
  condition: c,
  currency,
  choices,
  invalid,
  onChange,
}: {
  condition: DraftCondition;
  currency: string;
  choices: Choices;
  invalid: boolean;
  onChange: (c: DraftCondition) => void;
}) {
  switch (c.kind) {
    case "total_above":
    case "total_below":
      return (
        // The condition's error is shown under the whole condition, so this field is only marked invalid.
        <Field label={`${c.kind === "total_above" ? "Total above" : "Total below"} (${currency})`} error={null} className="sm:w-64">
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              autoComplete="off"
              placeholder="5,000.00"
              value={c.amount}
              aria-invalid={invalid}
              onChange={(e) => onChange({ ...c, amount: e.target.value })}
              className={inputClass}
            />
          )}
        </Field>
      );
    case "cost_center_in":
      return (
        <CheckList
          legend="Cost centers"
          options={choices.costCenters.map((cc) => ({ id: cc.id, label: `${cc.code} · ${cc.name}`, hint: cc.active ? undefined : "closed" }))}
          selected={c.costCenterIds}
          onChange={(costCenterIds) => onChange({ ...c, costCenterIds })}
          empty="No cost centers yet."
        />
      );
    case "supplier_in":
      return (
        <CheckList
          legend="Suppliers"
          options={choices.suppliers.map((s) => ({ id: s.id, label: s.name }))}
          selected={c.supplierIds}
          onChange={(supplierIds) => onChange({ ...c, supplierIds })}
          empty="No suppliers connected."
        />
      );
    case "category_in":
      return <CategoryPicker choices={choices} selected={c.categoryIds} onChange={(categoryIds) => onChange({ ...c, categoryIds })} />;
    case "over_budget":
      return <p className="text-sm text-slate-700">Applies when the order takes its cost center past the budget for the period.</p>;
    case "requester_role_in":
      return (
        <CheckList
          legend="Requester's role"
          options={ROLES.map((r) => ({ id: r, label: roleLabel(r) }))}
          selected={c.roles}
          onChange={(roles) => onChange({ ...c, roles: roles as Role[] })}
        />
      );
    case "requester_in":
      return (
        <CheckList
          legend="Named requesters"
          options={choices.people.map((p) => ({ id: p.id, label: p.name, hint: `${p.email}${p.active ? "" : " · inactive"}` }))}
          selected={c.userIds}
          onChange={(userIds) => onChange({ ...c, userIds })}
        />
      );
    case "requester_in_group":
      return (
        <CheckList
          legend="Requester's group"
          options={choices.groups.map((g) => ({ id: g.id, label: g.name }))}
          selected={c.groupIds}
          onChange={(groupIds) => onChange({ ...c, groupIds })}
          empty="No groups yet: add them on the People page."
        />
      );
  }
}

function CategoryPicker({ choices, selected, onChange }: { choices: Choices; selected: string[]; onChange: (ids: string[]) => void }) {
  const listed = new Set(choices.categories.flatMap((s) => (s.categories ?? []).map((c) => c.id)));
  // A category chosen earlier that no supplier lists right now stays visible, so it can be kept or removed knowingly.
  const unlisted = selected.filter((id) => !listed.has(id));
  return (
    <div className="space-y-3">
      {choices.categoriesUnavailableFrom.length > 0 ? (
        <Alert tone="amber">
          {choices.categoriesUnavailableFrom.join(", ")} did not list {choices.categoriesUnavailableFrom.length === 1 ? "its" : "their"} categories just now, so
          there is nothing to choose from {choices.categoriesUnavailableFrom.length === 1 ? "it" : "them"}. Reload the page later to try again.
        </Alert>
      ) : null}
      {choices.categories
        .filter((s) => s.categories !== null)
        .map((s) => (
          <CheckList
            key={s.supplierId}
            legend={`Categories at ${s.supplierName}`}
            options={s.categories!.map((c) => ({ id: c.id, label: c.name }))}
            selected={selected}
            onChange={onChange}
            empty="This supplier lists no categories."
          />
        ))}
      {unlisted.length > 0 ? (
        <CheckList legend="Chosen earlier, not listed now" options={unlisted.map((id) => ({ id, label: id }))} selected={selected} onChange={onChange} />
      ) : null}
    </div>
  );
}
