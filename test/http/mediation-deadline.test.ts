import { beforeAll, describe, expect, it } from 'vitest';
import { expireOverdueDisputes } from '../../shared/use-cases/disputes/expire-mediation';
import { httpHarness } from '../support/http-harness';
import { filing, linkedParty } from '../support/mediation-api';
import { TestClock } from '../support/test-clock';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

const day = 86_400_000;

/**
 * The mediation period (DESIGN.md: 30 days, extendable once by 30 when both parties agree): a
 * dispute still open when it ends expires on the reconciler's schedule, and every party is told.
 */
describe('a dispute whose mediation period ends while open', () => {
  let h: Harness;
  const clock = new TestClock();
  beforeAll(async () => {
    h = await httpHarness({ clock });
  });

  async function file(as: ['party', string]) {
    const filed = await h.call('POST', '/v1/disputes', { as, body: filing() });
    expect(filed.status, filed.text).toBe(201);
    return filed.json as { id: string; mediationDeadline: { lastDay: string; endsAt: string } };
  }

  it('expires once, with the event in its chain and the parties told; a younger one runs on', async () => {
    clock.reset();
    const applicant = await linkedParty(h.deps.vault);
    const overdue = await file(applicant);

    // A day before the end nothing expires; just past it, the dispute does.
    clock.passTo(overdue.mediationDeadline.endsAt, -day);
    expect(await expireOverdueDisputes({ store: h.store, clock })).not.toContain(overdue.id);
    clock.passTo(overdue.mediationDeadline.endsAt);
    const younger = await file(applicant);
    const expired = await expireOverdueDisputes({ store: h.store, clock });
    expect(expired).toContain(overdue.id);
    expect(expired).not.toContain(younger.id);
    expect(await expireOverdueDisputes({ store: h.store, clock }), 'a second run expires nothing').not.toContain(
      overdue.id,
    );

    // Back to real time: the harness's tokens are minted now.
    clock.reset();
    const view = await h.call('GET', `/v1/disputes/${overdue.id}`, { as: applicant });
    expect(view.json.dispute.status, view.text).toBe('expired');
    const events = (await h.store.readChain(`CASE#${overdue.id}`)).events.filter(
      (event) => event.type === 'dispute.expired',
    );
    expect(events).toHaveLength(1);
    const told = (await h.allItems()).filter(
      (item) =>
        String(item.pk).startsWith('OUTBOX#') &&
        item.chainId === `CASE#${overdue.id}` &&
        (item.payload as { milestone?: string }).milestone === 'mediation_expired',
    );
    expect(told).toHaveLength(1);
    // Nothing more can be agreed in it: a re-invitation is refused.
    const reinvited = await h.call('POST', `/v1/disputes/${overdue.id}/invitations`, {
      as: applicant,
      body: { partyId: view.json.parties.find((party: { role: string }) => party.role === 'respondent').partyId },
    });
    expect([reinvited.status, reinvited.json.code]).toEqual([422, 'mediation_not_open']);
  });
});
