/**
 * A real OpenID provider (the oidc-provider package) on loopback, for the single sign-on tests and the demo: its own
 * signing key, one client, any login accepted on its built-in sign-in page (the login is the account's email unless
 * `accounts` says otherwise), consent taken as given. A thin proxy sits in front of it at the issuer's address, so a
 * test can make its token endpoint answer with an ID token that is wrong in one chosen way, re-signed as needed.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

export interface OidcAccount {
  email?: string;
  name?: string;
  emailVerified?: boolean;
  /** Sent as the `groups` claim (in the profile scope). */
  groups?: string[];
  roles?: string[];
}

/** How the next token answers' ID token is spoiled; null: as the provider issued it. */
export type OidcTamper =
  { kind: "wrong_audience" } | { kind: "expired" } | { kind: "bad_signature" } | { kind: "claims"; claims: Record<string, unknown> } | null;

export interface OidcSandboxOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  redirectUris: string[];
  accounts?: Record<string, OidcAccount>;
}

const KID = "sandbox-signing-key";

function rsaKey(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey, jwk: { ...privateKey.export({ format: "jwk" }), kid: KID, alg: "RS256", use: "sig" } };
}

const listen = (server: http.Server, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

const close = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

export async function startOidcSandbox(options: OidcSandboxOptions) {
  const clientId = options.clientId ?? "buyer-portal";
  const clientSecret = options.clientSecret ?? "sandbox-client-secret-0123456789";
  const accounts = { ...(options.accounts ?? {}) };
  const signing = rsaKey();
  // Same key id, other key: an ID token signed with it claims to be the provider's and is not.
  const foreign = rsaKey();
  let tamper: OidcTamper = null;

  // The public address is the proxy's, so that is the issuer every token and discovery document names.
  const front = http.createServer();
  const port = await listen(front, options.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;

  const accountOf = (login: string): OidcAccount => accounts[login] ?? { email: login };
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [signing.jwk as never] },
    cookies: { keys: ["oidc-sandbox-cookie-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups", "roles"] },
    // ID tokens carry the claims of the scopes asked for, as Okta and Entra ID send them with a code.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    // Stated, so the provider does not warn about its defaults; minutes are plenty for a test's sign-in.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => {
        const account = accountOf(id);
        return {
          sub: id,
          ...(account.email !== undefined ? { email: account.email, email_verified: account.emailVerified ?? true } : {}),
          ...(account.name ? { name: account.name } : {}),
          ...(account.groups ? { groups: account.groups } : {}),
          ...(account.roles ? { roles: account.roles } : {}),
        };
      },
    }),
    // The portal is the company's own application: nobody is asked to consent to it.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const existing = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile");
      grant.addOIDCClaims(["email", "email_verified", "name", "groups", "roles"]);
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const back = http.createServer(provider.callback());
  const backPort = await listen(back, 0);

  async function spoil(idToken: string): Promise<string> {
    const current = tamper;
    if (!current) return idToken;
    const payload = JSON.parse(Buffer.from(idToken.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    let key = signing.privateKey;
    if (current.kind === "wrong_audience") payload.aud = "some-other-application";
    if (current.kind === "expired") Object.assign(payload, { iat: now - 7200, exp: now - 3600 });
    if (current.kind === "bad_signature") key = foreign.privateKey;
    if (current.kind === "claims") Object.assign(payload, current.claims);
    return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT" }).sign(key);
  }

  front.on("request", (req, res) => {
    const upstream = http.request({ host: "127.0.0.1", port: backPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const isToken = req.method === "POST" && (req.url ?? "").split("?")[0] === "/token";
      if (!isToken || !tamper || answer.statusCode !== 200) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on("data", (c: Buffer) => chunks.push(c));
      answer.on("end", () => {
        void (async () => {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id_token?: string };
          if (body.id_token) body.id_token = await spoil(body.id_token);
          const text = JSON.stringify(body);
          const { "content-length": _length, ...headers } = answer.headers;
          res.writeHead(200, { ...headers, "content-length": Buffer.byteLength(text) });
          res.end(text);
        })().catch((error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        });
      });
    });
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    /** Spoils every ID token from now on in this way (null: stop). */
    tamper(next: OidcTamper) {
      tamper = next;
    },
    /** Who a login is: email, name, groups. */
    setAccount(login: string, account: OidcAccount) {
      accounts[login] = account;
    },
    close: async () => {
      await Promise.all([close(front), close(back)]);
    },
  };
}

export type OidcSandbox = Awaited<ReturnType<typeof startOidcSandbox>>;
