import { z } from "zod";
import { ROLES } from "@/common/roles";
import { percentInBasisPoints } from "@/server/routers/fields";

export const POLICY_LEVELS = { min: 1, max: 9 } as const;
export const MAX_RULES = 50;
export const MAX_CONDITIONS = 10;

const role = z.enum(ROLES, { message: "Choose buyer, approver, accounts payable or admin" });
const ids = (what: string) => z.array(z.uuid({ message: `Choose ${what} from the list` })).max(500);

/**
 * An amount as the admin typed it, in major units ("5000", "5,000.00"). Kept as
 * text: the company's currency decides how many decimals it may have, and the
 * handler knows the currency.
 */
const amountText = z.union([z.string(), z.number()], { message: "Enter an amount like 5000 or 5,000.00" }).transform((v) => String(v).trim());

const condition = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("total_above"), amount: amountText }),
    z.object({ kind: z.literal("total_below"), amount: amountText }),
    z.object({ kind: z.literal("cost_center_in"), costCenterIds: ids("cost centers") }),
    z.object({ kind: z.literal("supplier_in"), supplierIds: ids("suppliers") }),
    z.object({ kind: z.literal("category_in"), categoryIds: z.array(z.string().trim().min(1, "Choose categories from the list").max(200)).max(500) }),
    z.object({ kind: z.literal("over_budget") }),
    z.object({ kind: z.literal("requester_role_in"), roles: z.array(role).max(3) }),
    z.object({ kind: z.literal("requester_in"), userIds: ids("people") }),
    z.object({ kind: z.literal("requester_in_group"), groupIds: ids("groups") }),
  ],
  { message: "Choose what the condition looks at" },
);

type PolicyConditionInput = z.infer<typeof condition>;

const approverSource = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("users"), userIds: ids("people") }),
    z.object({ kind: z.literal("role"), role }),
    z.object({ kind: z.literal("group"), groupId: z.uuid({ message: "Choose a group from the list" }) }),
    z.object({ kind: z.literal("cost_center_owner") }),
  ],
  { message: "Choose who approves" },
);

const rule = z.object({
  id: z
    .string()
    .trim()
    .min(1, "Every rule needs an id")
    .max(60, "A rule id can be at most 60 characters")
    .regex(/^[A-Za-z0-9_-]+$/, "A rule id may hold letters, digits, _ and - only"),
  conditions: z.array(condition).max(MAX_CONDITIONS),
  step: z.object({
    level: z.number({ message: "Enter the level as a whole number from 1 to 9" }),
    approvers: z.array(approverSource).max(10),
    mode: z.enum(["any", "all"], { message: "Choose whether any one or all of them approve" }),
  }),
});

type PolicyRuleInput = z.infer<typeof rule>;

const LIST_OF: Partial<Record<PolicyConditionInput["kind"], [string, string]>> = {
  cost_center_in: ["costCenterIds", "choose at least one cost center"],
  supplier_in: ["supplierIds", "choose at least one supplier"],
  category_in: ["categoryIds", "choose at least one category"],
  requester_role_in: ["roles", "choose at least one role"],
  requester_in: ["userIds", "choose at least one person"],
  requester_in_group: ["groupIds", "choose at least one group"],
};

/**
 * What makes a rule meaningless, said with the rule's number so the admin
 * finds it among many; the path puts the message beside the control.
 */
function checkRules(rules: PolicyRuleInput[], ctx: z.RefinementCtx) {
  const firstWithId = new Map<string, number>();
  rules.forEach((r, i) => {
    const name = `Rule ${i + 1}`;
    const earlier = firstWithId.get(r.id);
    if (earlier !== undefined)
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `${name} has the same id as rule ${earlier + 1}; each rule needs its own.` });
    else firstWithId.set(r.id, i);
    const { level } = r.step;
    if (!Number.isInteger(level) || level < POLICY_LEVELS.min || level > POLICY_LEVELS.max) {
      ctx.addIssue({
        code: "custom",
        path: [i, "step", "level"],
        message: `${name}: the level must be a whole number from ${POLICY_LEVELS.min} to ${POLICY_LEVELS.max}.`,
      });
    }
    if (r.step.approvers.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: [i, "step", "approvers"],
        message: `${name}: choose who approves (named people, a role, or the cost center's owner).`,
      });
    }
    r.step.approvers.forEach((a, k) => {
      if (a.kind === "users" && a.userIds.length === 0)
        ctx.addIssue({ code: "custom", path: [i, "step", "approvers", k, "userIds"], message: `${name}: choose at least one person to approve.` });
      // Only approvers and admins have an approvals inbox; a step sent to "every buyer" would wait for people who cannot act.
      if (a.kind === "role" && (a.role === "buyer" || a.role === "accounts_payable"))
        ctx.addIssue({
          code: "custom",
          path: [i, "step", "approvers", k, "role"],
          message: `${name}: ${a.kind === "role" && a.role === "buyer" ? "buyers" : "accounts payable"} cannot approve; choose the approver or admin role.`,
        });
    });
    r.conditions.forEach((c, j) => {
      const list = LIST_OF[c.kind];
      if (list && (c as unknown as Record<string, unknown[]>)[list[0]]!.length === 0) {
        ctx.addIssue({ code: "custom", path: [i, "conditions", j, list[0]], message: `${name}: ${list[1]}, or remove the condition.` });
      }
      if ((c.kind === "total_above" || c.kind === "total_below") && c.amount === "") {
        ctx.addIssue({ code: "custom", path: [i, "conditions", j, "amount"], message: `${name}: enter an amount, e.g. 5000.` });
      }
    });
    if (r.conditions.filter((c) => c.kind === "over_budget").length > 1) {
      ctx.addIssue({ code: "custom", path: [i, "conditions"], message: `${name} says "over budget" twice; remove one.` });
    }
  });
}

export const savePolicyInput = z.object({
  rules: z.array(rule).max(MAX_RULES, `A policy can have at most ${MAX_RULES} rules`).superRefine(checkRules),
  note: z.string().trim().max(500, "A note can be at most 500 characters").default(""),
  /**
   * The version the admin was editing. When someone saved a newer one since,
   * saving would silently undo their change, so it is refused instead.
   */
  basedOnVersion: z.number().int().min(0).nullable().optional(),
});

const hours = (what: string) =>
  z
    .number({ message: `Enter ${what} as a whole number of hours` })
    .int(`Enter ${what} as a whole number of hours`)
    .min(1, `${what[0]!.toUpperCase()}${what.slice(1)} must be at least 1 hour`)
    .max(720, `${what[0]!.toUpperCase()}${what.slice(1)} can be at most 720 hours (30 days)`);

export const saveSettingsInput = z
  .object({
    escalationHours: hours("the escalation time"),
    reminderHours: hours("the reminder time"),
    priceTolerancePercent: percentInBasisPoints("the price tolerance"),
  })
  // People think in percent, the company row keeps basis points: "2.5" arrives as 250.
  .transform(({ priceTolerancePercent, ...hoursFields }) => ({ ...hoursFields, priceToleranceBp: priceTolerancePercent }));
