/**
 * Runs the Orderspace sandbox on its own:
 *   ORDERSPACE_SANDBOX_PORT=4102 npx tsx server/sandboxes/orderspace/main.ts
 * ORDERSPACE_SANDBOX_HOST (default 127.0.0.1). SANDBOX_STATE_DIR=.data/sandboxes keeps its orders in orderspace.json
 * there across restarts (unset: memory only; never the folder a running `npm start` uses: one process per state file).
 */
import path from "node:path";
import { ACME_CUSTOMER_ID } from "./data";
import { startOrderspaceSandbox } from "./sandbox";

async function main(): Promise<void> {
  const stateFile = process.env.SANDBOX_STATE_DIR ? path.resolve(process.env.SANDBOX_STATE_DIR, "orderspace.json") : undefined;
  const port = Number(process.env.ORDERSPACE_SANDBOX_PORT ?? 4102);
  const sandbox = await startOrderspaceSandbox({
    port: Number.isInteger(port) && port >= 0 ? port : 4102,
    host: process.env.ORDERSPACE_SANDBOX_HOST ?? "127.0.0.1",
    stateFile,
  });
  console.log(`[orderspace-sandbox] listening on ${sandbox.url}`);
  console.log(`[orderspace-sandbox]   state      ${stateFile ?? "in memory (SANDBOX_STATE_DIR unset)"}`);
  console.log(`[orderspace-sandbox]   API        ${sandbox.baseUrl}`);
  console.log(`[orderspace-sandbox]   identity   ${sandbox.tokenUrl} (client_credentials, 30-minute tokens)`);
  console.log(`[orderspace-sandbox]   client_id  ${sandbox.clientId}`);
  console.log(`[orderspace-sandbox]   secret     ${sandbox.clientSecret} (sandbox demo credential)`);
  console.log(`[orderspace-sandbox]   customer   ${ACME_CUSTOMER_ID}`);
  console.log(
    `[orderspace-sandbox]   control    ${sandbox.url}/_sandbox/{faults,tokens/expire,items/:id,orders,orders/:id/{dispatch,invoice,cancel},webhooks,reset,config,state}`,
  );
  console.log(`[orderspace-sandbox]   catalog    ${sandbox.state.catalog.products.length} products`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("[orderspace-sandbox] failed to start", error);
  process.exit(1);
});
