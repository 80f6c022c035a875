import { describe, expect, it } from "vitest";
import { reassignOnLeaving, type StepForReassignment } from "./approval-reassignment";

const step = (mode: "any" | "all", ...approvers: [string, "approved" | "rejected" | null, boolean?][]): StepForReassignment => ({
  mode,
  approvers: approvers.map(([userId, decision, active = true]) => ({ userId, decision, active })),
});

describe("a waiting approval step when one of its approvers leaves", () => {
  it("goes on with the step's other approvers who can still decide", () => {
    expect(reassignOnLeaving(step("any", ["abe", null], ["sam", null]), "abe", ["ada"])).toEqual({ kind: "others_carry_on", others: ["sam"] });
    expect(reassignOnLeaving(step("all", ["abe", null], ["sam", null], ["fi", "approved"]), "abe", ["ada"])).toEqual({
      kind: "others_carry_on",
      others: ["sam"],
    });
  });

  it("goes to the admins when nobody else in the step can decide (another leaver does not count)", () => {
    expect(reassignOnLeaving(step("any", ["abe", null], ["sam", null, false]), "abe", ["ada", "al"])).toEqual({ kind: "to_admins", admins: ["ada", "al"] });
    // Everyone else in an "all" step already approved: an admin decides in the leaver's place rather than the step passing unseen.
    expect(reassignOnLeaving(step("all", ["abe", null], ["fi", "approved"]), "abe", ["ada"])).toEqual({ kind: "to_admins", admins: ["ada"] });
  });

  it("leaves alone a step the leaver already decided or is not in, and says when nobody at all is left", () => {
    expect(reassignOnLeaving(step("any", ["abe", "approved"]), "abe", ["ada"])).toEqual({ kind: "untouched" });
    expect(reassignOnLeaving(step("any", ["sam", null]), "abe", ["ada"])).toEqual({ kind: "untouched" });
    expect(reassignOnLeaving(step("any", ["ada", null]), "ada", ["ada"])).toEqual({ kind: "nobody_left" });
  });
});
