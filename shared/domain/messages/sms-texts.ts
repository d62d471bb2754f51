/**
 * The SMS texts people receive (DESIGN.md, "Messages to people"): each starts with the sender's
 * signature in 【】 and carries a reference code that /verify confirms; a text without a link fits
 * one segment, a text with a link two, at the longest values below (test/unit/sms-texts.test.ts
 * measures every text in both languages with `smsSegments`). The email of the same message carries
 * the detail (names, titles, the court, what to do next).
 *
 * The 【】 are outside the GSM alphabet, so every text is sent in UCS-2: 70 code units in one
 * segment, 134 in two. Hence one language per text (the party's), no document titles or names,
 * and links built as `publicBaseUrl` (at most 32 characters, refused at synth otherwise) + a
 * one-letter path + a 17-character token.
 */
export type MessageLanguage = 'zh' | 'en';

/** The language of a dispute (a BCP 47 primary tag) as a message language: Chinese or else English. */
export function messageLanguage(tag: string | undefined): MessageLanguage {
  const primary = (tag ?? 'zh').toLowerCase().split('-')[0] ?? 'zh';
  return primary === 'zh' || primary === 'yue' ? 'zh' : 'en';
}

/** The longest realistic values the texts are measured at. */
export const messageBounds = {
  /** `publicBaseUrl` (infra/app.ts refuses a longer one). */
  publicBaseUrl: 32,
  /** A sender's signature between the brackets: China's carriers register signatures of 2 to 12 characters. */
  signature: 12,
  /** Link tokens: 17 base62 characters, just over 101 bits. */
  token: 17,
  /** The case's short reference: the dispute id's last 8 characters. */
  caseReference: 8,
  /** /verify reference codes: a two-letter prefix and 10 characters. */
  reference: 12,
  code: 6,
} as const;

/** The platform's own signature, for what it sends in its own name (mediation and milestones). */
export const platformSignature = '多元解纷';

/**
 * The signature a text starts with: the issuer's name when a carrier could register it (12
 * characters at most), else the platform's. A longer court name is in the email, the portal and
 * the /verify answer.
 */
export function smsSignature(issuer: string): string {
  const name = issuer.trim();
  return `【${name.length >= 2 && name.length <= messageBounds.signature ? name : platformSignature}】`;
}

/** The one-letter paths of links in messages (the long ones, /join/…, keep working). */
export const linkPaths = { join: 'j', sign: 's', portal: 'r' } as const;
export type LinkKind = keyof typeof linkPaths;

