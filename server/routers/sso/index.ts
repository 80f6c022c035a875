import { adminProcedure, createTRPCRouter, publicProcedure } from "@/server/trpc/init";
import { configuration, finish, how, save, start } from "./sso.handler";
import { finishSsoInput, howToSignInInput, saveSsoInput, startSsoInput } from "./sso.schema";

/**
 * Single sign-on: the admin's settings (admins only, their own company's), and the public steps of signing in (asked
 * by the login page and the /api/sso routes before anyone is signed in, so they say nothing about any account).
 */
export const ssoRouter = createTRPCRouter({
  configuration: adminProcedure.query(configuration),
  save: adminProcedure.input(saveSsoInput).mutation(save),
  howToSignIn: publicProcedure.input(howToSignInInput).query(how),
  start: publicProcedure.input(startSsoInput).mutation(start),
  finish: publicProcedure.input(finishSsoInput).mutation(finish),
});
