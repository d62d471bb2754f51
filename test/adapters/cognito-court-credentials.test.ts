import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoCourtCredentials } from '../../shared/adapters/cognito/cognito-court-credentials';
import { type CognitoCall, startCognitoStandIn } from '../support/cognito-stand-in';

/**
 * The Cognito adapter with the real SDK against a loopback stand-in for Cognito's API (no Cognito
 * runs here), which answers as Cognito's JSON protocol does.
 */
describe('CognitoCourtCredentials (against a loopback stand-in for the Cognito API)', () => {
  const existing = new Set<string>();
  let standIn: Awaited<ReturnType<typeof startCognitoStandIn>>;
  let calls: CognitoCall[];
  let credentials: CognitoCourtCredentials;

  beforeAll(async () => {
    standIn = await startCognitoStandIn(({ target, body }) => {
      if (target === 'CreateUserPoolClient') {
        const clientId = `client${calls.length.toString().padStart(20, '0')}`;
        existing.add(clientId);
        return { json: { UserPoolClient: { ClientId: clientId, ClientSecret: `secret-of-${clientId}` } } };
      }
      if (target === 'DeleteUserPoolClient') {
        return existing.delete(String(body.ClientId))
          ? { json: {} }
          : { error: 'ResourceNotFoundException', message: 'no such client' };
      }
      return undefined;
    });
    calls = standIn.calls;
    credentials = new CognitoCourtCredentials({
      clientConfig: standIn.clientConfig,
      userPoolId: 'ap-east-1_Platform1',
      scope: 'platform/court',
    });
  });
  afterAll(() => standIn.close());

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
