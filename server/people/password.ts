/** A person changing their own password: only with the current one, and every other sign-in of theirs ends with it. */
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { ActorContext } from "@/server/actor";
import { invalid } from "@/server/errors";
import { passwordProblem } from "@/server/domain/password-rules";
import { checkPassword, hashPassword } from "@/server/passwords";
import { endEverySessionOf } from "@/server/sessions/sessions";
import { recordAudit } from "@/server/audit/audit-log";

export async function changePassword(
  ctx: ActorContext & { sessionId: string | null },
  input: { currentPassword: string; newPassword: string },
): Promise<{ otherSessionsEnded: number }> {
  const [row] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.user.id)).limit(1);
  if (!row?.passwordHash) {
    throw invalid("currentPassword", "You sign in through your company's single sign-on, so there is no portal password to change.");
  }
  if (!(await checkPassword(input.currentPassword, row.passwordHash))) {
    throw invalid("currentPassword", "That is not your current password.");
  }
  // The rules every new password meets (first run, a change): written once, in server/domain/password-rules.ts.
  const problem = passwordProblem(input.newPassword, ctx.user);
  if (problem) throw invalid("newPassword", problem);
  if (input.newPassword === input.currentPassword) {
    throw invalid("newPassword", "The new password must differ from the current one.");
  }
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, ctx.user.id));
    // Whoever knew the old password may be signed in somewhere; the person changing it stays signed in here.
    const otherSessionsEnded = await endEverySessionOf(tx, ctx.user.id, "password_changed", ctx.sessionId);
    // That it changed, never anything of the password itself.
    await recordAudit(tx, {
      companyId: ctx.companyId,
      actorId: ctx.user.id,
      action: "user.password_changed",
      subject: { type: "user", id: ctx.user.id },
      details: { otherSessionsEnded },
    });
    return { otherSessionsEnded };
  });
}
