import type { DisputeStatus } from '../../../../shared/domain/mediation/dispute';
import type { ScoreFactorName } from '../../../../shared/domain/mediation/matching';
import type { Bilingual } from '../kit/messages';

/** The party space's words, in both languages. */
export const partyText = {
  myCasesTitle: { zh: '我的案件', en: 'My cases' },
  noCases: { zh: '暂无案件。', en: 'No cases yet.' },
  forPartiesOnlyTitle: { zh: '仅供当事人使用', en: 'For parties only' },
  forPartiesOnly: {
    zh: '这些页面供纠纷当事人使用。您以工作人员身份登录：调解员请使用收件箱，操作员请使用送达中心。',
    en: 'These pages are for the parties of a dispute. You are signed in as staff: mediators work in the inbox, operators in the service centre.',
  },
  staffPages: { zh: '前往收件箱', en: 'Go to the inbox' },
  caseTitle: { zh: '纠纷 {reference}', en: 'Dispute {reference}' },
  status: { zh: '状态', en: 'Status' },
  next: { zh: '下一步', en: 'Next' },
  filedOn: { zh: '提交于', en: 'Filed' },
  open: { zh: '查看案件', en: 'Open the case' },
  category: { zh: '纠纷类型', en: 'Category' },
  amount: { zh: '请求金额', en: 'Amount claimed' },
  mediationEnds: { zh: '调解期限届满', en: 'Mediation period ends' },
  extension: { zh: '延长调解', en: 'Extension' },
  extensionUsed: { zh: '已延长 30 日', en: 'Extended by 30 days' },
  extensionAgreed: { zh: '{n} 方已同意延长', en: '{n} part(ies) agreed to extend' },
  extensionNone: {
    zh: '未延长（可经各方同意延长一次 30 日）',
    en: 'Not extended (once by 30 days if every party agrees)',
  },
  parties: { zh: '当事人', en: 'Parties' },
  you: { zh: '（您）', en: ' (you)' },
  applicant: { zh: '申请人', en: 'Applicant' },
  respondent: { zh: '被申请人', en: 'Respondent' },
  joined: { zh: '已加入', en: 'joined' },
  notJoined: { zh: '尚未加入', en: 'not joined yet' },
  mediator: { zh: '调解员', en: 'Mediator' },
  noMediator: { zh: '尚未确定调解员', en: 'No mediator yet' },
  timeline: { zh: '案件进程', en: 'Timeline' },
  when: { zh: '时间', en: 'When' },
  what: { zh: '事项', en: 'What' },
  who: { zh: '由', en: 'By' },
  recommended: { zh: '推荐的调解员', en: 'Recommended mediators' },
  recommendedIntro: {
    zh: '以下调解员符合本案的全部硬性条件，按综合得分排序。每项得分的理由如下。',
    en: 'These mediators meet every hard rule for this case, best first. The reasons for each score are listed.',
  },
  score: { zh: '综合得分 {score}', en: 'Score {score}' },
  organization: { zh: '所属组织', en: 'Organization' },
  languages: { zh: '语言', en: 'Languages' },
  record: { zh: '本类纠纷调解记录', en: 'Record on this category' },
  recordValue: { zh: '结案 {closed} 件，调解成功 {settled} 件', en: '{settled} settled of {closed} closed' },
  rating: { zh: '当事人评分', en: 'Parties’ rating' },
  ratingValue: { zh: '{mean} 分（{count} 次评分）', en: '{mean} ({count} ratings)' },
  noRating: { zh: '暂无评分', en: 'Not rated yet' },
  picked: { zh: '已被当事人选择', en: 'Picked by a party' },
  yourPicks: { zh: '选择您偏好的调解员', en: 'Rank the mediators you prefer' },
  picksIntro: {
    zh: '各方的第一选择一致时，将优先委派该调解员；否则委派得分最高者。',
    en: 'When every party’s first choice is the same mediator, that mediator is offered the case; otherwise the best candidate is.',
  },
  pick1: { zh: '第一选择', en: 'First choice' },
  pick2: { zh: '第二选择（可选）', en: 'Second choice (optional)' },
  pick3: { zh: '第三选择（可选）', en: 'Third choice (optional)' },
  none: { zh: '不选择', en: 'None' },
  savePicks: { zh: '提交我的选择', en: 'Save my choices' },
  filed: { zh: '您的申请已提交，已邀请对方参加调解。', en: 'Your dispute is filed and the other party invited.' },
  picksSaved: { zh: '已记录您的选择。', en: 'Your choices are recorded.' },
  applicationWithdrawn: { zh: '司法确认申请已撤回。', en: 'The application for judicial confirmation is withdrawn.' },
  picksClosed: { zh: '调解员已委派，不能再选择。', en: 'A mediator has been offered the case; choices are closed.' },
  pickTwice: { zh: '同一调解员只能选择一次', en: 'Choose each mediator only once' },
  readSettlement: { zh: '阅读并签署调解协议', en: 'Read and sign the settlement' },
  yourPicksNow: { zh: '您当前的选择：{names}', en: 'Your choices now: {names}' },
} as const satisfies Record<string, Bilingual>;

