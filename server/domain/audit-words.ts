/**
 * The audit log in words an admin reads: each action the portal records, the group an admin filters by, what it says
 * happened, and a one-line summary of its details. Pure, so the page, the CSV export and the tests share one wording.
 */

export const AUDIT_GROUPS = [
  "sign_ins",
  "sessions",
  "roles",
  "people",
  "policy",
  "requisitions",
  "decisions",
  "placements",
  "cancellations",
  "receiving",
  "connections",
  "settings",
] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

export const AUDIT_GROUP_LABELS: Record<AuditGroup, string> = {
  sign_ins: "Sign-ins and failed sign-ins",
  sessions: "Sign-outs, sessions and passwords",
  roles: "Roles, deactivations and reactivations",
  people: "People, invitations and groups",
  policy: "Approval policy and delegations",
  requisitions: "Requisitions submitted and changed",
  decisions: "Approval decisions",
  placements: "Orders placed and their progress",
  cancellations: "Cancellations and withdrawals",
  receiving: "Receiving and invoice matching",
  connections: "Supplier and Hypatos connections",
  settings: "Company, cost center and sign-in settings",
};

const REQUISITION_FOLLOWS = ["approved", "partly_ordered", "ordered", "partly_shipped", "shipped", "delivered", "received", "declined", "not_ordered"];

/** action -> [group, what happened]. An action missing here still shows, in its own name, under no group. */
const ACTIONS: Record<string, [AuditGroup, string]> = {
  "user.signed_in": ["sign_ins", "Signed in with a password"],
  "user.signed_in_sso": ["sign_ins", "Signed in through single sign-on"],
  "user.sign_in_failed": ["sign_ins", "Sign-in failed"],
  "sso.sign_in_refused": ["sign_ins", "Single sign-on refused"],
  "sso.password_refused": ["sign_ins", "Password refused: single sign-on required"],

  "user.signed_out": ["sessions", "Signed out"],
  "user.session_ended": ["sessions", "Ended a session from their account"],
  "user.signed_out_everywhere": ["sessions", "Signed out everywhere"],
  "user.session_timed_out": ["sessions", "Session timed out"],
  "user.password_changed": ["sessions", "Changed their password"],

  "user.roles_changed": ["roles", "Changed roles"],
  "user.deactivated": ["roles", "Deactivated a person"],
  "user.reactivated": ["roles", "Reactivated a person"],

  "invitation.sent": ["people", "Invited a person"],
  "invitation.resent": ["people", "Resent an invitation"],
  "invitation.revoked": ["people", "Revoked an invitation"],
  "user.joined": ["people", "Joined from an invitation"],
  "user.provisioned": ["people", "Provisioned a person"],
  "user.details_changed": ["people", "Changed a person's details"],
  "user.created_by_sso": ["people", "Created by single sign-on"],
  "user.profile_saved": ["people", "Saved their profile"],
  "user.default_cost_center_set": ["people", "Set a default cost center"],
  "group.created": ["people", "Created a group"],
  "group.renamed": ["people", "Renamed a group"],
  "group.members_changed": ["people", "Changed a group's members"],
  "group.deleted": ["people", "Deleted a group"],
  "scim_token.created": ["people", "Created a SCIM token"],
  "scim_token.revoked": ["people", "Revoked a SCIM token"],

  "approval_policy.saved": ["policy", "Saved the approval policy"],
  "approval_settings.saved": ["policy", "Changed approval waits and tolerance"],
  "delegation.created": ["policy", "Delegated approvals"],
  "delegation.ended": ["policy", "Ended a delegation"],

  "requisition.submitted": ["requisitions", "Submitted a requisition"],
  "requisition.auto_approved": ["requisitions", "Submitted a requisition (no approval needed)"],
  "requisition.resubmitted": ["requisitions", "Resubmitted a requisition"],
  "requisition.repriced": ["requisitions", "Prices changed before placing"],
  "requisition.returned": ["requisitions", "Returned to its requester"],
  ...Object.fromEntries(REQUISITION_FOLLOWS.map((s) => [`requisition.${s}`, ["requisitions", `Requisition now ${s.replaceAll("_", " ")}`]])),

  "approval.step_approved": ["decisions", "Approved a step"],
  "approval.step_rejected": ["decisions", "Rejected a step"],
  "requisition.approved": ["decisions", "Requisition approved"],
  "requisition.lines_rejected": ["decisions", "Took lines out"],
  "approval.step_reassigned": ["decisions", "Approval step reassigned"],
  "approval.step_unassigned": ["decisions", "Approval step left without approvers"],
  "approval.reminded": ["decisions", "Approvers reminded"],
  "approval.escalated": ["decisions", "Approval escalated to the admins"],
  "supplier_approval.approved": ["decisions", "Approved an order held by the supplier"],
  "supplier_approval.rejected": ["decisions", "Rejected an order held by the supplier"],
  "supplier_approval.answered_by_chain": ["decisions", "Supplier's hold answered by the approval chain"],

  "supplier_order.placed": ["placements", "Order placed with the supplier"],
  "supplier_order.purchase_order_issued": ["placements", "Purchase order issued"],
  "supplier_order.entered": ["placements", "Supplier entered the order"],
  "supplier_order.refused": ["placements", "Supplier refused the order"],
  "supplier_order.status_changed": ["placements", "Supplier's status changed"],
  "supplier_order.shipped": ["placements", "Shipped"],
  "supplier_order.deleted_at_supplier": ["placements", "Supplier deleted the order"],

  "supplier_order.cancelled": ["cancellations", "Cancelled an order"],
  "requisition.withdrawn": ["cancellations", "Withdrew a requisition"],
  "requisition.cancelled": ["cancellations", "Requisition cancelled"],

  "supplier_order.received": ["receiving", "Recorded goods received"],
  "supplier_order.receipt_reversed": ["receiving", "Reversed a goods receipt"],
  "supplier_order.receipt_reminded": ["receiving", "Reminded to record receipt"],
  "supplier_order.invoiced": ["receiving", "Invoice recorded"],
  "supplier_order.invoiced_spend_committed": ["receiving", "Invoiced amount committed"],
  "supplier_order.match_accepted": ["receiving", "Accepted an invoice mismatch"],
  "supplier_order.match_disputed": ["receiving", "Disputed an invoice mismatch"],
  "ship_to_receiver.added": ["receiving", "Added a receiver"],
  "ship_to_receiver.removed": ["receiving", "Removed a receiver"],

  connection_added: ["connections", "Added a connection"],
  connection_changed: ["connections", "Changed a connection"],
  connection_enabled: ["connections", "Switched a connection on"],
  connection_disabled: ["connections", "Switched a connection off"],
  connection_deleted: ["connections", "Deleted a connection"],

  "company.created": ["settings", "Created the company"],
  "company.settings_saved": ["settings", "Changed company settings"],
  "sso.set_up": ["settings", "Set up single sign-on"],
  "sso.changed": ["settings", "Changed single sign-on"],
  "cost_center.created": ["settings", "Created a cost center"],
  "cost_center.updated": ["settings", "Changed a cost center"],
  "budget.created": ["settings", "Set a budget"],
  "budget.changed": ["settings", "Changed a budget"],
};

