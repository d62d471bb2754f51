import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../functions/http/app-env';
import { clientAddress } from '../../functions/http/middleware/client-address';

/** The client's address is API Gateway's `sourceIp` in Lambda, never a header the client sets. */
describe('clientAddress', () => {
  const app = new Hono<AppEnv>().use('*', clientAddress()).get('/', (c) => c.text(c.get('clientAddress')));
  const spoofed = { 'x-forwarded-for': '198.51.100.66', 'x-real-ip': '198.51.100.67', forwarded: 'for=198.51.100.68' };

  it("takes API Gateway's sourceIp in Lambda, whatever the forwarding headers say", async () => {
    const response = await app.request(
      '/',
      { headers: spoofed },
      {
        event: { requestContext: { http: { sourceIp: '203.0.113.10' } } },
      },
    );

    expect(await response.text()).toBe('203.0.113.10');
  });

  it("takes the socket's address on the local server, and no header", async () => {
    const response = await app.request(
      '/',
      { headers: spoofed },
      { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
    );

    expect(await response.text()).toBe('127.0.0.1');
  });

  it('answers unknown rather than believe a header when neither is there', async () => {
    const response = await app.request('/', { headers: spoofed }, {});

    expect(await response.text()).toBe('unknown');
  });
});
