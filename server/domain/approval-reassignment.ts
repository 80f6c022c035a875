/**
 * A person leaves (is deactivated) while approval steps wait for them. What becomes of each such step: the step's
 * other approvers carry it on; where nobody else can, the company's admins decide it in their place (any one of them),
 * so no requisition waits forever for someone who cannot sign in.
 */
export interface StepForReassignment {
  mode: "any" | "all";
  approvers: { userId: string; decision: "approved" | "rejected" | null; active: boolean }[];
}

export type Reassignment =
  { kind: "untouched" } | { kind: "others_carry_on"; others: string[] } | { kind: "to_admins"; admins: string[] } | { kind: "nobody_left" };

export function reassignOnLeaving(step: StepForReassignment, leavingId: string, admins: readonly string[]): Reassignment {
  const leaving = step.approvers.find((a) => a.userId === leavingId);
  if (!leaving || leaving.decision !== null) return { kind: "untouched" };
  const others = step.approvers.filter((a) => a.userId !== leavingId && a.decision === null && a.active).map((a) => a.userId);
  // "all" with others still to decide: without the leaver, those others are everyone the step waits for.
  if (others.length > 0) return { kind: "others_carry_on", others };
  const stepAdmins = admins.filter((id) => id !== leavingId && !step.approvers.some((a) => a.userId === id && a.decision !== null));
  return stepAdmins.length > 0 ? { kind: "to_admins", admins: stepAdmins } : { kind: "nobody_left" };
}
