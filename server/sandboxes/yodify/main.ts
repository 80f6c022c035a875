/**
 * Runs the Yodify sandbox on its own:
 *   YODIFY_SANDBOX_PORT=4200 YODIFY_SANDBOX_ADVANCE_MS=45000 npx tsx server/sandboxes/yodify/main.ts
 * YODIFY_SANDBOX_HOST (default 127.0.0.1); YODIFY_SANDBOX_ADVANCE_MS=0 turns auto-advance off.
 * SANDBOX_STATE_DIR=.data/sandboxes keeps its orders in yodify.json there across restarts (unset: memory only;
 * never the folder a running `npm start` uses: one process per state file).
 */
import path from "node:path";
import { startYodifySandbox } from "./sandbox";
import { ACME_ACCOUNT_ID, ACME_ACCOUNT_NUMBER } from "./data";

async function main(): Promise<void> {
  const stateFile = process.env.SANDBOX_STATE_DIR ? path.resolve(process.env.SANDBOX_STATE_DIR, "yodify.json") : undefined;
  const port = Number(process.env.YODIFY_SANDBOX_PORT ?? 4200);
  const advance = Number(process.env.YODIFY_SANDBOX_ADVANCE_MS ?? 45_000);
  const sandbox = await startYodifySandbox({
    port: Number.isInteger(port) && port >= 0 ? port : 4200,
    host: process.env.YODIFY_SANDBOX_HOST ?? "127.0.0.1",
    autoAdvanceMs: Number.isFinite(advance) && advance > 0 ? advance : null,
    stateFile,
  });
  console.log(`[yodify-sandbox] listening on ${sandbox.url}`);
  console.log(`[yodify-sandbox]   state      ${stateFile ?? "in memory (SANDBOX_STATE_DIR unset)"}`);
  console.log(`[yodify-sandbox]   API        ${sandbox.baseUrl}`);
  console.log(`[yodify-sandbox]   token      ${sandbox.tokenUrl} (client_credentials, scope yodify)`);
  console.log(`[yodify-sandbox]   client_id  ${sandbox.clientId}`);
  console.log(`[yodify-sandbox]   secret     ${sandbox.clientSecret} (sandbox demo credential)`);
  console.log(`[yodify-sandbox]   account    ${ACME_ACCOUNT_ID} (account_number ${ACME_ACCOUNT_NUMBER})`);
  console.log(
    `[yodify-sandbox]   control    ${sandbox.url}/_sandbox/{faults,tokens/expire,items/:id,orders/:id/advance,quotes/:id/advance,skus/add,skus/:id/patch,reset,config,state}`,
  );
  console.log(`[yodify-sandbox]   catalog    ${sandbox.state.catalog.skus.length} SKUs, ${sandbox.state.catalog.brands.length} brands`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("[yodify-sandbox] failed to start", error);
  process.exit(1);
});
