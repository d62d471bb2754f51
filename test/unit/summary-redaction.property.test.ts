import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summaryForMediators } from '../../shared/domain/mediation/summary-redaction';
import { offerNotice } from '../../shared/domain/messages/offer-notice';
import { smsSegments } from '../../shared/domain/messages/sms-segments';
import { messageBounds } from '../../shared/domain/messages/sms-texts';
import { digitsAndMasks, ruleBrokenBy, surroundingText, writtenNumber } from '../support/personal-data-arbitraries';

/** Names share no character with the surrounding text, so a label can only replace the name itself. */
const partyName = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('王', '李', '赵', '钱', '孙'),
      fc.array(fc.constantFrom('伟', '芳', '娜', '敏', '静', '磊'), { minLength: 1, maxLength: 2 }),
    )
    .map(([surname, given]) => `${surname}${given.join('')}`),
  fc
    .tuple(fc.constantFrom('Wang', 'Zhao', 'Qian'), fc.constantFrom('Wei', 'Fang', 'Jing'))
    .map(([surname, given]) => `${surname} ${given}`),
);

/** The rule of each number (see personal-data-masking.property.test.ts) holds in what mediators read. */
describe('summaryForMediators', () => {
  it('replaces the party by its role and shows no more of a number than its mask (mobile: code, first 3, last 4; ID: first 6, last 4), however it is spaced or punctuated', () => {
    fc.assert(
      fc.property(
        surroundingText,
        partyName,
        surroundingText,
        writtenNumber,
        surroundingText,
        (pre, name, mid, number, post) => {
          const text = summaryForMediators(`${pre}${name}${mid}${number.written}${post}`, [
            { name, role: 'applicant', representatives: [] },
          ]);
          const head = `${pre}[applicant]${mid}`;
          expect(text.startsWith(head), text).toBe(true);
          expect(text.endsWith(post), text).toBe(true);
          expect(text).not.toContain(name);
          const left = text.slice(head.length, text.length - post.length);
          expect(ruleBrokenBy(number, digitsAndMasks(left)), JSON.stringify(left)).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('changes nothing but names in a summary without a digit or an at sign', () => {
    fc.assert(
      fc.property(surroundingText, partyName, surroundingText, (pre, name, post) => {
        expect(summaryForMediators(`${pre}${name}${post}`, [{ name, role: 'respondent', representatives: [] }])).toBe(
          `${pre}[respondent]${post}`,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('offerNotice', () => {
  it('sends a mediator no more of a number in the summary than its mask, in the email as cut to length', () => {
    fc.assert(
      fc.property(surroundingText, writtenNumber, surroundingText, (pre, number, post) => {
        const notice = offerNotice(
          { name: 'Mediator', contact: { email: 'mediator@example.com' } },
          {
            id: 'dsp_0123456789abcdef',
            category: 'online_shopping_contract',
            claim: { amountMinor: 1_250_000, currency: 'CNY' },
            summary: `${pre}${number.written}${post}`,
          },
          { deadline: '2025-03-01T08:00:00.000Z' },
          'https://odr.example',
          'MS23456789AB',
        );
        const summary = notice.text.slice(notice.text.indexOf('CNY: ') + 5, notice.text.lastIndexOf(' 请于 '));
        const shown = digitsAndMasks(summary);
        expect(ruleBrokenBy(number, shown, summary.endsWith('…')), notice.text).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('texts a mediator signed, with the case, the deadline, the inbox and a reference, in two segments and no summary', () => {
    const notice = offerNotice(
      { name: 'Mediator', contact: { phone: '+8613900000001' } },
      {
        id: 'dsp_0123456789abcdef',
        category: 'online_shopping_contract',
        claim: { amountMinor: 1_250_000, currency: 'CNY' },
        summary: 'A summary with 13800138000 in it.',
      },
      { deadline: '2025-03-01T08:00:00.000Z' },
      `https://${'o'.repeat(messageBounds.publicBaseUrl - 8)}`,
      'MS23456789AB',
    );
    expect(notice.text).toMatch(
      /^【多元解纷】纠纷89abcdef邀您调解，请于2025-03-01 16:00前答复：https:\/\/o+\/inbox 核验编号MS23456789AB$/,
    );
    expect(smsSegments(notice.text)).toBeLessThanOrEqual(2);
    expect(notice.text).not.toContain('summary');
  });
});
