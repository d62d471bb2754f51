import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteCssBytes } from '../../functions/http/pages/kit/assets';
import { disputeChainId, summaryLength } from '../../shared/domain/mediation/dispute';
import { filing, personParty } from '../support/mediation-api';
import { residentIdNumber } from '../support/people-fixtures';
import { CookieJarClient, csrfFrom, freshMobile, partyToCallback, signInHarness } from '../support/sign-in-harness';

type Harness = Awaited<ReturnType<typeof signInHarness>>;

/** The filing form's hidden fields as the page wrote them. */
function hiddenFrom(page: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
  if (value === undefined) throw new Error(`no ${name} on the page`);
  return value;
}

describe('the guided filing names several other parties (POST /file)', () => {
  let s: Harness;
  let browser: CookieJarClient;
  let person: { idNumber: string; name: string; mobile: string; as: ['party', string] };

  beforeAll(async () => {
    s = await signInHarness();
    const mobile = freshMobile();
    const idNumber = residentIdNumber('19880303', '440301');
    s.identities.register({ idNumber, name: '张三', mobile: `+86${mobile}` });
    const subject = `person:${(await s.h.deps.vault.lookupHash(idNumber)).slice(0, 40)}`;
    person = { idNumber, name: '张三', mobile, as: ['party', subject] };
    browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await browser.request(await partyToCallback(s, browser, mobile));
    const linkPage = await (await browser.request('/auth/link?return=%2Fcases')).text();
    const linked = await browser.request('/auth/link', {
      form: { csrf: csrfFrom(linkPage), return: '/cases', idNumber, name: '张三' },
    });
    expect(linked.status).toBe(303);
  });
  afterAll(() => s?.identities.stop());

  const en = { 'accept-language': 'en' };

  /** The details step of an online-shopping filing as shown in `shown`, the applicant named by `own`, reached at the person's mobile. */
  function detailsForm(shown: string, own: { ownName: string; ownId: string }) {
    return {
      csrf: hiddenFrom(shown, 'csrf'),
      formKey: hiddenFrom(shown, 'formKey'),
      category: 'online_shopping_contract',
      q1: '某电商平台，订单 20261101-8899',
      q2: '2026-11-20',
      amount: '3200.00',
      summary: '卖家发来的笔记本电脑屏幕破裂，拒绝退款。',
      regionCode: '440304',
      stage: 'pre_filing',
      ...own,
      ownPhone: person.mobile,
    };
  }

  async function filedDisputes() {
    const listed = await s.h.call('GET', '/v1/disputes', { as: person.as });
    return listed.json.items as Array<{ id: string }>;
  }

  it('adds respondent blocks with what was typed kept, refuses bad input at each block’s field (nothing filed), skips an empty block and files every respondent', async () => {
    const shown = await (await browser.request('/file?category=online_shopping_contract', { headers: en })).text();
    expect(shown).toContain('id="otherName"');
    expect(shown).not.toContain('id="other2Name"');
    const fixed = detailsForm(shown, { ownName: person.name, ownId: person.idNumber });
    const firstOther = {
      otherKind: 'company',
      otherName: '深圳好货有限公司',
      otherId: '91440300MA5ABCDE1X',
      otherPhone: freshMobile(),
    };

    // "Add another respondent": a second block, everything typed kept, nothing filed.
    const added = await browser.request('/file', {
      form: { ...fixed, ...firstOther, others: '1', action: 'add_party' },
      headers: en,
    });
    expect(added.status).toBe(200);
    const twoBlocks = await added.text();
    expect(twoBlocks).toContain('id="other2Name"');
    expect(twoBlocks).toContain('Respondent 2 (optional)');
    expect(twoBlocks).toContain('value="深圳好货有限公司"');
    expect(twoBlocks).toContain('name="others" value="2"');
    expect(twoBlocks).not.toContain('field-error');
    // Again: a third block.
    const third = await browser.request('/file', {
      form: { ...fixed, ...firstOther, others: '2', action: 'add_party' },
      headers: en,
    });
    expect(await third.text()).toContain('id="other3Name"');

    // The second respondent with a mistyped resident ID and no contact: refused at its own fields,
    // in the page's language, the first respondent's fields untouched, nothing filed.
    const second = { other2Kind: 'person', other2Name: '李四', other2Id: '440301199001011235' };
    const refused = await browser.request('/file', {
      form: { ...fixed, ...firstOther, ...second, others: '3', other3Kind: 'company' },
      headers: en,
    });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toMatch(/id="other2Id-error">Not a valid ID number</);
    expect(refusedPage).toMatch(/id="other2Phone-error">Give their mobile number or email</);
    expect(refusedPage).not.toContain('id="otherId-error"');
    expect(refusedPage).not.toContain('id="other3Name-error"');
    expect(refusedPage).toContain('value="李四"');
    expect(refusedPage).toContain('name="others" value="3"');
    const inChinese = await browser.request('/file', {
      form: { ...fixed, ...firstOther, ...second, others: '3' },
    });
    expect(inChinese.status).toBe(400);
    expect(await inChinese.text()).toMatch(/id="other2Phone-error">请填写对方的手机号码或电子邮箱</);
    expect(await filedDisputes()).toHaveLength(0);

    // Corrected: filed with both respondents (the empty third block is no party).
    const secondFixed = { ...second, other2Id: '440301199001011234', other2Email: 'li.si@example.com' };
    const filed = await browser.request('/file', {
      form: { ...fixed, ...firstOther, ...secondFixed, others: '3', other3Kind: 'company' },
      headers: en,
    });
    expect(filed.status, await filed.clone().text()).toBe(303);
    const [dispute, ...more] = await filedDisputes();
    expect(more).toHaveLength(0);
    const view = await s.h.call('GET', `/v1/disputes/${dispute?.id}`, { as: person.as });
    const respondents = (view.json.parties as Array<{ role: string; name: string; kind: string }>).filter(
      (party) => party.role === 'respondent',
    );
    expect(respondents.map((party) => [party.name, party.kind]).sort()).toEqual([
      ['李四', 'person'],
      ['深圳好货有限公司', 'company'],
    ]);
  });

  it('says the filing API’s own summary limit in the hint and the textarea, and refuses a longer summary with answers at its field (nothing filed)', async () => {
    // Prepare
    const before = (await filedDisputes()).length;
    const shown = await (await browser.request('/file?category=online_shopping_contract', { headers: en })).text();
    const fixed = detailsForm(shown, { ownName: person.name, ownId: person.idNumber });
    const other = {
      otherKind: 'company',
      otherName: '深圳好货有限公司',
      otherId: '91440300MA5ABCDE1X',
      otherPhone: freshMobile(),
    };

    // Act: a summary of exactly the limit, which the answers above push over it
    const refused = await browser.request('/file', {
      form: { ...fixed, ...other, summary: '屏幕破裂拒绝退款'.repeat(summaryLength.max / 8) },
      headers: en,
    });

    // Assess
    expect(shown).toMatch(new RegExp(`<textarea[^>]*id="summary"[^>]*maxlength="${summaryLength.max}"`));
    expect(shown).toContain(`10 to ${summaryLength.max.toLocaleString('en-US')} characters, with your answers above`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(
      /id="summary-error">What happened, with your answers above, takes at most 4,000 characters: shorten it</,
    );
    expect(await filedDisputes()).toHaveLength(before);
  });

  it('refuses an email address that is not a plain one (quotes, angle brackets, a port) at its own field, nothing filed', async () => {
    // Prepare
    const before = (await filedDisputes()).length;
    const shown = await (await browser.request('/file?category=online_shopping_contract', { headers: en })).text();
    const fixed = detailsForm(shown, { ownName: person.name, ownId: person.idNumber });
    const other = { otherKind: 'company', otherName: '深圳好货有限公司', otherId: '91440300MA5ABCDE1X' };

    for (const email of ['"a b"@example.com', '<a@example.com>', 'a@example.com:25']) {
      // Act
      const refused = await browser.request('/file', {
        form: { ...fixed, ...other, ownEmail: email, otherEmail: email },
        headers: en,
      });

      // Assess
      expect(refused.status, email).toBe(400);
      const page = await refused.text();
      expect(page, email).toMatch(/id="ownEmail-error">Not a valid email address</);
      expect(page, email).toMatch(/id="otherEmail-error">Not a valid email address</);
    }
    expect(await filedDisputes()).toHaveLength(before);
  });

  it('refuses a company named by a resident ID number at the ID field, in the page’s language, saying to choose a person (nothing filed)', async () => {
    // Prepare
    const before = (await filedDisputes()).length;
    const personsId = residentIdNumber('19920303', '440301');
    const other = { otherName: '赵四', otherId: personsId, otherPhone: freshMobile() };
    for (const lang of ['en', 'zh'] as const) {
      const shown = await (
        await browser.request('/file?category=online_shopping_contract', { headers: { 'accept-language': lang } })
      ).text();

      // Act: the kind left at its default (a company).
      const refused = await browser.request('/file', {
        form: {
          ...detailsForm(shown, { ownName: person.name, ownId: person.idNumber }),
          ...other,
          otherKind: 'company',
        },
        headers: { 'accept-language': lang },
      });

      // Assess
      expect(refused.status).toBe(400);
      const page = await refused.text();
      expect(page).toMatch(
        lang === 'en'
          ? /id="otherId-error">This is a resident ID number \(a person(&#39;|')s\): choose (&quot;|")A person(&quot;|")/
          : /id="otherId-error">这是个人的居民身份证号码：对方是个人时请选择/,
      );
      expect(page).toContain(`value="${personsId}"`);
    }
    expect(await filedDisputes()).toHaveLength(before);

    // Chosen as a person, the same filing goes through.
    const shown = await (await browser.request('/file?category=online_shopping_contract', { headers: en })).text();
    const filed = await browser.request('/file', {
      form: { ...detailsForm(shown, { ownName: person.name, ownId: person.idNumber }), ...other, otherKind: 'person' },
      headers: en,
    });
    expect(filed.status).toBe(303);
    expect(await filedDisputes()).toHaveLength(before + 1);
  });

  it('shows the case’s timeline in words, in the page’s language, not the chain’s event names', async () => {
    // Prepare: a dispute the signed-in person filed (its chain starts with dispute.filed)
    const own = personParty('applicant', { name: person.name, idNumber: person.idNumber, phone: person.mobile });
    const body = filing();
    const filed = await s.h.call('POST', '/v1/disputes', {
      as: person.as,
      body: { ...body, parties: [own, body.parties[1]] },
    });
    expect(filed.status).toBe(201);
    // Then an event the page had no words for, and one no table knows (a newer release's, say)
    const actor = { role: 'mediator' as const, subjectId: 'mediator-1' };
    for (const type of ['settlement.signing_link_sent', 'dispute.reopened_by_court']) {
      await s.h.store.commit({ chainId: disputeChainId(filed.json.id), writes: [], event: { type, actor, data: {} } });
    }

    // Act
    const english = await (await browser.request(`/cases/${filed.json.id}`, { headers: en })).text();
    const chinese = await (await browser.request(`/cases/${filed.json.id}`)).text();

    // Assess
    expect(english).toMatch(/<td>Dispute filed<\/td>/);
    expect(english).toMatch(/<td>Signing link sent<\/td>/);
    expect(english).toMatch(/<td>The dispute: reopened by court<\/td>/);
    expect(chinese).toMatch(/<td>提交纠纷<\/td>/);
    expect(chinese).toMatch(/<td>发送签署链接<\/td>/);
    expect(chinese).toMatch(/<td>纠纷记录（reopened by court）<\/td>/);
    for (const page of [english, chinese]) expect(page).not.toMatch(/<td>[a-z_]+\.[a-z_]+<\/td>/);
  });

  it('never shows more blocks than the API takes parties (14 others beside the filer)', async () => {
    const shown = await (await browser.request('/file?category=traffic_accident', { headers: en })).text();
    const atLimit = await browser.request('/file', {
      form: {
        csrf: hiddenFrom(shown, 'csrf'),
        formKey: hiddenFrom(shown, 'formKey'),
        category: 'traffic_accident',
        others: '14',
        action: 'add_party',
      },
      headers: en,
    });
    expect(atLimit.status).toBe(200);
    const page = await atLimit.text();
    expect(page).toContain('id="other14Name"');
    expect(page).not.toContain('id="other15Name"');
    expect(page).not.toContain('data-testid="add-party"');
    // Still within the page budget with every block shown (60 KB of HTML and CSS).
    expect(Buffer.byteLength(page)).toBeLessThan(60 * 1024 - siteCssBytes);
  });
  it('files only as the signed-in person: another person’s ID number as the applicant’s is refused beside it (422), nothing filed, as by the API', async () => {
    const before = (await filedDisputes()).length;
    const shown = await (await browser.request('/file?category=online_shopping_contract', { headers: en })).text();
    const refused = await browser.request('/file', {
      form: {
        ...detailsForm(shown, { ownName: '陈晓明', ownId: residentIdNumber('19630716', '440304') }),
        others: '1',
        otherKind: 'company',
        otherName: '深圳好货有限公司',
        otherId: '91440300MA5ABCDE1X',
        otherPhone: freshMobile(),
      },
      headers: en,
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/id="ownId-error">You file as yourself/);
    expect(await filedDisputes()).toHaveLength(before);

    const byApi = await s.h.call('POST', '/v1/disputes', { as: person.as, body: filing() });
    expect(byApi.status).toBe(422);
    expect(byApi.json.code).toBe('applicant_is_filer');
    expect(await filedDisputes()).toHaveLength(before);
  });
});
