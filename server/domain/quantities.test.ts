import { describe, expect, it } from "vitest";
import { quantityFromText } from "./quantities";

describe("a quantity as a person types it", () => {
  it("reads plain digits, with spaces around them", () => {
    expect(quantityFromText("12")).toBe(12);
    expect(quantityFromText(" 3 ")).toBe(3);
    expect(quantityFromText("0")).toBe(0);
  });

  it("does not read exponents, fractions, signs or words as a quantity", () => {
    for (const typed of ["1e3", "2.5", "+3", "-1", "12 boxes", "", "0x10", "١٢"]) expect(quantityFromText(typed)).toBeNaN();
  });
});
