import type { DisputeCategory } from '../../../shared/domain/mediation/categories';
import type { DisputeStatus } from '../../../shared/domain/mediation/dispute';
import type { FailureReason } from '../../../shared/use-cases/disputes/close-mediation';

/** The inbox's words for the domain's codes, Chinese first then English, as on the join page. */
export const categoryLabels: Record<DisputeCategory, string> = {
  online_shopping_contract: '网络购物合同 / Online shopping contract',
  online_service_contract: '网络服务合同 / Online service contract',
  financial_loan_contract: '金融借款合同 / Financial loan contract',
  small_loan_contract: '小额借款合同 / Small loan contract',
  online_copyright: '网络著作权 / Online copyright',
  online_personality_rights: '网络侵害人格权 / Online personality rights',
  online_product_liability: '网络购物产品责任 / Online product liability',
  domain_name: '互联网域名 / Domain name',
  traffic_accident: '交通事故 / Traffic accident',
  labour: '劳动争议 / Labour',
  family: '婚姻家庭 / Family',
  property_management: '物业服务 / Property management',
  commercial: '商事纠纷 / Commercial',
};

export const statusLabels: Record<DisputeStatus, string> = {
  filed: '已提交 / Filed',
  triaged: '已分流 / Triaged',
  offered: '待调解员接受 / Offered',
  awaiting_assignment: '待人工指派 / Awaiting assignment',
  in_mediation: '调解中 / In mediation',
  settled: '调解成功 / Settled',
  failed: '调解不成 / Failed',
  withdrawn: '已撤回 / Withdrawn',
  expired: '已超期 / Expired',
  declined: '被申请人拒绝调解 / Declined by the respondent',
};

export const failureReasonLabels: Record<FailureReason, string> = {
  party_not_responding: '当事人未回应 / A party did not respond',
  no_agreement_on_amount: '金额未达成一致 / No agreement on the amount',
  party_withdrew: '当事人撤回 / A party withdrew',
  outside_mediation_scope: '不属于调解范围 / Outside the scope of mediation',
};

export const outcomeKindLabels: Record<'failed' | 'withdrawn', string> = {
  failed: '调解不成 / Mediation failed',
  withdrawn: '撤回调解 / Mediation withdrawn',
};

/** Messages shown after a form was handled (the POST redirects to GET /inbox?done=…). */
export const doneMessages = {
  signed_in: '已登录 / Signed in',
  accepted: '已接受，案件进入调解 / Accepted: the dispute is now in mediation with you',
  declined: '已拒绝，案件将转给下一位调解员 / Declined: the dispute moves on to the next mediator',
  closed: '调解结果已记录 / The outcome is recorded',
  settlement_recorded: '调解协议已记录，已通知各方签署 / The settlement is recorded and the parties are asked to sign',
  signing_link_sent: '签署链接已发送 / The signing link is sent',
  availability_saved: '可接案状态已保存 / Your availability is saved',
} as const;
export type DoneMessage = keyof typeof doneMessages;

/** An amount in the currency's minor unit, as people read it. */
export function formatAmount(claim: { amountMinor: number; currency: string }): string {
  return `${(claim.amountMinor / 100).toFixed(2)} ${claim.currency}`;
}

/** An instant in Beijing time, to the minute. */
export function beijingTime(iso: string): string {
  const local = new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false });
  return `${local.slice(0, 16)} (UTC+8)`;
}

/**
 * Time left until a deadline, in both languages. The page's small script runs the same function in
 * the browser (it is serialized into the page), so the server's first rendering and the live
 * countdown always agree.
 */
export function timeLeft(milliseconds: number): string {
  if (milliseconds <= 0) return '已过期 / expired';
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 1) return '不足 1 分钟 / under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const zh = `${days > 0 ? `${days} 天 ` : ''}${hours} 小时 ${rest} 分`;
  const en = `${days > 0 ? `${days} d ` : ''}${hours} h ${rest} min`;
  return `剩余 ${zh} / ${en} left`;
}
