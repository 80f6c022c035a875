import { describe, expect, it } from "vitest";
import { clauses, sentence } from "./sentences";

describe("sentences around typed text", () => {
  it("ends with exactly one full stop", () => {
    expect(sentence("Over budget")).toBe("Over budget.");
    expect(sentence("Over budget.")).toBe("Over budget.");
    expect(sentence("  Over budget.  ")).toBe("Over budget.");
    expect(sentence("Really?")).toBe("Really?");
    expect(sentence("")).toBe("");
  });

  it("joins clauses with semicolons and ends once", () => {
    expect(clauses(["FM-0014-LT: too many.", "TB-2: not needed"])).toBe("FM-0014-LT: too many; TB-2: not needed.");
    expect(clauses(["only one;"])).toBe("only one.");
  });
});
