/**
 * Runs the OrderCloud sandbox on its own:
 *   ORDERCLOUD_SANDBOX_PORT=4103 npx tsx server/sandboxes/ordercloud/main.ts
 * ORDERCLOUD_SANDBOX_HOST (default 127.0.0.1). SANDBOX_STATE_DIR=.data/sandboxes keeps its orders in ordercloud.json
 * there across restarts (unset: memory only; never the folder a running `npm start` uses: one process per state file).
 */
import path from "node:path";
import { startOrderCloudSandbox } from "./sandbox";

async function main(): Promise<void> {
  const stateFile = process.env.SANDBOX_STATE_DIR ? path.resolve(process.env.SANDBOX_STATE_DIR, "ordercloud.json") : undefined;
  const port = Number(process.env.ORDERCLOUD_SANDBOX_PORT ?? 4103);
  const sandbox = await startOrderCloudSandbox({
    port: Number.isInteger(port) && port >= 0 ? port : 4103,
    host: process.env.ORDERCLOUD_SANDBOX_HOST ?? "127.0.0.1",
    stateFile,
  });
  const { buyer, approver } = sandbox.users;
  console.log(`[ordercloud-sandbox] listening on ${sandbox.url}`);
  console.log(`[ordercloud-sandbox]   state      ${stateFile ?? "in memory (SANDBOX_STATE_DIR unset)"}`);
  console.log(`[ordercloud-sandbox]   API        ${sandbox.baseUrl}`);
  console.log(`[ordercloud-sandbox]   token      ${sandbox.tokenUrl} (password, client_credentials, refresh_token; 10-hour tokens)`);
  console.log(`[ordercloud-sandbox]   client_id  ${sandbox.clientId}`);
  console.log(`[ordercloud-sandbox]   secret     ${sandbox.clientSecret} (sandbox demo credential)`);
  console.log(
    `[ordercloud-sandbox]   buyer      ${sandbox.buyerId}: ${buyer.username} / ${buyer.password}; approver ${approver.username} / ${approver.password}`,
  );
  console.log(
    `[ordercloud-sandbox]   control    ${sandbox.url}/_sandbox/{faults,tokens/{expire,reject},items/:id,orders,orders/:id/{approve,decline,ship,complete},approval-threshold,approvalrules,reset,config,state}`,
  );
  console.log(`[ordercloud-sandbox]   catalog    ${sandbox.state.catalog.products.length} products`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("[ordercloud-sandbox] failed to start", error);
  process.exit(1);
});