export const actionsIn = (group: AuditGroup): string[] => Object.keys(ACTIONS).filter((a) => ACTIONS[a]![0] === group);

export const groupOf = (action: string): AuditGroup | null => ACTIONS[action]?.[0] ?? null;

/** What happened, in words: "Changed roles". An unknown action reads as its own name, so nothing recorded goes unseen. */
export const describeAction = (action: string): string => ACTIONS[action]?.[1] ?? action.replaceAll(/[._]/g, " ");

export const SUBJECT_LABELS: Record<string, string> = {
  requisition: "Requisition",
  supplier_order: "Supplier order",
  supplier_connection: "Connection",
  cost_center: "Cost center",
  budget: "Budget",
  user: "Person",
  delegation: "Delegation",
  approval_policy: "Approval policy",
  company: "Company",
  invitation: "Invitation",
  group: "Group",
  scim_token: "SCIM token",
  sso_configuration: "Single sign-on",
};

const FAILURE_WORDS: Record<string, string> = {
  wrong_password: "wrong password",
  no_account: "no account with that email",
  deactivated: "the account is deactivated",
  no_password: "the person signs in through single sign-on",
  throttled: "too many tries, told to wait",
};

const text = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "none";
  if (Array.isArray(value)) return value.map(text).join(", ") || "none";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
};

const changes = (changed: unknown): string =>
  changed && typeof changed === "object"
    ? Object.entries(changed as Record<string, { from?: unknown; to?: unknown }>)
        .map(([key, c]) => `${key.replaceAll(/([A-Z])/g, " $1").toLowerCase()}: ${text(c?.from)} → ${text(c?.to)}`)
        .join("; ")
    : "";

/** One line from an entry's details, for the list and the CSV: what changed, from where, why. */
export function summarize(action: string, details: Record<string, unknown>): string {
  const d = details;
  switch (action) {
    case "user.sign_in_failed":
      return `${text(d.email)}: ${FAILURE_WORDS[String(d.reason)] ?? text(d.reason)}${d.ip ? ` (from ${text(d.ip)})` : ""}`;
    case "user.signed_in":
    case "user.signed_in_sso":
    case "user.signed_out":
    case "user.session_ended":
      return [d.device, d.ip].filter(Boolean).map(text).join(", ");
    case "user.session_timed_out":
      return d.reason === "idle" ? "After a while without use" : "At its time limit";
    case "user.signed_out_everywhere":
      return `${text(d.sessionsEnded)} session(s) ended`;
    case "user.password_changed":
      return `${text(d.otherSessionsEnded)} other session(s) ended`;
    case "sso.sign_in_refused":
    case "sso.password_refused":
      return [d.email, d.reason].filter(Boolean).map(text).join(": ");
    case "user.roles_changed": {
      const roles = d.roles as { from?: unknown; to?: unknown } | undefined;
      return `${text(roles?.from)} → ${text(roles?.to)}`;
    }
  }
  if (d.changed && typeof d.changed === "object") return changes(d.changed);
  if (typeof d.said === "string") return d.said;
  if (typeof d.reason === "string") return `Reason: ${d.reason}`;
  if (typeof d.description === "string") return d.description;
  return "";
}

/** The columns of the audit log's CSV export, in order: time in ISO 8601, UTC. */
export const AUDIT_CSV_COLUMNS = ["time", "person", "email", "action", "subject type", "subject id", "summary", "details", "via"] as const;
