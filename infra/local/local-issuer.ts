import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Hono } from 'hono';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { AccessTokenAuthenticator } from '../../shared/adapters/identity/access-token-authenticator';
import { courtScope } from '../../shared/adapters/identity/cognito-claims';
import type { Role } from '../../shared/domain/principal';
import type { CourtCredentials, IssuedClient } from '../../shared/ports/court-credentials';

/*
 * The embedded runtime's stand-in for Cognito, in one place: the signing key, the JWKS and the
 * issuer, the app clients it knows (the pages' client for people, one client-credentials client per
 * court), and the OAuth 2.0 token endpoint. Tokens have Cognito's shapes (`token_use`, `client_id`,
 * `cognito:groups`, `scope`, `sub`), RS256 like Cognito's, and are verified by the same
 * `aws-jwt-verify` checks as in AWS (shared/adapters/identity/access-token-authenticator.ts).
 *
 * Built so that people's sign-in (authorization code with PKCE) can be added beside the token
 * endpoint: `mintAccessToken` takes any Cognito claims, and `routes()` is the issuer's one Hono app.
 */

/** The issuer's private signing key, kept under `.data/keys/` (an RSA JWK with its private part). */
export type LocalIssuerKey = JWK;

/** The app client people sign in through locally (the pages' client; Cognito's web client in AWS). */
export const localWebClientId = 'local-web';

/** The app clients of the two sign-in pools (parties: one-time codes; staff: password and TOTP). */
export const localPartiesClientId = 'local-parties';
export const localStaffClientId = 'local-staff';

/** The local issuer's URL (its `iss`) under the platform's public base URL. */
export const localIssuerUrlFor = (publicBaseUrl: string) => `${publicBaseUrl.replace(/\/$/, '')}/local-issuer`;

/** Where the local issuer says it is when nothing else is configured (`npm start`'s address). */
export const defaultLocalIssuerUrl = localIssuerUrlFor('http://localhost:3000');

/** The token endpoint's path: the same as on a Cognito domain, so integrators change only the host. */
export const tokenEndpointPath = '/oauth2/token';

const accessTokenSeconds = 3600;

export async function generateLocalIssuerKey(): Promise<LocalIssuerKey> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: `local-${randomUUID()}` };
}

/** A client as the issuer keeps it: the secret only as a SHA-256 hash (a 256-bit random secret needs no slow hash). */
interface StoredClient {
  clientId: string;
  name: string;
  secretSha256: string;
  scopes: string[];
}

export interface LocalIssuerOptions {
  key: LocalIssuerKey;
  /** The `iss` of every token; its path also serves the JWKS (`<issuer>/.well-known/jwks.json`). */
  issuer?: string;
  /** Where clients are kept across restarts (JSON); in memory when absent. */
  clientsFile?: string;
}

