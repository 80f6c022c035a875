/**
 * Separation of duties for the approval policy: whoever saves a policy version must not be able to use it to skip
 * approval of their own purchases (empty the policy, submit, restore). Their own requisitions are therefore judged
 * by the current version together with the newest version someone else saved, so every step either would ask for
 * still applies. A company whose every version is the requester's own falls back to its first version, the portal's
 * default policy it started with.
 */
import type { ApprovalChain, PolicyRule } from "./approval-policy";

export interface PolicyVersionFacts {
  id: string;
  version: number;
  createdById: string | null;
  rules: PolicyRule[];
}

export interface PolicyForRequester {
  rules: PolicyRule[];
  current: PolicyVersionFacts | null;
  /** The version also applied because the requester saved the current one; null when the current one is someone else's. */
  alsoUnder: PolicyVersionFacts | null;
}

/** Same conditions and the same step: the counterpart's copy would only ask the same people twice. */
const ruleShape = (rule: PolicyRule) => JSON.stringify({ conditions: rule.conditions, step: rule.step });

/**
 * @param current the company's newest version
 * @param counterpart the newest version someone other than the requester saved, else the company's first version
 */
export function policyForRequester(current: PolicyVersionFacts | null, counterpart: PolicyVersionFacts | null, requesterId: string): PolicyForRequester {
  if (!current) return { rules: [], current: null, alsoUnder: null };
  if (current.createdById !== requesterId || !counterpart || counterpart.id === current.id) {
    return { rules: current.rules, current, alsoUnder: null };
  }
  const shapes = new Set(current.rules.map(ruleShape));
  const added = counterpart.rules
    .filter((rule) => !shapes.has(ruleShape(rule)))
    .map((rule) => ({ ...rule, id: `${counterpartPrefix(counterpart.version)}${rule.id}` }));
  return { rules: [...current.rules, ...added], current, alsoUnder: counterpart };
}

const counterpartPrefix = (version: number) => `v${version}:`;

/** The steps only the counterpart asked for say so, so the approver sees why the requester's own change did not apply. */
export function explainCounterpartSteps(chain: ApprovalChain, chosen: PolicyForRequester): ApprovalChain {
  const { alsoUnder, current } = chosen;
  if (!alsoUnder || !current) return chain;
  const prefix = counterpartPrefix(alsoUnder.version);
  const why = `policy version ${alsoUnder.version} still applies, as the requester saved version ${current.version} themselves`;
  return { ...chain, steps: chain.steps.map((s) => (s.ruleId.startsWith(prefix) ? { ...s, reasons: [...s.reasons, why] } : s)) };
}

/** For the record and the approver: why this requisition was also judged by an older version. */
export function separationOfDutiesNote(chosen: PolicyForRequester, savedBy: string | null): string | null {
  if (!chosen.alsoUnder || !chosen.current) return null;
  return `The requester saved policy version ${chosen.current.version} themselves, so version ${chosen.alsoUnder.version}${savedBy ? ` (saved by ${savedBy})` : ""} applies to it as well`;
}
