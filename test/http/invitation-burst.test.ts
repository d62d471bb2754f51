import { beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckCharacter } from '../../shared/domain/id-number';
import { httpHarness } from '../support/http-harness';
import { filing, invitationsOf, linkedParty } from '../support/mediation-api';

type Harness = Awaited<ReturnType<typeof httpHarness>>;
const respondentCount = 10;

/**
 * A burst of invitations on one dispute: every one appends to the dispute's chain at the same
 * moment, and the store retries a lost chain race with jittered backoff, so none reaches the
 * caller as 409. One re-invitation per respondent, so the per-recipient caps on sends another
 * party triggers do not come into it (the clock moves past the spacing they ask between two).
 */
/** A resident ID number whose GB 11643 check character is right. */
const withCheckCharacter = (first17: string) => first17 + residentIdCheckCharacter(first17);

describe('a burst of invitations on one dispute', () => {
  let h: Harness;
  /** The filing's applicant, through a sign-in linked to it. */
  let applicant: ['party', string];
  let disputeId: string;
  let respondentIds: string[];

  beforeAll(async () => {
    h = await httpHarness();
    applicant = await linkedParty(h.deps.vault);
    const [applicantParty] = filing().parties;
    const respondents = Array.from({ length: respondentCount }, (_, n) => ({
      role: 'respondent',
      kind: 'person',
      name: `Respondent ${n}`,
      idNumber: withCheckCharacter(`44030419900101${String(n).padStart(3, '0')}`),
      domicile: { country: 'CN', regionCode: '440305' },
      contact: { phone: `+86139000022${String(n).padStart(2, '0')}` },
    }));
    const created = await h.call('POST', '/v1/disputes', {
      as: applicant,
      body: filing({ parties: [applicantParty, ...respondents] }),
    });
    expect(created.status, created.text).toBe(201);
    disputeId = created.json.id;
    const view = await h.call('GET', `/v1/disputes/${disputeId}`, { as: applicant });
    respondentIds = (view.json.parties as Array<{ partyId: string; role: string }>)
      .filter((party) => party.role === 'respondent')
      .map((party) => party.partyId);
  });

  it(`re-invites ${respondentCount} respondents at once without a 409`, async () => {
    // Prepare: past the spacing a second invitation to one person must keep from the first.
    h.clock.advance(11 * 60_000);

    // Act
    const responses = await Promise.all(
      respondentIds.map((partyId) =>
        h.call('POST', `/v1/disputes/${disputeId}/invitations`, { as: applicant, body: { partyId } }),
      ),
    );

    // Assess
    expect(responses.map((response) => response.status)).toEqual(respondentIds.map(() => 202));
    expect(await invitationsOf(h, disputeId), 'the first invitations and one more each').toHaveLength(
      2 * respondentCount,
    );
    const chain = await h.store.readChain(`CASE#${disputeId}`);
    expect(chain.events.filter((event) => event.type === 'party.invited')).toHaveLength(respondentCount);
    // Ten writers on one chain retry each other's conflicts: seconds alone, far more on a loaded machine.
  }, 120_000);
});
