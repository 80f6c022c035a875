import { describe, expect, it } from "vitest";
import { allowedEdits, correctionsFor, editDistance, prefixQuery, searchWords } from "./search-terms";

describe("search terms", () => {
  it("splits what is typed into lower-case words of letters and digits, once each", () => {
    expect(searchWords("  Nitrile GLOVES, nitrile (box) FM-0014-LT ")).toEqual(["nitrile", "gloves", "box", "fm", "0014", "lt"]);
    expect(searchWords("'; drop table x; --")).toEqual(["drop", "table", "x"]);
    expect(searchWords("a b c d e f g h i j")).toHaveLength(8);
  });

  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("glvoes", "gloves")).toBe(1);
    expect(editDistance("tpae", "tape")).toBe(1);
    expect(editDistance("glovs", "gloves")).toBe(1);
    expect(editDistance("gloves", "gloves")).toBe(0);
    expect(editDistance("glvoes", "globe")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });

  it("allows no typo in short words, one in most, two in long ones", () => {
    expect(allowedEdits("box")).toBe(0);
    expect(allowedEdits("tape")).toBe(1);
    expect(allowedEdits("letterhead")).toBe(2);
  });

  it("corrects a word only when no catalog word starts with it", () => {
    expect(correctionsFor("glvoes", ["glass", "globe", "gloves", "glue"])).toEqual(["gloves"]);
    expect(correctionsFor("nitr", ["nitrile", "nut"])).toEqual([]);
    expect(correctionsFor("tape", ["tape", "tale", "type"])).toEqual([]);
    expect(correctionsFor("leterhed", ["letterhead", "leather"])).toEqual(["letterhead"]);
    expect(correctionsFor("bxo", ["box"])).toEqual([]);
    expect(correctionsFor("zzzzzz", ["gloves"])).toEqual([]);
  });

  it("asks for every word as a prefix or one of its corrections", () => {
    expect(prefixQuery(["nitr"])).toBe("nitr:*");
    expect(prefixQuery(["nitrile", "glvoes"], new Map([["glvoes", ["gloves"]]]))).toBe("nitrile:* & (glvoes:* | gloves)");
  });
});
