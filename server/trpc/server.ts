import "server-only";
import { TRPCError } from "@trpc/server";
import { cache } from "react";
import { createTRPCContext } from "./init";
import { createCaller } from "./root";

/** For server components: the same procedures, the same checks, no HTTP hop. */
export const getServerCaller = cache(async () => createCaller(await createTRPCContext()));

/**
 * For a server-rendered page whose URL carries a procedure's input (search and filter forms): the procedure's refusal of
 * that input, as the field and message to show beside the form. Anything else is not the visitor's input and is rethrown.
 */
export function inputErrorOf(error: unknown): { field: string | undefined; message: string } {
  if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") throw error;
  const field = (error as { field?: string }).field;
  // The page shows it beside its field, so without the "field: " the API puts in front for other callers.
  return { field, message: field && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message };
}

/** Who is signed in, with their company and cart count: asked once per request, though the layout and the page both want it. */
export const getServerMe = cache(async () => (await getServerCaller()).me.get());
