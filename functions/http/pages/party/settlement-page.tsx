import type { LapseReason, StoredSettlement } from '../../../../shared/domain/settlement/settlement';
import type { EligibleCourts } from '../../../../shared/use-cases/confirmations/eligible-courts';
import { CheckField } from '../kit/form-kit';
import type { Lang } from '../kit/language';
import type { Bilingual } from '../kit/messages';
import { beijingTime, ErrorSummary, type FormState, lastDayText, Notice, sayFrom, trusted } from '../kit/page-kit';
import { ConfirmationSection, confirmationText } from './confirmation-section';

export const settlementText = {
  title: { zh: '调解协议', en: 'Settlement' },
  intro: {
    zh: '以下是调解协议的正式文本（由平台生成的规范文档）。签署即确认您签署的是下方指纹所标识的这份文档。',
    en: 'This is the settlement as its canonical document. Signing confirms you sign exactly the document the fingerprint below identifies.',
  },
  fingerprint: { zh: '文档指纹（SHA-256）', en: 'Document fingerprint (SHA-256)' },
  status: { zh: '协议状态', en: 'Status' },
  awaiting: { zh: '等待各方签署', en: 'Awaiting signatures' },
  effective: { zh: '已生效', en: 'Effective' },
  lapsed: {
    zh: '已失效：调解在各方签署前终结（{reason}，{at}），不能再签署',
    en: 'Lapsed: the mediation ended before every party signed ({reason}, {at}); it can no longer be signed',
  },
  signedBy: { zh: '已签署：{n} / {total} 方', en: 'Signed by {n} of {total} parties' },
  youSigned: { zh: '您已于 {at} 签署。', en: 'You signed on {at}.' },
  applyBy: { zh: '申请司法确认的最后期限：{at}', en: 'Last day to apply for judicial confirmation: {at}' },
  confirm: {
    zh: '本人已阅读上述调解协议，同意其全部内容并签署。',
    en: 'I have read this settlement, agree to all of it, and sign it.',
  },
  confirmNeeded: { zh: '请勾选确认后再签署', en: 'Tick the confirmation before signing' },
  sign: { zh: '签署调解协议', en: 'Sign the settlement' },
  signed: { zh: '您已签署调解协议。', en: 'You have signed the settlement.' },
  noSettlement: { zh: '尚无调解协议。', en: 'There is no settlement yet.' },
  back: { zh: '返回案件', en: 'Back to the case' },
} as const satisfies Record<string, Bilingual>;

const t = sayFrom(settlementText);

/** How the mediation ended, for a settlement that lapsed unsigned. */
export const lapseReasonText: Record<LapseReason, Bilingual> = {
  mediation_failed: { zh: '调解不成', en: 'mediation failed' },
  mediation_withdrawn: { zh: '调解撤回', en: 'mediation withdrawn' },
  mediation_expired: { zh: '调解期限届满', en: 'mediation period over' },
};

/**
 * The settlement read on the page, rendered from its canonical document (the same HTML the signing
 * link shows; the agreement itself is written in both languages), with its hash, and signed in place.
 */
export function SettlementPage(props: {
  lang: Lang;
  disputeId: string;
  settlement: StoredSettlement;
  documentHtml: string;
  sha256: string;
  partyCount: number;
  yourPartyId?: string;
  form: FormState;
  done?: 'signed' | 'applied';
  check?: EligibleCourts;
  applyForm?: FormState;
}) {
  const { lang, settlement } = props;
  const mine = settlement.signatures.find((signature) => signature.partyId === props.yourPartyId);
  return (
    <>
      <h1>{t(lang, 'title')}</h1>
      {props.done ? (
        <Notice kind="ok" testId="done">
          {props.done === 'signed' ? t(lang, 'signed') : confirmationText.applied[lang]}
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary lang={lang} form={props.form} />
      <p>{t(lang, 'intro')}</p>
      <dl class="facts">
        <dt>{t(lang, 'status')}</dt>
        <dd data-testid="settlement-status">
          {settlement.status === 'effective'
            ? t(lang, 'effective')
            : settlement.lapsed
              ? t(lang, 'lapsed', {
                  reason: lapseReasonText[settlement.lapsed.reason][lang],
                  at: beijingTime(settlement.lapsed.at, lang),
                })
              : t(lang, 'awaiting')}
        </dd>
        <dt>{t(lang, 'fingerprint')}</dt>
        <dd class="hash" data-testid="sha256">
          {props.sha256}
        </dd>
        <dt>{t(lang, 'signedBy', { n: settlement.signatures.length, total: props.partyCount })}</dt>
        <dd>{mine ? t(lang, 'youSigned', { at: beijingTime(mine.signedAt, lang) }) : ''}</dd>
      </dl>
      {settlement.applicationDeadline ? (
        <p data-testid="apply-by">{t(lang, 'applyBy', { at: lastDayText(settlement.applicationDeadline, lang) })}</p>
      ) : (
        ''
      )}
      <article class="canonical" data-testid="settlement-document">
        {trusted(props.documentHtml)}
      </article>
      {!mine && settlement.status === 'awaiting_signatures' ? (
        <form
          method="post"
          action={`/cases/${props.disputeId}/settlement/signature`}
          data-testid="sign-form"
          novalidate
        >
          <input type="hidden" name="csrf" value={props.form.values.csrf ?? ''} />
          <input type="hidden" name="documentSha256" value={props.sha256} />
          <CheckField lang={lang} form={props.form} name="confirm" label={settlementText.confirm} />
          <button type="submit">{t(lang, 'sign')}</button>
        </form>
      ) : (
        ''
      )}
      {props.check && settlement.status === 'effective' ? (
        <ConfirmationSection
          lang={lang}
          disputeId={props.disputeId}
          check={props.check}
          form={props.applyForm ?? props.form}
        />
      ) : (
        ''
      )}
      <p>
        <a href={`/cases/${props.disputeId}`}>{t(lang, 'back')}</a>
      </p>
    </>
  );
}
