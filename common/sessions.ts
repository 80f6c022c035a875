/** Why a signed-in session ended: shown to the person in their list of sessions, and stored beside the session. */
export const SESSION_END_REASONS = ["signed_out", "signed_out_everywhere", "idle", "expired", "password_changed", "deactivated"] as const;

export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export const SESSION_END_REASON_LABELS: Record<SessionEndReason, string> = {
  signed_out: "Signed out",
  signed_out_everywhere: "Signed out everywhere",
  idle: "Ended after a while without use",
  expired: "Ended at its time limit",
  password_changed: "Ended when the password changed",
  deactivated: "Ended when the account was deactivated",
};
