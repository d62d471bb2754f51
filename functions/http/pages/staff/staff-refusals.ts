import type { DomainError } from '../../../../shared/domain/errors';
import { type Bilingual, ruleMessages } from '../kit/messages';
import { beijing } from './staff-layout';

/*
 * The use cases speak English to logs and the API; a mediator or an operator reads a refusal in the
 * page's language. These are the refusals the staff pages can meet, by their stable `code`; the
 * kit's catalogue (messages.ts) has the ones staff share with parties, and a code neither knows is
 * said by its category, never by the use case's English.
 */
const staffRuleMessages: Record<string, Bilingual> = {
  offer_expired: {
    zh: '此调解邀请已过答复期限，案件已转给下一位调解员。',
    en: 'This offer’s time to answer has passed; the dispute has moved on to the next mediator.',
  },
  offer_already_answered: {
    zh: '此调解邀请已答复或已不再向您发出。',
    en: 'This offer has already been answered, or is no longer offered to you.',
  },
  capacity_reached: {
    zh: '您的在办案件已达可接案上限，不能再接受；请先结案或请运营人员调整上限。',
    en: 'You already hold as many cases as your capacity allows; close one first, or ask an operator to raise it.',
  },
  not_in_mediation: {
    zh: '案件已不在调解中，未作任何更改。',
    en: 'The dispute is no longer in mediation; nothing was changed.',
  },
  referral_summary_required: {
    zh: '诉前调解不成时，须填写转诉讼摘要。',
    en: 'A failed pre-filing mediation needs a summary for referral to litigation.',
  },
  settlement_not_awaiting_signatures: {
    zh: '该协议已不在待签署状态，无需再发送签署链接。',
    en: 'This settlement is no longer awaiting signatures: no signing link is needed.',
  },
  already_signed: {
    zh: '该当事人已签署当前版本的协议。',
    en: 'This party has already signed the current version.',
  },
  party_unknown: { zh: '该当事人不属于本案。', en: 'That party is not a party to this dispute.' },
  party_required: { zh: '请选择当事人。', en: 'Choose a party.' },
  no_eligible_mediator: {
    zh: '没有符合条件（无利益冲突、有空余容量、在岗）的调解员可以指派。',
    en: 'No mediator passes the rules for this dispute (no conflict, free capacity, not on leave).',
  },
  dispute_not_assignable: {
    zh: '案件已不在待指派状态，未作任何更改。',
    en: 'The dispute is no longer waiting for assignment; nothing was changed.',
  },
  unknown_mediator: { zh: '名册上没有该调解员。', en: 'That mediator is not on the roster.' },
  recipient_not_unserved: {
    zh: '该受送达人已不在未送达状态，未作任何更改。',
    en: 'This recipient is no longer unserved; nothing was changed.',
  },
  no_consent: {
    zh: '受送达人尚未同意电子送达，不能重新电子送达；可记录邮寄或公告送达。',
    en: 'The recipient has not consented to electronic service, so it cannot be served again electronically; record post or public notice instead.',
  },
  no_usable_address: {
    zh: '受送达人没有可用于电子送达的地址；可指定地址后重试，或记录邮寄或公告送达。',
    en: 'The recipient has no address electronic service may use; designate one and retry, or record post or public notice.',
  },
  capacity_below_load: {
    zh: '可接案上限不能低于当前在办案件数。',
    en: 'The capacity cannot be below the cases held now.',
  },
  too_many_places: {
    zh: '专长与地区的组合过多；请减少，或填写更大的地区代码。',
    en: 'Too many specialties × regions; list fewer, or a wider region.',
  },
  no_contact: {
    zh: '该当事人没有可接收消息的手机号或电子邮箱。',
    en: 'This party has no phone or email to send a message to.',
  },
};

/** A use case's refusal in both languages, as the staff pages show problems: `中文 / English`. */
export function staffRefusal(error: DomainError): string {
  const words = staffRuleMessages[error.code] ??
    ruleMessages[error.code] ??
    ruleMessages[error.category] ?? {
      zh: '请求未被接受，未作任何更改。',
      en: 'The request was not accepted; nothing was changed.',
    };
  const retryAt = error.details?.retryAt;
  if (typeof retryAt !== 'string') return `${words.zh} / ${words.en}`;
  // A limit that lifts: say when, so the person is not left retrying blind.
  return `${words.zh.replace(/，?请稍后再试。$/, '。')}可于 ${beijing(retryAt, 'zh')} 后再试。 / ${words.en.replace(/; try again later\.$|\.$/, '')}: possible again from ${beijing(retryAt, 'en')}.`;
}

/** A form that is not the page's own (a field changed by hand, a stale page): nothing was changed. */
export const invalidForm =
  '表单有误，未作任何更改，请刷新页面后重试 / The form is not valid and nothing was changed: reload the page and try again';
