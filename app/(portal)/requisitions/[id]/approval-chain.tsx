"use client";

import { Badge, Card, formatDateTime } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_lib/trpc";
import { isPastApproval } from "@/common/requisitions";

type Requisition = RouterOutputs["requisitions"]["get"];
type Step = Requisition["chain"][number];
type Approver = Step["approvers"][number];

const stepBadge: Record<Step["state"], [string, "gray" | "amber" | "green" | "red"]> = {
  waiting: ["Up later", "gray"],
  pending: ["Waiting for a decision", "amber"],
  approved: ["Approved", "green"],
  rejected: ["Rejected", "red"],
  skipped: ["Not needed", "gray"],
};

/** "A", "A or B", "A, B and C": how the buyer would say who may decide. */
function names(list: string[], mode: Step["mode"]): string {
  if (list.length <= 1) return list[0] ?? "";
  return `${list.slice(0, -1).join(", ")} ${mode === "all" ? "and" : "or"} ${list.at(-1)}`;
}

const sourceNote: Record<Approver["source"], string> = {
  policy: "",
  admin_fallback: " (admin, standing in)",
  escalation: " (admin, after escalation)",
};

function ApproverLine({ approver: a, step }: { approver: Approver; step: Step }) {
  const who = `${a.name}${sourceNote[a.source]}`;
  if (a.decision === "approved") {
    return (
      <li>
        Approved by {who} on {formatDateTime(a.decidedAt)}
        {a.byDelegate ? (
          <>
            {" "}
            <Badge tone="blue">approved by a delegate</Badge>
          </>
        ) : null}
      </li>
    );
  }
  if (a.decision === "rejected") {
    return (
      <li>
        <span className="text-red-800">
          Rejected by {who}
          {a.reason ? `: ${a.reason}` : ""}
        </span>
        {a.byDelegate ? (
          <>
            {" "}
            <Badge tone="blue">rejected by a delegate</Badge>
          </>
        ) : null}
        <span className="block text-xs text-slate-500">{formatDateTime(a.decidedAt)}</span>
      </li>
    );
  }
  // An undecided approver means something different depending on where the step is.
  const open = step.state === "pending" ? "Waiting" : step.state === "waiting" ? "Waiting for the level before" : "No decision needed";
  return (
    <li className="text-slate-700">
      {who} · {open}
    </li>
  );
}

function StepCard({ step }: { step: Step }) {
  const [badge, tone] = stepBadge[step.state];
  return (
    <li data-testid="approval-step" className="rounded-md border border-slate-200 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Level {step.level}</h3>
        <Badge tone={tone}>{badge}</Badge>
      </div>
      {step.reasons.length ? <p className="mt-1 text-sm text-slate-600">because {step.reasons.join(" and ")}</p> : null}
      {step.fellBackToAdmins ? <p className="mt-1 text-sm text-slate-600">Nobody the rule names can approve this, so the admins stand in.</p> : null}
      {step.escalatedAt ? (
        <p className="mt-1 text-sm">
          <Badge tone="amber">Escalated to admins</Badge>{" "}
          <span className="text-slate-600">on {formatDateTime(step.escalatedAt)}: nobody decided in time, so the admins can decide too.</span>
        </p>
      ) : null}
      <p className="mt-2 text-sm font-medium">{step.approvers.length > 1 ? (step.mode === "all" ? "All of:" : "Any one of:") : "Approver:"}</p>
      <ul className="mt-1 space-y-1 text-sm">
        {step.approvers.map((a, i) => (
          <ApproverLine key={i} approver={a} step={step} />
        ))}
      </ul>
    </li>
  );
}

/** Where the requisition is in its chain: who approved, who is next, and why each step is there. */
export function ApprovalChain({ chain, status }: { chain: Requisition["chain"]; status: Requisition["status"] }) {
  const pending = chain.filter((s) => s.state === "pending");
  const next = pending
    .map((s) =>
      names(
        s.approvers.filter((a) => a.decision === null).map((a) => a.name),
        s.mode,
      ),
    )
    .filter(Boolean);
  const since = pending.map((s) => s.activatedAt).filter(Boolean)[0] ?? null;
  return (
    <Card>
      <div data-testid="approval-chain">
        <h2 className="font-medium">Approval chain</h2>
        {chain.length === 0 ? (
          <p className="mt-2 text-sm text-slate-700">
            {isPastApproval(status)
              ? "No approval needed: no approval rule applied, so it went straight to the supplier."
              : "No approval steps were recorded for this requisition."}
          </p>
        ) : (
          <>
            {next.length ? (
              <p className="mt-2 text-sm" data-testid="approval-next">
                <span className="font-medium">Next: {next.join("; ")}</span>
                {since ? <span className="block text-xs text-slate-500">waiting since {formatDateTime(since)}</span> : null}
              </p>
            ) : null}
            <ol className="mt-3 space-y-2">
              {chain.map((s, i) => (
                <StepCard key={i} step={s} />
              ))}
            </ol>
          </>
        )}
      </div>
    </Card>
  );
}
