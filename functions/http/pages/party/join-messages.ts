import type { ConsentBasis } from '../../../../shared/domain/mediation/case-party';
import type { DeclineReason } from '../../../../shared/domain/mediation/dispute';
import type { Bilingual } from '../kit/messages';

/** The join page's words, in both languages (the kit's catalogue holds the shared ones). */
export const joinText = {
  title: { zh: '加入调解', en: 'Join the mediation' },
  intro: {
    zh: '{name}，您被邀请作为{role}参加纠纷 {reference} 的在线调解。请先核实身份，再查看申请内容并决定是否参加调解。',
    en: '{name}, you are invited as {role} to the online mediation of dispute {reference}. Prove who you are, then read the claim and decide whether to take part.',
  },
  applicant: { zh: '申请人', en: 'applicant' },
  respondent: { zh: '被申请人', en: 'respondent' },
  prove: { zh: '核实身份并查看申请', en: 'Prove who I am and read the claim' },
  freshCodeNote: {
    zh: '新验证码只发送到邀请所用的手机号码或邮箱，此前的验证码随即失效。',
    en: 'A new code goes only to the phone or email the invitation went to; earlier codes stop working.',
  },
  claimTitle: { zh: '申请内容', en: 'The claim' },
  claimIntro: {
    zh: '以下是申请人提出的请求。您可以参加调解，也可以拒绝调解。',
    en: 'This is what the applicant claims. You may take part in the mediation or decline it.',
  },
  reference: { zh: '纠纷编号', en: 'Dispute' },
  category: { zh: '纠纷类型', en: 'Category' },
  amount: { zh: '请求金额', en: 'Amount claimed' },
  applicants: { zh: '申请人', en: 'Applicant' },
  summary: { zh: '纠纷简述', en: 'Summary' },
  mediationEnds: { zh: '调解期限届满', en: 'Mediation period ends' },
  joinHeading: { zh: '参加调解', en: 'Take part in the mediation' },
  consentBasis: { zh: '同意电子送达的依据', en: 'Basis of your consent to electronic service' },
  evidence: { zh: '依据材料（可选）', en: 'Evidence reference (optional)' },
  phone: { zh: '送达手机号码', en: 'Phone for service' },
  email: { zh: '送达邮箱', en: 'Email for service' },
  agree: {
    zh: '本人同意通过上述地址接收电子送达的文书',
    en: 'I consent to receive documents electronically at these addresses',
  },
  consentNote: {
    zh: '同意电子送达须经身份核验（手机号码实名核验）。未勾选亦可加入。',
    en: 'Consent needs a verified identity (the carrier confirms your mobile is registered to you). You may join without it.',
  },
  joinButton: { zh: '参加调解', en: 'Join the mediation' },
  declineHeading: { zh: '拒绝调解', en: 'Decline mediation' },
  declineIntro: {
    zh: '调解须双方自愿。拒绝后本次调解终结，申请人将收到通知，可以向法院起诉或申请仲裁。',
    en: 'Mediation is voluntary. If you decline, this mediation ends; the applicant is told and may go to court or arbitration.',
  },
  declineReason: { zh: '拒绝的理由', en: 'Reason' },
  declineNote: { zh: '补充说明（可选，申请人可见）', en: 'More about your reason (optional; the applicant sees it)' },
  declineButton: { zh: '拒绝调解', en: 'Decline mediation' },
  declinedTitle: { zh: '已拒绝调解', en: 'You declined mediation' },
  declinedBody: {
    zh: '纠纷 {reference}：您已拒绝调解，本次调解终结。申请人已收到通知。',
    en: 'Dispute {reference}: you declined mediation and it has ended. The applicant has been told.',
  },
  joinedTitle: { zh: '已加入调解', en: 'You have joined' },
  consentLater: {
    zh: '您可以先不勾选同意，直接加入；之后用本人手机号登录“我的案件”，在“我的送达地址”同意电子送达并填写地址。',
    en: 'You can join without agreeing now; then sign in with your own mobile at “My cases” and agree and give your addresses on “My addresses”.',
  },
  joinedConsented: {
    zh: '纠纷 {reference}：您的身份已核实，电子送达同意已记录。',
    en: 'Dispute {reference}: your identity is confirmed and your consent to electronic service is recorded.',
  },
  joinedNoConsent: {
    zh: '纠纷 {reference}：您已加入。尚未记录电子送达同意。',
    en: 'Dispute {reference}: you have joined. No consent to electronic service is recorded.',
  },
  continueToCase: { zh: '进入我的案件', en: 'Continue to your case' },
  firstSignIn: {
    zh: '首次进入时需用本人手机号登录并确认身份，之后可在平台选择调解员、跟进案件和签署协议。',
    en: 'The first time, you sign in with your own mobile and confirm who you are; then you choose a mediator, follow the case and sign on the platform.',
  },
  codeSentBody: {
    zh: '新的验证码已通过{channel}发送到邀请所用的地址，此前的验证码已失效。',
    en: 'A new code was sent by {channel} to the address of the invitation; earlier codes no longer work.',
  },
  unavailableTitle: { zh: '邀请不可用', en: 'Invitation unavailable' },
  reasonNeeded: { zh: '请选择拒绝的理由', en: 'Choose a reason' },
} as const satisfies Record<string, Bilingual>;

export const consentBasisText: Record<ConsentBasis, Bilingual> = {
  platform_declaration: { zh: '本人在平台声明同意', en: 'My own declaration on this platform' },
  contract_clause: { zh: '合同约定电子送达', en: 'A contract clause agreeing to electronic service' },
  earlier_litigation: { zh: '此前诉讼中已同意', en: 'Accepted in earlier litigation' },
  conduct: { zh: '签收电子送达文书', en: 'Signing for an electronically served document' },
};

export const declineReasonText: Record<DeclineReason, Bilingual> = {
  prefer_court: { zh: '希望直接通过法院解决', en: 'I would rather go to court' },
  claim_disputed: { zh: '不认可申请人的请求', en: 'I do not accept the claim' },
  already_resolved: { zh: '纠纷已经解决', en: 'The dispute is already resolved' },
  other: { zh: '其他原因', en: 'Another reason' },
};
