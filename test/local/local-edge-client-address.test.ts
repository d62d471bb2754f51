import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../functions/http/app-env';
import { clientAddress } from '../../functions/http/middleware/client-address';
import { LocalIssuer, withLocalIssuer } from '../../infra/local/local-issuer';

/**
 * Code tries are counted per client, by the socket's address on the local server. The local issuer
 * sits in front of the app (`npm start`): what it hands on must still carry the socket, or every
 * visitor is one client ('unknown') and twenty tries from anyone lock everyone out.
 */
describe('the local edge hands the socket on to the app', () => {
  let server: ServerType;
  let base: string;

  beforeAll(async () => {
    const app = new Hono<AppEnv>();
    app.use(clientAddress());
    app.get('/whoami', (c) => c.text(c.get('clientAddress')));
    const issuer = await LocalIssuer.ephemeral();
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: withLocalIssuer(issuer, app.fetch), port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started),
      );
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('so the app reads the client’s address, not `unknown`', async () => {
    const answer = await fetch(`${base}/whoami`);
    expect(await answer.text()).toBe('127.0.0.1');
  });
});
