/**
 * Every tRPC procedure, read from the router (a new one is covered the day it is added), called by everyone who must
 * not have it: signed out; each role of another company, with this company's real object ids; each role of this
 * company that the procedure's builder does not admit. Signed out is "please sign in" (except the procedures public by
 * design), another company's objects are "not found" and never appear in an answer, a missing role is "forbidden".
 */
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/common/roles";
import { appRouter } from "@/server/trpc/root";
import type { ProcedureAccess } from "@/server/trpc/init";
import { databaseKinds, startHarness, type Harness } from "@/server/testing/harness";
import { companyWithObjects, ROLE_PEOPLE, type CompanyObjects } from "@/server/testing/company-objects";
import { callProcedure, PROCEDURE_INPUTS, PUBLIC_BY_DESIGN } from "@/server/testing/procedure-inputs";

interface RouterProcedure {
  _def: { type: "query" | "mutation" | "subscription"; meta?: { access?: ProcedureAccess } };
}

const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, RouterProcedure> }).procedures).sort(([a], [b]) =>
  a.localeCompare(b),
);

type Outcome = { ok: true; answer: unknown } | { ok: false; code: string; message: string };
async function outcomeOf(promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, answer: await promise };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const IS_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every id of this company's own objects (and its session and token), to look for in answers another company gets. */
function idsOf(objects: CompanyObjects, company: CompanyObjects["company"]): Set<string> {
  const { as: _as, all: _all, company: _company, yodifyItem: _item, ...own } = objects;
  const ids = new Set<string>([...JSON.stringify(own).matchAll(UUID)].map((m) => m[0]));
  ids.add(company.companyId);
  for (const user of company.users) ids.add(user.id);
  ids.add(objects.otherSession.sessionId);
  ids.add(objects.scimToken.token);
  return ids;
}

/** The same input with every id of this company swapped for one nobody has: what a caller gets for objects that do not exist. */
function ghostOf(input: unknown, ids: Set<string>): unknown {
  if (input === undefined) return undefined;
  let json = JSON.stringify(input);
  for (const id of ids) if (json.includes(id)) json = json.replaceAll(id, IS_UUID.test(id) ? randomUUID() : randomUUID().replaceAll("-", ""));
  return JSON.parse(json);
}

const sameAnswer = (a: Outcome, b: Outcome) => (a.ok && b.ok) || (!a.ok && !b.ok && a.code === b.code && a.message === b.message);

const admits = (access: ProcedureAccess | undefined, roles: Role[]) =>
  access === "anyone" || access === "member" || (Array.isArray(access) && access.some((r) => roles.includes(r)));

