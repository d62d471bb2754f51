import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoCourtCredentials } from '../../shared/adapters/cognito/cognito-court-credentials';

/**
 * The Cognito adapter with the real SDK against a loopback stand-in for Cognito's API (no Cognito
 * runs here): it records each call's target and body and answers as Cognito's JSON protocol does.
 */
describe('CognitoCourtCredentials (against a loopback stand-in for the Cognito API)', () => {
  const calls: Array<{ target: string; body: Record<string, unknown> }> = [];
  const existing = new Set<string>();
  let server: ReturnType<typeof createServer>;
  let credentials: CognitoCourtCredentials;

  function answer(request: IncomingMessage, response: ServerResponse, text: string) {
    const target = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const body = JSON.parse(text || '{}') as Record<string, unknown>;
    calls.push({ target, body });
    const reply = (status: number, json: unknown, type?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        ...(type ? { 'x-amzn-errortype': type } : {}),
      });
      response.end(JSON.stringify(json));
    };
    if (target === 'CreateUserPoolClient') {
      const clientId = `client${calls.length.toString().padStart(20, '0')}`;
      existing.add(clientId);
      return reply(200, { UserPoolClient: { ClientId: clientId, ClientSecret: `secret-of-${clientId}` } });
    }
    if (target === 'DeleteUserPoolClient') {
      if (!existing.delete(String(body.ClientId))) {
        return reply(
          400,
          { __type: 'ResourceNotFoundException', message: 'no such client' },
          'ResourceNotFoundException',
        );
      }
      return reply(200, {});
    }
    return reply(400, { __type: 'InvalidParameterException', message: target }, 'InvalidParameterException');
  }

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => answer(request, response, text));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    credentials = new CognitoCourtCredentials({
      clientConfig: {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        region: 'ap-east-1',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
      },
      userPoolId: 'ap-east-1_Platform1',
      scope: 'platform/court',
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('creates a client-credentials app client with the court scope and a secret', async () => {
    const issued = await credentials.createClient('court-crt-1');

    expect(issued.clientSecret).toBe(`secret-of-${issued.clientId}`);
    expect(calls.at(-1)).toEqual({
      target: 'CreateUserPoolClient',
      body: expect.objectContaining({
        UserPoolId: 'ap-east-1_Platform1',
        ClientName: 'court-crt-1',
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: ['platform/court'],
        EnableTokenRevocation: true,
      }),
    });
  });

  it('deletes a client, and deleting it again succeeds (idempotent)', async () => {
    const { clientId } = await credentials.createClient('court-crt-2');
    await credentials.deleteClient(clientId);
    await credentials.deleteClient(clientId);
    expect(calls.slice(-2).map((call) => [call.target, call.body.ClientId])).toEqual([
      ['DeleteUserPoolClient', clientId],
      ['DeleteUserPoolClient', clientId],
    ]);
    expect(existing.has(clientId)).toBe(false);
  });
});
