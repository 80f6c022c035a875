import { describe, expect, it } from "vitest";
import { describePoNumberFormat, matchesPoNumberFormat, poNumberFormatProblem } from "./po-number-format";

describe("a company's PO number format", () => {
  it("takes # for a digit, @ for a letter, * for either, and everything else as itself in either case", () => {
    expect(matchesPoNumberFormat("PO-######", "PO-004211")).toBe(true);
    expect(matchesPoNumberFormat("PO-######", "po-004211")).toBe(true);
    expect(matchesPoNumberFormat("PO-######", " PO-004211 ")).toBe(true);
    expect(matchesPoNumberFormat("PO-######", "PO-04211")).toBe(false);
    expect(matchesPoNumberFormat("PO-######", "PO-0042111")).toBe(false);
    expect(matchesPoNumberFormat("PO-######", "PO-00421X")).toBe(false);
    expect(matchesPoNumberFormat("@@/****", "FM/9x2Z")).toBe(true);
    expect(matchesPoNumberFormat("@@/****", "F1/9x2Z")).toBe(false);
    // Letters of a prefix are themselves, so ACME- is not "a letter then CME-".
    expect(matchesPoNumberFormat("ACME-####", "ABME-1234")).toBe(false);
  });

  it("says the format in words a buyer reads", () => {
    expect(describePoNumberFormat("PO-######")).toBe("PO- then 6 digits");
    expect(describePoNumberFormat("@@-#-**")).toBe("2 letters then - then 1 digit then - then 2 letters or digits");
  });

  it("refuses a format with nothing to fill in, spaces, or an example that does not fit, naming the field", () => {
    expect(poNumberFormatProblem("PO-######", "PO-004211")).toBeNull();
    expect(poNumberFormatProblem("PO-", "PO-")?.field).toBe("poNumberPattern");
    expect(poNumberFormatProblem("PO ####", "PO 1234")?.field).toBe("poNumberPattern");
    expect(poNumberFormatProblem("PO-####", "")).toEqual({
      field: "poNumberExample",
      message: "Give an example PO number, so buyers see what one looks like.",
    });
    expect(poNumberFormatProblem("PO-####", "PO-12")).toEqual({
      field: "poNumberExample",
      message: "The example PO-12 does not fit the format PO-#### (PO- then 4 digits).",
    });
  });
});
