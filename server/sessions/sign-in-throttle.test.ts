import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "@/server/auth";
import { secondsFromThrottledCode } from "@/server/domain/sign-in-throttle";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";

const password = "harness-password";

/** The sign-in's answer as the page gets it: the person, null (wrong), or the wait in seconds. */
async function attempt(h: Harness, email: string, pass: string, ip: string, at: Date) {
  try {
    const user = await signIn(h.db, { email, password: pass }, { "x-forwarded-for": ip, "user-agent": "test" }, at);
    return user ? "signed in" : "wrong";
  } catch (error) {
    const wait = secondsFromThrottledCode((error as Error).message);
    if (wait === null) throw error;
    return { wait };
  }
}

describe.each(databaseKinds)("sign-in throttling on %s", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
    await h.createCompany({
      users: [
        { email: "ada@throttle.example", name: "Ada", password, roles: ["buyer"] },
        { email: "bo@throttle.example", name: "Bo", password, roles: ["buyer"] },
      ],
    });
  });
  afterAll(async () => h?.close());

  it("30 wrong passwords in a row, then the right one: refused until the wait is over, then it works", async () => {
    const start = new Date();
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await attempt(h, "ada@throttle.example", `wrong-${i}`, "198.51.100.1", start));
    expect(answers.slice(0, 5)).toEqual(["wrong", "wrong", "wrong", "wrong", "wrong"]);
    // From the sixth on, no password is even checked.
    expect(answers.slice(5).every((a) => typeof a === "object" && a.wait > 0)).toBe(true);
    expect(await attempt(h, "ada@throttle.example", password, "198.51.100.2", start)).toEqual({ wait: 1 });
    // Once the second has passed, the right password works and the count starts again.
    const later = new Date(start.getTime() + 1_500);
    expect(await attempt(h, "ada@throttle.example", password, "198.51.100.2", later)).toBe("signed in");
    expect(await attempt(h, "ada@throttle.example", "wrong-again", "198.51.100.3", later)).toBe("wrong");
  });

  it("slows an email with no account exactly as one with an account, so the wait reveals nothing", async () => {
    const at = new Date();
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 8; i++) {
      known.push(await attempt(h, "BO@throttle.example", `x-${i}`, `203.0.113.${i}`, at));
      unknown.push(await attempt(h, "nobody@throttle.example", `x-${i}`, `203.0.113.${100 + i}`, at));
    }
    expect(unknown).toEqual(known);
  });

  it("slows one address trying many accounts", async () => {
    const at = new Date();
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await attempt(h, `guess-${i}@throttle.example`, "password-guess", "192.0.2.77", at));
    expect(answers.slice(0, 5)).toEqual(["wrong", "wrong", "wrong", "wrong", "wrong"]);
    expect(answers[5]).toEqual({ wait: 1 });
    // Another address is not held back by it.
    expect(await attempt(h, "fresh@throttle.example", "password-guess", "192.0.2.78", at)).toBe("wrong");
  });
});
