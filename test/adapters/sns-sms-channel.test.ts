import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local';
import { type SmsGateway, startSmsGateway } from '../../infra/local/sms-gateway';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import { SendNotAccepted, SendOutcomeUnknown } from '../../shared/ports/message-channels';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const sms = { to: '+8613912345678', text: 'Court notice: open https://example.test/r/abc' };

function channelFor(endpoint: string, requestTimeoutMs?: number): SnsSmsChannel {
  return new SnsSmsChannel({ clientConfig: { endpoint, region: 'ap-east-1', credentials }, requestTimeoutMs });
}

describe('SnsSmsChannel', () => {
  let gateway: SmsGateway;

  beforeAll(async () => {
    gateway = await startSmsGateway();
  });
  afterAll(() => gateway.stop());

  it('publishes a Transactional SMS and returns the MessageId SNS gave it', async () => {
    const { providerMessageId } = await channelFor(gateway.endpoint).send(sms);

    expect(gateway.messages().at(-1)).toMatchObject({
      messageId: providerMessageId,
      phoneNumber: sms.to,
      message: sms.text,
      smsType: 'Transactional',
    });
  });

  it('reports an invalid number as not accepted and not retryable', async () => {
    const error = await channelFor(gateway.endpoint)
      .send({ ...sms, to: '+86' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SendNotAccepted);
    expect((error as SendNotAccepted).retryable).toBe(false);
    expect(((error as SendNotAccepted).cause as Error).name).toBe('InvalidParameterException');
  });

  it('reports a refused connection as not accepted and retryable', async () => {
    const error = await channelFor(`http://127.0.0.1:${await freePort()}`)
      .send(sms)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SendNotAccepted);
    expect((error as SendNotAccepted).retryable).toBe(true);
  });

  it('reports throttling and unavailability as not accepted and retryable', async () => {
    for (const [status, code] of [
      [400, 'Throttling'],
      [503, 'ServiceUnavailable'],
    ] as const) {
      const server = await answering(status, code);
      const error = await channelFor(endpointOf(server))
        .send(sms)
        .catch((caught: unknown) => caught);
      await closeServer(server);

      expect(error).toBeInstanceOf(SendNotAccepted);
      expect((error as SendNotAccepted).retryable).toBe(true);
    }
  });

  it('reports an internal server error as an unknown outcome, since the provider may have taken the message', async () => {
    const server = await answering(500, 'InternalError');
    const error = await channelFor(endpointOf(server))
      .send(sms)
      .catch((caught: unknown) => caught);
    await closeServer(server);

    expect(error).toBeInstanceOf(SendOutcomeUnknown);
  });

  it('reports a timeout after sending as an unknown outcome', async () => {
    const server = await silent();
    const error = await channelFor(endpointOf(server), 200)
      .send(sms)
      .catch((caught: unknown) => caught);
    await closeServer(server);

    expect(error).toBeInstanceOf(SendOutcomeUnknown);
  });
});

/** A server answering every request with an SNS (awsQuery) error. */
function answering(status: number, code: string): Promise<Server> {
  return listening(
    createServer((request, response) => {
      request.resume();
      response.writeHead(status, { 'content-type': 'text/xml' });
      response.end(
        `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code>` +
          '<Message>local failure</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
      );
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
