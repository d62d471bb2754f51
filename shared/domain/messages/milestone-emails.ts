import { escapeHtml } from '../html-escape';
import type { MilestoneKind } from './sms-texts';
import { verifyFooterHtml, verifyFooterText } from './verify-link';

/** What a milestone's email says beyond its SMS: the detail, in both languages, plain text. */
export interface MilestoneEmailValues {
  caseReference: string;
  reference: string;
  signature: string;
  applyBy?: string;
  courtName?: string;
}

const detail: Record<
  MilestoneKind,
  (v: MilestoneEmailValues) => { subject: [string, string]; body: [string, string] }
> = {
  mediator_accepted: (v) => ({
    subject: [`纠纷 ${v.caseReference}：调解员已接受委派`, `Case ${v.caseReference}: your mediator accepted`],
    body: [
      `纠纷 ${v.caseReference} 的调解员已接受委派，调解员将与各方联系安排调解。您可登录平台查看案件进展。`,
      `The mediator offered your case ${v.caseReference} has accepted it and will contact the parties to arrange the mediation. Sign in to the platform to follow the case.`,
    ],
  }),
  settlement_to_sign: (v) => ({
    subject: [`纠纷 ${v.caseReference}：调解协议待签署`, `Case ${v.caseReference}: settlement ready to sign`],
    body: [
      `纠纷 ${v.caseReference} 的调解协议已形成，请阅读并签署（链接与验证码见另一封邮件或短信）。`,
      `The settlement of case ${v.caseReference} is ready: read and sign it (the link and code are in the signing message).`,
    ],
  }),
  settlement_effective: (v) => ({
    subject: [`纠纷 ${v.caseReference}：调解协议已生效`, `Case ${v.caseReference}: the settlement is in effect`],
    body: [
      `各方均已签署，纠纷 ${v.caseReference} 的调解协议已生效。各方可于 ${v.applyBy}（含当日，北京时间）前共同向有管辖权的人民法院申请司法确认。`,
      `Every party has signed: the settlement of case ${v.caseReference} is in effect. The parties may apply together to a competent court for judicial confirmation until ${v.applyBy} inclusive (Beijing time).`,
    ],
  }),
  application_to_join: (v) => ({
    subject: [
      `纠纷 ${v.caseReference}：请加入司法确认申请`,
      `Case ${v.caseReference}: join the application for judicial confirmation`,
    ],
    body: [
      `纠纷 ${v.caseReference} 的另一方当事人已向${v.courtName ?? '法院'}申请确认调解协议的效力。司法确认须由各方共同申请：请登录平台，在调解协议页面加入该申请。`,
      `Another party of case ${v.caseReference} has applied to ${v.courtName ?? 'the court'} to confirm the settlement. The parties apply together: sign in to the platform and join the application on the settlement's page.`,
    ],
  }),
  application_submitted: (v) => ({
    subject: [`纠纷 ${v.caseReference}：司法确认申请已提交`, `Case ${v.caseReference}: application submitted`],
    body: [
      `纠纷 ${v.caseReference} 的司法确认申请已提交${v.courtName ?? '法院'}，法院将在三日内决定是否受理。`,
      `The application for judicial confirmation of case ${v.caseReference} was submitted to ${v.courtName ?? 'the court'}, which decides within 3 days whether to accept it.`,
    ],
  }),
  application_accepted: (v) => ({
    subject: [`纠纷 ${v.caseReference}：法院已受理`, `Case ${v.caseReference}: the court accepted the application`],
    body: [
      `${v.courtName ?? '法院'}已受理纠纷 ${v.caseReference} 的司法确认申请，将在十五日内作出裁定。`,
      `${v.courtName ?? 'The court'} accepted the application for case ${v.caseReference} and rules within 15 days.`,
    ],
  }),
  application_not_accepted: (v) => ({
    subject: [
      `纠纷 ${v.caseReference}：法院未受理`,
      `Case ${v.caseReference}: the court did not accept the application`,
    ],
    body: [
      `${v.courtName ?? '法院'}未受理纠纷 ${v.caseReference} 的司法确认申请。您可登录平台查看理由。`,
      `${v.courtName ?? 'The court'} did not accept the application for case ${v.caseReference}. Sign in to read its reasons.`,
    ],
  }),
  settlement_confirmed: (v) => ({
    subject: [
      `纠纷 ${v.caseReference}：法院裁定确认调解协议有效`,
      `Case ${v.caseReference}: the court confirmed the settlement`,
    ],
    body: [
      `${v.courtName ?? '法院'}已裁定确认纠纷 ${v.caseReference} 的调解协议有效，协议具有强制执行力。裁定书将另行电子送达。`,
      `${v.courtName ?? 'The court'} confirmed the settlement of case ${v.caseReference}; it is now enforceable. The ruling is served separately.`,
    ],
  }),
  settlement_rejected: (v) => ({
    subject: [
      `纠纷 ${v.caseReference}：法院裁定驳回申请`,
      `Case ${v.caseReference}: the court rejected the application`,
    ],
    body: [
      `${v.courtName ?? '法院'}已裁定驳回纠纷 ${v.caseReference} 的司法确认申请。裁定书将另行电子送达。`,
      `${v.courtName ?? 'The court'} rejected the application for case ${v.caseReference}. The ruling is served separately.`,
    ],
  }),
  ruling_served: (v) => ({
    subject: [`纠纷 ${v.caseReference}：裁定书已发出送达`, `Case ${v.caseReference}: the ruling is being served`],
    body: [
      `纠纷 ${v.caseReference} 的裁定书已发出电子送达，请留意送达短信或邮件，按其中链接查看并签收。`,
      `The ruling of case ${v.caseReference} has been sent for electronic service: watch for the service message and sign for the ruling through its link.`,
    ],
  }),
  ruling_not_served: (v) => ({
    subject: [
      `纠纷 ${v.caseReference}：裁定书未能送达给您`,
      `Case ${v.caseReference}: the ruling could not be served on you`,
    ],
    body: [
      `纠纷 ${v.caseReference} 的裁定书已作出，但未能以电子方式送达给您：您尚未同意电子送达，或没有可用的手机号码或邮箱。请登录平台，在“我的送达地址”同意电子送达并填写您的手机号码或邮箱，裁定书将自动送达给您。`,
      `The ruling of case ${v.caseReference} has been made, but it could not be served on you electronically: you have not consented to electronic service, or there is no mobile or email that may be used. Sign in and, on “My addresses”, consent and give your mobile or email: the ruling is then served on you by itself.`,
    ],
  }),
  mediation_declined: (v) => ({
    subject: [
      `纠纷 ${v.caseReference}：被申请人拒绝调解`,
      `Case ${v.caseReference}: the respondent declined mediation`,
    ],
    body: [
      `纠纷 ${v.caseReference} 的被申请人拒绝调解，本次调解程序终结。您可以依法向有管辖权的人民法院起诉或申请仲裁，也可以在平台重新申请调解并邀请对方。登录平台可查看拒绝的理由。`,
      `The respondent of case ${v.caseReference} declined mediation, so this mediation has ended. You may bring the claim before a competent people's court or to arbitration, or file again on the platform and invite the other party. Sign in to see the reason given.`,
    ],
  }),
  mediation_failed: (v) => ({
    subject: [
      `纠纷 ${v.caseReference}：调解未达成协议`,
      `Case ${v.caseReference}: mediation ended without a settlement`,
    ],
    body: [
      `纠纷 ${v.caseReference} 的调解员已记录调解未达成协议，本次调解程序终结；尚未经各方签署的调解协议草稿随之失效，不能再签署。您可以依法向有管辖权的人民法院起诉或申请仲裁。登录平台可查看详情。`,
      `The mediator of case ${v.caseReference} recorded that mediation ended without a settlement, so this mediation has ended; a draft settlement not yet signed by every party has lapsed and can no longer be signed. You may bring the claim before a competent people's court or to arbitration. Sign in for the details.`,
    ],
  }),
  mediation_withdrawn: (v) => ({
    subject: [`纠纷 ${v.caseReference}：调解申请已撤回`, `Case ${v.caseReference}: the mediation was withdrawn`],
    body: [
      `纠纷 ${v.caseReference} 的调解申请已撤回，本次调解程序终结；尚未经各方签署的调解协议草稿随之失效，不能再签署。登录平台可查看详情。`,
      `The mediation of case ${v.caseReference} was withdrawn, so it has ended; a draft settlement not yet signed by every party has lapsed and can no longer be signed. Sign in for the details.`,
    ],
  }),
  mediation_expired: (v) => ({
    subject: [`纠纷 ${v.caseReference}：调解期限届满`, `Case ${v.caseReference}: the mediation period is over`],
    body: [
      `纠纷 ${v.caseReference} 的调解期限已届满，各方未达成调解协议，本次调解程序终结。您可以依法向有管辖权的人民法院起诉或申请仲裁。`,
      `The mediation period of case ${v.caseReference} is over without a settlement, so this mediation has ended. You may bring the claim before a competent people's court or to arbitration.`,
    ],
  }),
};

/** The email of a milestone: Chinese first, then English, signed, with its /verify reference. */
export function milestoneEmail(
  kind: MilestoneKind,
  values: MilestoneEmailValues,
  publicBaseUrl: string,
): { subject: string; text: string; html: string } {
  const { subject, body } = detail[kind](values);
  const footer = verifyFooterText(publicBaseUrl, values.reference);
  return {
    subject: `${values.signature}${subject[0]} / ${subject[1]} (${values.reference})`,
    text: `${values.signature}${body[0]}\n\n${body[1]}\n\n${footer}\n`,
    html: [
      `<p>${escapeHtml(values.signature)}</p>`,
      `<p lang="zh">${escapeHtml(body[0])}</p>`,
      `<p lang="en">${escapeHtml(body[1])}</p>`,
      verifyFooterHtml(publicBaseUrl, values.reference),
    ].join(''),
  };
}