/** The one next thing a party does (or waits for), by the dispute's status. */
export const nextStepText: Record<DisputeStatus, Bilingual> = {
  filed: { zh: '等待平台分流，随后选择调解员', en: 'The platform is triaging the case; then choose your mediators' },
  triaged: { zh: '选择您偏好的调解员', en: 'Choose the mediators you prefer' },
  offered: { zh: '等待调解员接受委派', en: 'Wait for the mediator to accept' },
  awaiting_assignment: { zh: '等待工作人员指派调解员', en: 'Wait for staff to assign a mediator' },
  in_mediation: { zh: '与调解员联系，参加调解', en: 'Take part in the mediation with your mediator' },
  settled: {
    zh: '调解协议已生效：可申请司法确认，案件页显示申请进展',
    en: 'The settlement is in effect: apply for judicial confirmation; the case page shows how it stands',
  },
  failed: { zh: '调解不成：可以向法院起诉', en: 'Mediation failed: you may bring the claim to court' },
  withdrawn: { zh: '调解已撤回', en: 'Mediation was withdrawn' },
  expired: { zh: '调解期限已届满：可以向法院起诉', en: 'The mediation period ended: you may bring the claim to court' },
  declined: {
    zh: '被申请人拒绝调解：可以向法院起诉或申请仲裁，也可重新申请调解',
    en: 'The respondent declined mediation: you may go to court or arbitration, or file again',
  },
};

/** What a timeline entry says, by event type (other events show their type). */
export const eventText: Record<string, Bilingual> = {
  'dispute.filed': { zh: '提交纠纷', en: 'Dispute filed' },
  'dispute.triaged': { zh: '分流完成', en: 'Triaged' },
  'party.invited': { zh: '邀请被申请人', en: 'Respondent invited' },
  'party.joined': { zh: '当事人加入', en: 'A party joined' },
  'party.join_failed': { zh: '加入验证未通过', en: 'A join proof failed' },
  'dispute.picks_recorded': { zh: '当事人选择调解员', en: 'A party ranked mediators' },
  'dispute.picks_complete': { zh: '各方均已选择', en: 'Every party has chosen' },
  'offer.made': { zh: '委派调解员', en: 'Mediator offered the case' },
  'offer.accepted': { zh: '调解员接受委派', en: 'Mediator accepted' },
  'offer.declined': { zh: '调解员拒绝委派', en: 'Mediator declined' },
  'offer.expired': { zh: '委派超时', en: 'Offer expired' },
  'milestone.announced': { zh: '已通知当事人', en: 'Parties notified' },
  'dispute.declined': { zh: '被申请人拒绝调解', en: 'Respondent declined mediation' },
  'dispute.failed': { zh: '调解不成', en: 'Mediation failed' },
  'dispute.withdrawn': { zh: '调解撤回', en: 'Mediation withdrawn' },
  'settlement.recorded': { zh: '记录调解协议', en: 'Settlement recorded' },
  'settlement.signed': { zh: '当事人签署协议', en: 'A party signed the settlement' },
  'settlement.effective': { zh: '调解协议生效', en: 'Settlement took effect' },
  'dispute.expired': { zh: '调解期限届满', en: 'Mediation period ended' },
  'confirmation.opened': { zh: '申请司法确认', en: 'Applied for judicial confirmation' },
  'confirmation.joined': { zh: '当事人加入司法确认申请', en: 'A party joined the application' },
  'confirmation.submitted': { zh: '司法确认申请提交法院', en: 'Application submitted to the court' },
  'confirmation.acceptance': { zh: '法院答复是否受理', en: 'The court answered on acceptance' },
  'confirmation.extended': { zh: '法院延长审查期限', en: 'The court extended its ruling period' },
  'confirmation.decided': { zh: '法院作出裁定', en: 'The court ruled' },
  'confirmation.withdrawn': { zh: '司法确认申请撤回', en: 'Application withdrawn' },
};

export const roleText: Record<string, Bilingual> = {
  party: { zh: '当事人', en: 'a party' },
  mediator: { zh: '调解员', en: 'the mediator' },
  operator: { zh: '平台', en: 'the platform' },
  court: { zh: '法院', en: 'the court' },
};

export const factorText: Record<ScoreFactorName, Bilingual> = {
  specialty_fit: { zh: '专长匹配', en: 'Specialty fit' },
  outcome_record: { zh: '本类纠纷调解成功率（平滑）', en: 'Settlement record on this category (smoothed)' },
  current_load: { zh: '当前案件负荷', en: 'Current load' },
  response_speed: { zh: '接受委派的速度', en: 'Speed of answering offers' },
  party_preference: { zh: '当事人的选择', en: 'The parties’ choices' },
};
