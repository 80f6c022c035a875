import { unlessTestRun } from "../guard";
import { z } from "zod";
import { getDb } from "@/server/database";
import { runEscalations } from "@/server/jobs/escalation";

/**
 * The clock the Playwright tests control: runs the reminder and escalation
 * pass for one company as if it were `advanceHours` from now. Mounted only when
 * PORTAL_TEST_HOOKS=1; a 404 everywhere else.
 */
const input = z.object({
  advanceHours: z
    .number()
    .min(0)
    .max(24 * 365),
  companyId: z.uuid(),
});

export async function POST(request: Request) {
  const refused = unlessTestRun(request);
  if (refused) return refused;
  const parsed = input.safeParse(await request.json().catch(() => ({})));
  if (!parsed.success) return Response.json({ error: z.prettifyError(parsed.error) }, { status: 400 });
  // One company only: other tests running at the same time keep their own clock.
  const result = await runEscalations(await getDb(), new Date(Date.now() + parsed.data.advanceHours * 3_600_000), { companyId: parsed.data.companyId });
  return Response.json(result);
}
