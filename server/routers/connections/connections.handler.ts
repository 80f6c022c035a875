/** The connections router's handlers: each calls one use case and shapes its answer for the admin page. */
import type { z } from "zod";
import { deleteConnection, listConnections, saveConnection, setConnectionEnabled } from "@/server/connections-admin/connections-admin";
import { testConnection } from "@/server/connections-admin/test-connection";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { connectionIdInput, saveConnectionInput, setEnabledInput } from "./connections.schema";

export const list = ({ ctx }: { ctx: MemberContext }) => listConnections(ctx);

export const save = ({ ctx, input }: Handled<typeof saveConnectionInput>) => saveConnection(ctx, { ...input, orderEmail: input.orderEmail || null });

export const setEnabled = ({ ctx, input }: Handled<typeof setEnabledInput>) => setConnectionEnabled(ctx, input);

export const remove = ({ ctx, input }: Handled<typeof connectionIdInput>) => deleteConnection(ctx, input);

export const test = ({ ctx, input }: Handled<typeof connectionIdInput>) => testConnection(ctx, input);

export type SaveConnectionInput = z.input<typeof saveConnectionInput>;
