/**
 * A company whose every sealed column holds a value (supplier secrets, an OrderCloud password, an Orderspace webhook
 * secret, the Hypatos secret, an invitation token, the single sign-on client secret), sealed by the portal's own use cases, for the key rotation tests.
 */
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { invitations, ssoConfigurations, supplierConnections } from "@/db/schema";
import { seedCompany } from "@/server/demo/seed";
import { sealSecret } from "@/server/secrets";

const settings = (name: string, secret: string) => ({
  baseUrl: `http://127.0.0.1:9/${name}`,
  tokenUrl: `http://127.0.0.1:9/${name}/token`,
  clientId: `${name}-client`,
  clientSecret: secret,
  accountId: `${name}-account`,
});

export async function seedSealedValues(db: Database, n: number) {
  const company = await seedCompany(db, {
    name: `Sealed Co ${n}`,
    approvalThreshold: null,
    users: [{ email: `admin${n}@sealed.example`, name: "Admin", password: "sealed-password", roles: ["admin"] }],
    costCenters: [{ code: "CC-1", name: "General" }],
    hygrade: settings("hygrade", `hygrade-secret-${n}`),
    orderspace: {
      ...settings("orderspace", `orderspace-secret-${n}`),
      webhook: { key: `os-key-${n}-${randomBytes(6).toString("hex")}`, secret: `webhook-secret-${n}` },
    },
    ordercloud: { ...settings("ordercloud", ""), grant: { kind: "password", username: "buyer", password: `ordercloud-password-${n}` } },
    hypatos: { ...settings("hypatos", `hypatos-secret-${n}`), projectId: "project" },
  });
  await db.insert(invitations).values({
    companyId: company.companyId,
    email: `invitee${n}@sealed.example`,
    name: "Invitee",
    roles: ["buyer"],
    invitedById: company.users[0]!.id,
    tokenHash: `hash-${n}-${randomBytes(6).toString("hex")}`,
    tokenSealed: sealSecret(`invitation-token-${n}`),
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  await db.insert(ssoConfigurations).values({
    companyId: company.companyId,
    issuer: "https://idp.sealed.example",
    clientId: `portal-${n}`,
    clientSecretSealed: sealSecret(`sso-secret-${n}`),
    allowedDomains: [`sealed${n}.example`],
    defaultRoles: ["buyer"],
  });
  return company;
}

/** A value as the portal sealed it before the keyring (v1: a key derived from the session secret). */
export function sealTheOldWay(plain: string, sessionSecret: string): string {
  const key = createHash("sha256").update(`buyer-portal/secrets/v1:${sessionSecret}`).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** Makes one connection's password an old (v1) value, as a data folder from before the keyring holds. */
export async function makeOldValue(db: Database, connectionId: string, plain: string, sessionSecret: string) {
  await db
    .update(supplierConnections)
    .set({ passwordSealed: sealTheOldWay(plain, sessionSecret) })
    .where(eq(supplierConnections.id, connectionId));
}
