/** The single sign-on router's handlers: each calls one use case; a refusal of a sign-in is answered, not thrown, with its reason. */
import type { z } from "zod";
import type { SsoRefusal } from "@/common/sso";
import { getSsoConfiguration, saveSsoConfiguration } from "@/server/sso/configuration";
import { finishSsoSignIn, howToSignIn, SsoRefused, startSsoSignIn } from "@/server/sso/sign-in";
import type { Handled, MemberContext, PortalContext } from "@/server/trpc/init";
import type { finishSsoInput, howToSignInInput, saveSsoInput, startSsoInput } from "./sso.schema";

type Public<S extends z.ZodType> = { ctx: PortalContext; input: z.output<S> };
type Answer<T> = ({ ok: true } & T) | { ok: false; reason: SsoRefusal };

async function answered<T>(work: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    if (error instanceof SsoRefused) return { ok: false, reason: error.reason };
    throw error;
  }
}

export const configuration = ({ ctx }: { ctx: MemberContext }) => getSsoConfiguration(ctx);

export const save = ({ ctx, input }: Handled<typeof saveSsoInput>) => saveSsoConfiguration(ctx, { ...input, roleClaim: input.roleClaim || undefined });

export const how = ({ ctx, input }: Public<typeof howToSignInInput>) => howToSignIn(ctx.db, input.email);

export const start = ({ ctx, input }: Public<typeof startSsoInput>) => answered(() => startSsoSignIn(ctx.db, input));

export const finish = ({ ctx, input }: Public<typeof finishSsoInput>) => answered(() => finishSsoSignIn(ctx.db, input));
