import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalIssuerKey, LocalIssuer, localWebClientId } from '../../infra/local/local-issuer';
import { AccessTokenAuthenticator } from '../../shared/adapters/identity/access-token-authenticator';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Signs whatever claims and header a test needs with the issuer's own private key. */
async function signWith(key: JWK, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const privateKey = await importJWK(key, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header }).sign(privateKey);
}

const now = () => Math.floor(Date.now() / 1000);

describe('AccessTokenAuthenticator with the local issuer', () => {
  let key: JWK;
  let issuer: LocalIssuer;
  let authenticator: AccessTokenAuthenticator;
  const personClaims = () => ({
    iss: issuer.issuer,
    sub: 'op-1',
    'cognito:groups': ['operator'],
    client_id: localWebClientId,
    token_use: 'access',
    iat: now(),
    exp: now() + 600,
  });

  beforeAll(async () => {
    key = await generateLocalIssuerKey();
    issuer = await LocalIssuer.create({ key, issuer: 'http://localhost:3000/local-issuer' });
    authenticator = issuer.authenticator();
  });

  it("maps a person's and a court's access token like Cognito's", async () => {
    expect(await authenticator.authenticate(bearer(await issuer.sign('mediator', 'med-1')))).toEqual({
      role: 'mediator',
      subjectId: 'med-1',
    });
    expect(await authenticator.authenticate(bearer(await issuer.sign('court', 'client-1')))).toEqual({
      role: 'court',
      subjectId: 'client-1',
    });
    expect(await authenticator.authenticate(bearer(await signWith(key, personClaims())))).toEqual({
      role: 'operator',
      subjectId: 'op-1',
    });
  });

  it('refuses a token signed by another key under the same key id (forged)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(personClaims())
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .sign(privateKey);
    expect(await authenticator.authenticate(bearer(forged))).toBeUndefined();
  });

  it('refuses a token from another issuer, even one signed with this key', async () => {
    const other = await LocalIssuer.ephemeral('http://localhost:3000/local-issuer');
    expect(await authenticator.authenticate(bearer(await other.sign('operator', 'op-1')))).toBeUndefined();
    const wrongIss = await signWith(key, {
      ...personClaims(),
      iss: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_Other',
    });
    expect(await authenticator.authenticate(bearer(wrongIss))).toBeUndefined();
  });

  it('refuses an expired token, and one without exp', async () => {
    expect(await authenticator.authenticate(bearer(await issuer.sign('operator', 'op-1', '-1m')))).toBeUndefined();
    const { exp: _exp, ...withoutExp } = personClaims();
    expect(await authenticator.authenticate(bearer(await signWith(key, withoutExp)))).toBeUndefined();
  });

  it('refuses an ID token and a token without token_use', async () => {
    const idToken = await signWith(key, { ...personClaims(), token_use: 'id', aud: localWebClientId });
    expect(await authenticator.authenticate(bearer(idToken))).toBeUndefined();
    const { token_use: _use, ...noUse } = personClaims();
    expect(await authenticator.authenticate(bearer(await signWith(key, noUse)))).toBeUndefined();
  });

  it('refuses alg none and an HMAC token keyed with the public key', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', kid: key.kid })}.${encode(personClaims())}.`;
    expect(await authenticator.authenticate(bearer(unsigned))).toBeUndefined();
    const hmac = await new SignJWT(personClaims())
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode(JSON.stringify(issuer.jwks())));
    expect(await authenticator.authenticate(bearer(hmac))).toBeUndefined();
  });

  it("refuses a person's token from a client that is not the pages' client", async () => {
    const token = await signWith(key, { ...personClaims(), client_id: 'some-court-client' });
    expect(await authenticator.authenticate(bearer(token))).toBeUndefined();
  });

  it('refuses a missing header, another scheme and garbage', async () => {
    expect(await authenticator.authenticate({})).toBeUndefined();
    expect(await authenticator.authenticate({ authorization: 'Basic b3A6cHc=' })).toBeUndefined();
    expect(await authenticator.authenticate(bearer('not.a.jwt'))).toBeUndefined();
  });
});

describe('AccessTokenAuthenticator fetching a JWKS over HTTP', () => {
  let issuer: LocalIssuer;
  let fetches = 0;
  let server: ReturnType<typeof createServer>;
  let base = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      fetches += 1;
      const served = issuer.routes().fetch(new Request(`${base}${request.url}`));
      void Promise.resolve(served).then(async (answer) => {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    issuer = await LocalIssuer.create({ key: await generateLocalIssuerKey(), issuer: `${base}/local-issuer` });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the JWKS at the issuer once and verifies from the cache after', async () => {
    const verifier = new AccessTokenAuthenticator(
      {
        kind: 'issuer',
        issuer: issuer.issuer,
        jwksUri: issuer.jwksUri,
        // aws-jwt-verify's own fetcher speaks HTTPS only (Cognito's JWKS is); this loopback issuer is plain HTTP.
        fetcher: { fetch: async (uri) => (await fetch(uri)).arrayBuffer() },
      },
      { peopleClientIds: [localWebClientId] },
    );
    for (const id of ['op-1', 'op-2', 'op-3']) {
      expect(await verifier.authenticate(bearer(await issuer.sign('operator', id)))).toEqual({
        role: 'operator',
        subjectId: id,
      });
    }
    expect(fetches).toBe(1);
  });
});
