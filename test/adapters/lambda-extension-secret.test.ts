import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaExtensionSecret } from '../../shared/adapters/identity-verifier/lambda-extension-secret';

/**
 * The secret source against a loopback server that answers as the AWS Parameters and Secrets
 * Lambda Extension does: `GET /secretsmanager/get?secretId=…` with the session token in
 * `X-Aws-Parameters-Secrets-Token`, answering Secrets Manager's GetSecretValue JSON.
 */
describe('lambdaExtensionSecret', () => {
  const secretId = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:IdentityVerifierSecret-AbCdEf';
  const secrets = new Map<string, string>([[secretId, '{"url":"https://idv.example","apiKey":"0123456789abcdef"}']]);
  let server: Server;
  let port: number;
  const seen: Array<{ url: string; token: string | undefined }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const token = request.headers['x-aws-parameters-secrets-token'] as string | undefined;
      seen.push({ url: String(request.url), token });
      const url = new URL(String(request.url), 'http://localhost');
      const value = secrets.get(url.searchParams.get('secretId') ?? '');
      if (token !== 'session-token') return void response.writeHead(401).end('not ready');
      if (url.pathname !== '/secretsmanager/get' || value === undefined) return void response.writeHead(400).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ARN: secretId, Name: 'IdentityVerifierSecret', SecretString: value }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the secret’s JSON with the session token, naming the secret in the query', async () => {
    const read = lambdaExtensionSecret({ secretId, port, sessionToken: 'session-token' });

    expect(await read()).toEqual({ url: 'https://idv.example', apiKey: '0123456789abcdef' });
    expect(seen.at(-1)).toEqual({
      url: `/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
      token: 'session-token',
    });
  });

  it('reads {} as it is (the unconfigured secret)', async () => {
    secrets.set(`${secretId}-empty`, '{}');

    expect(
      await lambdaExtensionSecret({ secretId: `${secretId}-empty`, port, sessionToken: 'session-token' })(),
    ).toEqual({});
  });

  it('fails on a refused token, an unknown secret and a value that is not JSON', async () => {
    secrets.set(`${secretId}-text`, 'not json');

    await expect(lambdaExtensionSecret({ secretId, port, sessionToken: 'wrong' })()).rejects.toThrow(/HTTP 401/);
    await expect(lambdaExtensionSecret({ secretId: 'unknown', port, sessionToken: 'session-token' })()).rejects.toThrow(
      /HTTP 400/,
    );
    await expect(
      lambdaExtensionSecret({ secretId: `${secretId}-text`, port, sessionToken: 'session-token' })(),
    ).rejects.toThrow(/not JSON/);
  });
});
