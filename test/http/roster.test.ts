import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { operator, registerMediator, registerOrganization } from '../support/mediation-api';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

describe('roster: organizations and mediators', () => {
  let h: Harness;
  let organizationId: string;
  beforeAll(async () => {
    h = await httpHarness();
    organizationId = await registerOrganization(h);
  });

  it('refuses an organization linked to a court that is not on the roster', async () => {
    const response = await h.call('POST', '/v1/organizations', {
      as: operator,
      body: {
        name: 'Court-annexed centre',
        kind: 'court_annexed',
        regionCode: '440304',
        linkedCourtIds: ['crt_nowhere'],
      },
    });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe('unknown_court');
  });

  it('registers a mediator and never shows the conflicts, only how many', async () => {
    const mediator = await registerMediator(h, organizationId, { conflictIdNumbers: ['440301199001011234'] });
    const response = await h.call('GET', `/v1/mediators/${mediator.id}`, { as: ['party', 'p-1'] });
    expect(response.status).toBe(200);
    expect(response.json.conflictCount).toBe(1);
    expect(response.text).not.toContain('440301199001011234');
    expect(response.json.conflicts).toBeUndefined();
  });

  it('refuses a mediator of an unknown organization, and one person twice', async () => {
    const unknown = await h.call('POST', '/v1/mediators', {
      as: operator,
      body: {
        name: 'Li Si',
        subjectId: 'li-si',
        contact: { phone: '+8613800138000' },
        organizationId: 'org_missing',
        specialties: ['labour'],
        languages: ['zh'],
        regions: ['44'],
        online: false,
        capacity: 3,
        crossBorderQualified: false,
      },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.code).toBe('unknown_organization');
    const first = await registerMediator(h, organizationId);
    const again = await h.call('POST', '/v1/mediators', {
      as: operator,
      body: {
        name: 'Again',
        subjectId: first.subjectId,
        contact: { email: 'a@example.com' },
        organizationId,
        specialties: ['labour'],
        languages: ['zh'],
        regions: ['44'],
        online: true,
        capacity: 3,
        crossBorderQualified: false,
      },
    });
    expect(again.status).toBe(422);
    expect(again.json.code).toBe('mediator_subject_taken');
  });

  it('lets a mediator change their own availability and online status, and nothing else', async () => {
    const mediator = await registerMediator(h, organizationId);
    const self: ['mediator', string] = ['mediator', mediator.subjectId];
    const ok = await h.call('PATCH', `/v1/mediators/${mediator.id}`, {
      as: self,
      body: { online: false, leave: [{ from: '2026-12-01', to: '2026-12-10' }] },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ online: false, leave: [{ from: '2026-12-01', to: '2026-12-10' }] });

    const other = await registerMediator(h, organizationId);
    const before = await h.allItems();
    const capacity = await h.call('PATCH', `/v1/mediators/${mediator.id}`, { as: self, body: { capacity: 50 } });
    expect(capacity.status).toBe(403);
    const notMine = await h.call('PATCH', `/v1/mediators/${other.id}`, { as: self, body: { online: false } });
    expect(notMine.status).toBe(404);
    const backwards = await h.call('PATCH', `/v1/mediators/${mediator.id}`, {
      as: self,
      body: { leave: [{ from: '2026-12-10', to: '2026-12-01' }] },
    });
    expect(backwards.status).toBe(400);
    expect(await h.allItems()).toEqual(before);
  });

  it('lets an operator change capacity, and refuses one below the current load', async () => {
    const mediator = await registerMediator(h, organizationId);
    const response = await h.call('PATCH', `/v1/mediators/${mediator.id}`, { as: operator, body: { capacity: 8 } });
    expect(response.status).toBe(200);
    expect(response.json.capacity).toBe(8);
    const party = await h.call('PATCH', `/v1/mediators/${mediator.id}`, { as: ['party', 'p'], body: { online: true } });
    expect(party.status).toBe(403);
  });
  it('refuses a mediator listed under more than 40 places (specialties × regions, and online): 400 to register, 422 to update; nothing written', async () => {
    const districts = Array.from({ length: 14 }, (_, i) => `4403${String(i + 1).padStart(2, '0')}`);
    const mediator = await registerMediator(h, organizationId);
    const before = await h.allItems();

    const registration = await h.call('POST', '/v1/mediators', {
      as: operator,
      body: {
        name: 'Wang Wu',
        subjectId: 'wang-wu-many-places',
        contact: { phone: '+8613800138001' },
        organizationId,
        specialties: ['labour', 'family', 'commercial'],
        languages: ['zh'],
        regions: districts,
        online: false,
        capacity: 3,
        crossBorderQualified: false,
      },
    });
    const update = await h.call('PATCH', `/v1/mediators/${mediator.id}`, {
      as: operator,
      body: { specialties: ['labour', 'family', 'commercial'], regions: districts },
    });

    expect(registration.status).toBe(400);
    expect(registration.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(registration.json)).toContain('at most 40 places');
    expect(update.status).toBe(422);
    expect(update.json.code).toBe('too_many_places');
    expect(await h.allItems()).toEqual(before);
  });
});
