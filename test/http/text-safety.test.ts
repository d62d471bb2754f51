import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentStore } from '../../shared/ports/document-store';
import { httpHarness } from '../support/http-harness';
import {
  filing,
  invitationsOf,
  linkedParty,
  mediatorRegistration,
  operator,
  registerMediator,
  registerOrganization,
} from '../support/mediation-api';
import { type CaseInMediation, laptopSettlementTerms, putCaseInMediation } from '../support/settlement-fixtures';

/*
 * Names and free text refuse what could spoof them or break what is built from them: the byte-order
 * mark, the bidirectional controls (a name that renders reversed in a court document or an SMS),
 * lone surrogates (canonical JSON and hashes need well-formed strings) and control characters. The
 * API answers 400 with the field's path; a page shows the bilingual message on the form. Either way
 * nothing is written. The rule itself, character by character, is test/unit/text-safety.property.test.ts.
 */

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** What the API says, by class: the field's path comes with it, so the message need not name the field. */
const apiMessages = {
  invisible: /^must not contain invisible or direction-changing characters \(U\+[0-9A-F]{4} at character 1\)$/,
  surrogate: /^is not well-formed Unicode: it contains a lone surrogate/,
  control: /^must (be one line without line breaks or|not contain) control characters/,
};

/** What a page says, by class, after the field's name in each language (single-line fields). */
const pageMessages = {
  invisible: ['不得含有不可见或改变文字方向的字符', 'must not contain invisible or direction-changing characters'],
  control: ['须为一行，不得含有换行或控制字符', 'must be one line without line breaks or control characters'],
};

/** One of each class the rule refuses, as a JSON client can send it (JSON escapes carry lone surrogates). */
const forbidden = [
  ['a byte-order mark (U+FEFF)', '\uFEFF', 'invisible'],
  ['a right-to-left override (U+202E)', '\u202E', 'invisible'],
  ['a left-to-right embedding (U+202A)', '\u202A', 'invisible'],
  ['a first-strong isolate (U+2068)', '\u2068', 'invisible'],
  ['a right-to-left mark (U+200F)', '\u200F', 'invisible'],
  ['an Arabic letter mark (U+061C)', '\u061C', 'invisible'],
  ['a zero-width space (U+200B)', '\u200B', 'invisible'],
  ['a zero-width non-joiner (U+200C)', '\u200C', 'invisible'],
  ['a word joiner (U+2060)', '\u2060', 'invisible'],
  ['a soft hyphen (U+00AD)', '\u00AD', 'invisible'],
  ['a Hangul filler (U+3164)', '\u3164', 'invisible'],
  ['a lone high surrogate', '\uD83D', 'surrogate'],
  ['a lone low surrogate', '\uDE00', 'surrogate'],
  ['a C0 control (U+0007)', '\u0007', 'control'],
  ['a C1 control (U+0085)', '\u0085', 'control'],
] as const;

/**
 * What a browser can put in a form: UTF-8 has no encoding for a lone surrogate (its bytes decode to
 * U+FFFD), so a page never receives one.
 */
const forbiddenInForms = forbidden.flatMap(([what, character, kind]) =>
  kind === 'surrogate' ? [] : [[what, character, kind] as const],
);

/** The character first: where trimming would drop a BOM, and where an override reverses the whole field. */
const poisoned = (character: string, value: string) => `${character}${value}`;

/** The table as a sorted list, to compare before and after. */
async function contents(h: Harness) {
  return (await h.allItems()).map((item) => JSON.stringify(item)).sort();
}

function expectRefusedAt(response: Awaited<ReturnType<Harness['call']>>, path: string, message: RegExp) {
  expect(response.status, response.text).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.json).toMatchObject({ code: 'validation_failed' });
  expect(response.json.errors).toEqual([{ path, message: expect.stringMatching(message) }]);
}

/** The documents bucket in memory (a recorded settlement keeps its canonical document there). */
function memoryDocuments(): DocumentStore {
  const objects = new Map<string, { content: Uint8Array; mediaType: string }>();
  return {
    async put(key, content, mediaType) {
      objects.set(key, { content, mediaType });
      return { key, sha256: createHash('sha256').update(content).digest('hex'), size: content.byteLength, mediaType };
    },
    async get(key) {
      return objects.get(key);
    },
  };
}

let h: Harness;
/** The filing's applicant, through a sign-in linked to it. */
let applicant: ['party', string];
beforeAll(async () => {
  h = await httpHarness({ documents: memoryDocuments() });
  applicant = await linkedParty(h.deps.vault);
});

