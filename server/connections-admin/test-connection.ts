/**
 * "Test connection": signs in with the stored credentials, then reads what the portal reads every day (the account
 * and one page of the catalog; for Hypatos one page of the project's documents), and says per step what worked and
 * exactly what did not, in words that point at the field to fix. Nothing is written, nothing secret is said back.
 */
import { hypatosClientForRow } from "@/server/accounts-payable/connection";
import type { ActorContext } from "@/server/actor";
import { connectorForRow } from "@/server/connections/connections";
import { isSupplierError } from "@/server/suppliers";
import { findCompanyConnection } from "./connections-admin";

export type ConnectionStep = "sign_in" | "account" | "catalog" | "documents";

export interface StepResult {
  step: ConnectionStep;
  label: string;
  ok: boolean;
  /** Not tried, because an earlier step failed. */
  skipped?: boolean;
  /** What worked ("Acme Corporation, 2 ship-to addresses") or exactly what failed. */
  detail: string;
  /** The form field the failure points at. */
  field?: "baseUrl" | "tokenUrl" | "clientId" | "clientSecret" | "accountId" | "projectId" | "username" | "password";
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: StepResult[];
}

/** One try per step and a short wait: a person is watching, and a retry would only hide what is wrong. */
const TEST_RETRY = { maxAttempts: 1, timeoutMs: 10_000, deadlineMs: 12_000 };

const LABELS: Record<ConnectionStep, string> = {
  sign_in: "Sign in (token)",
  account: "Read the account",
  catalog: "Read one page of the catalog",
  documents: "Read one page of the project's documents",
};

/** Which request failed: the token endpoint (token URL) or the API (base URL), and for the API which read. */
type Where = "token" | "account" | "catalog" | "documents";

/** A supplier's 404 code for a path it does not have, as against a record it does not have. */
const ROUTE_MISSING = /route|path|url|endpoint|method/i;

/** A connector's failure in words that say what to fix, and which field. */
export function explainFailure(
  error: unknown,
  where: Where,
  subject: { name: string; accountId?: string; passwordGrant?: boolean },
): Pick<StepResult, "detail" | "field"> {
  const urlWords = where === "token" ? "token URL" : "base URL";
  const urlField = where === "token" ? "tokenUrl" : "baseUrl";
  if (!isSupplierError(error)) return { detail: `Failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` };
  const { status, code } = error.details;
  switch (error.kind) {
    case "auth":
      if (code === "credential_kind") return { detail: error.message, field: (error.details.field as StepResult["field"]) ?? "clientId" };
      if (where === "token") {
        // OrderCloud's password grant says which part it refused; a client-credentials refusal is the client's secret.
        const userRefused = error.details.field === "password" && subject.passwordGrant;
        return {
          detail: `${subject.name} refused the ${userRefused ? "user name or password" : "credentials"} (${status ? `HTTP ${status}` : "refused"}${code ? `, ${code}` : ""}): check the ${userRefused ? "user name and password" : "client id and secret"}.`,
          field: userRefused ? "password" : "clientSecret",
        };
      }
      return {
        detail: `Signed in, but ${subject.name} refused this request (HTTP ${status ?? 403}): these credentials may not be allowed to read ${subject.accountId ? `account ${subject.accountId}` : "it"}. ${error.message}`,
        field: "accountId",
      };
    case "not_found":
      // The supplier's own "no such customer" carries its error code; a bare 404, or one for a route, is a path that is not its API.
      if (where === "account" && code && !ROUTE_MISSING.test(code) && subject.accountId)
        return { detail: `${subject.name} has no account ${subject.accountId} for these credentials (${error.message}).`, field: "accountId" };
      return { detail: `The ${urlWords} answered 404 Not Found: check its path (for example the /v1 at the end).`, field: urlField };
    case "unavailable":
      if (code === "timeout")
        return { detail: `${subject.name} did not answer within ${TEST_RETRY.timeoutMs / 1000} seconds at the ${urlWords}.`, field: urlField };
      if (code === "network") return { detail: `Could not connect to the ${urlWords}: ${networkReason(error.message)}.`, field: urlField };
      return { detail: `${subject.name} is not answering right now${status ? ` (HTTP ${status})` : ""}; try again in a moment.` };
    case "rate_limited":
      return {
        detail: `${subject.name} asks the portal to slow down${error.details.retryAfterMs ? ` for ${Math.ceil(error.details.retryAfterMs / 1000)} seconds` : ""}; try again then.`,
      };
    case "malformed":
      return {
        detail: `Something answered at the ${urlWords}, but not the way ${subject.name}'s API does (${error.message}): check the address.`,
        field: urlField,
      };
    default:
      if (subject.accountId && /cust|account|customer|buyer/i.test(error.details.field ?? ""))
        return { detail: `${subject.name} has no account ${subject.accountId} for these credentials (${error.message}).`, field: "accountId" };
      return { detail: `${subject.name} refused it: ${error.message}` };
  }
}

