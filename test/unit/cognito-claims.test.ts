import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../shared/adapters/identity/cognito-claims';

describe('principalFromClaims', () => {
  it('maps a person by sub and cognito:groups', () => {
    expect(principalFromClaims({ sub: 'u-1', 'cognito:groups': ['mediator'] })).toEqual({
      role: 'mediator',
      subjectId: 'u-1',
    });
  });

  it('reads groups in the string form API Gateway passes on', () => {
    expect(principalFromClaims({ sub: 'u-2', 'cognito:groups': '[party operator]' })).toEqual({
      role: 'operator',
      subjectId: 'u-2',
    });
  });

  it('maps a court by client_id when the token carries the court scope', () => {
    expect(principalFromClaims({ sub: 'c-9', client_id: 'c-9', scope: 'platform/court', token_use: 'access' })).toEqual(
      {
        role: 'court',
        subjectId: 'c-9',
      },
    );
  });

  it('refuses a person claiming to be a court through a group', () => {
    expect(principalFromClaims({ sub: 'u-3', 'cognito:groups': ['court'] })).toBeUndefined();
  });

  it('refuses a client token without the court scope', () => {
    expect(principalFromClaims({ client_id: 'c-1', scope: 'other/read' })).toBeUndefined();
  });
});
