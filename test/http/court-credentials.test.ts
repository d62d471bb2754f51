import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLocalIssuer } from '../../infra/local/local-issuer';
import { httpHarness } from '../support/http-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

const operator: ['operator', string] = ['operator', 'op-1'];

/**
 * Courts onboarded at run time, end to end over real HTTP on loopback: the operator issues a
 * court's credentials through the API, and the court's integrator code (plain `fetch`, as it would
 * run against Cognito's domain) gets a token from /oauth2/token and calls its queue.
 */
describe('court credentials', () => {
  let h: Harness;
  let server: ServerType;
  let base = '';

  beforeAll(async () => {
    h = await httpHarness();
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: withLocalIssuer(h.tokens, h.app.fetch), port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started),
      );
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function registerCourt(name: string): Promise<string> {
    const response = await h.call('POST', '/v1/courts', {
      as: operator,
      body: { name, level: 'basic', regionCode: '440304', jurisdiction: { regions: ['440304'], caseTypes: [] } },
    });
    expect(response.status).toBe(201);
    expect(response.json.clientId).toBeUndefined();
    return response.json.id;
  }

  /** What a court's integrator writes: the client-credentials grant with HTTP Basic. */
  async function tokenFor(clientId: string, clientSecret: string, form: Record<string, string> = {}) {
    const response = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'platform/court', ...form }),
    });
    return {
      status: response.status,
      headers: response.headers,
      json: (await response.json()) as Record<string, unknown>,
    };
  }

  async function queue(accessToken: string) {
    const response = await fetch(`${base}/v1/confirmation-requests?status=submitted`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it("lets a court's integrator get a token with credentials the operator issued and read its queue", async () => {
    const courtId = await registerCourt('Futian Court');
    const issued = await h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.json).toMatchObject({
      courtId,
      clientId: expect.any(String),
      clientSecret: expect.any(String),
      scope: 'platform/court',
      tokenEndpoint: 'http://localhost:3000/oauth2/token',
    });

    const token = await tokenFor(issued.json.clientId, issued.json.clientSecret);
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    expect(token.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const claims = JSON.parse(Buffer.from(String(token.json.access_token).split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({
      iss: h.tokens.issuer,
      token_use: 'access',
      client_id: issued.json.clientId,
      sub: issued.json.clientId,
      scope: 'platform/court',
    });

    const page = await queue(String(token.json.access_token));
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ items: [] });

    // The same credentials in the form body (client_secret_post) work as well.
    const posted = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: issued.json.clientId,
        client_secret: issued.json.clientSecret,
      }),
    });
    expect(posted.status).toBe(200);

    // The court record names the client; no item of the platform's holds the secret.
    const court = await h.call('GET', `/v1/courts/${courtId}`, { as: operator });
    expect(court.json.clientId).toBe(issued.json.clientId);
    expect(JSON.stringify(await h.allItems())).not.toContain(issued.json.clientSecret);
  });

  it('refuses wrong credentials, another grant, another scope and a JSON body as RFC 6749 says', async () => {
    const courtId = await registerCourt('Nanshan Court');
    const issued = (await h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator })).json;

    const wrongSecret = await tokenFor(issued.clientId, `${issued.clientSecret}x`);
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.json.error).toBe('invalid_client');
    expect(wrongSecret.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await tokenFor('nosuchclient', issued.clientSecret)).json.error).toBe('invalid_client');

    const password = await tokenFor(issued.clientId, issued.clientSecret, { grant_type: 'password' });
    expect([password.status, password.json.error]).toEqual([400, 'unsupported_grant_type']);

    const openid = await tokenFor(issued.clientId, issued.clientSecret, { scope: 'openid platform/court' });
    expect([openid.status, openid.json.error]).toEqual([400, 'invalid_scope']);

    const json = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect([json.status, ((await json.json()) as { error: string }).error]).toEqual([400, 'invalid_request']);
  });

  it('stops a revoked secret: no new token, and a token already issued is refused', async () => {
    const courtId = await registerCourt('Luohu Court');
    const issued = (await h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator })).json;
    const earlier = String((await tokenFor(issued.clientId, issued.clientSecret)).json.access_token);
    expect((await queue(earlier)).status).toBe(200);

    const revoked = await h.call('POST', `/v1/courts/${courtId}/credentials/revocation`, { as: operator });
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ courtId, revokedClientIds: [issued.clientId] });

    expect((await tokenFor(issued.clientId, issued.clientSecret)).json.error).toBe('invalid_client');
    const refused = await queue(earlier);
    expect(refused.status).toBe(401);
    expect(refused.json.code).toBe('unauthenticated');

    // Revoking again: nothing to revoke. Issuing again: new credentials that work.
    const again = await h.call('POST', `/v1/courts/${courtId}/credentials/revocation`, { as: operator });
    expect([again.status, again.json.code]).toEqual([422, 'court_has_no_credentials']);
    const reissued = (await h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator })).json;
    expect(reissued.clientId).not.toBe(issued.clientId);
    const fresh = String((await tokenFor(reissued.clientId, reissued.clientSecret)).json.access_token);
    expect((await queue(fresh)).status).toBe(200);
  });

  it('rotates: the new secret works at once, the old one until its grace ends', async () => {
    const courtId = await registerCourt('Bao’an Court');
    const first = (await h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator })).json;
    const oldToken = String((await tokenFor(first.clientId, first.clientSecret)).json.access_token);

    const rotated = await h.call('POST', `/v1/courts/${courtId}/credentials/rotation`, {
      as: operator,
      body: { graceSeconds: 3600 },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.json).toMatchObject({ previousClientId: first.clientId, clientSecret: expect.any(String) });
    const newToken = String((await tokenFor(rotated.json.clientId, rotated.json.clientSecret)).json.access_token);
    expect((await queue(newToken)).status).toBe(200);
    expect((await queue(oldToken)).status).toBe(200);

    h.clock.advance(3601 * 1000);
    expect((await queue(oldToken)).status).toBe(401);
    expect((await queue(newToken)).status).toBe(200);

    // A rotation with no grace ends the current client now, and the one still in its grace with it.
    const immediate = await h.call('POST', `/v1/courts/${courtId}/credentials/rotation`, {
      as: operator,
      body: { graceSeconds: 0 },
    });
    expect(immediate.status).toBe(201);
    expect((await queue(newToken)).status).toBe(401);
    expect((await tokenFor(rotated.json.clientId, rotated.json.clientSecret)).json.error).toBe('invalid_client');
    expect((await tokenFor(first.clientId, first.clientSecret)).json.error).toBe('invalid_client');
  });

  it('answers a 201 of new credentials with a Location a client can GET: the court naming its new client', async () => {
    const courtId = await registerCourt('Longhua Court');

    const issued = await h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator });
    const rotated = await h.call('POST', `/v1/courts/${courtId}/credentials/rotation`, { as: operator });

    for (const created of [issued, rotated]) {
      expect(created.status, created.text).toBe(201);
      expect(created.headers.get('location')).toBe(`/v1/courts/${courtId}`);
      expect(created.headers.get('cache-control')).toBe('no-store');
    }
    const court = await h.call('GET', issued.headers.get('location') ?? '', { as: operator });
    expect(court.status).toBe(200);
    expect(court.json).toMatchObject({ clientId: rotated.json.clientId, previousClientId: issued.json.clientId });
  });

  it('issues credentials once: a second issue is refused, and a retry with the same key never shows the secret again', async () => {
    const courtId = await registerCourt('Yantian Court');
    const headers = { 'idempotency-key': `issue-${courtId}` };
    const first = await h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator, headers });
    expect(first.status).toBe(201);
    const retry = await h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator, headers });
    expect(retry.status).toBe(409);
    expect(retry.json.code).toBe('secret_shown_once');
    expect(retry.json.correlationId, 'the problem names the request that issued the secret').toEqual(
      expect.any(String),
    );
    expect(retry.text).not.toContain(first.json.clientSecret);
    const second = await h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator });
    expect([second.status, second.json.code]).toEqual([422, 'court_credentials_exist']);
    const court = await h.call('GET', `/v1/courts/${courtId}`, { as: operator });
    expect(court.json.clientId).toBe(first.json.clientId);
    expect(JSON.stringify(await h.allItems())).not.toContain(first.json.clientSecret);

    // A rotation retried with its key rotates once.
    const rotationKey = { 'idempotency-key': `rotate-${courtId}` };
    const rotated = await h.call('POST', `/v1/courts/${courtId}/credentials/rotation`, {
      as: operator,
      headers: rotationKey,
    });
    const rotatedAgain = await h.call('POST', `/v1/courts/${courtId}/credentials/rotation`, {
      as: operator,
      headers: rotationKey,
    });
    expect([rotated.status, rotatedAgain.status, rotatedAgain.json.code]).toEqual([201, 409, 'secret_shown_once']);
    const after = await h.call('GET', `/v1/courts/${courtId}`, { as: operator });
    expect([after.json.clientId, after.json.previousClientId]).toEqual([rotated.json.clientId, first.json.clientId]);
  });

  it('keeps one client when two operators issue at once: the loser’s new client is deleted again', async () => {
    const courtId = await registerCourt('Pingshan Court');
    // The local issuer's own adapter, with a record of what it was asked to create and delete.
    const local = h.tokens.courtCredentials();
    const created: string[] = [];
    const deleted: string[] = [];
    // Both requests hold here until both have read the court: neither can commit before the other looked.
    let bothCreating: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothCreating = resolve;
    });
    h.deps.courtCredentials = {
      createClient: async (name) => {
        const issued = await local.createClient(name);
        created.push(issued.clientId);
        if (created.length === 2) bothCreating();
        await barrier;
        return issued;
      },
      deleteClient: async (clientId) => {
        deleted.push(clientId);
        await local.deleteClient(clientId);
      },
    };
    try {
      const answers = await Promise.all(
        [1, 2].map(() => h.call('POST', `/v1/courts/${courtId}/credentials`, { as: operator })),
      );
      const winner = answers.find((answer) => answer.status === 201);
      const loser = answers.find((answer) => answer.status !== 201);
      expect(winner).toBeDefined();
      expect(loser?.status).toBe(409);
      expect(created).toHaveLength(2);
      expect(deleted).toEqual(created.filter((clientId) => clientId !== winner?.json.clientId));
      const court = await h.call('GET', `/v1/courts/${courtId}`, { as: operator });
      expect(court.json.clientId).toBe(winner?.json.clientId);
    } finally {
      h.deps.courtCredentials = local;
    }
  });

  it('is for operators only, answers 404 for an unknown court, and writes nothing when refused', async () => {
    const courtId = await registerCourt('Longgang Court');
    const courtClient = await h.registeredCourtClient();
    const before = await h.allItems();
    for (const as of [
      ['party', 'p-1'],
      ['mediator', 'm-1'],
      ['court', courtClient],
    ] as const) {
      for (const path of ['credentials', 'credentials/rotation', 'credentials/revocation']) {
        const response = await h.call('POST', `/v1/courts/${courtId}/${path}`, { as: [...as] });
        expect(response.status, `${as[0]} ${path}`).toBe(403);
      }
    }
    expect((await h.call('POST', `/v1/courts/${courtId}/credentials`)).status).toBe(401);
    expect((await h.call('POST', '/v1/courts/crt-none/credentials', { as: operator })).status).toBe(404);
    const rotateNothing = await h.call('POST', `/v1/courts/${courtId}/credentials/rotation`, { as: operator });
    expect([rotateNothing.status, rotateNothing.json.code]).toEqual([422, 'court_has_no_credentials']);
    const badGrace = await h.call('POST', `/v1/courts/${courtId}/credentials/rotation`, {
      as: operator,
      body: { graceSeconds: -1 },
    });
    expect(badGrace.status).toBe(400);
    expect(await h.allItems()).toEqual(before);
  });
});