describe.each(databaseKinds)("authorization matrix on %s", (kind) => {
  let h: Harness;
  let alpha: CompanyObjects;
  let beta: CompanyObjects;
  let alphaIds: Set<string>;
  let unreadBefore: string[];
  const unreadOfAlphaApprover = async () => (await alpha.as("approver").notifications.list({ limit: 30, unreadOnly: true })).map((n) => n.id);

  beforeAll(async () => {
    h = await startHarness(kind);
    alpha = await companyWithObjects(h, "alpha");
    beta = await companyWithObjects(h, "beta");
    alphaIds = idsOf(alpha, alpha.company);
    unreadBefore = await unreadOfAlphaApprover();
  }, 180_000);
  afterAll(async () => h?.close());

  it("classifies every procedure: an input for each, and a reason for each public one", () => {
    const names = procedures.map(([name]) => name);
    expect(
      names.filter((name) => !(name in PROCEDURE_INPUTS)),
      "procedures without an input in server/testing/procedure-inputs.ts",
    ).toEqual([]);
    expect(
      Object.keys(PROCEDURE_INPUTS).filter((name) => !names.includes(name)),
      "inputs for procedures the router no longer has",
    ).toEqual([]);
    const unclassified = procedures.filter(([, p]) => p._def.meta?.access === undefined).map(([name]) => name);
    expect(unclassified, "procedures built without a role in server/trpc/init.ts").toEqual([]);
    const publicOnes = procedures.filter(([, p]) => p._def.meta?.access === "anyone").map(([name]) => name);
    expect(publicOnes.sort()).toEqual(Object.keys(PUBLIC_BY_DESIGN).sort());
  });

  it("refuses everyone who must not have a procedure", { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    let cells = 0;
    const expectThat = (cell: string, outcome: Outcome, check: (o: Outcome) => string | null) => {
      cells++;
      const wrong = check(outcome);
      if (wrong) failures.push(`${cell}: ${wrong} (got ${outcome.ok ? "an answer" : `${outcome.code} "${outcome.message}"`})`);
    };
    const leaks = (outcome: Outcome) => {
      if (!outcome.ok) return null;
      const json = JSON.stringify(outcome.answer) ?? "";
      const leaked = [...alphaIds].filter((id) => json.includes(id));
      return leaked.length > 0 ? `answered with this company's ids ${leaked.slice(0, 3).join(", ")}` : null;
    };
    const code =
      (...codes: string[]) =>
      (outcome: Outcome) =>
        !outcome.ok && codes.includes(outcome.code) ? null : `expected ${codes.join(" or ")}`;

    const signedOut = h.anonymous();
    const otherCompany = ROLE_PEOPLE.map((p) => ({ who: `beta ${p.key}`, roles: p.roles, key: p.key }));
    const missingRoles = ROLE_PEOPLE.filter((p) => p.key !== "all");

    for (const [name, procedure] of procedures) {
      const access = procedure._def.meta?.access;
      const input = PROCEDURE_INPUTS[name]!(alpha);
      const namesThisCompany = [...alphaIds].some((id) => (JSON.stringify(input) ?? "").includes(id));

      // (a) signed out
      const anonymous = await outcomeOf(callProcedure(signedOut, name, input));
      if (access === "anyone")
        expectThat(`${name} signed out`, anonymous, (o) => (!o.ok && o.code === "INTERNAL_SERVER_ERROR" ? "failed on our side" : leaks(o)));
      else expectThat(`${name} signed out`, anonymous, code("UNAUTHORIZED"));
      if (access === "anyone") continue;

      // (b) every role of another company, with this company's ids: forbidden for a role it lacks, else not found, or
      // (for an input that names nothing of this company) its own company's answer with nothing of this one's in it.
      for (const person of otherCompany) {
        // A session of its own per call: a call may end the caller's sessions (sign out everywhere).
        const outcome = await outcomeOf(callProcedure(beta.as(person.key), name, input));
        const cell = `${name} as ${person.who}`;
        if (!admits(access, person.roles)) expectThat(cell, outcome, code("FORBIDDEN"));
        else if (namesThisCompany) {
          // Not found; or, where the procedure answers a reference it does not know in another way (a filter that
          // finds nothing, "choose one of your company's cost centers"), exactly what it answers for an object that does
          // not exist, so the caller learns nothing about this company.
          const ghost = await outcomeOf(callProcedure(beta.as(person.key), name, ghostOf(input, alphaIds)));
          expectThat(cell, outcome, (o) =>
            !o.ok && o.code === "NOT_FOUND"
              ? null
              : (leaks(o) ?? (sameAnswer(o, ghost) ? null : `expected NOT_FOUND, or what a made-up id gets (${ghost.ok ? "an answer" : ghost.code})`)),
          );
        } else expectThat(cell, outcome, (o) => (!o.ok && o.code === "INTERNAL_SERVER_ERROR" ? "failed on our side" : leaks(o)));
      }

      // (c) each role of this company that the procedure does not admit
      for (const person of missingRoles) {
        if (admits(access, person.roles)) continue;
        expectThat(`${name} as alpha ${person.key}`, await outcomeOf(callProcedure(alpha.as(person.key), name, input)), code("FORBIDDEN"));
      }
    }

    console.log(
      `authorization matrix on ${kind}: ${procedures.length} procedures × ${1 + otherCompany.length + missingRoles.length} callers ` +
        `(signed out, ${otherCompany.length} of another company, ${missingRoles.length} roles of this one), ${cells} calls made, ` +
        `${failures.length} failures${failures.length ? `:\n  ${failures.join("\n  ")}` : ""}`,
    );
    expect(failures).toEqual([]);
    // The roles the matrix plays are all the roles there are.
    expect(new Set(missingRoles.flatMap((p) => p.roles))).toEqual(new Set(ROLES));
  });

  it("still shows this company its own objects after all of it", async () => {
    // Nothing the other company tried changed them: the list, the group, the waiting requisition are still there.
    const all = alpha.all;
    expect((await all.orderLists.get({ listId: alpha.list.id })).id).toBe(alpha.list.id);
    expect((await all.groups.list()).map((g: { id: string }) => g.id)).toContain(alpha.group.id);
    expect((await all.requisitions.get({ requisitionId: alpha.waiting.requisitionId })).status).toBe(alpha.waitingView.status);
    // Marking them read from another company (answered like any id it does not have) left them unread.
    expect(unreadBefore.length).toBeGreaterThan(0);
    expect(await unreadOfAlphaApprover()).toEqual(unreadBefore);
  });
});
