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

/** Who did what a timeline entry records, by the actor's role (every role in the domain). */
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
