/**
 * What a person may do in the portal. Stored on the user (several at once), named in approval rules, checked by every
 * procedure; defined here once so the database, the policy engine and the pages agree.
 */
export const ROLES = ["buyer", "approver", "accounts_payable", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** A role as a person reads it. */
export const ROLE_LABELS: Record<Role, string> = {
  buyer: "buyer",
  approver: "approver",
  accounts_payable: "accounts payable",
  admin: "admin",
};
