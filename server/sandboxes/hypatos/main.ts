/**
 * Runs the Hypatos sandbox on its own:
 *   HYPATOS_SANDBOX_PORT=4104 npx tsx server/sandboxes/hypatos/main.ts
 * HYPATOS_SANDBOX_HOST (default 127.0.0.1), HYPATOS_SANDBOX_PROCESSING_MS (default 3000). Memory only.
 */
import { startHypatosSandbox } from "./sandbox";

async function main(): Promise<void> {
  const port = Number(process.env.HYPATOS_SANDBOX_PORT ?? 4104);
  const processingMs = Number(process.env.HYPATOS_SANDBOX_PROCESSING_MS ?? 3000);
  const sandbox = await startHypatosSandbox({
    port: Number.isInteger(port) && port >= 0 ? port : 4104,
    host: process.env.HYPATOS_SANDBOX_HOST ?? "127.0.0.1",
    processingMs: Number.isFinite(processingMs) && processingMs >= 0 ? processingMs : 3000,
  });
  console.log(`[hypatos-sandbox] listening on ${sandbox.url}`);
  console.log(`[hypatos-sandbox]   API        ${sandbox.baseUrl}`);
  console.log(`[hypatos-sandbox]   token      ${sandbox.tokenUrl} (HTTP Basic client credentials)`);
  console.log(`[hypatos-sandbox]   client_id  ${sandbox.clientId}`);
  console.log(`[hypatos-sandbox]   secret     ${sandbox.clientSecret} (sandbox demo credential)`);
  console.log(`[hypatos-sandbox]   project    ${sandbox.projectId}`);
  console.log(`[hypatos-sandbox]   control    ${sandbox.url}/_sandbox/{faults,documents/fail,config,reset,state,enrichment/:resource}`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("[hypatos-sandbox] failed to start", error);
  process.exit(1);
});
