import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpsWebhookSender, systemResolver } from '../../shared/adapters/webhooks/https-webhook-sender';
import { awsEndpointPolicy, checkEndpointUrl } from '../../shared/domain/webhooks/endpoint-policy';
import { isPublicAddress } from '../../shared/domain/webhooks/public-address';
import { nextAttemptAt, standardRetrySchedule } from '../../shared/domain/webhooks/retry-schedule';

const secret = `whsec_${Buffer.from('a test secret of 24 bytes').toString('base64')}`;

/** Sends `{}` to `url` now, signed with the test secret. */
const sendEmptyBody = (sender: HttpsWebhookSender, url: string, messageId: string) =>
  sender.send({ url, secret, messageId, timestamp: new Date(), body: '{}' });

describe('isPublicAddress', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '127.0.0.1',
    '127.8.8.8',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '::ffff:169.254.169.254',
    '::10.0.0.1',
    '64:ff9b::a00:1',
    '2002:0a00:0001::1',
    '2001:db8::1',
    'not an address',
    '1.2.3',
    '01.2.3.4',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '203.0.114.1',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '2400:3200::1',
    '::ffff:8.8.8.8',
    '2002:0808:0808::1',
  ])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('checkEndpointUrl', () => {
  it('refuses http, credentials, local names and private literals in AWS', () => {
    const reasons = [
      'http://court.example/hook',
      'ftp://court.example/hook',
      'https://user:pass@court.example/hook',
      'https://localhost/hook',
      'https://api.localhost/hook',
      'https://10.0.0.5/hook',
      'https://[::1]/hook',
      'https://[::ffff:169.254.169.254]/hook',
      'https://169.254.169.254/latest/meta-data',
      'no url',
    ].map((url) => {
      const check = checkEndpointUrl(url, awsEndpointPolicy);
      return check.ok ? 'ok' : check.reason;
    });
    expect(reasons).toEqual([
      'not_https',
      'not_https',
      'credentials_in_url',
      'not_public',
      'not_public',
      'not_public',
      'not_public',
      'not_public',
      'not_public',
      'invalid_url',
    ]);
  });

  it('accepts an https URL on a public name, and locally an allow-listed loopback host over http', () => {
    expect(checkEndpointUrl('https://court.example/callbacks', awsEndpointPolicy).ok).toBe(true);
    expect(checkEndpointUrl('http://127.0.0.1:8080/hook', { allowedHosts: ['127.0.0.1'] }).ok).toBe(true);
    expect(checkEndpointUrl('http://127.0.0.2:8080/hook', { allowedHosts: ['127.0.0.1'] }).ok).toBe(false);
  });
});

describe('nextAttemptAt', () => {
  const first = new Date('2026-11-30T00:00:00Z');
  const at = (ms: number) => new Date(first.getTime() + ms);

  it('follows the Standard Webhooks schedule, then tries once more at the end of 24 hours, then stops', () => {
    const times: number[] = [];
    let attemptedAt = first;
    for (let attemptNo = 1; attemptNo < 20; attemptNo++) {
      const next = nextAttemptAt(standardRetrySchedule, { firstAttemptAt: first, attemptedAt, attemptNo });
      if (!next) break;
      times.push((next.getTime() - first.getTime()) / 1000);
      attemptedAt = next;
    }
    expect(times).toEqual([5, 305, 2105, 9305, 27_305, 63_305, 86_400]);
  });

  it('never schedules past the window', () => {
    const schedule = { delaysMs: [1000, 60_000], windowMs: 10_000 };
    expect(nextAttemptAt(schedule, { firstAttemptAt: first, attemptedAt: at(2000), attemptNo: 2 })).toEqual(at(10_000));
    expect(nextAttemptAt(schedule, { firstAttemptAt: first, attemptedAt: at(10_000), attemptNo: 3 })).toBeUndefined();
  });
});

describe('HttpsWebhookSender', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function receiver(answer = 204) {
    const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(answer, answer === 302 ? { location: 'http://127.0.0.1:1/elsewhere' } : {}).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
    return { port: (server.address() as AddressInfo).port, received };
  }

  it('refuses a name that resolves to loopback, checked after real DNS resolution (localhost)', async () => {
    const sender = new HttpsWebhookSender({ policy: awsEndpointPolicy });
    expect(await systemResolver('localhost')).not.toHaveLength(0);
    expect(await sender.checkedAddress('localhost', false)).toEqual({ error: 'not_public' });
  });

  it('refuses when any resolved address is private (a fake resolver: DNS answers cannot be made up otherwise)', async () => {
    const sender = new HttpsWebhookSender({
      policy: awsEndpointPolicy,
      resolver: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
    });
    const result = await sendEmptyBody(sender, 'https://court.example/hook', 'msg_1');
    expect(result).toEqual({ kind: 'refused', error: 'non_public_address' });
  });

  it('refuses literal private, link-local and IPv4-mapped addresses without calling them', async () => {
    const sender = new HttpsWebhookSender({ policy: awsEndpointPolicy });
    for (const url of [
      'https://10.1.1.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[fc00::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
    ]) {
      const result = await sender.send({ url, secret, messageId: 'msg_2', timestamp: new Date(), body: '{}' });
      expect(result.kind, url).toBe('refused');
    }
  });

  it('signs a request a Standard Webhooks receiver verifies', async () => {
    const { port, received } = await receiver(204);
    const sender = new HttpsWebhookSender({ policy: { allowedHosts: ['127.0.0.1'] } });
    const body = JSON.stringify({ type: 'service.completed', timestamp: new Date().toISOString(), data: { a: 1 } });
    const result = await sender.send({
      url: `http://127.0.0.1:${port}/hook`,
      secret,
      messageId: 'msg_signed',
      timestamp: new Date(),
      body,
    });
    expect(result).toEqual({ kind: 'response', statusCode: 204 });
    const [request] = received;
    if (!request) throw new Error('nothing received');
    expect(request.headers['webhook-id']).toBe('msg_signed');
    expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toEqual(
      JSON.parse(body),
    );
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another secret').toString('base64')}`).verify(
        request.body,
        request.headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it('connects to the address it checked, never resolving the name again (no DNS rebinding window)', async () => {
    const { port, received } = await receiver(200);
    let lookups = 0;
    // `.test` names never resolve (RFC 6761): the request can only reach the receiver through the checked address.
    const sender = new HttpsWebhookSender({
      policy: { allowedHosts: ['rebind.test'] },
      resolver: async () => {
        lookups += 1;
        return [{ address: lookups === 1 ? '127.0.0.1' : '10.9.9.9', family: 4 }];
      },
    });
    const result = await sendEmptyBody(sender, `http://rebind.test:${port}/hook`, 'msg_pinned');
    expect(result).toEqual({ kind: 'response', statusCode: 200 });
    expect(lookups).toBe(1);
    expect(received[0]?.headers.host).toBe(`rebind.test:${port}`);
  });

  it('does not follow a redirect: a 3xx is the answer', async () => {
    const { port, received } = await receiver(302);
    const sender = new HttpsWebhookSender({ policy: { allowedHosts: ['127.0.0.1'] } });
    const result = await sendEmptyBody(sender, `http://127.0.0.1:${port}/hook`, 'msg_redirect');
    expect(result).toEqual({ kind: 'response', statusCode: 302 });
    expect(received).toHaveLength(1);
  });
});