/** The reason fetch gave, as a person says it. */
function networkReason(message: string): string {
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(message)) return "no such host name (DNS lookup failed)";
  if (/ECONNREFUSED/i.test(message)) return "connection refused (nothing listens at that address and port)";
  if (/bad port/i.test(message)) return "that port is one web clients refuse to use (bad port); use the port the supplier gives";
  if (/ECONNRESET|socket hang up/i.test(message)) return "the connection was dropped";
  if (/certificate|SSL|TLS/i.test(message)) return `the secure connection failed (${message})`;
  return message;
}

async function step<T>(
  results: StepResult[],
  name: ConnectionStep,
  where: Where,
  subject: { name: string; accountId?: string; passwordGrant?: boolean },
  run: () => Promise<T>,
  said: (value: T) => string,
): Promise<boolean> {
  if (results.some((r) => !r.ok)) {
    results.push({ step: name, label: LABELS[name], ok: false, skipped: true, detail: "Not tried: an earlier step failed." });
    return false;
  }
  try {
    const value = await run();
    results.push({ step: name, label: LABELS[name], ok: true, detail: said(value) });
    return true;
  } catch (error) {
    results.push({ step: name, label: LABELS[name], ok: false, ...explainFailure(error, where, subject) });
    return false;
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function testConnection(ctx: Pick<ActorContext, "db" | "companyId">, input: { id: string }): Promise<ConnectionTestResult> {
  const found = await findCompanyConnection(ctx.db, ctx.companyId, input.id);
  const results: StepResult[] = [];
  if ("payables" in found) {
    const row = found.payables;
    const subject = { name: "Hypatos" };
    const client = hypatosClientForRow(row, TEST_RETRY);
    await step(
      results,
      "sign_in",
      "token",
      subject,
      () => client.signIn(),
      () => "Hypatos gave the portal a token.",
    );
    await step(
      results,
      "documents",
      "documents",
      subject,
      () => client.countDocuments(),
      ({ total }) => `Project ${row.projectId} holds ${plural(total, "document", "documents")}.`,
    );
    return { ok: results.every((r) => r.ok), steps: results };
  }
  const row = found.supplier;
  const subject = { name: row.displayName, accountId: row.accountId, passwordGrant: row.credentialKind === "password" };
  let connector: ReturnType<typeof connectorForRow>;
  try {
    connector = connectorForRow(row, { retry: TEST_RETRY });
  } catch (error) {
    results.push({ step: "sign_in", label: LABELS.sign_in, ok: false, ...explainFailure(error, "token", subject) });
    return { ok: false, steps: results };
  }
  await step(
    results,
    "sign_in",
    "token",
    subject,
    () => connector.signIn(),
    () => `${row.displayName} gave the portal a token.`,
  );
  await step(
    results,
    "account",
    "account",
    subject,
    () => connector.getAccount(),
    (account) => `${account.name} (${account.accountId}), ${plural(account.addresses.length, "ship-to address", "ship-to addresses")}.`,
  );
  await step(
    results,
    "catalog",
    "catalog",
    subject,
    () => connector.searchCatalog({ limit: 5 }),
    (page) =>
      page.items.length === 0 ? "The catalog answered, with no items." : `Read ${plural(page.items.length, "item", "items")}, e.g. ${page.items[0]!.name}.`,
  );
  return { ok: results.every((r) => r.ok), steps: results };
}
