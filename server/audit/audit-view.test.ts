import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "@/server/auth";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";
import { AUDIT_CSV_COLUMNS } from "@/server/domain/audit-words";
import { auditCsvRecord } from "./audit-view";
import { PROCEDURE_INPUTS } from "@/server/testing/procedure-inputs";

const password = "harness-password";

/** RFC 4180 as csv-stringify writes it: quoted fields with doubled quotes, CRLF or LF rows. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (c !== "\r") field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe.each(databaseKinds)("the admin's audit log on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let adminCaller: ReturnType<(typeof acme)["callerFor"]>;
  // One sign-in for the whole file: each new one is itself an entry.
  const admin = () => (adminCaller ??= acme.callerFor("ada@audit.example"));

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "ada@audit.example", name: "Ada Admin", password, roles: ["admin"] },
        { email: "bo@audit.example", name: "Bo Buyer", password, roles: ["buyer"] },
      ],
    });
    other = await h.createCompany({ users: [{ email: "oz@elsewhere.example", name: "Oz Other", password, roles: ["admin"] }] });
  });
  afterAll(async () => h?.close());

  const bo = () => acme.users.find((u) => u.email === "bo@audit.example")!;

  it("records failed and successful sign-ins, a role change, a session ended and a settings change, in words", async () => {
    expect(await signIn(h.db, { email: "bo@audit.example", password: "not-it" }, { "x-forwarded-for": "203.0.113.9" })).toBeNull();
    expect(await signIn(h.db, { email: "nobody@audit.example", password: "guess-1" }, {})).toBeNull();
    const signedIn = await signIn(h.db, { email: "bo@audit.example", password }, {});
    expect(signedIn).toBeTruthy();
    await h.callerForSession(signedIn!.sessionId).me.endSession({ sessionId: signedIn!.sessionId });
    await admin().people.setRoles({ userId: bo().id, roles: ["buyer", "approver"] });
    await admin().company.saveSettings({ ...(PROCEDURE_INPUTS["company.saveSettings"]!(null as never) as object), sessionIdleMinutes: 45 } as never);

    const { entries } = await admin().audit.list({ filter: {} });
    const said = entries.map((e) => `${e.who}: ${e.what} · ${e.summary}`);
    expect(said).toContain("Not signed in: Sign-in failed · bo@audit.example: wrong password (from 203.0.113.9)");
    expect(said).toContain("Not signed in: Sign-in failed · nobody@audit.example: no account with that email");
    expect(said.find((s) => s.startsWith("Bo Buyer: Signed in with a password"))).toBeTruthy();
    expect(said.find((s) => s.startsWith("Bo Buyer: Ended a session"))).toBeTruthy();
    expect(said).toContain("Ada Admin: Changed roles · buyer → buyer, approver");
    expect(said.find((s) => s.startsWith("Ada Admin: Changed company settings"))).toContain("session idle minutes:");
    expect(JSON.stringify(entries)).not.toContain("not-it");
    expect(JSON.stringify(entries)).not.toContain("guess-1");
    expect(entries.map((e) => e.at.getTime())).toEqual([...entries.map((e) => e.at.getTime())].sort((a, b) => b - a));
  });

  it("filters narrow the list, and pages follow on by keyset without repeats", async () => {
    const signIns = (await admin().audit.list({ filter: { group: "sign_ins" } })).entries;
    expect(signIns.length).toBeGreaterThanOrEqual(3);
    expect(signIns.every((e) => e.group === "sign_ins")).toBe(true);
    const aboutBo = (await admin().audit.list({ filter: { personId: bo().id, group: "roles" } })).entries;
    expect(aboutBo.map((e) => e.what)).toEqual(["Changed roles"]);
    const typed = (await admin().audit.list({ filter: { q: "nobody@audit" } })).entries;
    expect(typed.map((e) => e.summary)).toEqual(["nobody@audit.example: no account with that email"]);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect((await admin().audit.list({ filter: { from: tomorrow } })).entries).toEqual([]);

    const all = (await admin().audit.list({ filter: {} })).entries.map((e) => e.id);
    const seen: string[] = [];
    let after: { at: string; id: string } | null = null;
    do {
      const pageOf: { entries: { id: string }[]; next: { at: string; id: string } | null } = await admin().audit.list({ filter: {}, after });
      seen.push(...pageOf.entries.map((e) => e.id));
      after = pageOf.next;
    } while (after);
    expect(seen).toEqual(all);
  });

  it("never shows another company's entries, and refuses a non-admin", async () => {
    const theirs = (await other.callerFor("oz@elsewhere.example").audit.list({ filter: {} })).entries;
    expect(JSON.stringify(theirs)).not.toContain("audit.example");
    await expect(acme.callerFor("bo@audit.example").audit.list({ filter: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(acme.callerFor("bo@audit.example").audit.export({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("exports the filtered rows as CSV with the header", async () => {
    const { records } = await admin().audit.export({ group: "sign_ins", q: "wrong_password" });
    const rows: string[][] = [];
    for await (const r of records) rows.push(r);
    const { stringify } = await import("csv-stringify/sync");
    const csv = stringify(rows, { header: true, columns: [...AUDIT_CSV_COLUMNS] });
    const [header, ...body] = parseCsv(csv);
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    const parsed = body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])) as Record<string, string>);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ person: "Not signed in", action: "Sign-in failed", "subject type": "Person", "subject id": bo().id });
    expect(JSON.parse(parsed[0]!.details!)).toMatchObject({ email: "bo@audit.example", reason: "wrong_password" });
    expect(auditCsvRecord).toBeTypeOf("function");
  });
});
