import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { filing, invitationsOf, joinAsRespondent, linkedParty, operator, partyOf } from '../support/mediation-api';

describe('POST /v1/disputes/{id}/decline', () => {
  let h: Awaited<ReturnType<typeof httpHarness>>;
  /** The filing's applicant, through a sign-in linked to it. */
  let applicant: ['party', string];
  beforeAll(async () => {
    h = await httpHarness();
    applicant = await linkedParty(h.deps.vault);
  });

  async function joinedDispute() {
    const filed = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
    const [invitation] = await invitationsOf(h, filed.json.id);
    expect((await joinAsRespondent(h.app, invitation)).status).toBe(201);
    const respondent = await partyOf(h, filed.json.id, 'respondent');
    return {
      disputeId: filed.json.id as string,
      respondent: ['party', String(respondent.subjectId)] as ['party', string],
    };
  }

  it('lets a joined respondent decline with a reason; a repeat answers the same and records nothing more', async () => {
    const { disputeId, respondent } = await joinedDispute();

    const declined = await h.call('POST', `/v1/disputes/${disputeId}/decline`, {
      as: respondent,
      body: { reason: 'prefer_court', note: 'We will answer in court.' },
    });
    const events = (await h.store.readChain(`CASE#${disputeId}`)).events.length;
    const again = await h.call('POST', `/v1/disputes/${disputeId}/decline`, {
      as: respondent,
      body: { reason: 'prefer_court' },
    });

    expect(declined.status, declined.text).toBe(200);
    expect(declined.json).toMatchObject({
      status: 'declined',
      declined: { reason: 'prefer_court', note: 'We will answer in court.' },
    });
    expect(again.status).toBe(200);
    expect(again.json.status).toBe('declined');
    expect((await h.store.readChain(`CASE#${disputeId}`)).events.length).toBe(events);
  });

  it('refuses the applicant (422 decline_respondent_only), an operator (403) and a bad body (400), changing nothing', async () => {
    const { disputeId } = await joinedDispute();
    const before = (await h.store.get({ pk: `CASE#${disputeId}`, sk: 'ROOT' }))?.version;

    const byApplicant = await h.call('POST', `/v1/disputes/${disputeId}/decline`, {
      as: applicant,
      body: { reason: 'other' },
    });
    const byOperator = await h.call('POST', `/v1/disputes/${disputeId}/decline`, {
      as: operator,
      body: { reason: 'other' },
    });
    const badReason = await h.call('POST', `/v1/disputes/${disputeId}/decline`, {
      as: applicant,
      body: { reason: 'because', status: 'declined' },
    });

    expect(byApplicant.status).toBe(422);
    expect(byApplicant.json.code).toBe('decline_respondent_only');
    expect(byOperator.status).toBe(403);
    expect(badReason.status).toBe(400);
    expect((await h.store.get({ pk: `CASE#${disputeId}`, sk: 'ROOT' }))?.version).toBe(before);
  });

  it('answers 404 for a dispute the caller is not a party to', async () => {
    const { disputeId } = await joinedDispute();
    const stranger = await h.call('POST', `/v1/disputes/${disputeId}/decline`, {
      as: ['party', 'user-nobody'],
      body: { reason: 'other' },
    });
    expect(stranger.status).toBe(404);
  });
});
