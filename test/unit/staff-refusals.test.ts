import { describe, expect, it } from 'vitest';
import { half } from '../../functions/http/pages/staff/staff-layout';
import { staffRefusal } from '../../functions/http/pages/staff/staff-refusals';
import { RuleViolation, TooManyRequests } from '../../shared/domain/errors';

describe('staffRefusal', () => {
  it('says a refusal a staff page meets in each language, never in the use case’s English', () => {
    const refusal = staffRefusal(new RuleViolation('offer_expired', 'the offer expired at 2026-12-04T15:43:00.000Z'));

    expect(half(refusal, 'zh')).toBe('此调解邀请已过答复期限，案件已转给下一位调解员。');
    expect(half(refusal, 'en')).toBe(
      'This offer’s time to answer has passed; the dispute has moved on to the next mediator.',
    );
    expect(refusal).not.toContain('2026-12-04T');
  });

  it('says when a send limit lifts, in Beijing time', () => {
    const now = new Date('2026-12-03T15:50:00.000Z');
    const retryAt = new Date('2026-12-03T16:00:00.000Z');
    const refusal = staffRefusal(new TooManyRequests('recipient_send_limit', 'try again later', { retryAt, now }));

    expect(half(refusal, 'zh')).toBe('向此人发送的消息已达上限。可于 2026-12-04 00:00（北京时间） 后再试。');
    expect(half(refusal, 'en')).toBe(
      'This person has been sent as many messages as others may trigger for now: possible again from 2026-12-04 00:00 Beijing time.',
    );
  });

  it('says a refusal it has no words for by its category, not by the use case’s message', () => {
    const refusal = staffRefusal(new RuleViolation('some_new_rule', 'an English sentence for logs'));

    expect(refusal).not.toContain('English sentence');
    expect(half(refusal, 'zh')).toBe('请求未被接受，未作任何更改。');
  });
});
