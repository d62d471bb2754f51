import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local';
import { type SesLocal, startSesLocal } from '../../infra/local/ses-local';
import { fromHeader, SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { SendNotAccepted, SendOutcomeUnknown } from '../../shared/ports/message-channels';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const email = {
  to: 'party@example.com',
  subject: 'Service of a ruling',
  text: 'Open the link',
  html: '<p>Open the link</p>',
};

interface StoredEmail {
  messageId: string;
  from: string;
  subject: string;
  body: { text?: string; html?: string };
}

function channelFor(endpoint: string, requestTimeoutMs?: number): SesEmailChannel {
  return new SesEmailChannel({
    clientConfig: { endpoint, region: 'ap-east-1', credentials },
    fromAddress: 'no-reply@platform.example',
    configurationSetName: 'platform-events',
    requestTimeoutMs,
  });
}

describe('SesEmailChannel', () => {
  let ses: SesLocal;

  beforeAll(async () => {
    ses = await startSesLocal();
  });
  afterAll(() => ses.stop());

  it('sends through SES v2 and returns the MessageId the store lists', async () => {
    const { providerMessageId } = await channelFor(ses.endpoint).send({ ...email, fromName: '深圳市南山区人民法院' });

    const { emails } = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: StoredEmail[] };
    const stored = emails.find((candidate) => candidate.messageId === providerMessageId);

    expect(stored).toMatchObject({
      from: fromHeader('no-reply@platform.example', '深圳市南山区人民法院'),
      subject: 'Service of a ruling',
      body: { text: 'Open the link', html: '<p>Open the link</p>' },
    });
  });

  it('names the configuration set, so SES publishes events for the message', async () => {
    let body = '';
    const server = await listening(
      createServer(async (request, response) => {
        for await (const chunk of request) body += String(chunk);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ MessageId: 'm-1' }));
      }),
    );
    const accepted = await channelFor(endpointOf(server)).send(email);
    await closeServer(server);

    expect(accepted).toEqual({ providerMessageId: 'm-1' });
    expect(JSON.parse(body)).toMatchObject({
      ConfigurationSetName: 'platform-events',
      Destination: { ToAddresses: [email.to] },
    });
  });

  it('rejects a request SES refuses as not retryable', async () => {
    const error = await channelFor(ses.endpoint)
      .send({ ...email, subject: '' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SendNotAccepted);
    expect((error as SendNotAccepted).retryable).toBe(false);
  });

  it('reports a refused connection as not accepted and retryable', async () => {
    const error = await channelFor(`http://127.0.0.1:${await freePort()}`)
      .send(email)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SendNotAccepted);
    expect((error as SendNotAccepted).retryable).toBe(true);
  });

  it('reports throttling and unavailability as not accepted and retryable', async () => {
    for (const [status, type] of [
      [429, 'TooManyRequestsException'],
      [503, 'ServiceUnavailable'],
    ] as const) {
      const server = await answering(status, type);
      const error = await channelFor(endpointOf(server))
        .send(email)
        .catch((caught: unknown) => caught);
      await closeServer(server);

      expect(error).toBeInstanceOf(SendNotAccepted);
      expect((error as SendNotAccepted).retryable).toBe(true);
    }
  });

  it('reports an internal server error as an unknown outcome, since the provider may have taken the message', async () => {
    const server = await answering(500, 'InternalServiceErrorException');
    const error = await channelFor(endpointOf(server))
      .send(email)
      .catch((caught: unknown) => caught);
    await closeServer(server);

    expect(error).toBeInstanceOf(SendOutcomeUnknown);
  });

  it('reports a timeout after sending as an unknown outcome', async () => {
    const server = await silent();
    const error = await channelFor(endpointOf(server), 200)
      .send(email)
      .catch((caught: unknown) => caught);
    await closeServer(server);

    expect(error).toBeInstanceOf(SendOutcomeUnknown);
  });
});

describe('fromHeader', () => {
  it('quotes an ASCII display name', () => {
    expect(fromHeader('a@b.example', 'Court "One"')).toBe('"Court \\"One\\"" <a@b.example>');
  });

  it('encodes a non-ASCII display name as an RFC 2047 word', () => {
    expect(fromHeader('a@b.example', '法院')).toBe(
      `=?UTF-8?B?${Buffer.from('法院').toString('base64')}?= <a@b.example>`,
    );
  });
});

/** A server answering every request with an SES error of the given status and type. */
function answering(status: number, type: string): Promise<Server> {
  return listening(
    createServer((request, response) => {
      request.resume();
      response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-ErrorType': type });
      response.end(JSON.stringify({ message: 'local failure' }));
    }),
  );
}

/** A server that reads the request and never answers. */
function silent(): Promise<Server> {
  return listening(createServer((request) => request.resume()));
}

function listening(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function endpointOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
