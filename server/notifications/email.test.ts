/**
 * Notification emails end to end: notify() in the database, the outbox worker's
 * pass, and a real SMTP server on a loopback port receiving what a person's
 * mailbox would.
 */
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { notifications, outbox } from "@/db/schema";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";
import { createMailer, type Mailer } from "./email";
import { notify } from "./notify";

const PORTAL = "https://buy.acme.test";
const inTenMinutes = () => new Date(Date.now() + 10 * 60_000);

interface Received {
  to: string[];
  subject: string;
  text: string;
}

/** The body as a person reads it: quoted-printable soft breaks joined and escapes decoded. */
function readableBody(raw: string): string {
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  return body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A mail server that keeps what it accepts, and refuses recipients with the code a test asks for. */
async function startMailbox() {
  const received: Received[] = [];
  let refusal: { code: number; message: string } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? "",
          text: readableBody(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (code: number, message: string) => {
      refusal = { code, message };
    },
    accept: () => {
      refusal = null;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(databaseKinds)("notification emails on %s", (kind) => {
  let h: Harness;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let mailer: Mailer;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let jane: { id: string; email: string };

  beforeAll(async () => {
    [h, mailbox] = await Promise.all([startHarness(kind), startMailbox()]);
    mailer = createMailer(mailbox.url, { portalUrl: PORTAL, from: "Acme Buying <buying@acme.test>" });
    acme = await h.createCompany({
      users: [{ email: "jane@mail.example", name: "Jane Buyer", password: "harness-password", roles: ["buyer"] }],
    });
    jane = acme.users[0]!;
  });
  afterAll(async () => {
    mailer?.transport?.close();
    await Promise.all([h?.close(), mailbox?.close()]);
  });
  beforeEach(() => mailbox.accept());

  const tellJane = async (title: string, link = "/requisitions/00000000-0000-4000-8000-000000000001") => {
    await notify(h.db, {
      companyId: acme.companyId,
      userIds: [jane.id],
      kind: "requisition.approved",
      title,
      body: "Sam Approver approved it; it goes to Hygrade now.",
      link,
    });
    const [row] = await h.db.select().from(notifications).where(eq(notifications.title, title));
    return row!;
  };
  const emailWork = async (notificationId: string) => (await h.db.select().from(outbox).where(eq(outbox.subjectId, notificationId)))[0]!;
  const receivedWith = (subject: string) => mailbox.received.filter((m) => m.subject === subject);

  it("emails the person once, with the title as subject and a link that opens the portal", async () => {
    const notification = await tellJane("REQ-1001 was approved");
    await runDueOutboxWork(h.db, new Date(), 10, { mailer });

    const [message, ...more] = receivedWith("REQ-1001 was approved");
    expect(more).toHaveLength(0);
    expect(message!.to).toEqual(["jane@mail.example"]);
    expect(message!.text).toContain("Sam Approver approved it; it goes to Hygrade now.");
    expect(message!.text).toContain(`${PORTAL}/requisitions/00000000-0000-4000-8000-000000000001`);
    expect((await emailWork(notification.id)).state).toBe("done");
    expect((await h.db.select().from(notifications).where(eq(notifications.id, notification.id)))[0]!.emailedAt).not.toBeNull();

    // Later passes, even long after, send nothing more.
    await runDueOutboxWork(h.db, new Date(), 10, { mailer });
    await runDueOutboxWork(h.db, inTenMinutes(), 10, { mailer });
    expect(receivedWith("REQ-1001 was approved")).toHaveLength(1);
  });

  it("keeps an email the server turned away for now, with the server's reason, and delivers it on a later pass", async () => {
    mailbox.refuse(451, "Mailbox busy, try again later");
    const notification = await tellJane("REQ-1002 was approved");
    await runDueOutboxWork(h.db, new Date(), 10, { mailer });
    expect(receivedWith("REQ-1002 was approved")).toHaveLength(0);
    const waiting = await emailWork(notification.id);
    expect(waiting.state).toBe("pending");
    expect(waiting.lastError).toMatch(/451 Mailbox busy/);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    mailbox.accept();
    // Not before its backoff is over...
    await runDueOutboxWork(h.db, new Date(), 10, { mailer });
    expect(receivedWith("REQ-1002 was approved")).toHaveLength(0);
    // ...then exactly once.
    await runDueOutboxWork(h.db, inTenMinutes(), 10, { mailer });
    await runDueOutboxWork(h.db, inTenMinutes(), 10, { mailer });
    expect(receivedWith("REQ-1002 was approved")).toHaveLength(1);
    expect(await emailWork(notification.id)).toMatchObject({ state: "done", lastError: null });
  });

  it("gives up on an address the server refuses for good, keeping the notification in the portal", async () => {
    mailbox.refuse(550, "No such mailbox");
    const notification = await tellJane("REQ-1003 was approved");
    await runDueOutboxWork(h.db, new Date(), 10, { mailer });
    const given = await emailWork(notification.id);
    expect(given.state).toBe("dead");
    expect(given.lastError).toMatch(/550 No such mailbox/);
    const inPortal = await acme.callerFor("jane@mail.example").notifications.list({ limit: 5 });
    expect(inPortal.map((n) => n.title)).toContain("REQ-1003 was approved");
  });

  it("without SMTP configured sends nothing and closes the work: the notification is in-app only", async () => {
    const before = mailbox.received.length;
    const notification = await tellJane("REQ-1004 was approved");
    await runDueOutboxWork(h.db, new Date(), 10, { mailer: createMailer(undefined, { portalUrl: PORTAL }) });
    expect(mailbox.received).toHaveLength(before);
    expect(await emailWork(notification.id)).toMatchObject({ state: "done" });
    const [stored] = await h.db.select().from(notifications).where(eq(notifications.id, notification.id));
    expect(stored!.emailedAt).toBeNull();
    expect(await acme.callerFor("jane@mail.example").notifications.unreadCount()).toBeGreaterThanOrEqual(1);
  });

  it("links only into the portal, whatever link was stored", async () => {
    await tellJane("REQ-1005 was approved", "//elsewhere.example/phish");
    await runDueOutboxWork(h.db, new Date(), 10, { mailer });
    const [message] = receivedWith("REQ-1005 was approved");
    expect(message!.text).toContain(`${PORTAL}/notifications`);
    expect(message!.text).not.toContain("elsewhere.example");
  });
});
