import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notify } from "@/server/notifications/notify";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const password = "harness-password";

describe.each(databaseKinds)("notifications on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  const id = (company: typeof acme, email: string) => company.users.find((u) => u.email === email)!.id;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "jane@bell.example", name: "Jane Buyer", password, roles: ["buyer"] },
        { email: "sam@bell.example", name: "Sam Approver", password, roles: ["approver"] },
      ],
    });
    other = await h.createCompany();
    const tell = (company: typeof acme, email: string, title: string, link?: string) =>
      notify(h.db, { companyId: company.companyId, userIds: [id(company, email)], kind: "approval.waiting", title, body: `${title}.`, link });
    await tell(acme, "jane@bell.example", "REQ-1001 was approved", "/requisitions/1001");
    await tell(acme, "sam@bell.example", "REQ-1002 is waiting for you", "/approvals");
    await tell(acme, "jane@bell.example", "REQ-1003 was rejected", "/requisitions/1003");
    await tell(acme, "jane@bell.example", "REQ-1004 was approved", "https://elsewhere.example/");
    await tell(other, other.users[0]!.email, "Someone else's news");
  });
  afterAll(async () => h?.close());

  const jane = () => acme.callerFor("jane@bell.example");
  const sam = () => acme.callerFor("sam@bell.example");

  it("shows a person only their own notifications, newest first, all unread to begin with", async () => {
    const list = await jane().notifications.list({ limit: 10 });
    expect(list.map((n) => n.title)).toEqual(["REQ-1004 was approved", "REQ-1003 was rejected", "REQ-1001 was approved"]);
    expect(list.every((n) => n.unread)).toBe(true);
    expect(list[1]).toMatchObject({ body: "REQ-1003 was rejected.", link: "/requisitions/1003" });
    // A link that would leave the portal is not offered.
    expect(list[0]!.link).toBeNull();
    expect(await jane().notifications.unreadCount()).toBe(3);
    expect((await sam().notifications.list({})).map((n) => n.title)).toEqual(["REQ-1002 is waiting for you"]);
    expect(await jane().notifications.list({ limit: 2 })).toHaveLength(2);
  });

  it("marks read only the caller's own, and another person's id changes nothing and tells nothing", async () => {
    const samsId = (await sam().notifications.list({}))[0]!.id;
    const janes = await jane().notifications.list({});
    const opened = janes.find((n) => n.title === "REQ-1003 was rejected")!;

    expect(await jane().notifications.markRead({ ids: [opened.id] })).toEqual({ unread: 2 });
    const after = await jane().notifications.list({});
    expect(after.find((n) => n.id === opened.id)!.unread).toBe(false);
    expect((await jane().notifications.list({ unreadOnly: true })).map((n) => n.title)).toEqual(["REQ-1004 was approved", "REQ-1001 was approved"]);

    // Sam's id, and an id that exists nowhere, get the same answer as one already read.
    expect(await jane().notifications.markRead({ ids: [samsId] })).toEqual({ unread: 2 });
    expect(await jane().notifications.markRead({ ids: ["00000000-0000-4000-8000-000000000000"] })).toEqual({ unread: 2 });
    expect(await sam().notifications.unreadCount()).toBe(1);
    const outsider = other.callerFor(other.users[0]!.email);
    expect(await outsider.notifications.markRead({ ids: janes.map((n) => n.id) })).toEqual({ unread: 1 });
    expect(await jane().notifications.unreadCount()).toBe(2);
  });

  it("marks all of the caller's as read, leaving everyone else's unread", async () => {
    expect(await jane().notifications.markAllRead()).toEqual({ unread: 0 });
    expect(await jane().notifications.unreadCount()).toBe(0);
    expect(await jane().notifications.list({ unreadOnly: true })).toEqual([]);
    expect(await sam().notifications.unreadCount()).toBe(1);
    expect(await other.callerFor(other.users[0]!.email).notifications.unreadCount()).toBe(1);
  });

  it("asks for sign-in and says what is wrong with the input", async () => {
    expect((await rejection(h.anonymous().notifications.unreadCount())).code).toBe("UNAUTHORIZED");
    expect(await rejection(jane().notifications.markRead({ ids: ["not-an-id"] }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/Unknown notification/),
    });
    expect(await rejection(jane().notifications.markRead({ ids: [] }))).toMatchObject({ code: "BAD_REQUEST", field: "ids" });
  });
});
