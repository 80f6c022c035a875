/**
 * SCIM 2.0 as Okta and Microsoft Entra ID speak it: real Request objects through the same edge the /scim/v2 route hands
 * every request to, over a real database and the people rules. The bodies are shaped exactly as each provider sends them.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, groupMembers, users } from "@/db/schema";
import { money } from "@/server/domain/money";
import { scimApi } from "@/server/scim/api";
import { databaseKinds, rejection, startHarness, type Harness } from "@/server/testing/harness";

const password = "harness-password";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const FM = "FM-0014-LT";

describe.each(databaseKinds)("SCIM provisioning on %s", (kind) => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["createCompany"]>>;
  let other: Awaited<ReturnType<Harness["createCompany"]>>;
  let handle: ReturnType<typeof scimApi>;
  let okta: string;
  let entra: string;
  let otherToken: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    acme = await h.createCompany({
      users: [
        { email: "ada@scim.example", name: "Ada Admin", password, roles: ["admin"] },
        { email: "bea@scim.example", name: "Bea Buyer", password, roles: ["buyer"] },
        { email: "abe@scim.example", name: "Abe Approver", password, roles: ["approver"] },
        { email: "sam@scim.example", name: "Sam Approver", password, roles: ["approver"] },
      ],
      approvalThreshold: null,
      policy: [
        {
          id: "everyone",
          conditions: [{ kind: "total_above", amount: money(1_000, "USD") }],
          step: { level: 1, approvers: [{ kind: "role", role: "approver" }], mode: "all" },
        },
      ],
    });
    other = await h.createCompany({ users: [{ email: "olga@other-scim.example", name: "Olga Other", password, roles: ["admin"] }] });
    handle = scimApi(async () => h.db);
    okta = (await acme.callerFor("ada@scim.example").scimTokens.create({ name: "Okta" })).token;
    entra = (await acme.callerFor("ada@scim.example").scimTokens.create({ name: "Entra ID" })).token;
    otherToken = (await other.callerFor("olga@other-scim.example").scimTokens.create({ name: "Okta" })).token;
  });
  afterAll(async () => h?.close());

  /** One request as the provider sends it: `path` is what follows /scim/v2/, query string included. */
  async function scim(token: string | null, method: string, path: string, body?: unknown) {
    const request = new Request(`http://portal.test/scim/v2/${path}`, {
      method,
      headers: {
        Accept: "application/scim+json",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/scim+json; charset=utf-8" }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const response = await handle(request, path.split("?")[0]!.split("/"));
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      location: response.headers.get("location"),
      body: text ? JSON.parse(text) : null,
    };
  }

  const acmeId = (email: string) => acme.users.find((u) => u.email === email)!.id;
  const personByEmail = async (email: string) => (await h.db.select().from(users).where(eq(users.email, email)))[0];

  it("shows a token once, keeps its last four and when it was used, and refuses unknown and revoked tokens in the SCIM shape", async () => {
    const admin = acme.callerFor("ada@scim.example");
    const made = await admin.scimTokens.create({ name: "Short-lived" });
    expect(made.token.slice(-4)).toBe(made.lastFour);
    const listed = (await admin.scimTokens.list()).find((t) => t.id === made.id)!;
    expect(listed).not.toHaveProperty("token");
    expect(listed.lastUsedAt).toBeNull();

    expect((await scim(made.token, "GET", "Users?count=1")).status).toBe(200);
    expect((await admin.scimTokens.list()).find((t) => t.id === made.id)!.lastUsedAt).not.toBeNull();

    await admin.scimTokens.revoke({ tokenId: made.id });
    const revoked = await scim(made.token, "GET", "Users");
    expect(revoked).toMatchObject({ status: 401, type: "application/scim+json; charset=utf-8", body: { schemas: [ERROR], status: "401" } });
    expect((await scim(`scim_${"x".repeat(43)}`, "GET", "Users")).status).toBe(401);
    expect((await scim(null, "GET", "Users")).status).toBe(401);
    // Only admins keep tokens, and another company's token is not found.
    expect(await rejection(acme.callerFor("bea@scim.example").scimTokens.list())).toMatchObject({ code: "FORBIDDEN" });
    expect(await rejection(other.callerFor("olga@other-scim.example").scimTokens.revoke({ tokenId: made.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("provisions a person as Okta does: the probe, the create, finding them, a duplicate refused, and deactivation with PATCH", async () => {
    const probe = await scim(okta, "GET", `Users?filter=${encodeURIComponent('userName eq "kim.lee@scim.example"')}&startIndex=1&count=100`);
    expect(probe).toMatchObject({ status: 200, body: { totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] } });

    const okta_create = {
      schemas: [USER],
      userName: "kim.lee@scim.example",
      name: { givenName: "Kim", familyName: "Lee" },
      emails: [{ primary: true, value: "kim.lee@scim.example", type: "work" }],
      displayName: "Kim Lee",
      locale: "en-US",
      externalId: "00u1abcd2EFGH3ijk4x7",
      groups: [],
      password: undefined,
      active: true,
    };
    const created = await scim(okta, "POST", "Users", okta_create);
    expect(created).toMatchObject({
      status: 201,
      body: { schemas: [USER], userName: "kim.lee@scim.example", displayName: "Kim Lee", active: true, externalId: "00u1abcd2EFGH3ijk4x7" },
    });
    expect(created.location).toBe(`http://portal.test/scim/v2/Users/${created.body.id}`);
    const kim = await personByEmail("kim.lee@scim.example");
    expect(kim).toMatchObject({ companyId: acme.companyId, name: "Kim Lee", roles: ["buyer"], passwordHash: null, active: true });

    // userName is case-insensitive, in a filter and for uniqueness.
    const found = await scim(okta, "GET", `Users?filter=${encodeURIComponent('userName eq "Kim.Lee@SCIM.example"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: kim!.id }] });
    const again = await scim(okta, "POST", "Users", { ...okta_create, userName: "KIM.LEE@scim.example", emails: [] });
    expect(again).toMatchObject({ status: 409, body: { schemas: [ERROR], status: "409", scimType: "uniqueness" } });
    expect(again.body.detail).toMatch(/^userName: /);

    const { sessionId } = await acme.signIn("bea@scim.example");
    const bea = h.callerForSession(sessionId);
    expect((await bea.me.get()).email).toBe("bea@scim.example");
    const deactivated = await scim(okta, "PATCH", `Users/${acmeId("bea@scim.example")}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(deactivated).toMatchObject({ status: 200, body: { active: false, userName: "bea@scim.example" } });
    expect(await rejection(bea.me.get())).toMatchObject({ code: "UNAUTHORIZED" });
    const [audited] = await h.db
      .select({ actorId: auditLog.actorId, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, acmeId("bea@scim.example")), eq(auditLog.action, "user.deactivated")));
    expect(audited).toMatchObject({ actorId: null, details: { via: "SCIM (Okta)" } });
    // Okta pushes profile updates as a whole user (PUT); one that leaves active out changes everything but that.
    const replaced = await scim(okta, "PUT", `Users/${acmeId("bea@scim.example")}`, {
      schemas: [USER],
      userName: "bea@scim.example",
      name: { givenName: "Bea", familyName: "Buyer-Park" },
      emails: [{ primary: true, value: "bea@scim.example", type: "work" }],
    });
    expect(replaced).toMatchObject({ status: 200, body: { displayName: "Bea Buyer-Park", name: { familyName: "Buyer-Park" }, active: false } });
    // Reactivating is the same PATCH the other way.
    expect(
      (await scim(okta, "PATCH", `Users/${acmeId("bea@scim.example")}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: true } }] })).body
        .active,
    ).toBe(true);
  });

  it("provisions a person as Entra ID does: a random probe, the create with the enterprise extension, its PATCH quirks, and DELETE", async () => {
    const probe = await scim(entra, "GET", `Users?filter=${encodeURIComponent(`userName eq "${randomUUID()}"`)}`);
    expect(probe).toMatchObject({ status: 200, body: { totalResults: 0, Resources: [] } });

    const created = await scim(entra, "POST", "Users", {
      schemas: [USER, ENTERPRISE],
      externalId: "c0ffee00-1234-4cde-9abc-def012345678",
      userName: "ryan.ortiz@scim.example",
      active: true,
      addresses: [{ primary: true, type: "work", country: "US", postalCode: "98052" }],
      displayName: "Ryan Ortiz",
      emails: [{ primary: true, type: "work", value: "ryan.ortiz@scim.example" }],
      meta: { resourceType: "User" },
      name: { familyName: "Ortiz", givenName: "Ryan" },
      phoneNumbers: [{ primary: true, type: "work", value: "+1 425 555 0100" }],
      title: "Facilities lead",
      [ENTERPRISE]: { department: "Facilities", employeeNumber: "4711", manager: { value: "m-1" } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const changed = await scim(entra, "PATCH", `Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: "Replace", path: "displayName", value: "Ryan M. Ortiz" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "ryan.m.ortiz@scim.example" },
        { op: "Replace", path: "userName", value: "ryan.m.ortiz@scim.example" },
        { op: "Add", path: "name.givenName", value: "Ryan M." },
        { op: "Replace", path: `${ENTERPRISE}:department`, value: "Operations" },
        { op: "Replace", path: "title", value: "Operations lead" },
      ],
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { userName: "ryan.m.ortiz@scim.example", displayName: "Ryan M. Ortiz", name: { givenName: "Ryan M." } },
    });
    expect(await personByEmail("ryan.m.ortiz@scim.example")).toMatchObject({ id, name: "Ryan M. Ortiz" });

    const off = await scim(entra, "PATCH", `Users/${id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(off.body.active).toBe(false);

    expect((await scim(entra, "DELETE", `Users/${id}`)).status).toBe(204);
    expect(await scim(entra, "GET", `Users/${id}`)).toMatchObject({ status: 404, body: { schemas: [ERROR], status: "404" } });
    expect((await scim(entra, "GET", `Users?filter=${encodeURIComponent('externalId eq "c0ffee00-1234-4cde-9abc-def012345678"')}`)).body.totalResults).toBe(0);
    // The person, and what they did, stay: deactivated.
    expect(await personByEmail("ryan.m.ortiz@scim.example")).toMatchObject({ id, active: false });
    // Re-created in Entra with the same userName: the same person comes back, active.
    const back = await scim(entra, "POST", "Users", { schemas: [USER], userName: "Ryan.M.Ortiz@scim.example", displayName: "Ryan Ortiz", active: true });
    expect(back).toMatchObject({ status: 201, body: { id, active: true, displayName: "Ryan Ortiz" } });
  });

  it("moves a deactivated approver's waiting step to the step's other approver, as an admin's deactivation does", async () => {
    const buyer = acme.callerFor("bea@scim.example");
    const page = await buyer.catalog.search({ connectionId: acme.connectionId, q: FM });
    await buyer.cart.add({ connectionId: acme.connectionId, itemId: page.items.find((i) => i.itemCode === FM)!.supplierItemId, quantity: 1 });
    const submitted = await buyer.checkout.submit({
      shipTo: [{ connectionId: acme.connectionId, addressId: "addr_1c9d2f3b" }],
      costCenterId: acme.costCenters[0]!.id,
      poNumber: "PO-SCIM-1",
    });
    expect(submitted.status).toBe("pending_approval");
    const patched = await scim(entra, "PATCH", `Users/${acmeId("abe@scim.example")}`, {
      schemas: [PATCH],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(patched.body.active).toBe(false);
    await acme.callerFor("sam@scim.example").approvals.approve({ requisitionId: submitted.requisitionId });
    const seen = await buyer.requisitions.get({ requisitionId: submitted.requisitionId });
    expect(seen.status).not.toBe("pending_approval");
    // The requisition's history names who moved the step: the provider's token, not "the portal".
    expect(seen.history.find((e) => e.action === "approval.step_reassigned")).toMatchObject({ actorName: "SCIM (Entra ID)" });
    const [moved] = await h.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, submitted.requisitionId), eq(auditLog.action, "approval.step_reassigned")));
    expect(moved!.details).toMatchObject({ leaving: "Abe Approver", to: ["Sam Approver"], via: "SCIM (Entra ID)" });
  });

  it("keeps each company's people to its own token: another company's ids are not found", async () => {
    const bea = acmeId("bea@scim.example");
    expect(await scim(otherToken, "GET", `Users/${bea}`)).toMatchObject({ status: 404, body: { schemas: [ERROR] } });
    expect((await scim(otherToken, "PATCH", `Users/${bea}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] })).status).toBe(404);
    expect((await scim(otherToken, "DELETE", `Users/${bea}`)).status).toBe(404);
    expect((await scim(otherToken, "GET", `Users?filter=${encodeURIComponent('userName eq "bea@scim.example"')}`)).body.totalResults).toBe(0);
    expect((await scim(okta, "GET", "Users/not-an-id")).status).toBe(404);
    expect(await personByEmail("bea@scim.example")).toMatchObject({ active: true });
  });

  it("refuses a bad body naming the attribute, and saves nothing of it", async () => {
    const body = { schemas: [USER], userName: "half@scim.example", name: { givenName: "Half" }, active: true };
    const cases: [unknown, number, string, RegExp][] = [
      [{ ...body, favouriteColour: "teal" }, 400, "invalidPath", /^favouriteColour: /],
      [{ ...body, schemas: undefined }, 400, "invalidValue", /^schemas: /],
      [{ ...body, schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"] }, 400, "invalidValue", /^schemas: /],
      [{ ...body, userName: "not an email" }, 400, "invalidValue", /^userName: /],
      [{ ...body, name: { givenName: "Half", nickname: "H" } }, 400, "invalidValue", /^name\.nickname: /],
      [{ ...body, emails: [{ value: "someone.else@scim.example", type: "work", primary: true }] }, 400, "invalidValue", /^emails: /],
      [{ ...body, password: "Secret-123456" }, 400, "invalidValue", /^password: /],
      [{ ...body, active: "perhaps" }, 400, "invalidValue", /^active: /],
      ["{not json", 400, "invalidSyntax", /^body: /],
    ];
    for (const [sent, status, scimType, detail] of cases) {
      const answer = await scim(okta, "POST", "Users", sent);
      expect(answer, JSON.stringify(sent)).toMatchObject({ status, body: { schemas: [ERROR], status: String(status), scimType } });
      expect(answer.body.detail).toMatch(detail);
    }
    expect(await personByEmail("half@scim.example")).toBeUndefined();

    const ada = acmeId("ada@scim.example");
    const unknownPath = await scim(okta, "PATCH", `Users/${ada}`, {
      schemas: [PATCH],
      Operations: [
        { op: "replace", path: "displayName", value: "Ada Renamed" },
        { op: "replace", path: "shoeSize", value: "38" },
      ],
    });
    expect(unknownPath).toMatchObject({ status: 400, body: { scimType: "invalidPath" } });
    expect(unknownPath.body.detail).toMatch(/^shoeSize: /);
    expect((await scim(okta, "PATCH", `Users/${ada}`, { Operations: [] })).body.detail).toMatch(/^schemas: /);
    // The only active admin stays: said, and nothing changes.
    const lastAdmin = await scim(okta, "PATCH", `Users/${ada}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { active: false, displayName: "Gone" } }],
    });
    expect(lastAdmin).toMatchObject({ status: 400, body: { schemas: [ERROR] } });
    expect(lastAdmin.body.detail).toMatch(/^active: .*only active admin/);
    expect(await personByEmail("ada@scim.example")).toMatchObject({ name: "Ada Admin", active: true });

    const filter = await scim(okta, "GET", `Users?filter=${encodeURIComponent('userName co "scim"')}`);
    expect(filter).toMatchObject({ status: 400, body: { scimType: "invalidFilter" } });
    expect(filter.body.detail).toMatch(/^filter: /);
  });

  it("keeps a group as Okta pushes it: create, add and remove members, rename, and delete", async () => {
    const bea = acmeId("bea@scim.example");
    const sam = acmeId("sam@scim.example");
    const created = await scim(okta, "POST", "Groups", { schemas: [GROUP], displayName: "Facilities managers", members: [] });
    expect(created).toMatchObject({ status: 201, body: { schemas: [GROUP], displayName: "Facilities managers", members: [] } });
    const id = created.body.id as string;
    expect(created.location).toBe(`http://portal.test/scim/v2/Groups/${id}`);

    const added = await scim(okta, "PATCH", `Groups/${id}`, {
      schemas: [PATCH],
      Operations: [
        {
          op: "add",
          path: "members",
          value: [
            { value: bea, display: "bea@scim.example" },
            { value: sam, display: "sam@scim.example" },
          ],
        },
      ],
    });
    expect(added.body.members.map((m: { value: string }) => m.value).sort()).toEqual([bea, sam].sort());
    const removed = await scim(okta, "PATCH", `Groups/${id}`, { schemas: [PATCH], Operations: [{ op: "remove", path: `members[value eq "${sam}"]` }] });
    expect(removed.body.members).toEqual([{ value: bea, display: "Bea Buyer-Park", $ref: `http://portal.test/scim/v2/Users/${bea}` }]);
    const renamed = await scim(okta, "PATCH", `Groups/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { id, displayName: "Site managers" } }],
    });
    expect(renamed.body.displayName).toBe("Site managers");
    expect(await h.db.select({ userId: groupMembers.userId }).from(groupMembers).where(eq(groupMembers.groupId, id))).toEqual([{ userId: bea }]);
    const [audited] = await h.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, "group.renamed")));
    expect(audited!.details).toMatchObject({ via: "SCIM (Okta)" });

    // Names are unique per company, case-insensitively; members are this company's people; the group is this company's.
    const duplicate = await scim(okta, "POST", "Groups", { schemas: [GROUP], displayName: "site MANAGERS" });
    expect(duplicate).toMatchObject({ status: 409, body: { scimType: "uniqueness" } });
    expect(duplicate.body.detail).toMatch(/^displayName: /);
    const stranger = other.users[0]!.id;
    const foreign = await scim(okta, "PATCH", `Groups/${id}`, { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: stranger }] }] });
    expect(foreign).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(foreign.body.detail).toMatch(/^members: /);
    expect((await scim(otherToken, "GET", `Groups/${id}`)).status).toBe(404);
    expect((await scim(otherToken, "DELETE", `Groups/${id}`)).status).toBe(404);
    expect((await scim(okta, "POST", "Groups", { schemas: [USER], displayName: "Wrong" })).body.detail).toMatch(/^schemas: /);

    expect((await scim(okta, "DELETE", `Groups/${id}`)).status).toBe(204);
    expect((await scim(okta, "GET", `Groups/${id}`)).status).toBe(404);
  });

  it("keeps a group as Entra ID does: the probe without members, Add and Remove with the members as the value", async () => {
    const probe = await scim(entra, "GET", `Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Finance"')}`);
    expect(probe.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await scim(entra, "POST", "Groups", { schemas: [GROUP], externalId: "8aa1f5c2-finance", displayName: "Finance", members: [] });
    const id = created.body.id as string;
    const abe = acmeId("abe@scim.example");
    const ada = acmeId("ada@scim.example");
    await scim(entra, "PATCH", `Groups/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: "Add", path: "members", value: [{ value: abe }, { value: ada }] }],
    });
    const changed = await scim(entra, "PATCH", `Groups/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: "Remove", path: "members", value: [{ value: abe }] },
        { op: "Replace", path: "displayName", value: "Finance approvers" },
      ],
    });
    expect(changed.body).toMatchObject({ displayName: "Finance approvers", externalId: "8aa1f5c2-finance", members: [{ value: ada }] });
    const found = await scim(entra, "GET", `Groups?excludedAttributes=members&filter=${encodeURIComponent('externalId eq "8aa1f5c2-finance"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id, displayName: "Finance approvers" }] });
    expect(found.body.Resources[0]).not.toHaveProperty("members");
  });

  it("pages a list from a 1-based startIndex, and answers the discovery endpoints", async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      expect((await scim(otherToken, "POST", "Users", { schemas: [USER], userName: `pager${n}@other-scim.example`, displayName: `Pager ${n}` })).status).toBe(
        201,
      );
    }
    // Olga and the five: six people, in the order they joined.
    const first = await scim(otherToken, "GET", "Users?startIndex=1&count=4");
    expect(first.body).toMatchObject({ totalResults: 6, startIndex: 1, itemsPerPage: 4 });
    const rest = await scim(otherToken, "GET", "Users?startIndex=5&count=4");
    expect(rest.body).toMatchObject({ totalResults: 6, startIndex: 5, itemsPerPage: 2 });
    const names = [...first.body.Resources, ...rest.body.Resources].map((u: { userName: string }) => u.userName);
    expect(new Set(names).size).toBe(6);
    expect((await scim(otherToken, "GET", "Users?startIndex=0&count=1")).body).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
    expect((await scim(otherToken, "GET", "Users?count=0")).body).toMatchObject({ totalResults: 6, itemsPerPage: 0 });
    const bad = await scim(otherToken, "GET", "Users?count=ten");
    expect(bad).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(bad.body.detail).toMatch(/^count: /);

    const config = await scim(okta, "GET", "ServiceProviderConfig");
    expect(config).toMatchObject({
      status: 200,
      type: "application/scim+json; charset=utf-8",
      body: { patch: { supported: true }, filter: { supported: true } },
    });
    const types = await scim(okta, "GET", "ResourceTypes");
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
    const schemas = await scim(okta, "GET", "Schemas");
    expect(schemas.body.Resources.map((r: { id: string }) => r.id)).toContain(USER);
    expect((await scim(okta, "GET", "Nothing")).status).toBe(404);
  });
});