export function messageLink(publicBaseUrl: string, kind: LinkKind, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/${linkPaths[kind]}/${token}`;
}

interface Signed {
  signature: string;
  reference: string;
}
interface CaseText extends Signed {
  caseReference: string;
}
interface LinkText extends CaseText {
  link: string;
  code: string;
}

/** Texts whose link opens a page that asks for the code and the last digits of the ID number. */
export const linkTexts = {
  invitation: {
    zh: (v: LinkText) =>
      `${v.signature}邀请您参加纠纷${v.caseReference}的在线调解：${v.link} 验证码 ${v.code}，核验编号${v.reference}`,
    en: (v: LinkText) =>
      `${v.signature}Join mediation of case ${v.caseReference}: ${v.link} code ${v.code} ref ${v.reference}`,
  },
  signingLink: {
    zh: (v: LinkText) =>
      `${v.signature}请签署纠纷${v.caseReference}的调解协议：${v.link} 验证码 ${v.code}，核验编号${v.reference}`,
    en: (v: LinkText) =>
      `${v.signature}Sign the settlement of case ${v.caseReference}: ${v.link} code ${v.code} ref ${v.reference}`,
  },
  service: {
    zh: (v: Signed & { link: string; code: string }) =>
      `${v.signature}您有法律文书待签收：${v.link} 验证码 ${v.code}，核验编号${v.reference}`,
    en: (v: Signed & { link: string; code: string }) =>
      `${v.signature}A court document awaits you: ${v.link} code ${v.code} ref ${v.reference}`,
  },
} as const;

/** Fresh codes, asked for by the addressee: no link (it is in the first message). */
export const codeTexts = {
  invitationCode: {
    zh: (v: CaseText & { code: string }) =>
      `${v.signature}纠纷${v.caseReference}新验证码 ${v.code}，旧码失效。核验编号${v.reference}`,
    en: (v: CaseText & { code: string }) =>
      `${v.signature}Case ${v.caseReference} new code ${v.code}. Ref ${v.reference}`,
  },
  signingCode: {
    zh: (v: CaseText & { code: string }) =>
      `${v.signature}纠纷${v.caseReference}签署验证码 ${v.code}，旧码失效。核验编号${v.reference}`,
    en: (v: CaseText & { code: string }) =>
      `${v.signature}Case ${v.caseReference} signing code ${v.code}. Ref ${v.reference}`,
  },
  portalCode: {
    zh: (v: Signed & { code: string }) => `${v.signature}文书签收新验证码 ${v.code}，旧码失效。核验编号${v.reference}`,
    en: (v: Signed & { code: string }) => `${v.signature}New code ${v.code}; earlier codes void. Ref ${v.reference}`,
  },
} as const;

/** The milestones each party hears of (besides the invitation), in the order a case reaches them. */
export const milestoneKinds = [
  'mediator_accepted',
  'settlement_to_sign',
  'settlement_effective',
  'application_to_join',
  'application_submitted',
  'application_accepted',
  'application_not_accepted',
  'settlement_confirmed',
  'settlement_rejected',
  'ruling_served',
  'ruling_not_served',
  'mediation_declined',
  'mediation_failed',
  'mediation_withdrawn',
  'mediation_expired',
] as const;
export type MilestoneKind = (typeof milestoneKinds)[number];

export interface MilestoneValues extends CaseText {
  /** The settlement-to-sign link and its code. */
  link?: string;
  code?: string;
  /** The last day to apply for judicial confirmation (YYYY-MM-DD, Asia/Shanghai). */
  applyBy?: string;
}

/** Milestone texts: only `settlement_to_sign` carries a link. */
export const milestoneTexts: Record<MilestoneKind, Record<MessageLanguage, (v: MilestoneValues) => string>> = {
  mediator_accepted: {
    zh: (v) => `${v.signature}纠纷${v.caseReference}的调解员已接受委派。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: mediator accepted. Ref ${v.reference}`,
  },
  settlement_to_sign: {
    zh: (v) => linkTexts.signingLink.zh(withLink(v)),
    en: (v) => linkTexts.signingLink.en(withLink(v)),
  },
  settlement_effective: {
    zh: (v) =>
      `${v.signature}纠纷${v.caseReference}调解协议已生效，可于${v.applyBy}前申请司法确认。核验编号${v.reference}`,
    en: (v) => `${v.signature}Settled ${v.caseReference}; apply by ${v.applyBy}. Ref ${v.reference}`,
  },
  application_to_join: {
    zh: (v) => `${v.signature}纠纷${v.caseReference}的对方已申请司法确认，请登录平台加入申请。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: join the application. Ref ${v.reference}`,
  },
  application_submitted: {
    zh: (v) => `${v.signature}纠纷${v.caseReference}的司法确认申请已提交法院。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: application filed. Ref ${v.reference}`,
  },
  application_accepted: {
    zh: (v) => `${v.signature}法院已受理纠纷${v.caseReference}的司法确认申请。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: court accepted. Ref ${v.reference}`,
  },
  application_not_accepted: {
    zh: (v) => `${v.signature}法院未受理纠纷${v.caseReference}的司法确认申请。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: court declined. Ref ${v.reference}`,
  },
  settlement_confirmed: {
    zh: (v) => `${v.signature}法院已裁定确认纠纷${v.caseReference}的调解协议有效。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: court confirmed. Ref ${v.reference}`,
  },
  settlement_rejected: {
    zh: (v) => `${v.signature}法院已裁定驳回纠纷${v.caseReference}的司法确认申请。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: court rejected. Ref ${v.reference}`,
  },
  ruling_served: {
    zh: (v) => `${v.signature}纠纷${v.caseReference}的裁定书已发出送达，请留意查收。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: ruling sent to you. Ref ${v.reference}`,
  },
  // A party the ruling cannot be served on electronically (no consent, or no address that may be used).
  ruling_not_served: {
    zh: (v) =>
      `${v.signature}纠纷${v.caseReference}裁定书未能电子送达，请登录在“我的送达地址”同意送达。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: not served; sign in. Ref ${v.reference}`,
  },
  mediation_declined: {
    zh: (v) =>
      `${v.signature}纠纷${v.caseReference}的被申请人拒绝调解，调解终结。可登录平台查看后续途径。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: mediation declined. Ref ${v.reference}`,
  },
  mediation_failed: {
    zh: (v) =>
      `${v.signature}纠纷${v.caseReference}调解未达成协议，调解终结。可登录平台查看后续途径。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: mediation failed. Ref ${v.reference}`,
  },
  mediation_withdrawn: {
    zh: (v) => `${v.signature}纠纷${v.caseReference}的调解申请已撤回，调解终结。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: mediation withdrawn. Ref ${v.reference}`,
  },
  mediation_expired: {
    zh: (v) => `${v.signature}纠纷${v.caseReference}调解期限届满未达成协议，调解终结。核验编号${v.reference}`,
    en: (v) => `${v.signature}Case ${v.caseReference}: mediation period over. Ref ${v.reference}`,
  },
};

function withLink(values: MilestoneValues): LinkText {
  if (!values.link || !values.code) throw new Error('a settlement-to-sign message needs its link and code');
  return { ...values, link: values.link, code: values.code };
}

/** Milestones whose text carries a link (two segments allowed); the others fit one. */
export const milestonesWithLink: ReadonlySet<MilestoneKind> = new Set(['settlement_to_sign']);
