import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-rules";

describe("a new password", () => {
  const person = { email: "ada.admin@acme.example", name: "Ada Lovelace" };

  it("takes a long passphrase", () => {
    expect(passwordProblem("correct horse battery staple", person)).toBeNull();
  });

  it("refuses one that is short, one character repeated, or made of the person's email or name", () => {
    expect(passwordProblem("short-one", person)).toBe("Choose a password of at least 12 characters.");
    expect(passwordProblem("aaaaaaaaaaaaaaaa", person)).toBe("Choose a password that is not one character repeated.");
    expect(passwordProblem("ADA.ADMIN@acme.example", person)).toBe("Choose a password that does not contain your email address.");
    expect(passwordProblem("my ada.admin password", person)).toBe("Choose a password that does not contain your email address.");
    expect(passwordProblem("I am AdaLovelace!", person)).toBe("Choose a password that does not contain your name.");
    expect(passwordProblem("x".repeat(199) + "y!", person)).toBe("A password can be at most 200 characters.");
  });
});
