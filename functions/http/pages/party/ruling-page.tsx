import { maskEmail, maskPhone } from '../../../../shared/domain/masking';
import type { RecipientStatus } from '../../../../shared/domain/service/recipient';
import type { ConfirmationStatus, RejectionReason } from '../../../../shared/domain/settlement/confirmation-request';
import type { PartyRuling } from '../../../../shared/use-cases/confirmations/party-ruling';
import type { Lang } from '../kit/language';
import type { Bilingual } from '../kit/messages';
import {
  beijingTime,
  CheckField,
  CsrfField,
  ErrorSummary,
  type FormState,
  Notice,
  ScrollRegion,
  sayFrom,
} from '../kit/page-kit';

/** The decision and the ruling's words, in both languages. */
export const rulingText = {
  decisionHeading: { zh: '司法确认', en: 'Judicial confirmation' },
  application: { zh: '申请状态', en: 'Application' },
  decision: { zh: '法院决定', en: 'The court’s decision' },
  confirmed: {
    zh: '法院裁定确认调解协议有效（{number}，{date}）。该协议可申请强制执行。',
    en: 'The court confirmed the settlement (ruling {number} of {date}). It is enforceable.',
  },
  rejected: { zh: '法院裁定驳回司法确认申请。', en: 'The court rejected the application for confirmation.' },
  reasons: { zh: '理由', en: 'Reasons' },
  rulingTitle: { zh: '裁定书', en: 'The ruling' },
  readRuling: { zh: '阅读裁定书并签收', en: 'Read the ruling and sign for it' },
  notServedYet: { zh: '裁定书正在送达，请稍后查看。', en: 'The ruling is being served; look again shortly.' },
  unservedHelp: {
    zh: '法院的裁定书未能以电子方式送达给您（尚未同意电子送达，或没有可用的地址）。请在“我的送达地址”同意电子送达并填写您的手机号码或邮箱，裁定书将自动重新送达给您。',
    en: 'The court’s ruling could not be served on you electronically (no consent to electronic service, or no address that works). Consent and give your mobile or email on “My addresses”: the ruling is then sent to you again by itself.',
  },
  toAddresses: { zh: '我的送达地址', en: 'My addresses' },
  serviceStatus: { zh: '送达状态', en: 'Service' },
  servedAt: { zh: '送达时间', en: 'Served' },
  signedAt: { zh: '签收时间', en: 'You signed for it' },
  notSigned: { zh: '尚未签收', en: 'Not signed for yet' },
  issuer: { zh: '送达机关', en: 'Served by' },
  sha256: { zh: '文书摘要（SHA-256）', en: 'Document hash (SHA-256)' },
  size: { zh: '文件大小', en: 'Size' },
  download: { zh: '下载裁定书', en: 'Download the ruling' },
  proof: { zh: '送达记录', en: 'Proof of service' },
  attemptNo: { zh: '次序', en: 'Attempt' },
  channel: { zh: '方式', en: 'Channel' },
  address: { zh: '地址', en: 'Address' },
  sent: { zh: '发送时间', en: 'Sent' },
  delivered: { zh: '送达到达', en: 'Delivered' },
  opened: { zh: '查阅', en: 'Opened' },
  sign: { zh: '签收裁定书', en: 'Sign for the ruling' },
  signIntro: {
    zh: '签收即确认您已收到并可以阅读该裁定书，签收时间将记入送达记录。',
    en: 'Signing confirms that you received the ruling and can read it; the time is kept in the proof of service.',
  },
  confirm: { zh: '我已收到并阅读上述裁定书', en: 'I have received and read this ruling' },
  confirmNeeded: { zh: '请勾选确认后再签收', en: 'Tick the confirmation before signing' },
  signedNotice: { zh: '您已签收裁定书。', en: 'You have signed for the ruling.' },
  back: { zh: '返回案件', en: 'Back to the case' },
  withdraw: { zh: '撤回司法确认申请', en: 'Withdraw the application' },
  withdrawIntro: {
    zh: '法院作出裁定前，任何一方均可撤回申请；撤回后申请对各方终结，法院将收到通知。申请期限内可以重新申请。',
    en: 'Until the court rules, any party may withdraw the application; it then ends for every party and the court is told. You may apply again within the application period.',
  },
} as const satisfies Record<string, Bilingual>;

const t = sayFrom(rulingText);

