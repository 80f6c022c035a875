import "server-only";
import { cache } from "react";
import { createTRPCContext } from "./init";
import { createCaller } from "./root";

/** For server components: the same procedures, the same checks, no HTTP hop. */
export const getServerCaller = cache(async () => createCaller(await createTRPCContext()));
