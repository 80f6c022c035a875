/**
 * A valid input for every tRPC procedure, built from one company's real objects (server/testing/company-objects.ts).
 * The authorization matrix and the fuzzing suite both call every procedure of the router with these; a procedure
 * missing here fails both, by name, so a new procedure is classified when it is added.
 */
import type { CompanyObjects } from "@/server/testing/company-objects";
import type { createCaller } from "@/server/trpc/root";

/** Calls `path` ("people.invite") on a caller, as a page would. */
export function callProcedure(caller: ReturnType<typeof createCaller>, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  return fn(input);
}

type Inputs = Record<string, (o: CompanyObjects) => unknown>;

const NONE = () => undefined;
// Shaped like an invitation link's token (43 base64url characters) but issued by nobody.
const UNISSUED_TOKEN = "A".repeat(43);
const ANY_UUID = "00000000-0000-4000-8000-000000000000";

export const PROCEDURE_INPUTS: Inputs = {
  "me.get": NONE,
  "me.sessions": NONE,
  "me.endSession": (o) => ({ sessionId: o.otherSession.sessionId }),
  "me.signOutEverywhere": NONE,
  "me.profile": NONE,
  "me.saveProfile": (o) => ({ name: "Renamed", defaultCostCenterId: o.costCenterId, shipTo: [{ connectionId: o.connectionId, addressId: o.HYGRADE_ADDRESS }] }),
  "me.changePassword": () => ({ currentPassword: "not-the-password", newPassword: "a-long-new-password-2026" }),

  "setup.status": NONE,
  "system.ready": NONE,
  "setup.createCompany": () => ({
    companyName: "Intruder Inc",
    currency: "USD",
    timeZone: "UTC",
    adminName: "Intruder",
    adminEmail: "intruder@example.com",
    password: "a-long-password-2026",
    setupCode: "not-the-code",
  }),

  "catalog.suppliers": NONE,
  "catalog.search": (o) => ({ connectionId: o.connectionId, q: "FM" }),
  "catalog.searchAll": (o) => ({ q: "FM", supplierIds: [o.connectionId] }),
  "catalog.categories": (o) => ({ connectionId: o.connectionId }),
  "catalog.item": (o) => ({ connectionId: o.connectionId, itemId: o.itemId }),
  "catalog.syncStatus": NONE,
  "catalog.syncNow": (o) => ({ connectionId: o.connectionId }),

  "cart.get": NONE,
  "cart.add": (o) => ({ connectionId: o.connectionId, itemId: o.itemId, quantity: 1 }),
  "cart.setQuantity": (o) => ({ lineId: o.cartLineId, quantity: 4 }),
  "cart.remove": (o) => ({ lineId: o.cartLineId }),

  "checkout.options": NONE,
  "checkout.submit": (o) => ({ shipTo: [{ connectionId: o.connectionId, addressId: o.HYGRADE_ADDRESS }], costCenterId: o.costCenterId, poNumber: "PO-2002" }),

  "requisitions.list": (o) => ({ scope: "company", supplierId: o.connectionId }),
  "requisitions.get": (o) => ({ requisitionId: o.placed.requisitionId }),
  "requisitions.withdraw": (o) => ({ requisitionId: o.waiting.requisitionId, reason: "No longer needed" }),
  "requisitions.resubmit": (o) => ({
    requisitionId: o.waiting.requisitionId,
    lines: o.waitingOrder.lines.map((l) => ({ lineId: l.id, quantity: 1 })),
    costCenterId: o.costCenterId,
    poNumber: "PO-3003",
  }),
  "requisitions.cancelSupplierOrder": (o) => ({ supplierOrderId: o.placedOrder.id, reason: "Ordered by mistake" }),
  "requisitions.purchaseOrderPdf": (o) => ({ supplierOrderId: o.placedOrder.id }),

  "approvals.inbox": (o) => ({ sort: "oldest", supplierConnectionId: o.connectionId, costCenterId: o.costCenterId }),
  "approvals.count": NONE,
  "approvals.approve": (o) => ({ requisitionId: o.waiting.requisitionId }),
  "approvals.reject": (o) => ({ requisitionId: o.waiting.requisitionId, reason: "Too expensive" }),
  "approvals.delegations": NONE,
  "approvals.setDelegation": (o) => ({ delegateId: o.userId("approver"), startsOn: "2030-03-01", endsOn: "2030-03-05" }),
  "approvals.revokeDelegation": (o) => ({ delegationId: o.delegation.id }),

  "costCenters.chargeable": NONE,
  "costCenters.list": NONE,
  "costCenters.detail": (o) => ({ costCenterId: o.costCenterId }),
  "costCenters.create": (o) => ({ code: "CC-9999", name: "Intrusion", currency: "USD", ownerId: o.userId("admin"), memberIds: [o.userId("buyer")] }),
  "costCenters.update": (o) => ({ id: o.costCenterId, code: "CC-4420", name: "Renamed", currency: "USD", ownerId: o.userId("admin") }),
  "costCenters.setDefault": (o) => ({ userId: o.userId("buyer"), costCenterId: o.costCenterId }),
  "costCenters.addBudget": (o) => ({ costCenterId: o.costCenterId, period: "2027", amount: "1000" }),
  "costCenters.changeBudget": (o) => ({ budgetId: o.budget.id, amount: "1", reason: "Cut to nothing" }),

  "company.settings": NONE,
  "company.checklist": NONE,
  "company.saveSettings": () => ({
    name: "Renamed Co",
    currency: "USD",
    timeZone: "UTC",
    poNumberRequired: false,
    receiptReminderDays: 5,
    matchTolerancePercent: "2",
    matchToleranceAmount: "5.00",
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    invitationExpiryDays: 7,
  }),

  "spend.report": (o) => ({ from: "2026-01-01", to: "2026-12-31", costCenterId: o.costCenterId }),
  "spend.csv": (o) => ({ from: "2026-01-01", to: "2026-12-31", costCenterId: o.costCenterId }),

  "supplierApprovals.list": NONE,
  "supplierApprovals.approve": (o) => ({ connectionId: o.connectionId, approvalId: "apr_1" }),
  "supplierApprovals.reject": (o) => ({ connectionId: o.connectionId, approvalId: "apr_1", reason: "Not ours" }),
  "supplierWebhooks.receive": () => ({ key: "k".repeat(32), signature: null, bodyBase64: Buffer.from("{}").toString("base64") }),

  "policy.get": NONE,
  "policy.save": () => ({ rules: [], note: "Nobody approves anything" }),
  "policy.saveSettings": () => ({ escalationHours: 24, reminderHours: 8, priceTolerancePercent: "2" }),

  "notifications.list": () => ({ limit: 30, unreadOnly: false }),
  "notifications.unreadCount": NONE,
  "notifications.markRead": (o) => ({ ids: o.notifications.map((n) => n.id) }),
  "notifications.markAllRead": NONE,

  "quotes.request": (o) => ({ connectionId: o.yodifyConnectionId, note: "Another quote" }),
  "quotes.list": NONE,
  "quotes.get": (o) => ({ quoteId: o.quote.quoteId }),
  "quotes.decline": (o) => ({ quoteId: o.quote.quoteId, reason: "Found it cheaper" }),
  "quotes.checkout": (o) => ({ quoteId: o.quote.quoteId, costCenterId: o.costCenterId, addressId: o.HYGRADE_ADDRESS, poNumber: "PO-4004" }),
  "quotes.putBackInCart": (o) => ({ quoteId: o.quote.quoteId }),

  "reorder.requisition": (o) => ({ requisitionId: o.placed.requisitionId }),
  "reorder.last": NONE,
  "reorder.buyAgain": () => ({ scope: "company", limit: 10 }),
  "reorder.suggest": () => ({ q: "FM" }),
  "reorder.quickOrder": (o) => ({ text: "FM-0014-LT, 2", picks: [{ line: 1, connectionId: o.connectionId }] }),

  "orderLists.list": NONE,
  "orderLists.get": (o) => ({ listId: o.list.id }),
  "orderLists.create": () => ({ name: "Another list", shared: false }),
  "orderLists.update": (o) => ({ listId: o.list.id, name: "Renamed", shared: false }),
  "orderLists.delete": (o) => ({ listId: o.list.id }),
  "orderLists.addItem": (o) => ({ listId: o.list.id, connectionId: o.connectionId, itemId: o.itemId, quantity: 1 }),
  "orderLists.setItemQuantity": (o) => ({ listId: o.list.id, itemId: o.listItemId, quantity: 9 }),
  "orderLists.removeItem": (o) => ({ listId: o.list.id, itemId: o.listItemId }),
  "orderLists.moveItem": (o) => ({ listId: o.list.id, itemId: o.listItemId, direction: "down" }),
  "orderLists.createFromCart": () => ({ name: "From the cart", shared: false }),
  "orderLists.addToCart": (o) => ({ listId: o.list.id, quantities: { [o.listItemId]: 2 } }),

  "receiving.forOrder": (o) => ({ supplierOrderId: o.placedOrder.id }),
  "receiving.forRequisition": (o) => ({ requisitionId: o.placed.requisitionId }),
  "receiving.record": (o) => ({ supplierOrderId: o.placedOrder.id, receivedOn: o.today, everything: true }),
  "receiving.reverse": (o) => ({ receiptId: o.receipt.receiptId, reason: "Counted wrong" }),
  "receiving.receivers": NONE,
  "receiving.addReceiver": (o) => ({ connectionId: o.connectionId, addressId: o.HYGRADE_ADDRESS, userId: o.userId("approver") }),
  "receiving.removeReceiver": (o) => ({ receiverId: o.receiver.id }),

  "matching.forOrder": (o) => ({ supplierOrderId: o.placedOrder.id }),
  "matching.forRequisition": (o) => ({ requisitionId: o.placed.requisitionId }),
  "matching.list": (o) => ({ supplierId: o.connectionId, costCenterId: o.costCenterId }),
  "matching.accept": (o) => ({ supplierOrderId: o.placedOrder.id, reason: "Close enough" }),
  "matching.dispute": (o) => ({ supplierOrderId: o.placedOrder.id, note: "Billed twice" }),

  "invoices.upload": (o) => ({ supplierOrderId: o.placedOrder.id, filename: "invoice.pdf", contentType: "application/pdf", dataBase64: o.TINY_PDF }),
  "invoices.list": () => ({ view: "all" }),
  "invoices.forOrder": (o) => ({ supplierOrderId: o.placedOrder.id }),
  "invoices.linkableOrders": () => ({ search: "PO" }),
  "invoices.link": (o) => ({ documentId: o.invoice.documentId, supplierOrderId: o.placedOrder.id }),
  "invoices.retry": (o) => ({ documentId: o.invoice.documentId }),
  "invoices.enterByHand": (o) => ({
    supplierOrderId: o.placedOrder.id,
    documentId: o.invoice.documentId,
    number: "INV-1",
    invoiceDate: o.today,
    lines: o.placedOrder.lines.map((l) => ({ lineId: l.id, quantity: 1, unitPrice: "1.00" })),
  }),

  "accountsPayable.pushes": () => ({ onlyFailed: false }),
  // No push exists until an invoice is matched; any id is another company's as far as the caller can tell.
  "accountsPayable.retryPush": () => ({ pushId: ANY_UUID }),

  "people.list": NONE,
  "people.invite": () => ({ email: "second@intruder.example", name: "Second", roles: ["admin"] }),
  "people.resend": (o) => ({ invitationId: o.invitation.id }),
  "people.revoke": (o) => ({ invitationId: o.invitation.id }),
  "people.setRoles": (o) => ({ userId: o.userId("buyer"), roles: ["admin"] }),
  "people.deactivate": (o) => ({ userId: o.userId("buyer") }),
  "people.reactivate": (o) => ({ userId: o.userId("buyer") }),

  "sso.configuration": NONE,
  "sso.save": () => ({
    issuer: "https://idp.matrix.example",
    clientId: "portal",
    clientSecret: "matrix-client-secret",
    allowedDomains: ["matrix-sso.example"],
    defaultRoles: ["buyer"],
    jitEnabled: false,
    required: false,
    enabled: false,
  }),
  "sso.howToSignIn": () => ({ email: "someone@matrix-sso.example" }),
  "sso.start": () => ({ email: "someone@nowhere.example" }),
  "sso.finish": () => ({ callbackUrl: "http://localhost/api/sso/callback?code=made-up&state=made-up", browserState: null }),

  "groups.list": NONE,
  "groups.create": (o) => ({ name: "Intruders", memberIds: [o.userId("buyer")] }),
  "groups.rename": (o) => ({ groupId: o.group.id, name: "Renamed" }),
  "groups.setMembers": (o) => ({ groupId: o.group.id, memberIds: [o.userId("approver")] }),
  "groups.delete": (o) => ({ groupId: o.group.id }),

  "invitations.get": () => ({ token: UNISSUED_TOKEN }),
  "invitations.accept": () => ({ token: UNISSUED_TOKEN, password: "a-long-password-2026", name: "Taker" }),

  "connections.list": NONE,
  "connections.save": (o) => ({
    id: o.connectionId,
    kind: "hygrade",
    displayName: "Hijacked",
    baseUrl: "https://api.hygrade.example",
    tokenUrl: "https://api.hygrade.example/token",
    clientId: "someone-else",
  }),
  "connections.setEnabled": (o) => ({ id: o.connectionId, enabled: false }),
  "connections.delete": (o) => ({ id: o.yodifyConnectionId }),
  "connections.test": (o) => ({ id: o.connectionId }),

  "scimTokens.list": NONE,
  "scimTokens.create": () => ({ name: "Intruder IdP" }),
  "scimTokens.revoke": (o) => ({ tokenId: o.scimToken.id }),

  "audit.list": (o) => ({
    filter: { group: "decisions", personId: o.userId("approver"), subjectType: "requisition", subjectId: o.placed.requisitionId, q: "REQ" },
  }),
  "audit.people": NONE,
  "audit.export": (o) => ({ subjectType: "requisition", subjectId: o.placed.requisitionId, from: "2020-01-01", to: "2040-12-31" }),
};

/**
 * Public by design, each for its reason; every other procedure refuses a caller who is not signed in. A procedure the
 * router makes public without a line here fails the matrix.
 */
export const PUBLIC_BY_DESIGN: Record<string, string> = {
  "setup.status": "the sign-in page asks whether the portal has a company yet (first run)",
  "system.ready": "the load balancer's readiness check (/api/ready): database, migrations, worker; nothing about any company",
  "setup.createCompany": "the first run creates the first company; refused once one exists or without the setup code",
  "invitations.get": "an invited person opens their link before they have an account; the token is the credential",
  "invitations.accept": "an invited person sets their password; the token is the credential",
  "supplierWebhooks.receive": "a supplier delivers webhooks; the signature over the body is the credential",
  "sso.howToSignIn": "the sign-in page asks how an email signs in before anyone is signed in; it answers by domain only",
  "sso.start": "starting single sign-on happens before sign-in; it only sends the browser to the company's provider",
  "sso.finish": "the provider's answer arrives before sign-in; its state, the browser's cookie and the ID token are the credentials",
};
