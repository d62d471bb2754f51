import type { CaseStage } from '../../../../shared/domain/settlement/case-stage';
import type { Lang } from '../kit/language';
import type { Bilingual } from '../kit/messages';
import { lastDayText, sayFrom } from '../kit/page-kit';
import { nextStepText } from './party-messages';
import { reasonText } from './ruling-page';
import { lapseReasonText } from './settlement-page';

/** The next step's words past mediation, in both languages ({…} filled in by `nextStepFor`). */
export const stageText = {
  sign_settlement: {
    zh: '阅读并签署调解协议；各方签署后协议生效',
    en: 'Read and sign the settlement; it takes effect when every party has signed',
  },
  others_to_sign: {
    zh: '您已签署，等待其他当事人签署调解协议',
    en: 'You have signed; waiting for the other parties to sign the settlement',
  },
  settlement_lapsed: {
    zh: '调解已终结（{reason}），调解协议未经各方签署而失效，不能再签署：可以向法院起诉，或重新申请调解',
    en: 'The mediation ended ({reason}) before every party signed: the settlement lapsed and cannot be signed. You may bring the claim to court, or file for mediation again',
  },
  apply: {
    zh: '调解协议已生效：可在 {applyBy} 前向有管辖权的法院申请司法确认',
    en: 'The settlement is in effect: apply to a competent court for judicial confirmation by {applyBy}',
  },
  apply_open: {
    zh: '调解协议已生效：可以申请司法确认',
    en: 'The settlement is in effect: you may apply for judicial confirmation',
  },
  window_closed: {
    zh: '申请司法确认的 30 日期限已过：调解协议仍对各方有约束力，对方不履行的，可以向法院起诉',
    en: 'The 30 days to apply for judicial confirmation have passed: the settlement still binds the parties; if one does not perform, you may bring the claim to court',
  },
  join_application: {
    zh: '另一方已申请司法确认：请加入同一申请，各方均加入后提交法院',
    en: 'Another party applied for judicial confirmation: join the same application; it goes to the court once every party has joined',
  },
  others_to_join: {
    zh: '您已申请司法确认，等待其他当事人加入同一申请',
    en: 'You have applied for judicial confirmation; waiting for the other parties to join the application',
  },
  awaiting_acceptance: {
    zh: '申请已提交法院，等待法院决定是否受理（{by}）',
    en: 'The application is with the court, which decides whether to accept it (by {by})',
  },
  awaiting_acceptance_open: {
    zh: '申请已提交法院，等待法院决定是否受理',
    en: 'The application is with the court, which decides whether to accept it',
  },
  under_review: {
    zh: '法院已受理，正在审查，将于 {by} 前作出裁定',
    en: 'The court accepted the application and is reviewing it; it rules by {by}',
  },
  under_review_open: {
    zh: '法院已受理，正在审查',
    en: 'The court accepted the application and is reviewing it',
  },
  confirmed_served: {
    zh: '法院已裁定确认调解协议（{number}，{date}），裁定书已向您送达。经确认的调解协议具有强制执行力：对方拒不履行的，您可以向法院申请强制执行',
    en: 'The court confirmed the settlement (ruling {number} of {date}) and the ruling has been served on you. A confirmed settlement is enforceable: if the other party does not perform, you may apply to the court for enforcement',
  },
  confirmed_to_serve: {
    zh: '法院已裁定确认调解协议（{number}，{date}），裁定书正在向您送达，请留意短信或邮件并签收。经确认的调解协议具有强制执行力：对方拒不履行的，您可以向法院申请强制执行',
    en: 'The court confirmed the settlement (ruling {number} of {date}); the ruling is being served on you: watch for the SMS or email and sign for it. A confirmed settlement is enforceable: if the other party does not perform, you may apply to the court for enforcement',
  },
  rejected: {
    zh: '法院驳回了司法确认申请（{reasons}）。您可以通过调解变更原协议或达成新的协议，也可以向法院起诉；同一协议不能再向该法院申请',
    en: 'The court rejected the application ({reasons}). You may change the settlement or make a new one through mediation, or bring the claim to court; this settlement cannot be put to the same court again',
  },
  not_accepted: {
    zh: '法院不予受理（{reasons}）。可在 {applyBy} 前补正后重新申请，或向其他有管辖权的法院申请',
    en: 'The court did not accept the application ({reasons}). You may put it right and apply again, or apply to another competent court, by {applyBy}',
  },
  not_accepted_closed: {
    zh: '法院不予受理（{reasons}），申请期限已过：调解协议仍对各方有约束力，对方不履行的，可以向法院起诉',
    en: 'The court did not accept the application ({reasons}) and the application period has passed: the settlement still binds the parties; if one does not perform, you may bring the claim to court',
  },
  application_withdrawn: {
    zh: '司法确认申请已撤回：可在 {applyBy} 前重新申请',
    en: 'The application for judicial confirmation was withdrawn: you may apply again by {applyBy}',
  },
  application_withdrawn_closed: {
    zh: '司法确认申请已撤回，申请期限已过：调解协议仍对各方有约束力',
    en: 'The application for judicial confirmation was withdrawn and the application period has passed: the settlement still binds the parties',
  },
} as const satisfies Record<string, Bilingual>;

const t = sayFrom(stageText);

/** The one next thing the party does (or waits for), in the page's language. */
export function nextStepFor(stage: CaseStage, lang: Lang): string {
  const day = (deadline: { lastDay: string } | undefined) => (deadline ? lastDayText(deadline, lang) : '');
  const list = (items: string[]) => items.join(lang === 'zh' ? '；' : '; ');
  switch (stage.stage) {
    case 'mediation':
      return nextStepText[stage.status][lang];
    case 'sign_settlement':
    case 'others_to_sign':
    case 'window_closed':
    case 'join_application':
    case 'others_to_join':
      return t(lang, stage.stage);
    case 'settlement_lapsed':
      return t(lang, 'settlement_lapsed', { reason: lapseReasonText[stage.reason][lang] });
    case 'apply':
      return stage.applyBy ? t(lang, 'apply', { applyBy: day(stage.applyBy) }) : t(lang, 'apply_open');
    case 'awaiting_acceptance':
      return stage.by ? t(lang, 'awaiting_acceptance', { by: day(stage.by) }) : t(lang, 'awaiting_acceptance_open');
    case 'under_review':
      return stage.by ? t(lang, 'under_review', { by: day(stage.by) }) : t(lang, 'under_review_open');
    case 'confirmed':
      return t(lang, stage.served ? 'confirmed_served' : 'confirmed_to_serve', {
        number: stage.rulingNumber,
        date: stage.rulingDate,
      });
    case 'rejected':
      return t(lang, 'rejected', { reasons: list(stage.reasons.map((reason) => reasonText[reason][lang])) });
    case 'not_accepted': {
      const reasons = stage.reasons ?? '—';
      return stage.windowOpen && stage.applyBy
        ? t(lang, 'not_accepted', { reasons, applyBy: day(stage.applyBy) })
        : t(lang, 'not_accepted_closed', { reasons });
    }
    case 'application_withdrawn':
      return stage.windowOpen && stage.applyBy
        ? t(lang, 'application_withdrawn', { applyBy: day(stage.applyBy) })
        : t(lang, 'application_withdrawn_closed');
  }
}
