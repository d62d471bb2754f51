import type { CompetenceGround, ConfirmationRule } from '../../../../shared/domain/settlement/competence';
import type { EligibleCourts } from '../../../../shared/use-cases/confirmations/eligible-courts';
import type { Lang } from '../kit/language';
import type { Bilingual } from '../kit/messages';
import { Field, type FormState, lastDayText, sayFrom } from '../kit/page-kit';

export const confirmationText = {
  heading: { zh: '申请司法确认', en: 'Apply for judicial confirmation' },
  intro: {
    zh: '调解协议生效后 30 日内，可向有管辖权的人民法院申请司法确认；一方申请后，其他当事人加入同一申请。经确认的调解协议可申请强制执行。',
    en: 'Within 30 days of the settlement taking effect, apply to a competent court for judicial confirmation; once one party applies, the others join the same application. A confirmed settlement is enforceable.',
  },
  precheck: { zh: '申请前检查', en: 'Pre-check' },
  passed: { zh: '符合', en: 'Met' },
  failed: { zh: '不符合', en: 'Not met' },
  court: { zh: '受理法院', en: 'Court' },
  apply: { zh: '提交（或加入）申请', en: 'Apply (or join the application)' },
  applied: { zh: '您的申请已记录。', en: 'Your application is recorded.' },
  courtNeeded: { zh: '请选择受理法院', en: 'Choose a court' },
  noCourt: { zh: '暂无有管辖权的法院，无法申请。', en: 'No competent court was found; an application cannot be made.' },
  rejectedHere: {
    zh: '已驳回本调解协议确认申请的法院（不能再向其申请）：{courts}',
    en: 'Courts that rejected this settlement (you cannot apply to them again): {courts}',
  },
} as const satisfies Record<string, Bilingual>;

const ruleText: Record<ConfirmationRule, Bilingual> = {
  settlement_effective: { zh: '调解协议已生效', en: 'The settlement has taken effect' },
  all_parties_signed: { zh: '各方均已签署', en: 'Every party has signed' },
  within_application_window: { zh: '在 30 日申请期限内', en: 'Within the 30-day application period' },
  confirmable_matter: {
    zh: '不涉及身份关系或物权、知识产权确权',
    en: 'Not about personal status, or title to property or IP',
  },
  competent_court: { zh: '有管辖权的法院', en: 'A competent court' },
};

const groundText: Record<CompetenceGround, Bilingual> = {
  invited_mediation: { zh: '委派调解的法院', en: 'the court that invited the mediation' },
  party_domicile: { zh: '当事人住所地', en: 'where a party lives' },
  subject_matter_location: { zh: '标的物所在地', en: 'where the subject matter is' },
  mediation_organization_seat: { zh: '调解组织所在地', en: 'where the mediation organization is' },
};

const t = sayFrom(confirmationText);

/** The court pre-check (every rule's verdict, the competent courts with their grounds) and the application form. */
export function ConfirmationSection(props: {
  lang: Lang;
  disputeId: string;
  check: EligibleCourts;
  form: FormState;
  applied?: boolean;
}) {
  const { lang, check } = props;
  // A court that rejected this settlement is not offered again; it is named instead.
  const rejected = check.competence.courts.filter((court) => check.rejectedCourtIds.includes(court.courtId));
  const courts = check.competence.courts.filter((court) => !check.rejectedCourtIds.includes(court.courtId));
  return (
    <section aria-labelledby="confirmation-heading" id="confirmation">
      <h2 id="confirmation-heading">{t(lang, 'heading')}</h2>
      <p>{t(lang, 'intro')}</p>
      <h3>{t(lang, 'precheck')}</h3>
      <ul data-testid="verdicts">
        {check.verdicts.map((verdict) => (
          <li>
            {ruleText[verdict.rule][lang]}: <strong>{verdict.passed ? t(lang, 'passed') : t(lang, 'failed')}</strong>
          </li>
        ))}
      </ul>
      {check.applicationDeadline ? <p>{lastDayText(check.applicationDeadline, lang)}</p> : ''}
      {rejected.length > 0 ? (
        <p data-testid="rejected-courts">
          {t(lang, 'rejectedHere', { courts: rejected.map((court) => court.name).join(lang === 'zh' ? '、' : ', ') })}
        </p>
      ) : (
        ''
      )}
      {courts.length === 0 ? (
        <p>{t(lang, 'noCourt')}</p>
      ) : (
        <form method="post" action={`/cases/${props.disputeId}/confirmation`} data-testid="apply-form" novalidate>
          <input type="hidden" name="csrf" value={props.form.values.csrf ?? ''} />
          <Field
            lang={lang}
            form={props.form}
            name="courtId"
            label={confirmationText.court}
            required
            options={[
              { value: '', label: lang === 'zh' ? '请选择' : 'Choose' },
              ...courts.map((court) => ({
                value: court.courtId,
                label: `${court.name} (${court.grounds.map((ground) => groundText[ground.ground][lang]).join(lang === 'zh' ? '、' : ', ')})`,
              })),
            ]}
          />
          <button type="submit">{t(lang, 'apply')}</button>
        </form>
      )}
    </section>
  );
}
