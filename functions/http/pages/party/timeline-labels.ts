import type { Bilingual } from '../kit/messages';

/*
 * What each event on a dispute's chain is called on the party's case page, in both languages. The
 * chain keeps machine names (`settlement.signed`); a person reads "A party signed the settlement".
 * An event this table does not know yet (a new one, an old one renamed) is still said in words:
 * its family ("the settlement") and its action with the underscores read as spaces.
 */

const eventLabels: Record<string, Bilingual> = {
  'dispute.filed': { zh: '提交纠纷', en: 'Dispute filed' },
  'dispute.triaged': { zh: '分流完成', en: 'Triaged' },
  'dispute.picked': { zh: '当事人选择调解员', en: 'A party ranked mediators' },
  'dispute.picks_recorded': { zh: '当事人选择调解员', en: 'A party ranked mediators' },
  'dispute.picks_complete': { zh: '各方均已选择', en: 'Every party has chosen' },
  'dispute.awaiting_assignment': { zh: '等待平台指派调解员', en: 'Waiting for the platform to assign a mediator' },
  'dispute.contacts_given': { zh: '当事人提供联系方式', en: 'A party gave its contact details' },
  'dispute.extension_agreed': { zh: '当事人同意延长调解期限', en: 'A party agreed to extend the mediation' },
  'dispute.extended': { zh: '调解期限已延长', en: 'The mediation period was extended' },
  'dispute.expired': { zh: '调解期限届满', en: 'The mediation period ended' },
  'dispute.declined': { zh: '被申请人拒绝调解', en: 'Respondent declined mediation' },
  'dispute.failed': { zh: '调解不成', en: 'Mediation failed' },
  'dispute.withdrawn': { zh: '调解撤回', en: 'Mediation withdrawn' },
  'dispute.rated': { zh: '当事人评价调解员', en: 'A party rated the mediator' },
  'party.invited': { zh: '邀请被申请人', en: 'Respondent invited' },
  'party.invitation_code_sent': { zh: '发送新的邀请验证码', en: 'A fresh invitation code was sent' },
  'party.joined': { zh: '当事人加入', en: 'A party joined' },
  'party.join_failed': { zh: '加入验证未通过', en: 'A join proof failed' },
  'party.consent_recorded': { zh: '当事人同意电子送达', en: 'A party consented to electronic service' },
  'party.identity_document_checked': { zh: '核验身份证件', en: 'An identity document was checked' },
  'offer.made': { zh: '委派调解员', en: 'Mediator offered the case' },
  'offer.accepted': { zh: '调解员接受委派', en: 'Mediator accepted' },
  'offer.declined': { zh: '调解员拒绝委派', en: 'Mediator declined' },
  'offer.expired': { zh: '委派超时', en: 'Offer expired' },
  'offer.closed': { zh: '委派结束', en: 'Offer closed' },
  'offer.lifecycle_stalled': { zh: '委派流程暂停，平台正在处理', en: 'Offers paused; the platform is on it' },
  'milestone.announced': { zh: '已通知当事人', en: 'Parties notified' },
  'settlement.recorded': { zh: '记录调解协议', en: 'Settlement recorded' },
  'settlement.signing_link_sent': { zh: '发送签署链接', en: 'Signing link sent' },
  'settlement.signing_code_sent': { zh: '发送新的签署验证码', en: 'A fresh signing code was sent' },
  'settlement.signing_failed': { zh: '签署验证未通过', en: 'A signing proof failed' },
  'settlement.signed': { zh: '当事人签署协议', en: 'A party signed the settlement' },
  'settlement.effective': { zh: '调解协议生效', en: 'Settlement took effect' },
  'confirmation.opened': { zh: '提出司法确认申请', en: 'Judicial confirmation applied for' },
  'confirmation.joined': { zh: '当事人加入司法确认申请', en: 'A party joined the application for confirmation' },
  'confirmation.submitted': { zh: '司法确认申请已提交法院', en: 'Application submitted to the court' },
  'confirmation.withdrawn': { zh: '撤回司法确认申请', en: 'Application for confirmation withdrawn' },
  'confirmation.acceptance': { zh: '法院作出受理决定', en: 'The court decided on accepting the application' },
  'confirmation.extended': { zh: '法院延长审查期限', en: 'The court extended its review' },
  'confirmation.decided': { zh: '法院作出裁定', en: 'The court ruled' },
  'confirmation.ruling_served': { zh: '裁定书已发出送达', en: 'The ruling was sent for service' },
  'message.requested': { zh: '消息待发送', en: 'Message queued' },
  'message.sending': { zh: '消息发送中', en: 'Message being sent' },
  'message.sent': { zh: '消息已发出', en: 'Message sent' },
  'message.delivered': { zh: '消息已送达', en: 'Message delivered' },
  'message.awaiting_receipt': { zh: '等待送达回执', en: 'Waiting for a delivery receipt' },
  'message.no_receipt': { zh: '未收到送达回执', en: 'No delivery receipt came' },
  'message.bounced': { zh: '消息被退回', en: 'Message bounced' },
  'message.failed': { zh: '消息发送失败', en: 'Message could not be sent' },
  'message.send_deferred': { zh: '消息延后发送', en: 'Message deferred' },
  'message.resend_queued': { zh: '消息将重新发送', en: 'Message to be sent again' },
  'message.send_outcome_unknown': { zh: '消息发送结果待确认', en: 'Message outcome not yet known' },
  'message.send_closed': { zh: '消息发送结束', en: 'Message sending closed' },
  'message.stalled': { zh: '消息发送暂停，平台正在处理', en: 'Message paused; the platform is on it' },
};

/** Each family of events, for an event of it the table does not name. */
const familyLabels: Record<string, Bilingual> = {
  dispute: { zh: '纠纷', en: 'The dispute' },
  party: { zh: '当事人', en: 'A party' },
  offer: { zh: '委派', en: 'The offer' },
  milestone: { zh: '案件进展', en: 'Progress' },
  settlement: { zh: '调解协议', en: 'The settlement' },
  confirmation: { zh: '司法确认', en: 'Judicial confirmation' },
  message: { zh: '消息', en: 'A message' },
  service: { zh: '送达', en: 'Service' },
};

const otherFamily: Bilingual = { zh: '案件', en: 'The case' };

/** An event's name, as a person reads it, in both languages. */
export function timelineLabel(type: string): Bilingual {
  const known = eventLabels[type];
  if (known) return known;
  const dot = type.indexOf('.');
  const family = (dot > 0 ? familyLabels[type.slice(0, dot)] : undefined) ?? otherFamily;
  const action = (dot > 0 ? type.slice(dot + 1) : type).replace(/[._-]+/g, ' ').trim();
  // No Chinese words exist for an action nobody named: the family says what it is about.
  return {
    zh: `${family.zh}记录${action ? `（${action}）` : ''}`,
    en: action ? `${family.en}: ${action}` : family.en,
  };
}
