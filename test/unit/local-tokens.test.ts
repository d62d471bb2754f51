import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  generateLocalSigningKey,
  LocalTokens,
  localAudience,
  localIssuer,
} from '../../shared/adapters/identity/local-tokens';

describe('LocalTokens', () => {
  it('verifies the tokens it signs and maps them like Cognito tokens', async () => {
    const tokens = await LocalTokens.fromKey(await generateLocalSigningKey());
    const court = await tokens.sign('court', 'court-client-1');
    const mediator = await tokens.sign('mediator', 'med-1');
    expect(await tokens.authenticate({ authorization: `Bearer ${court}` })).toEqual({
      role: 'court',
      subjectId: 'court-client-1',
    });
    expect(await tokens.authenticate({ authorization: `Bearer ${mediator}` })).toEqual({
      role: 'mediator',
      subjectId: 'med-1',
    });
  });

  it('rejects a token signed with another key', async () => {
    const tokens = await LocalTokens.fromKey(await generateLocalSigningKey());
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['operator'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('intruder')
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await tokens.authenticate({ authorization: `Bearer ${forged}` })).toBeUndefined();
  });

  it('rejects an expired token and a missing header', async () => {
    const tokens = await LocalTokens.fromKey(await generateLocalSigningKey());
    const expired = await tokens.sign('party', 'p-1', '-1m');
    expect(await tokens.authenticate({ authorization: `Bearer ${expired}` })).toBeUndefined();
    expect(await tokens.authenticate({})).toBeUndefined();
  });
});
