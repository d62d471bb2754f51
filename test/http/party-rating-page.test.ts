import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  filing,
  invitationsOf,
  joinAsRespondent,
  operator,
  registerMediator,
  registerOrganization,
} from '../support/mediation-api';
import { residentIdNumber } from '../support/people-fixtures';
import { CookieJarClient, csrfFrom, freshMobile, partyToCallback, signInHarness } from '../support/sign-in-harness';

type Harness = Awaited<ReturnType<typeof signInHarness>>;

/** The rating form's once-per-showing key, as the page wrote it. */
function formKeyFrom(page: string): string {
  const key = /name="formKey" value="([^"]+)"/.exec(page)?.[1];
  if (!key) throw new Error('no form key on the page');
  return key;
}

describe('rating a closed mediation from the case page (POST /cases/{id}/rating)', () => {
  let s: Harness;
  let browser: CookieJarClient;
  let disputeId: string;
  let mediator: { id: string; subjectId: string };

  beforeAll(async () => {
    s = await signInHarness();
    // Prepare: a person the carrier knows files against a company; the company joins; a mediator takes the case.
    const mobile = freshMobile();
    const person = { idNumber: residentIdNumber('19900101', '440301'), name: '张三', mobile: `+86${mobile}` };
    s.identities.register(person);
    const subject = `person:${(await s.h.deps.vault.lookupHash(person.idNumber)).slice(0, 40)}`;
    const base = filing();
    const filed = await s.h.call('POST', '/v1/disputes', {
      as: ['party', subject],
      body: {
        ...base,
        parties: base.parties.map((party, index) => (index === 0 ? { ...party, idNumber: person.idNumber } : party)),
      },
    });
    expect(filed.status, filed.text).toBe(201);
    disputeId = filed.json.id;
    const [invitation] = await invitationsOf(s.h, disputeId);
    expect((await joinAsRespondent(s.app, invitation)).status).toBe(201);
    mediator = await registerMediator(s.h, await registerOrganization(s.h), { name: '李明' });
    const offer = await s.h.call('POST', `/v1/disputes/${disputeId}/assignment`, {
      as: operator,
      body: { mediatorId: mediator.id },
    });
    expect(offer.status, offer.text).toBe(201);
    const accepted = await s.h.call('POST', `/v1/offers/${offer.json.offerId}/accept`, {
      as: ['mediator', mediator.subjectId],
    });
    expect(accepted.status, accepted.text).toBe(200);

    // The applicant signs in on the pages (a browser without a browser) and links its person.
    browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await browser.request(await partyToCallback(s, browser, mobile));
    const linkPage = await (await browser.request('/auth/link?return=%2Fcases')).text();
    const linked = await browser.request('/auth/link', {
      form: { csrf: csrfFrom(linkPage), return: '/cases', idNumber: person.idNumber, name: person.name },
    });
    expect(linked.status).toBe(303);
  });
  afterAll(() => s?.identities.stop());

  const en = { 'accept-language': 'en' };
  const csrf = () => browser.cookies.get('platform-party-csrf')?.value ?? '';
  const post = (form: Record<string, string>, headers: Record<string, string> = en) =>
    browser.request(`/cases/${disputeId}/rating`, { form, headers });

  /** What a rating changes: the party's rating record and the mediator's running mean. */
  async function ratingState() {
    const ratings = await s.h.store.listByPrefix(`CASE#${disputeId}`, 'RATING#');
    const listed = await s.h.call('GET', `/v1/mediators/${mediator.id}`, { as: operator });
    return { ratings: ratings.length, mediatorRating: listed.json.rating };
  }

  it('refuses a rating while the mediation is open, at the form, and changes nothing', async () => {
    const open = await browser.request(`/cases/${disputeId}`, { headers: en });
    expect(open.status).toBe(200);
    expect(await open.text()).not.toContain('data-testid="rating-form"');
    const before = await ratingState();

    const early = await post({ csrf: csrf(), formKey: randomBytes(32).toString('base64url'), score: '4' });

    expect(early.status).toBe(422);
    expect(await early.text()).toContain('data-testid="error-summary"');
    expect(await ratingState()).toEqual(before);
  });

  it('after the mediation closed: bad input is refused at its field, in both languages, input kept, nothing changed; then rated once, and a repeat shows the rating given', async () => {
    const closed = await s.h.call('POST', `/v1/disputes/${disputeId}/outcome`, {
      as: ['mediator', mediator.subjectId],
      body: {
        kind: 'failed',
        reason: 'no_agreement_on_amount',
        referralSummary: '双方对退款金额未能达成一致。',
      },
    });
    expect(closed.status, closed.text).toBe(200);
    const shown = await (await browser.request(`/cases/${disputeId}`, { headers: en })).text();
    expect(shown).toContain('data-testid="rating-form"');
    expect(shown).toContain('李明');
    const formKey = formKeyFrom(shown);
    const before = await ratingState();
    expect(before).toEqual({ ratings: 0, mediatorRating: undefined });

    // No score: at the score field, the comment kept.
    const noScore = await post({ csrf: csrf(), formKey, score: '', comment: '调解员很耐心。' });
    expect(noScore.status).toBe(400);
    const noScorePage = await noScore.text();
    expect(noScorePage).toMatch(/id="score-error">Choose a score from 1 to 5</);
    expect(noScorePage).toMatch(/<textarea[^>]*id="comment"[^>]*>调解员很耐心。<\/textarea>/);
    expect(noScorePage).toMatch(/id="score"[^>]*aria-invalid="true"/);

    // The same in Chinese (the page's language by default).
    const noScoreZh = await post({ csrf: csrf(), formKey, comment: '调解员很耐心。' }, {});
    expect(noScoreZh.status).toBe(400);
    expect(await noScoreZh.text()).toMatch(/id="score-error">请选择 1 至 5 分</);

    // A score out of range.
    const seven = await post({ csrf: csrf(), formKey, score: '7' });
    expect(seven.status).toBe(400);
    expect(await seven.text()).toMatch(/id="score-error">Choose a score from 1 to 5</);

    // A control character in the comment: at the comment field, the score kept.
    const bell = await post({ csrf: csrf(), formKey, score: '4', comment: 'good\u0007' });
    expect(bell.status).toBe(400);
    const bellPage = await bell.text();
    expect(bellPage).toMatch(/id="comment-error">The comment must not contain control characters/);
    expect(bellPage).toMatch(/<option value="4" selected="">/);

    // A comment over 1,000 characters.
    const long = await post({ csrf: csrf(), formKey, score: '4', comment: '很'.repeat(1001) }, {});
    expect(long.status).toBe(400);
    expect(await long.text()).toMatch(/id="comment-error">评语最多 1000 个字/);

    // A form without its token, or without its once-per-showing key: the form has expired.
    const forged = await post({ csrf: 'x'.repeat(43), formKey, score: '4' });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('The form has expired');
    expect((await post({ csrf: csrf(), score: '4' })).status).toBe(400);
    expect(await ratingState()).toEqual(before);

    // Rated: the case page shows the rating given instead of the form.
    const rated = await post({ csrf: csrf(), formKey, score: '4', comment: '调解员很耐心。' });
    expect(rated.status).toBe(303);
    const location = rated.headers.get('location');
    expect(location).toBe(`/cases/${disputeId}?done=rated#rating`);
    const after = await (await browser.request(location as string, { headers: en })).text();
    expect(after).toContain('data-testid="rating-done"');
    expect(after).toContain('Your rating: 4 of 5');
    expect(after).toContain('调解员很耐心。');
    expect(after).not.toContain('data-testid="rating-form"');
    expect(await ratingState()).toEqual({ ratings: 1, mediatorRating: { mean: 4, count: 1 } });

    // The same post again (a double click, a reload): the first answer, rated once.
    const again = await post({ csrf: csrf(), formKey, score: '4', comment: '调解员很耐心。' });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(location);

    // A form from another showing: refused by the use case; the page shows the rating given.
    const second = await post({ csrf: csrf(), formKey: randomBytes(32).toString('base64url'), score: '1' });
    expect(second.status).toBe(409);
    const secondPage = await second.text();
    expect(secondPage).toContain('You have rated this mediation already');
    expect(secondPage).toContain('Your rating: 4 of 5');
    expect(await ratingState()).toEqual({ ratings: 1, mediatorRating: { mean: 4, count: 1 } });
  });
});