export class LocalIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  private readonly publicJwk: JWK;

  private constructor(
    private readonly privateKey: CryptoKey,
    key: LocalIssuerKey,
    issuer: string,
    private readonly clients: Map<string, StoredClient>,
    private readonly clientsFile: string | undefined,
  ) {
    this.issuer = issuer.replace(/\/$/, '');
    this.jwksUri = `${this.issuer}/.well-known/jwks.json`;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = key;
    this.publicJwk = publicJwk;
  }

  static async create(options: LocalIssuerOptions): Promise<LocalIssuer> {
    const privateKey = (await importJWK(options.key, 'RS256')) as CryptoKey;
    const clients = new Map<string, StoredClient>();
    if (options.clientsFile) {
      for (const client of await readClients(options.clientsFile)) clients.set(client.clientId, client);
    }
    return new LocalIssuer(
      privateKey,
      options.key,
      options.issuer ?? defaultLocalIssuerUrl,
      clients,
      options.clientsFile,
    );
  }

  /** A fresh issuer with a new key, kept in memory: for tests. */
  static async ephemeral(issuer?: string): Promise<LocalIssuer> {
    return LocalIssuer.create({ key: await generateLocalIssuerKey(), ...(issuer ? { issuer } : {}) });
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** Signs an access token with Cognito's claims; `sub`, `client_id` and `token_use` are the caller's. */
  async mintAccessToken(
    claims: Record<string, unknown>,
    lifetime: number | string = accessTokenSeconds,
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ auth_time: now, version: 2, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid ?? 'local', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setJti(randomUUID())
      .setExpirationTime(typeof lifetime === 'number' ? now + lifetime : lifetime)
      .sign(this.privateKey);
  }

  /**
   * A token for anyone, as `npm run token -- <role> <id>` prints it: a person's (`sub` and
   * `cognito:groups`, through the pages' client) or a court's (`client_id` and the court scope).
   * `lifetime` is jose's form (`12h`, `-1m` for an expired one in tests).
   */
  sign(role: Role, subjectId: string, lifetime = '12h'): Promise<string> {
    const claims =
      role === 'court'
        ? { sub: subjectId, client_id: subjectId, scope: courtScope, token_use: 'access' }
        : {
            sub: subjectId,
            username: subjectId,
            'cognito:groups': [role],
            client_id: localWebClientId,
            scope: 'openid email phone profile',
            token_use: 'access',
          };
    return this.mintAccessToken(claims, lifetime);
  }

  /**
   * The verifier the platform runs locally: `aws-jwt-verify` with this issuer. Its JWKS is fetched
   * and cached by the library as in AWS, but from this object rather than over the network, so the
   * app verifies tokens without a server running (tests drive it with `app.request()`), and a
   * token with an unknown key never sends a request to whatever listens on the issuer's port.
   */
  authenticator(): AccessTokenAuthenticator {
    const jwks = new TextEncoder().encode(JSON.stringify(this.jwks()));
    return new AccessTokenAuthenticator(
      {
        kind: 'issuer',
        issuer: this.issuer,
        jwksUri: this.jwksUri,
        fetcher: {
          fetch: async (uri) => {
            if (uri !== this.jwksUri) throw new Error(`the local issuer serves no ${uri}`);
            return jwks.buffer as ArrayBuffer;
          },
        },
      },
      { peopleClientIds: [localWebClientId, localPartiesClientId, localStaffClientId] },
    );
  }

  /** Courts' credentials backed by this issuer (the port's local adapter). */
  courtCredentials(): CourtCredentials {
    return {
      createClient: (name) => this.createClient(name, [courtScope]),
      deleteClient: (clientId) => this.deleteClient(clientId),
    };
  }

  async createClient(name: string, scopes: string[]): Promise<IssuedClient> {
    // Cognito's shapes: a 26-character lower-case id, a long random secret.
    const clientId = randomBytes(20)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .padEnd(26, '0')
      .slice(0, 26);
    const clientSecret = randomBytes(32).toString('base64url');
    this.clients.set(clientId, { clientId, name, secretSha256: sha256(clientSecret), scopes });
    await this.saveClients();
    return { clientId, clientSecret };
  }

  async deleteClient(clientId: string): Promise<void> {
    if (this.clients.delete(clientId)) await this.saveClients();
  }

  /** The issuer's HTTP face: the token endpoint, the JWKS and a discovery document. */
  routes(): Hono {
    const issuerPath = new URL(this.issuer).pathname.replace(/\/$/, '');
    const app = new Hono();
    app.get(`${issuerPath}/.well-known/jwks.json`, (c) =>
      c.json(this.jwks(), 200, { 'cache-control': 'public, max-age=300' }),
    );
    app.get(`${issuerPath}/.well-known/openid-configuration`, (c) =>
      c.json({
        issuer: this.issuer,
        jwks_uri: this.jwksUri,
        token_endpoint: new URL(tokenEndpointPath, c.req.url).href,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    );
    app.post(tokenEndpointPath, async (c) => {
      const answer = await this.tokenRequest(
        c.req.header('authorization'),
        c.req.header('content-type'),
        await c.req.text(),
      );
      const headers: Record<string, string> = { 'cache-control': 'no-store', pragma: 'no-cache' };
      if (answer.status === 401) headers['www-authenticate'] = 'Basic realm="oauth2/token"';
      return c.json(answer.body, answer.status, headers);
    });
    app.all(tokenEndpointPath, (c) =>
      c.json({ error: 'invalid_request', error_description: 'the token endpoint takes POST only' }, 405, {
        allow: 'POST',
      }),
    );
    return app;
  }

  /**
   * RFC 6749 §4.4 (client credentials) with §2.3.1 client authentication, as Cognito answers it:
   * the client by HTTP Basic or by `client_id`/`client_secret` in the form (never both), the grant
   * `client_credentials` only, and the scopes asked for among the client's (all of them when none).
   */
  async tokenRequest(
    authorization: string | undefined,
    contentType: string | undefined,
    body: string,
  ): Promise<{ status: 200 | 400 | 401; body: Record<string, unknown> }> {
    const refuse = (status: 400 | 401, error: string, description: string) => ({
      status,
      body: { error, error_description: description },
    });
    if (!/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) {
      return refuse(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(body);
    const grantType = form.get('grant_type');
    if (!grantType) return refuse(400, 'invalid_request', 'grant_type is required');
    const basic = basicCredentials(authorization);
    const posted = form.has('client_secret')
      ? { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' }
      : undefined;
    if (basic && posted) return refuse(400, 'invalid_request', 'authenticate the client one way only');
    const presented = basic ?? posted;
    const client = presented ? this.clients.get(presented.id) : undefined;
    if (!presented || !client || !secretMatches(client, presented.secret)) {
      return refuse(401, 'invalid_client', 'unknown client or wrong secret');
    }
    if (grantType !== 'client_credentials') {
      return refuse(400, 'unsupported_grant_type', 'this endpoint issues client_credentials tokens only');
    }
    const asked = (form.get('scope') ?? '').split(' ').filter((scope) => scope.length > 0);
    if (asked.some((scope) => !client.scopes.includes(scope))) {
      return refuse(400, 'invalid_scope', `this client may ask for: ${client.scopes.join(' ')}`);
    }
    const scope = (asked.length > 0 ? asked : client.scopes).join(' ');
    const accessToken = await this.mintAccessToken(
      { sub: client.clientId, client_id: client.clientId, scope, token_use: 'access' },
      accessTokenSeconds,
    );
    return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: accessTokenSeconds } };
  }

  private async saveClients(): Promise<void> {
    if (!this.clientsFile) return;
    await mkdir(dirname(this.clientsFile), { recursive: true, mode: 0o700 });
    // Written whole, then renamed: a crash leaves the old file or the new one, never half of one.
    const partial = `${this.clientsFile}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify([...this.clients.values()], null, 2), { mode: 0o600 });
    await rename(partial, this.clientsFile);
  }
}

/**
 * The local edge: the issuer's endpoints where Cognito's domain would answer them, the app behind
 * everything else (in AWS the token endpoint and the JWKS are Cognito's, never the API's).
 */
export function withLocalIssuer<Rest extends unknown[]>(
  issuer: LocalIssuer,
  app: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  managedLogin?: { routes(): Hono },
): (request: Request, ...rest: Rest) => Response | Promise<Response> {
  const routes = issuer.routes();
  // People's sign-in pages and grants (local-managed-login.ts), under the issuer's path as on a Cognito domain.
  if (managedLogin) routes.route('/', managedLogin.routes());
  const issuerPath = new URL(issuer.issuer).pathname.replace(/\/$/, '');
  // The rest (the Node server's bindings, with the socket) goes on to the app: code tries are
  // counted per client by the socket's address (functions/http/middleware/client-address.ts).
  return (request, ...rest) => {
    const path = new URL(request.url).pathname;
    const ours = path === tokenEndpointPath || (issuerPath !== '' && path.startsWith(`${issuerPath}/`));
    return ours ? routes.fetch(request) : app(request, ...rest);
  };
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function secretMatches(client: StoredClient, secret: string): boolean {
  return timingSafeEqual(Buffer.from(sha256(secret), 'hex'), Buffer.from(client.secretSha256, 'hex'));
}

/** RFC 6749 §2.3.1: Basic credentials are the form-urlencoded id and secret. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

async function readClients(file: string): Promise<StoredClient[]> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredClient[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
