/** The portal process's SCIM edge, over its one database. */
import { getDb } from "@/server/database";
import { scimApi } from "./api";

export const portalScim = scimApi(getDb);
