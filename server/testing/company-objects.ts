/**
 * A company with one of everything a person can make in the portal, made through the procedures a person uses: a
 * placed and received requisition, one waiting for approval, a cart line, an order list, a quote, a group, an
 * invitation, a delegation, a receiver, a budget, an invoice file, a SCIM token and a second session. The
 * authorization matrix and the fuzzing suite call every procedure with these real ids.
 */
import { syncCatalog } from "@/server/catalog/sync";
import { runDueOutboxWork } from "@/server/jobs/outbox";
import type { Harness } from "@/server/testing/harness";
import type { Role } from "@/common/roles";

/** One person per role, and one holding all four (who makes the objects). */
export const ROLE_PEOPLE: { key: Role | "all"; roles: Role[] }[] = [
  { key: "buyer", roles: ["buyer"] },
  { key: "approver", roles: ["approver"] },
  { key: "accounts_payable", roles: ["accounts_payable"] },
  { key: "admin", roles: ["admin"] },
  { key: "all", roles: ["admin", "buyer", "approver", "accounts_payable"] },
];

const HYGRADE_ITEM = "FM-0014-LT";
// ACME001's default ship-to address, as Hygrade documents it.
const HYGRADE_ADDRESS = "addr_1c9d2f3b";
// The smallest PDF a reader opens: an invoice file to upload.
const TINY_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
).toString("base64");

export async function companyWithObjects(h: Harness, tag: string) {
  const emailOf = (key: string) => `${key.replace("_", "-")}@${tag}.example`;
  const company = await h.createCompany({
    name: `Company ${tag}`,
    withYodify: true,
    withHypatos: true,
    approvalThreshold: 100,
    users: ROLE_PEOPLE.map((p) => ({ email: emailOf(p.key), name: `${tag} ${p.key}`, password: "harness-password", roles: p.roles })),
  });
  await Promise.all([syncCatalog(h.db, company.connectionId), syncCatalog(h.db, company.yodifyConnectionId!)]);
  const as = (key: Role | "all") => company.callerFor(emailOf(key));
  const all = as("all");
  const userId = (key: Role | "all") => company.users.find((u) => u.email === emailOf(key))!.id;
  const costCenterId = company.costCenters[0]!.id;
  const otherCostCenterId = company.costCenters[1]!.id;
  const connectionId = company.connectionId;
  const yodifyConnectionId = company.yodifyConnectionId!;

  const item = (await all.catalog.search({ connectionId, q: HYGRADE_ITEM })).items.find((i) => i.itemCode === HYGRADE_ITEM)!;
  const itemId = item.supplierItemId;
  const yodifyItem = (await all.catalog.searchAll({ q: "tape", supplierIds: [yodifyConnectionId], inStockOnly: true })).items[0]!;

  const submit = async () => {
    await all.cart.add({ connectionId, itemId, quantity: 2 });
    return all.checkout.submit({ shipTo: [{ connectionId, addressId: HYGRADE_ADDRESS }], costCenterId, poNumber: "PO-1001", note: "" });
  };
  // One placed and received, one waiting for an approver (who is never its requester).
  const placed = await submit();
  await as("approver").approvals.approve({ requisitionId: placed.requisitionId });
  await runDueOutboxWork(h.db);
  const waiting = await submit();
  const placedView = await all.requisitions.get({ requisitionId: placed.requisitionId });
  const waitingView = await all.requisitions.get({ requisitionId: waiting.requisitionId });

  const placedOrder = placedView.supplierOrders[0]!;
  const waitingOrder = waitingView.supplierOrders[0]!;
  const receipt = await all.receiving.record({ supplierOrderId: placedOrder.id, receivedOn: new Date().toISOString().slice(0, 10), everything: true });

  await all.cart.add({ connectionId, itemId, quantity: 1 });
  const cart = await all.cart.get();
  const list = await all.orderLists.create({ name: `${tag} list`, shared: true });
  const listWithItem = await all.orderLists.addItem({ listId: list.id, connectionId, itemId, quantity: 3 });
  await all.cart.add({ connectionId: yodifyConnectionId, itemId: yodifyItem.supplierItemId, quantity: 2 });
  const quote = await all.quotes.request({ connectionId: yodifyConnectionId, note: "Volume order" });
  const group = await all.groups.create({ name: `${tag} group`, memberIds: [userId("buyer")] });
  const invitation = await all.people.invite({ email: `newcomer@${tag}.example`, name: "Newcomer", roles: ["buyer"] });
  const today = new Date().toISOString().slice(0, 10);
  const delegation = await as("approver").approvals.setDelegation({ delegateId: userId("all"), startsOn: "2030-01-01", endsOn: "2030-01-10" });
  const receiver = await all.receiving.addReceiver({ connectionId, addressId: HYGRADE_ADDRESS, userId: userId("buyer") });
  const budget = await all.costCenters.addBudget({ costCenterId, period: "2026", amount: "50000" });
  const invoice = await all.invoices.upload({ filename: "invoice.pdf", contentType: "application/pdf", dataBase64: TINY_PDF });
  const scimToken = await all.scimTokens.create({ name: "Okta" });
  const otherSession = await company.signIn(emailOf("buyer"));
  const notifications = await as("approver").notifications.list({ limit: 10, unreadOnly: false });

  return {
    today,
    placedView,
    placedOrder,
    waitingOrder,
    receipt,
    waitingView,
    cartLineId: cart.groups[0]!.lines[0]!.id,
    list,
    listItemId: listWithItem.itemId,
    quote,
    group,
    invitation,
    delegation,
    receiver,
    budget,
    invoice,
    scimToken,
    otherSession,
    notifications,
    company,
    as,
    all,
    userId,
    costCenterId,
    otherCostCenterId,
    connectionId,
    yodifyConnectionId,
    itemId,
    yodifyItem,
    placed,
    waiting,
    TINY_PDF,
    HYGRADE_ADDRESS,
  };
}

export type CompanyObjects = Awaited<ReturnType<typeof companyWithObjects>>;