describe('POST /v1/disputes: the party name and the summary', () => {
  const withPartyName = (name: string) => {
    const body = filing();
    return { ...body, parties: body.parties.map((party, index) => (index === 0 ? { ...party, name } : party)) };
  };

  it.each(forbidden)(
    'refuses %s in either field with a 400 at the field, and files nothing',
    async (_, character, kind) => {
      const message = apiMessages[kind];
      // Prepare
      const before = await contents(h);

      // Act
      const name = await h.call('POST', '/v1/disputes', {
        as: applicant,
        body: withPartyName(poisoned(character, 'Zhang San')),
      });
      const summary = await h.call('POST', '/v1/disputes', {
        as: applicant,
        body: filing({ summary: poisoned(character, 'The seller shipped a damaged laptop.') }),
      });

      // Assess
      expectRefusedAt(name, 'body.parties.0.name', message);
      expectRefusedAt(summary, 'body.summary', message);
      expect(await contents(h)).toEqual(before);
    },
  );

  it('refuses a line break in a name, which is one line, and changes nothing', async () => {
    const before = await contents(h);

    const response = await h.call('POST', '/v1/disputes', { as: applicant, body: withPartyName('Zhang\nSan') });

    expectRefusedAt(response, 'body.parties.0.name', /^must be one line/);
    expect(await contents(h)).toEqual(before);
  });

  it('keeps one form of a name: the same letters typed decomposed are stored composed (NFC), as one name', async () => {
    const decomposed = 'Jose\u0301 Zhang';
    const response = await h.call('POST', '/v1/disputes', { as: applicant, body: withPartyName(decomposed) });
    expect(response.status, response.text).toBe(201);
    const view = await h.call('GET', `/v1/disputes/${response.json.id}`, { as: applicant });
    const names = (view.json.parties as Array<{ role: string; name: string }>).map((party) => party.name);
    expect(names).toContain('Jos\u00E9 Zhang');
    expect(names).not.toContain(decomposed);
  });

  it('files Chinese, punctuation and emoji, and keeps tabs and line breaks in the summary', async () => {
    const summary = '卖家发来的笔记本电脑已损坏，拒绝退款。\r\nThe seller refuses a refund 😞\t(¥3,200).';

    const response = await h.call('POST', '/v1/disputes', {
      as: applicant,
      body: { ...withPartyName('张三 Zhang San 👨‍👩‍👧'), summary },
    });

    expect(response.status, response.text).toBe(201);
    expect(response.json.summary).toBe(summary);
  });
});

describe('POST /v1/organizations and /v1/mediators: the name', () => {
  let organizationId: string;
  beforeAll(async () => {
    organizationId = await registerOrganization(h);
  });

  const mediator = (name: string) => mediatorRegistration(organizationId, { name, subjectId: 'med-sub-text-safety' });

  it.each(forbidden)(
    'refuses %s in either name with a 400 at the field, and registers nothing',
    async (_, character, kind) => {
      const message = apiMessages[kind];
      const before = await contents(h);

      const organization = await h.call('POST', '/v1/organizations', {
        as: operator,
        body: {
          name: poisoned(character, 'Futian Mediation Committee'),
          kind: 'peoples_mediation_committee',
          regionCode: '440304',
        },
      });
      const registered = await h.call('POST', '/v1/mediators', {
        as: operator,
        body: mediator(poisoned(character, 'Li Si')),
      });

      expectRefusedAt(organization, 'body.name', message);
      expectRefusedAt(registered, 'body.name', message);
      expect(await contents(h)).toEqual(before);
    },
  );

  it('registers the same names without the character', async () => {
    const organization = await h.call('POST', '/v1/organizations', {
      as: operator,
      body: { name: '福田区人民调解委员会', kind: 'peoples_mediation_committee', regionCode: '440304' },
    });
    const registered = await registerMediator(h, organizationId, { name: '李四 (Li Si) ✨' });

    expect(organization.status, organization.text).toBe(201);
    expect(registered).toMatchObject({ name: '李四 (Li Si) ✨' });
  });
});

type Case = CaseInMediation;
const caseInMediation = () => putCaseInMediation(h.store);

