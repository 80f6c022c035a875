import { z } from "zod";
import { CONNECTION_KINDS, SUPPLIER_CREDENTIAL_KINDS } from "@/common/suppliers";

export const connectionIdInput = z.object({ id: z.uuid({ message: "That connection id is not valid" }) });

const text = (label: string, max: number) =>
  z
    .string({ message: `${label} must be text` })
    .trim()
    .max(max, `${label} can be at most ${max} characters`);
/** A secret exactly as typed (spaces may be part of it); blank on a change keeps the stored one. */
const secret = (label: string) =>
  z
    .string({ message: `${label} must be text` })
    .max(500, `${label} can be at most 500 characters`)
    .optional();
const url = (label: string) => text(label, 2000);

/** Shape and length only; where a URL may point and what each supplier needs are the use case's rules. */
export const saveConnectionInput = z.object({
  id: z.uuid({ message: "That connection id is not valid" }).optional(),
  kind: z.enum(CONNECTION_KINDS, { message: "Choose the supplier: Hygrade, Yodify, Orderspace, OrderCloud or Hypatos" }),
  displayName: text("Name", 200).optional(),
  baseUrl: url("Base URL"),
  tokenUrl: url("Token URL"),
  clientId: text("Client id", 200),
  clientSecret: secret("Client secret"),
  accountId: text("Account id", 200).optional(),
  projectId: text("Project id", 200).optional(),
  orderEmail: z.union([z.literal(""), z.email({ message: "Enter the order desk's email address, like orders@supplier.example" }).max(254)]).nullish(),
  webhookSecret: secret("Webhook signing key"),
  credentialKind: z.enum(SUPPLIER_CREDENTIAL_KINDS, { message: "Choose how the portal signs in" }).optional(),
  username: text("User name", 200).optional(),
  password: secret("Password"),
});

export const setEnabledInput = connectionIdInput.extend({ enabled: z.boolean({ message: "Say whether the connection is enabled" }) });
