/**
 * Runs the Hygrade sandbox on its own:
 *   HYGRADE_SANDBOX_PORT=4100 HYGRADE_SANDBOX_ADVANCE_MS=45000 npx tsx server/sandboxes/hygrade/main.ts
 * HYGRADE_SANDBOX_HOST (default 127.0.0.1); HYGRADE_SANDBOX_ADVANCE_MS=0 turns auto-advance off.
 * SANDBOX_STATE_DIR=.data/sandboxes keeps its orders in hygrade.json there across restarts (unset: memory only;
 * never the folder a running `npm start` uses: one process per state file).
 */
import path from "node:path";
import { startHygradeSandbox } from "./sandbox";

async function main(): Promise<void> {
  const stateFile = process.env.SANDBOX_STATE_DIR ? path.resolve(process.env.SANDBOX_STATE_DIR, "hygrade.json") : undefined;
  const port = Number(process.env.HYGRADE_SANDBOX_PORT ?? 4100);
  const advance = Number(process.env.HYGRADE_SANDBOX_ADVANCE_MS ?? 45_000);
  const sandbox = await startHygradeSandbox({
    port: Number.isInteger(port) && port >= 0 ? port : 4100,
    host: process.env.HYGRADE_SANDBOX_HOST ?? "127.0.0.1",
    autoAdvanceMs: Number.isFinite(advance) && advance > 0 ? advance : null,
    stateFile,
  });
  const counts = [...sandbox.state.world.catalogs].map(([cust, items]) => `${cust} ${items.length} items`).join(", ");
  console.log(`[hygrade-sandbox] listening on ${sandbox.url}`);
  console.log(`[hygrade-sandbox]   state      ${stateFile ?? "in memory (SANDBOX_STATE_DIR unset)"}`);
  console.log(`[hygrade-sandbox]   API        ${sandbox.baseUrl}`);
  console.log(`[hygrade-sandbox]   token      ${sandbox.tokenUrl} (client_credentials)`);
  console.log(`[hygrade-sandbox]   client_id  ${sandbox.clientId}`);
  console.log(`[hygrade-sandbox]   secret     ${sandbox.clientSecret} (sandbox demo credential)`);
  console.log(`[hygrade-sandbox]   control    ${sandbox.url}/_sandbox/{faults,tokens/expire,items/:id,orders/:id/advance,reset,config,state}`);
  console.log(`[hygrade-sandbox]   catalogs   ${counts}`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("[hygrade-sandbox] failed to start", error);
  process.exit(1);
});
