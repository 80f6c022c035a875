import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companies, userSessions } from "@/db/schema";
import { authOptions, signIn, signOut } from "@/server/auth";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";
import { checkSession } from "./sessions";

const password = "harness-password";
const chromeOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const safariOnIphone =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const minutesLater = (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000);

describe.each(databaseKinds)("sessions that can be ended on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "sam@sessions.example", name: "Sam Buyer", password, roles: ["buyer"] },
        { email: "pat@sessions.example", name: "Pat Buyer", password, roles: ["buyer"] },
        { email: "ida@sessions.example", name: "Ida Idle", password, roles: ["buyer"] },
        { email: "eve@sessions.example", name: "Eve Everywhere", password, roles: ["buyer"] },
        { email: "cal@sessions.example", name: "Cal Changer", password, roles: ["buyer"] },
      ],
    });
    other = await h.createCompany({ users: [{ email: "oz@other.example", name: "Oz Other", password, roles: ["buyer"] }] });
  });
  afterAll(async () => h?.close());

  const sessionRow = async (id: string) => (await h.db.select().from(userSessions).where(eq(userSessions.id, id)))[0]!;

  it("signing in starts a new session every time, remembering where from, and the cookie's token carries its id", async () => {
    const first = await signIn(
      h.db,
      { email: "SAM@sessions.example", password },
      { "user-agent": chromeOnWindows, "x-forwarded-for": "203.0.113.7, 10.0.0.1" },
    );
    const second = await signIn(h.db, { email: "sam@sessions.example", password }, { "user-agent": safariOnIphone });
    expect(first && second).toBeTruthy();
    expect(first!.sessionId).not.toBe(second!.sessionId);
    expect(first!.sessionId.length).toBeGreaterThanOrEqual(40);
    expect(await signIn(h.db, { email: "sam@sessions.example", password: "wrong-password" }, {})).toBeNull();

    const token = await authOptions.callbacks!.jwt!({ token: {}, user: first!, account: null } as never);
    expect(token.sid).toBe(first!.sessionId);

    const seen = await h.callerForSession(second!.sessionId).me.sessions();
    const sam = seen.filter((s) => s.id === first!.sessionId || s.id === second!.sessionId);
    expect(sam).toHaveLength(2);
    expect(sam.find((s) => s.current)).toMatchObject({ id: second!.sessionId, device: "Safari on iPhone", live: true });
    expect(sam.find((s) => !s.current)).toMatchObject({ device: "Chrome on Windows", ip: "203.0.113.7", live: true });
  });

  it("signing out ends the session: the same cookie is refused afterwards, other sign-ins carry on", async () => {
    const here = await signIn(h.db, { email: "sam@sessions.example", password }, {});
    const elsewhere = await acme.signIn("sam@sessions.example");
    const caller = h.callerForSession(here!.sessionId);
    expect((await caller.me.get()).email).toBe("sam@sessions.example");

    await signOut(h.db, await authOptions.callbacks!.jwt!({ token: {}, user: here!, account: null } as never));

    expect(await rejection(caller.me.get())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await rejection(caller.cart.get())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await sessionRow(here!.sessionId)).toMatchObject({ endedReason: "signed_out" });
    expect((await elsewhere.caller.me.get()).email).toBe("sam@sessions.example");
  });

  it("a session unused for the company's idle time ends, and is refused from then on", async () => {
    const { sessionId, caller } = await acme.signIn("ida@sessions.example");
    const { createdAt } = await sessionRow(sessionId);
    expect(await checkSession(h.db, sessionId, minutesLater(createdAt, 29))).toMatchObject({ email: "ida@sessions.example" });
    // In use at 29 minutes: the idle time counts again from then, so 58 minutes after sign-in it is still live.
    expect(await checkSession(h.db, sessionId, minutesLater(createdAt, 58))).not.toBeNull();
    expect(await checkSession(h.db, sessionId, minutesLater(createdAt, 58 + 29))).not.toBeNull();
    expect(await checkSession(h.db, sessionId, minutesLater(createdAt, 58 + 29 + 30))).toBeNull();
    expect(await sessionRow(sessionId)).toMatchObject({ endedReason: "idle" });
    expect(await rejection(caller.me.get())).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a page refreshing its counts on its own does not keep an unused session alive", async () => {
    const { sessionId } = await acme.signIn("ida@sessions.example");
    const { createdAt } = await sessionRow(sessionId);
    for (let minute = 5; minute < 30; minute += 5) {
      expect(await checkSession(h.db, sessionId, minutesLater(createdAt, minute), { background: true })).not.toBeNull();
    }
    expect((await sessionRow(sessionId)).lastSeenAt).toEqual(createdAt);
    // The same through tRPC: the navigation's badge refresh is answered, and the session's last use stays where it was.
    await h.db
      .update(userSessions)
      .set({ lastSeenAt: minutesLater(createdAt, -5) })
      .where(eq(userSessions.id, sessionId));
    expect((await h.callerForSession(sessionId, { background: true }).me.get()).email).toBe("ida@sessions.example");
    expect((await sessionRow(sessionId)).lastSeenAt).toEqual(minutesLater(createdAt, -5));
    await h.callerForSession(sessionId).me.get();
    expect((await sessionRow(sessionId)).lastSeenAt.getTime()).toBeGreaterThan(createdAt.getTime());
    await h.db.update(userSessions).set({ lastSeenAt: createdAt }).where(eq(userSessions.id, sessionId));
    expect(await checkSession(h.db, sessionId, minutesLater(createdAt, 30), { background: true })).toBeNull();
    expect(await sessionRow(sessionId)).toMatchObject({ endedReason: "idle" });
  });

  it("a session in constant use still ends at the company's absolute time, which each company sets", async () => {
    await h.db.update(companies).set({ sessionAbsoluteHours: 2 }).where(eq(companies.id, acme.companyId));
    try {
      const { sessionId, caller } = await acme.signIn("ida@sessions.example");
      const { createdAt } = await sessionRow(sessionId);
      for (let minute = 20; minute < 120; minute += 20) expect(await checkSession(h.db, sessionId, minutesLater(createdAt, minute))).not.toBeNull();
      expect(await checkSession(h.db, sessionId, minutesLater(createdAt, 120))).toBeNull();
      expect(await sessionRow(sessionId)).toMatchObject({ endedReason: "expired" });
      expect(await rejection(caller.me.get())).toMatchObject({ code: "UNAUTHORIZED" });
    } finally {
      await h.db.update(companies).set({ sessionAbsoluteHours: 12 }).where(eq(companies.id, acme.companyId));
    }
  });

  it("sign out everywhere ends every session of the person, this one included, and nobody else's", async () => {
    const phone = await acme.signIn("eve@sessions.example", { userAgent: safariOnIphone });
    const laptop = await acme.signIn("eve@sessions.example", { userAgent: chromeOnWindows });
    const colleague = await acme.signIn("pat@sessions.example");

    expect(await laptop.caller.me.signOutEverywhere()).toEqual({ ended: 2 });

    expect(await rejection(laptop.caller.me.get())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await rejection(phone.caller.me.get())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await sessionRow(phone.sessionId)).toMatchObject({ endedReason: "signed_out_everywhere" });
    expect((await colleague.caller.me.get()).email).toBe("pat@sessions.example");
  });

  it("ending one of my sessions from the list signs that device out; the list shows it ended, after the live ones", async () => {
    const phone = await acme.signIn("pat@sessions.example", { userAgent: safariOnIphone });
    const laptop = await acme.signIn("pat@sessions.example", { userAgent: chromeOnWindows });
    expect(await laptop.caller.me.endSession({ sessionId: phone.sessionId })).toEqual({ ended: true, wasThisOne: false });
    expect(await rejection(phone.caller.me.get())).toMatchObject({ code: "UNAUTHORIZED" });

    const listed = await laptop.caller.me.sessions();
    const firstEnded = listed.findIndex((s) => !s.live);
    expect(listed.slice(firstEnded).every((s) => !s.live)).toBe(true);
    expect(listed.find((s) => s.id === phone.sessionId)).toMatchObject({ live: false, endedReason: "signed_out", device: "Safari on iPhone" });
  });

  it("another person's session is not found, in the same company or another, and stays live", async () => {
    const pat = await acme.signIn("pat@sessions.example");
    const oz = await other.signIn("oz@other.example");
    const sam = await acme.signIn("sam@sessions.example");
    for (const sessionId of [pat.sessionId, oz.sessionId, "no-such-session"]) {
      expect(await rejection(sam.caller.me.endSession({ sessionId }))).toMatchObject({ code: "NOT_FOUND", message: "That session was not found" });
    }
    expect((await pat.caller.me.get()).email).toBe("pat@sessions.example");
    expect((await oz.caller.me.get()).email).toBe("oz@other.example");
    expect((await sam.caller.me.sessions()).some((s) => s.id === pat.sessionId || s.id === oz.sessionId)).toBe(false);
  });

  it("changing the password needs the current one and 12 characters, then ends every other session but this one", async () => {
    const elsewhere = await acme.signIn("cal@sessions.example");
    const here = await acme.signIn("cal@sessions.example");

    expect(await rejection(here.caller.me.changePassword({ currentPassword: "not-my-password", newPassword: "a-long-new-password" }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "currentPassword",
      message: "That is not your current password.",
    });
    expect(await rejection(here.caller.me.changePassword({ currentPassword: password, newPassword: "too-short" }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "newPassword",
      message: "Choose a password of at least 12 characters.",
    });
    expect(await rejection(here.caller.me.changePassword({ currentPassword: password, newPassword: "my name is cal changer" }))).toMatchObject({
      field: "newPassword",
      message: "Choose a password that does not contain your name.",
    });
    // Refused changes changed nothing: the other session and the old password still work.
    expect((await elsewhere.caller.me.get()).email).toBe("cal@sessions.example");

    expect(await here.caller.me.changePassword({ currentPassword: password, newPassword: "a-long-new-password" })).toEqual({ otherSessionsEnded: 1 });

    expect(await rejection(elsewhere.caller.me.get())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await sessionRow(elsewhere.sessionId)).toMatchObject({ endedReason: "password_changed" });
    expect((await here.caller.me.get()).email).toBe("cal@sessions.example");
    expect(await signIn(h.db, { email: "cal@sessions.example", password }, {})).toBeNull();
    expect(await signIn(h.db, { email: "cal@sessions.example", password: "a-long-new-password" }, {})).not.toBeNull();
  });

  it("without a session, or with a made-up one, nothing is answered", async () => {
    expect(await rejection(h.anonymous().me.get())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await rejection(h.callerForSession("made-up").me.get())).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