describe('POST /v1/disputes/{id}/settlement: the terms text', () => {
  let c: Case;
  beforeAll(async () => {
    c = await caseInMediation();
  });

  /** The laptop settlement's terms, with `text` in place of a clause, the act or the subject matter. */
  const terms = (text: { clause?: string; act?: string; subjectMatter?: string } = {}) => {
    const laptop = laptopSettlementTerms(c, 2099);
    return {
      ...laptop,
      obligations: laptop.obligations.map((obligation) =>
        obligation.kind === 'act' ? { ...obligation, description: text.act ?? obligation.description } : obligation,
      ),
      clauses: text.clause === undefined ? laptop.clauses : [text.clause],
      subjectMatter: { ...laptop.subjectMatter, description: text.subjectMatter ?? laptop.subjectMatter.description },
    };
  };
  const record = (body: unknown) =>
    h.call('POST', `/v1/disputes/${c.disputeId}/settlement`, { as: ['mediator', c.mediator.subjectId], body });

  it.each(forbidden)(
    'refuses %s in a clause, an act or the subject matter with a 400 at the field, and records nothing',
    async (_, character, kind) => {
      const message = apiMessages[kind];
      const before = await contents(h);

      const clause = await record(terms({ clause: poisoned(character, '各方自行承担费用。') }));
      const act = await record(terms({ act: poisoned(character, 'Return the laptop') }));
      const subjectMatter = await record(terms({ subjectMatter: poisoned(character, 'Sale of a laptop') }));

      expectRefusedAt(clause, 'body.clauses.0', message);
      expectRefusedAt(act, 'body.obligations.1.description', message);
      expectRefusedAt(subjectMatter, 'body.subjectMatter.description', message);
      expect(await contents(h)).toEqual(before);
    },
  );

  it('records clauses of several lines in Chinese and English', async () => {
    const clause = '一、各方自行承担费用。\n二、本协议一式三份。\n1. Each party bears its own costs.';

    const response = await record(terms({ clause }));

    expect(response.status, response.text).toBe(201);
    expect(response.json.clauses).toEqual([clause]);
  });
});

describe('POST /v1/disputes/{id}/outcome: the referral summary', () => {
  let c: Case;
  beforeAll(async () => {
    c = await caseInMediation();
  });

  const close = (referralSummary: string) =>
    h.call('POST', `/v1/disputes/${c.disputeId}/outcome`, {
      as: ['mediator', c.mediator.subjectId],
      body: { kind: 'failed', reason: 'no_agreement_on_amount', referralSummary },
    });

  it.each(forbidden)('refuses %s with a 400 at the field, and leaves the dispute open', async (_, character, kind) => {
    const message = apiMessages[kind];
    const before = await contents(h);

    const response = await close(poisoned(character, 'Parties agree on the defect, not on the amount.'));

    expectRefusedAt(response, 'body.referralSummary', message);
    expect(await contents(h)).toEqual(before);
  });

  it('closes with the same summary without the character', async () => {
    const response = await close('双方对瑕疵无争议，对金额有争议。\nParties agree on the defect, not on the amount.');

    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({
      status: 'failed',
      outcome: { referralSummary: expect.stringContaining('\n') },
    });
  });
});

describe('POST /join/{token}: the evidence reference and the email on the join page', () => {
  let invitation: { token: string; code: string };
  beforeAll(async () => {
    const filed = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
    const [first] = await invitationsOf(h, filed.json.id);
    if (!first) throw new Error('no invitation was sent');
    invitation = first;
  });

  /** The join form as a browser posts it, right code and ID digits, with `fields` on top. */
  const join = (fields: Record<string, string>, lang = 'zh') =>
    h.app.request(`/join/${invitation.token}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        'accept-language': lang,
      },
      body: new URLSearchParams({
        code: invitation.code,
        idLastDigits: 'DE1X',
        consentBasis: 'contract_clause',
        agree: 'yes',
        phone: '13900001111',
        ...fields,
      }).toString(),
    });

  it.each(forbiddenInForms)(
    'shows the bilingual refusal of %s at the form with a 400, and joins no one',
    async (_, character, kind) => {
      const before = await contents(h);

      const [zhReason, enReason] = pageMessages[kind];
      for (const [field, value, zh, en] of [
        ['evidence', poisoned(character, 'sales contract art. 12'), '依据材料', 'The evidence reference'],
        ['email', poisoned(character, 'legal@goodgoods.example'), '送达邮箱', 'The email for service'],
      ] as const) {
        for (const [lang, expected] of [
          ['zh', `${zh}${zhReason}`],
          ['en', `${en} ${enReason}`],
        ] as const) {
          const response = await join({ [field]: value }, lang);
          expect(response.status).toBe(400);
          expect(response.headers.get('content-type')).toContain('text/html');
          const page = await response.text();
          expect(page).toContain('class="error-summary" role="alert"');
          // At the field, which is marked invalid; the form is shown again, to correct and resend.
          expect(page).toContain(`<span class="field-error" id="${field}-error">${expected}`);
          expect(page).toMatch(new RegExp(`<input id="${field}" name="${field}"[^>]*aria-invalid="true"`));
          expect(page).toContain('data-testid="join-form"');
        }
      }
      expect(await contents(h)).toEqual(before);
    },
  );

  it('takes the same evidence reference and email without the character past the form', async () => {
    const response = await join({
      evidence: '买卖合同第 12 条 / sales contract art. 12 📄',
      email: 'legal@goodgoods.example',
    });

    // The form accepts them; consent then waits for the company's verified identity (an operator's
    // document check), which is the next rule, not a refusal of the text.
    const page = await response.text();
    expect(response.status, page).toBe(422);
    expect(page).toContain('同意电子送达须经身份核验，运营商未能确认您的身份');
  });
});