export const applicationStatusText: Record<ConfirmationStatus, Bilingual> = {
  gathering: { zh: '等待各方加入申请', en: 'Waiting for every party to join' },
  submitted: { zh: '已提交法院，等待受理', en: 'Submitted; the court is deciding whether to accept it' },
  accepted: { zh: '法院已受理，等待裁定', en: 'Accepted; the court is ruling' },
  not_accepted: { zh: '法院不予受理', en: 'Not accepted by the court' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const reasonText: Record<RejectionReason, Bilingual> = {
  violates_mandatory_law: { zh: '违反法律强制性规定', en: 'It breaks a mandatory rule of law' },
  harms_state_public_or_third_party_interests: {
    zh: '损害国家利益、社会公共利益或者他人合法权益',
    en: 'It harms the state, the public or others',
  },
  against_public_order: { zh: '违背公序良俗', en: 'It is against public order and good morals' },
  not_voluntary: { zh: '违反自愿原则', en: 'It was not agreed freely' },
  content_unclear: { zh: '内容不明确', en: 'Its terms are unclear' },
  not_confirmable_matter: { zh: '不属于司法确认的范围', en: 'It is not a matter that can be confirmed' },
};

export const recipientStatusText: Record<RecipientStatus, Bilingual> = {
  planned: { zh: '准备送达', en: 'Being prepared' },
  attempting: { zh: '送达中', en: 'Being served' },
  served: { zh: '已送达', en: 'Served' },
  unserved: { zh: '未能送达', en: 'Not served yet' },
  served_alternatively: { zh: '已以其他方式送达', en: 'Served by other means' },
};

/** On the case page: the application's status, the court's decision, and the way to the ruling. */
/** Until the court rules, any party may withdraw the application (POST /v1/confirmation-requests/{id}/withdrawal). */
const withdrawable: ReadonlySet<ConfirmationStatus> = new Set(['gathering', 'submitted', 'accepted']);

export function DecisionSection(props: {
  lang: Lang;
  disputeId: string;
  ruling: PartyRuling;
  csrf?: string;
  /** On the ruling's own page, which shows its service below: no way to it, no "being served". */
  onRulingPage?: boolean;
}) {
  const { lang, ruling } = props;
  const { request } = ruling;
  const decision = request.decision;
  return (
    <section aria-labelledby="decision-heading" id="decision">
      <h2 id="decision-heading">{t(lang, 'decisionHeading')}</h2>
      <dl class="facts">
        <dt>{t(lang, 'application')}</dt>
        <dd data-testid="application-status">{applicationStatusText[request.status][lang]}</dd>
      </dl>
      {props.csrf && withdrawable.has(request.status) ? (
        <form
          method="post"
          action={`/cases/${props.disputeId}/confirmation/withdrawal`}
          data-testid="withdraw-form"
          novalidate
        >
          <input type="hidden" name="csrf" value={props.csrf} />
          <p class="muted">{t(lang, 'withdrawIntro')}</p>
          <button type="submit" class="secondary">
            {t(lang, 'withdraw')}
          </button>
        </form>
      ) : (
        ''
      )}
      {decision ? (
        <div data-testid="decision">
          <p>
            <strong>
              {decision.outcome === 'confirmed'
                ? t(lang, 'confirmed', { number: decision.rulingNumber, date: decision.rulingDate })
                : t(lang, 'rejected')}
            </strong>
          </p>
          {decision.outcome === 'rejected' ? (
            <>
              <h3>{t(lang, 'reasons')}</h3>
              <ul>
                {decision.reasons.map((reason) => (
                  <li>{reasonText[reason][lang]}</li>
                ))}
              </ul>
              <p>{decision.text}</p>
            </>
          ) : (
            ''
          )}
          {props.onRulingPage ? (
            ''
          ) : ruling.served && !ruling.served.sent && ruling.served.recipient.status === 'unserved' ? (
            // Nothing was sent to this party: no "read and sign", but why and the way to be served.
            <p data-testid="ruling-unserved">
              {t(lang, 'unservedHelp')}{' '}
              <a href="/addresses" data-testid="to-addresses">
                {t(lang, 'toAddresses')}
              </a>
            </p>
          ) : ruling.served?.sent ? (
            <p>
              <a class="button" href={`/cases/${props.disputeId}/ruling`} data-testid="ruling-link">
                {t(lang, 'readRuling')}
              </a>{' '}
              <span data-testid="ruling-service-status">
                {recipientStatusText[ruling.served.recipient.status][lang]}
              </span>
            </p>
          ) : (
            <p class="muted" data-testid="ruling-pending">
              {t(lang, 'notServedYet')}
            </p>
          )}
        </div>
      ) : (
        ''
      )}
    </section>
  );
}

/** The ruling served on the party: its facts, the document, the party's own proof of service, and signing for it. */
export function RulingPage(props: {
  lang: Lang;
  disputeId: string;
  ruling: PartyRuling;
  form: FormState;
  signed?: boolean;
}) {
  const { lang, ruling, form } = props;
  const served = ruling.served;
  if (!served) return '';
  const { service, recipient } = served;
  const signedAt = recipient.attempts.find((attempt) => attempt.acknowledgedAt)?.acknowledgedAt;
  const masked = (channel: string, address: string) => (channel === 'email' ? maskEmail(address) : maskPhone(address));
  return (
    <>
      <h1>{t(lang, 'rulingTitle')}</h1>
      {props.signed ? (
        <Notice kind="ok" testId="done">
          {t(lang, 'signedNotice')}
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary lang={lang} form={form} />
      <DecisionSection lang={lang} disputeId={props.disputeId} ruling={ruling} onRulingPage />
      {recipient.status === 'unserved' ? (
        // The way out of "unserved" that is the party's own: it resumes once consent and an address arrive.
        <Notice kind="info" testId="unserved-help">
          {t(lang, 'unservedHelp')}{' '}
          <a href="/addresses" data-testid="to-addresses">
            {t(lang, 'toAddresses')}
          </a>
        </Notice>
      ) : (
        ''
      )}
      <h2>{service.document.title}</h2>
      <dl class="facts">
        <dt>{t(lang, 'issuer')}</dt>
        <dd>{service.issuer}</dd>
        <dt>{t(lang, 'serviceStatus')}</dt>
        <dd data-testid="service-status">{recipientStatusText[recipient.status][lang]}</dd>
        <dt>{t(lang, 'servedAt')}</dt>
        <dd data-testid="served-at">{recipient.served ? beijingTime(recipient.served.at, lang) : '—'}</dd>
        <dt>{t(lang, 'signedAt')}</dt>
        <dd data-testid="signed-at">{signedAt ? beijingTime(signedAt, lang) : t(lang, 'notSigned')}</dd>
        <dt>{t(lang, 'sha256')}</dt>
        <dd class="hash" data-testid="ruling-sha256">
          {service.document.sha256}
        </dd>
        <dt>{t(lang, 'size')}</dt>
        <dd>{service.document.size} B</dd>
      </dl>
      {served.sent ? (
        // Reading it is notice: only once a service message was sent (party-ruling.ts).
        <p>
          <a href={`/cases/${props.disputeId}/ruling/document`} data-testid="ruling-download" download>
            {t(lang, 'download')}
          </a>
        </p>
      ) : (
        ''
      )}
      <h2 id="proof-heading">{t(lang, 'proof')}</h2>
      <ScrollRegion label={t(lang, 'proof')}>
        <table data-testid="proof">
          <thead>
            <tr>
              <th scope="col">{t(lang, 'attemptNo')}</th>
              <th scope="col">{t(lang, 'channel')}</th>
              <th scope="col">{t(lang, 'address')}</th>
              <th scope="col">{t(lang, 'sent')}</th>
              <th scope="col">{t(lang, 'delivered')}</th>
              <th scope="col">{t(lang, 'opened')}</th>
            </tr>
          </thead>
          <tbody>
            {recipient.attempts.map((attempt) => (
              <tr>
                <td>{attempt.attemptNo}</td>
                <td>
                  {attempt.channel === 'email'
                    ? lang === 'zh'
                      ? '电子邮件'
                      : 'Email'
                    : lang === 'zh'
                      ? '短信'
                      : 'SMS'}
                </td>
                <td>{masked(attempt.channel, attempt.address)}</td>
                <td>{beijingTime(attempt.createdAt, lang)}</td>
                <td>{attempt.deliveredAt ? beijingTime(attempt.deliveredAt, lang) : '—'}</td>
                <td>{attempt.openedAt ? beijingTime(attempt.openedAt, lang) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {signedAt || !served.sent ? (
        ''
      ) : (
        <form
          method="post"
          action={`/cases/${props.disputeId}/ruling/signature`}
          data-testid="ruling-sign-form"
          novalidate
        >
          <h2>{t(lang, 'sign')}</h2>
          <p>{t(lang, 'signIntro')}</p>
          <CsrfField value={form.values.csrf ?? ''} />
          <CheckField lang={lang} form={form} name="confirm" label={rulingText.confirm} />
          <button type="submit">{t(lang, 'sign')}</button>
        </form>
      )}
      <p>
        <a href={`/cases/${props.disputeId}`}>{t(lang, 'back')}</a>
      </p>
    </>
  );
}
