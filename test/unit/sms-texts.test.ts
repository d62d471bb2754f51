import { describe, expect, it } from 'vitest';
import { smsSegments, smsSize } from '../../shared/domain/messages/sms-segments';
import {
  codeTexts,
  linkTexts,
  type MessageLanguage,
  messageBounds,
  messageLanguage,
  messageLink,
  milestoneKinds,
  milestonesWithLink,
  milestoneTexts,
  smsSignature,
} from '../../shared/domain/messages/sms-texts';

/** The longest realistic values (messageBounds), in the widest characters each can hold. */
const longestBase = `https://${'x'.repeat(messageBounds.publicBaseUrl - 'https://'.length)}`;
const longest = {
  signature: smsSignature('新疆维吾尔自治区高级法院'.slice(0, messageBounds.signature)),
  reference: 'SD'.padEnd(messageBounds.reference, 'W'),
  caseReference: 'W'.repeat(messageBounds.caseReference),
  code: '8'.repeat(messageBounds.code),
  link: messageLink(longestBase, 'join', 'W'.repeat(messageBounds.token)),
  applyBy: '2026-12-31',
};
const languages: MessageLanguage[] = ['zh', 'en'];

describe('SMS texts at their longest values', () => {
  it('builds the longest values as long as their bounds', () => {
    expect(longestBase).toHaveLength(32);
    expect(longest.signature).toHaveLength(messageBounds.signature + 2);
    expect(longest.link).toHaveLength(32 + 3 + 17);
  });

  for (const language of languages) {
    for (const [name, text] of Object.entries(linkTexts)) {
      it(`${name} (${language}) carries a link and fits two segments`, () => {
        const sms = text[language](longest);
        expect(sms.startsWith(longest.signature), sms).toBe(true);
        expect(sms).toContain(longest.reference);
        expect(sms).toContain(longest.link);
        expect(smsSegments(sms), `${sms} is ${smsSize(sms).units} units`).toBeLessThanOrEqual(2);
      });
    }
    for (const [name, text] of Object.entries(codeTexts)) {
      it(`${name} (${language}) has no link and fits one segment`, () => {
        const sms = text[language](longest);
        expect(sms.startsWith(longest.signature), sms).toBe(true);
        expect(sms).toContain(longest.reference);
        expect(sms).toContain(longest.code);
        expect(smsSegments(sms), `${sms} is ${smsSize(sms).units} units`).toBe(1);
      });
    }
    for (const kind of milestoneKinds) {
      const withLink = milestonesWithLink.has(kind);
      it(`milestone ${kind} (${language}) fits ${withLink ? 'two segments' : 'one segment'}`, () => {
        const sms = milestoneTexts[kind][language](longest);
        expect(sms.startsWith(longest.signature), sms).toBe(true);
        expect(sms).toContain(longest.reference);
        expect(sms.includes('https://'), sms).toBe(withLink);
        expect(smsSegments(sms), `${sms} is ${smsSize(sms).units} units`).toBeLessThanOrEqual(withLink ? 2 : 1);
      });
    }
  }

  it('names the apply-by date in the settlement-in-effect text', () => {
    for (const language of languages)
      expect(milestoneTexts.settlement_effective[language](longest)).toContain('2026-12-31');
  });
});

describe('smsSignature', () => {
  it("signs with the issuer's name when a carrier could register it, else with the platform's", () => {
    expect(smsSignature('深圳市福田区人民法院')).toBe('【深圳市福田区人民法院】');
    expect(smsSignature('新疆生产建设兵团第八师中级人民法院')).toBe('【多元解纷】');
    expect(smsSignature('the dispute resolution platform')).toBe('【多元解纷】');
  });
});

describe('messageLanguage', () => {
  it('writes to Chinese and Cantonese disputes in Chinese, to any other in English', () => {
    expect(messageLanguage('zh')).toBe('zh');
    expect(messageLanguage('zh-Hant')).toBe('zh');
    expect(messageLanguage('yue')).toBe('zh');
    expect(messageLanguage('en')).toBe('en');
    expect(messageLanguage('fr')).toBe('en');
    expect(messageLanguage(undefined)).toBe('zh');
  });
});

describe('messageLink', () => {
  it('joins the base, a one-letter path and the token, without a doubled slash', () => {
    expect(messageLink('https://ex.cn/', 'sign', 'abc')).toBe('https://ex.cn/s/abc');
    expect(messageLink('https://ex.cn', 'join', 'abc')).toBe('https://ex.cn/j/abc');
    expect(messageLink('https://ex.cn', 'portal', 'abc')).toBe('https://ex.cn/r/abc');
  });
});
