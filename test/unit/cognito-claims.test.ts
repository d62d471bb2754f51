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

  it('makes a token from the parties’ app client a party’s, whatever its groups, and others as before', () => {
    const options = { partyClientIds: ['party-client'] };
    // A party signed itself up: no groups at all.
    expect(principalFromClaims({ sub: 'p-1', client_id: 'party-client' }, options)).toEqual({
      role: 'party',
      subjectId: 'p-1',
    });
    // A group cannot raise a party to staff.
    expect(
      principalFromClaims({ sub: 'p-2', client_id: 'party-client', 'cognito:groups': ['operator'] }, options),
    ).toEqual({ role: 'party', subjectId: 'p-2' });
    expect(principalFromClaims({ client_id: 'party-client' }, options)).toBeUndefined();
    // The staff's client still reads its groups; without one, nobody.
    expect(
      principalFromClaims({ sub: 's-1', client_id: 'staff-client', 'cognito:groups': ['operator'] }, options),
    ).toEqual({ role: 'operator', subjectId: 's-1' });
    expect(principalFromClaims({ sub: 's-2', client_id: 'staff-client' }, options)).toBeUndefined();
  });
});
