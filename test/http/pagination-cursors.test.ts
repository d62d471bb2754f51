import { beforeAll, describe, expect, it } from 'vitest';
import { CursorSigner } from '../../shared/adapters/dynamodb/cursor';
import type { Role } from '../../shared/domain/principal';
import { httpHarness } from '../support/http-harness';
import { filing, linkedParty, operator, registerMediator, registerOrganization } from '../support/mediation-api';
import { putDispute } from '../support/mediation-fixtures';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** The filing's applicant, through a sign-in linked to it (known once the harness's vault is). */
let applicant: ['party', string];

/** Every list route, with the caller that sees at least two items on it. */
const lists: Array<{ path: string; as: () => [Role, string] }> = [
  { path: '/v1/courts', as: () => operator },
  { path: '/v1/organizations', as: () => operator },
  { path: '/v1/mediators', as: () => operator },
  { path: '/v1/disputes?status=awaiting_assignment', as: () => operator },
  { path: '/v1/disputes', as: () => applicant },
];

function withCursor(path: string, cursor: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}limit=1&cursor=${encodeURIComponent(cursor)}`;
}

/** The parts of a `v1.<payload>.<mac>` cursor. */
function partsOf(cursor: string): { payload: string; mac: string } {
  const [version, payload, mac] = cursor.split('.');
  expect(version).toBe('v1');
  return { payload: payload ?? '', mac: mac ?? '' };
}

describe('pagination cursors', () => {
  let h: Harness;
  const issued = new Map<string, string>();

  beforeAll(async () => {
    h = await httpHarness();
    applicant = await linkedParty(h.deps.vault);
    for (const name of ['Court A', 'Court B']) {
      await h.call('POST', '/v1/courts', {
        as: operator,
        body: {
          name,
          level: 'basic',
          regionCode: '440304',
          jurisdiction: { regions: ['440304'], caseTypes: ['online_shopping_contract'] },
          clientId: h.uniqueClientId(),
        },
      });
    }
    const organizationId = await registerOrganization(h);
    await registerOrganization(h);
    await registerMediator(h, organizationId);
    await registerMediator(h, organizationId);
    await putDispute(h.store, { status: 'awaiting_assignment' });
    await putDispute(h.store, { status: 'awaiting_assignment' });
    for (let i = 0; i < 2; i++) {
      const filed = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
      expect(filed.status).toBe(201);
    }
    for (const list of lists) {
      const first = await h.call('GET', `${list.path}${list.path.includes('?') ? '&' : '?'}limit=1`, { as: list.as() });
      expect(first.status, list.path).toBe(200);
      expect(first.json.cursor, list.path).toEqual(expect.any(String));
      issued.set(list.path, first.json.cursor);
    }
  });

  it.each(lists)('$path honours its own cursor and refuses it altered or forged with a 400', async (list) => {
    const cursor = issued.get(list.path) ?? '';
    const { payload, mac } = partsOf(cursor);
    const next = await h.call('GET', withCursor(list.path, cursor), { as: list.as() });
    expect(next.status).toBe(200);
    expect(next.json.items).toHaveLength(1);

    const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, string>;
    const reencode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    const forged = {
      'a flipped MAC character': `v1.${payload}.${flipped}`,
      'the last MAC character in another spelling of the same bits': `v1.${payload}.${mac.slice(0, -1)}${
        // The last of 43 characters carries 4 bits; its 2 low bits are padding a decoder ignores.
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[
          'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(mac.at(-1) ?? 'A') ^ 1
        ]
      }`,
      'the first MAC character changed': `v1.${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`,
      'an altered key under the old MAC': `v1.${reencode({ ...key, sk: `${key.sk}x` })}.${mac}`,
      'another list named in the key': `v1.${reencode({ ...key, gsi1pk: 'DISPUTE_STATUS#triaged' })}.${mac}`,
      'the key without a MAC (the old unsigned form)': payload,
      'no MAC part': `v1.${payload}.`,
      'another version': `v2.${payload}.${mac}`,
      'signed with another key': await CursorSigner.ephemeral().encode(key.gsi1pk ?? '', key),
      'not a cursor at all': '%%%',
    };
    const before = await h.allItems();
    for (const [what, value] of Object.entries(forged)) {
      const response = await h.call('GET', withCursor(list.path, value), { as: list.as() });
      expect(response.status, what).toBe(400);
      expect(response.headers.get('content-type'), what).toBe('application/problem+json');
      expect(response.json, what).toMatchObject({
        code: 'invalid_input',
        detail: 'the cursor is not one this API issued for this list',
      });
    }
    expect(await h.allItems()).toEqual(before);
  });

  it("refuses every other list's cursor with a 400 (a cursor is bound to the list it was issued for)", async () => {
    for (const list of lists) {
      for (const [otherPath, otherCursor] of issued) {
        if (otherPath === list.path) continue;
        const response = await h.call('GET', withCursor(list.path, otherCursor), { as: list.as() });
        expect(response.status, `${otherPath} on ${list.path}`).toBe(400);
        expect(response.json.code).toBe('invalid_input');
      }
    }
  });

  it("refuses another caller's cursor on the same route (a party's memberships are its own list)", async () => {
    const response = await h.call('GET', withCursor('/v1/disputes', issued.get('/v1/disputes') ?? ''), {
      as: ['party', 'p-someone-else'],
    });
    expect(response.status).toBe(400);
  });
});
