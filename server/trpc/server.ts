import "server-only";
import { cache } from "react";
import { createTRPCContext, PortalError } from "./init";
import { createCaller } from "./root";

/** For server components: the same procedures, the same checks, no HTTP hop. */
export const getServerCaller = cache(async () => createCaller(await createTRPCContext()));

/**
 * For a server-rendered page whose URL carries a procedure's input (search and filter forms): the procedure's refusal of
 * that input, as the field and message to show beside the form. Anything else is not the visitor's input and is rethrown.
 */
export function inputErrorOf(error: unknown): { field: string | undefined; message: string } {
  if (!(error instanceof PortalError) || error.code !== "BAD_REQUEST") throw error;
  return { field: error.field, message: error.message };
}

/** Who is signed in, with their company and cart count: asked once per request, though the layout and the page both want it. */
export const getServerMe = cache(async () => (await getServerCaller()).me.get());
