import { describe, expect, it } from 'vitest';
import { freshCaseCodeMessage } from '../../shared/domain/messages/fresh-case-code';
import { milestoneEmail } from '../../shared/domain/messages/milestone-emails';
import { milestoneKinds } from '../../shared/domain/messages/sms-texts';
import { verifyLink } from '../../shared/domain/messages/verify-link';
import { composeFreshPortalCode, composeServiceMessage } from '../../shared/domain/service/service-messages';

const base = 'https://odr.example.cn';

/**
 * Every link a message carries, and every mention of /verify, is absolute on the platform's public
 * origin: a bare "/verify" in an email opens nothing (DESIGN.md, "Messages to people").
 */
function expectAbsoluteLinks(content: { text?: string; html?: string }, reference: string) {
  for (const body of [content.text ?? '', content.html ?? '']) {
    // No path that does not follow the origin.
    expect(body).not.toMatch(/(^|[\s>(（"'])\/(verify|r|s|j|join|cases|addresses|inbox)\b/);
    expect(body).toContain(verifyLink(base, reference).replace('&', '&amp;'));
  }
  for (const [, href] of (content.html ?? '').matchAll(/href="([^"]*)"/g))
    expect(href?.startsWith(`${base}/`)).toBe(true);
}

describe('links in messages', () => {
  it('verifyLink is the absolute /verify address with the reference, whatever the base ends with', () => {
    expect(verifyLink(`${base}/`, 'MS23456789AB')).toBe(`${base}/verify?ref=MS23456789AB`);
  });

  it.each(milestoneKinds)('the %s milestone email names /verify on the public origin', (kind) => {
    const email = milestoneEmail(
      kind,
      {
        caseReference: 'AB12CD34',
        reference: 'MS23456789AB',
        signature: '【平台】',
        applyBy: '2026-10-01',
        courtName: '福田法院',
      },
      base,
    );
    expectAbsoluteLinks(email, 'MS23456789AB');
  });

  it.each(['invitation', 'signing'] as const)('a fresh %s code by email names /verify on the public origin', (kind) => {
    const { message } = freshCaseCodeMessage(
      kind,
      { channel: 'email', to: 'a@example.cn' },
      { id: 'd_AB12CD34', language: 'zh' },
      base,
    );
    expectAbsoluteLinks(message.content as { text: string; html: string }, message.reference.code);
  });

  it('a service email and its fresh code name /verify on the public origin, the portal link too', () => {
    const notice = {
      channel: 'email' as const,
      to: 'a@example.cn',
      issuer: '深圳市福田区人民法院',
      title: '民事裁定书',
      code: '123456',
      reference: 'SD23456789AB',
      publicBaseUrl: base,
    };
    expectAbsoluteLinks(composeServiceMessage({ ...notice, link: `${base}/r/tok` }), 'SD23456789AB');
    expectAbsoluteLinks(composeFreshPortalCode(notice), 'SD23456789AB');
  });
});
