import type { DisputeCategory } from '../../../../shared/domain/mediation/categories';
import type { DisputeStatus } from '../../../../shared/domain/mediation/dispute';
import type { Lang } from './language';

/** One message in both page languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/**
 * The pages' words: every message and error in Chinese and English (the portal's bilingual
 * messages were the model). A page picks one language and shows the message in it; the other is a
 * click away on the language switch. `{name}` marks a value filled in by `say`.
 */
export const messages = {
  platformName: { zh: '一站式纠纷化解与电子送达平台', en: 'Dispute resolution and electronic service' },
  skipToContent: { zh: '跳到正文', en: 'Skip to the content' },
  mainNav: { zh: '主导航', en: 'Main' },
  languageNav: { zh: '语言', en: 'Language' },
  switchTo: { zh: 'English', en: '中文' },
  myCases: { zh: '我的案件', en: 'My cases' },
  fileDispute: { zh: '申请调解', en: 'File a dispute' },
  myAddresses: { zh: '我的送达地址', en: 'My addresses for service' },
  signOut: { zh: '退出', en: 'Sign out' },
  signIn: { zh: '登录', en: 'Sign in' },
  timesNote: {
    zh: '本平台所有时间均为北京时间（UTC+8）。',
    en: 'All times on this platform are Beijing time (UTC+8).',
  },
  errorSummaryTitle: { zh: '请更正以下问题：', en: 'Please correct the following:' },
  required: { zh: '此项必填', en: 'This field is required' },
  codeShape: { zh: '验证码为 6 位数字', en: 'The code has 6 digits' },
  idDigitsShape: {
    zh: '请填写身份证件号码后 4 位',
    en: 'Enter the last 4 characters of your ID number',
  },
  wrongProof: { zh: '验证码或证件号码后 4 位不正确。', en: 'The code or the ID digits are not right.' },
  codeSentTitle: { zh: '新验证码已发送', en: 'New code sent' },
  smsChannel: { zh: '短信', en: 'SMS' },
  emailChannel: { zh: '邮件', en: 'email' },
  phoneInvalid: { zh: '手机号码无效', en: 'Not a valid phone number' },
  emailInvalid: { zh: '邮箱地址无效', en: 'Not a valid email address' },
  tooLong: { zh: '内容过长（最多 {max} 个字符）', en: 'Too long (at most {max} characters)' },
  confirmConsent: { zh: '请确认同意电子送达', en: 'Confirm your consent to electronic service' },
  addressNeeded: {
    zh: '请至少填写一个送达地址',
    en: 'Give at least one address for service',
  },
  addressWithConsent: {
    zh: '送达地址须与电子送达同意一并提交',
    en: 'An address for service is given together with your consent to electronic service',
  },
  proofCode: { zh: '短信或邮件中的验证码', en: 'Code from the message' },
  proofCodeHint: { zh: '6 位数字', en: '6 digits' },
  proofIdLastDigits: { zh: '身份证件号码后 4 位', en: 'Last 4 characters of your ID number' },
  freshCode: { zh: '发送新验证码', en: 'Send me a new code' },
  triesLeft: { zh: '还可尝试 {n} 次。', en: '{n} tries left.' },
  retryAfter: { zh: '请于 {at} 后再试。', en: 'Try again after {at}.' },
  lockedUntil: {
    zh: '错误次数过多，此链接已锁定至 {at}，请稍后再试或获取新验证码。',
    en: 'Too many wrong tries: this link is locked until {at}. Try again later or ask for a new code.',
  },
  formExpired: {
    zh: '表单已过期，请重新提交。',
    en: 'The form has expired; please submit it again.',
  },
  somethingWrong: {
    zh: '暂时无法完成，请稍后再试。',
    en: 'This could not be done just now; please try again later.',
  },
  back: { zh: '返回', en: 'Back' },
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof messages;

/** A message in one language, with its `{name}` values filled in. */
export function say(lang: Lang, message: MessageKey | Bilingual, values: Record<string, string | number> = {}): string {
  const entry = typeof message === 'string' ? messages[message] : message;
  return entry[lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * `say` for one page's own catalogue: `const t = sayFrom(ratingText)`, then `t(lang, 'score')`;
 * a key the catalogue lacks does not compile.
 */
export function sayFrom<Catalogue extends Record<string, Bilingual>>(catalogue: Catalogue) {
  return (lang: Lang, key: keyof Catalogue, values: Record<string, string | number> = {}): string =>
    say(lang, catalogue[key] as Bilingual, values);
}

/** The name of the channel a code or message went by, as the pages say it. */
export function channelName(channel: 'sms' | 'email'): MessageKey {
  return channel === 'sms' ? 'smsChannel' : 'emailChannel';
}

/**
 * The domain's refusals, by their stable `code` (shared/domain/errors.ts), in both languages: the
 * use cases speak English to logs and the API; a person reads these.
 */
export const ruleMessages: Record<string, Bilingual> = {
  not_found: { zh: '未找到，或您无权查看。', en: 'Not found, or not yours to see.' },
  invitation_revoked: {
    zh: '此邀请已被新的邀请取代，请使用最新的消息。',
    en: 'A newer invitation replaced this one; use the latest message.',
  },
  invitation_closed: {
    zh: '此邀请已使用或已过期，请联系申请人重新邀请。',
    en: 'This invitation was used or has expired; ask for a new one.',
  },
  invitation_used: { zh: '此邀请已被使用。', en: 'This invitation has been used already.' },
  invitation_expired: { zh: '此邀请已过期。', en: 'This invitation has expired.' },
  invitation_locked: {
    zh: '验证码错误次数过多，请获取新验证码。',
    en: 'Too many wrong tries of this code; ask for a new code.',
  },
  join_proof_failed: {
    zh: '验证码或身份证件号码后 4 位不正确。',
    en: 'The code or the last 4 characters of the ID number do not match.',
  },
  identity_not_verified: {
    zh: '同意电子送达须经身份核验，运营商未能确认您的身份，因此未作记录。',
    en: 'Consent to electronic service needs a verified identity, and the carrier did not confirm yours; nothing was recorded.',
  },
  mediation_not_open: {
    zh: '本次调解已终结，不能再邀请。',
    en: 'This mediation is over: no one can be invited to it.',
  },
  mediation_period_over: {
    zh: '调解期限已届满，不能再记录调解协议。',
    en: 'The mediation period is over: no settlement can be recorded in it.',
  },
  settlement_lapsed: {
    zh: '调解已终结（调解不成、撤回或期限届满），协议在各方签署前失效，不能再签署。',
    en: 'The mediation ended (failed, withdrawn or expired) before every party signed: this settlement lapsed and can no longer be signed.',
  },
  rejected_by_this_court: {
    zh: '该法院已驳回本调解协议的司法确认申请，不能再向该法院申请；可以通过调解变更协议或达成新协议，或向法院起诉。',
    en: 'This court rejected the application for this settlement; it cannot be applied to again. You may change the settlement or make a new one through mediation, or bring the claim to court.',
  },
  applicant_is_filer: {
    zh: '您以本人身份申请：申请人的身份证件号码须为您登录时核验的号码。',
    en: 'You file as yourself: the applicant’s ID number must be the one your sign-in was verified with.',
  },

  too_many_wrong_codes: {
    zh: '此处错误尝试过多，请稍后再试。',
    en: 'Too many wrong tries from here; try again later.',
  },
  own_code_limit: { zh: '刚刚已发送过新验证码，请稍后再试。', en: 'A new code was sent recently; try again later.' },
  recipient_send_limit: {
    zh: '向此人发送的消息已达上限，请稍后再试。',
    en: 'This person has been sent as many messages as others may trigger for now; try again later.',
  },
  decline_respondent_only: { zh: '只有被申请人可以拒绝调解。', en: 'Only a respondent may decline mediation.' },
  no_contact: { zh: '此邀请没有可发送验证码的地址。', en: 'This invitation has no address to send a code to.' },
  already_joined: { zh: '您已加入此纠纷。', en: 'You have already joined this dispute.' },
  decline_not_open: {
    zh: '纠纷已进入调解或已结束，不能再拒绝调解。',
    en: 'The dispute is already in mediation or closed; mediation can no longer be declined.',
  },
  too_many: { zh: '尝试过于频繁，请稍后再试。', en: 'Too many tries; please wait and try again.' },
  conflict: {
    zh: '同时有其他操作，请重新提交。',
    en: 'Something else changed this at the same moment; please submit again.',
  },
  unavailable: {
    zh: '身份核验服务暂时无法应答，未作任何更改，请稍后再试。',
    en: 'The identity service did not answer; nothing was changed. Please try again later.',
  },
};

/** A domain refusal for a person: its own words when the catalogue has them, else its category's. */
export function refusalMessage(error: { code: string; category: string }): Bilingual {
  return (
    ruleMessages[error.code] ??
    ruleMessages[error.category] ?? { zh: '请求未被接受。', en: 'The request was not accepted.' }
  );
}

export const categoryNames: Record<DisputeCategory, Bilingual> = {
  online_shopping_contract: { zh: '网络购物合同', en: 'Online shopping contract' },
  online_service_contract: { zh: '网络服务合同', en: 'Online service contract' },
  financial_loan_contract: { zh: '金融借款合同', en: 'Financial loan contract' },
  small_loan_contract: { zh: '小额借款合同', en: 'Small loan contract' },
  online_copyright: { zh: '网络著作权', en: 'Online copyright' },
  online_personality_rights: { zh: '网络侵害人格权', en: 'Online personality rights' },
  online_product_liability: { zh: '网络购物产品责任', en: 'Online product liability' },
  domain_name: { zh: '互联网域名', en: 'Domain name' },
  traffic_accident: { zh: '交通事故', en: 'Traffic accident' },
  labour: { zh: '劳动争议', en: 'Labour' },
  family: { zh: '婚姻家庭', en: 'Family' },
  property_management: { zh: '物业服务', en: 'Property management' },
  commercial: { zh: '商事纠纷', en: 'Commercial' },
};

export const statusNames: Record<DisputeStatus, Bilingual> = {
  filed: { zh: '已提交', en: 'Filed' },
  triaged: { zh: '已分流', en: 'Triaged' },
  offered: { zh: '待调解员接受', en: 'Offered to a mediator' },
  awaiting_assignment: { zh: '待人工指派', en: 'Awaiting assignment' },
  in_mediation: { zh: '调解中', en: 'In mediation' },
  settled: { zh: '调解成功', en: 'Settled' },
  failed: { zh: '调解不成', en: 'Mediation failed' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  expired: { zh: '已超期', en: 'Expired' },
  declined: { zh: '被申请人拒绝调解', en: 'Declined by the respondent' },
};

/** An amount in minor units (fen), written as the page's language writes money. */
export function money(amountMinor: number, currency: string, lang: Lang): string {
  const amount = amountMinor / 100;
  const text = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount);
  if (currency !== 'CNY') return `${currency} ${text}`;
  return lang === 'zh' ? `${text} 元` : `CNY ${text}`;
}
