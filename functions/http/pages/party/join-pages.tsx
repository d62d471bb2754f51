import { consentBases } from '../../../../shared/domain/mediation/case-party';
import { declineReasons } from '../../../../shared/domain/mediation/dispute';
import type { InvitedClaim } from '../../../../shared/use-cases/disputes/decline-mediation';
import type { InvitationView } from '../../../../shared/use-cases/disputes/join-dispute';
import { CarriedProof, CheckField, FreshCodeForm, ProofFields } from '../kit/form-kit';
import type { Lang } from '../kit/language';
import { categoryNames, channelName } from '../kit/messages';
import { ErrorSummary, Field, type FormState, lastDayText, money, Notice, say, sayFrom } from '../kit/page-kit';
import { consentBasisText, declineReasonText, joinText } from './join-messages';

/*
 * The respondent's way in (DESIGN.md, Identity; issue 13): prove who you are with the code and the
 * ID digits, read the claim, then join (with or without consent to electronic service) or decline.
 * `base` is the path the invitation was opened under (/join or the SMS's short /j).
 */

const t = sayFrom(joinText);

function Intro(props: { lang: Lang; view: InvitationView }) {
  const { lang, view } = props;
  return (
    <p>
      {t(lang, 'intro', {
        name: view.partyName,
        role: t(lang, view.role === 'respondent' ? 'respondent' : 'applicant'),
        reference: view.reference,
      })}
    </p>
  );
}

/** Step one: the proof. */
export function ProofStep(props: { lang: Lang; base: string; token: string; view: InvitationView; form: FormState }) {
  const { lang, base, token } = props;
  return (
    <>
      <h1>{t(lang, 'title')}</h1>
      <ErrorSummary lang={lang} form={props.form} />
      <Intro lang={lang} view={props.view} />
      <form method="post" action={`${base}/${token}/claim`} data-testid="proof-form" novalidate>
        <ProofFields lang={lang} form={props.form} />
        <button type="submit">{t(lang, 'prove')}</button>
      </form>
      <FreshCodeForm lang={lang} action={`${base}/${token}/code`} />
      <p class="muted">{t(lang, 'freshCodeNote')}</p>
    </>
  );
}

function ClaimFacts(props: { lang: Lang; claim: InvitedClaim }) {
  const { lang, claim } = props;
  return (
    <section aria-labelledby="claim-heading" data-testid="claim">
      <h2 id="claim-heading">{t(lang, 'claimTitle')}</h2>
      <p>{t(lang, 'claimIntro')}</p>
      <dl class="facts">
        <dt>{t(lang, 'reference')}</dt>
        <dd>{claim.reference}</dd>
        <dt>{t(lang, 'category')}</dt>
        <dd data-testid="claim-category">{categoryNames[claim.category][lang]}</dd>
        <dt>{t(lang, 'amount')}</dt>
        <dd data-testid="claim-amount">{money(claim.claim.amountMinor, claim.claim.currency, lang)}</dd>
        <dt>{t(lang, 'applicants')}</dt>
        <dd data-testid="claim-applicant">{claim.applicants.join(lang === 'zh' ? '、' : ', ')}</dd>
        <dt>{t(lang, 'mediationEnds')}</dt>
        <dd>{lastDayText(claim.mediationDeadline, lang)}</dd>
      </dl>
      <h3>{t(lang, 'summary')}</h3>
      <p class="document" data-testid="claim-summary">
        {claim.summary}
      </p>
    </section>
  );
}

/**
 * Step two: the claim (when just proven; after a refused decision the claim is not read again, so
 * as not to spend another try), the join form and the decline form.
 */
export function DecisionStep(props: {
  lang: Lang;
  base: string;
  token: string;
  view: InvitationView;
  claim?: InvitedClaim;
  joinForm: FormState;
  declineForm: FormState;
}) {
  const { lang, base, token, joinForm, declineForm } = props;
  return (
    <>
      <h1>{t(lang, 'title')}</h1>
      <ErrorSummary lang={lang} form={joinForm} testId="join-errors" />
      <ErrorSummary lang={lang} form={declineForm} testId="decline-errors" />
      <Intro lang={lang} view={props.view} />
      {props.claim ? <ClaimFacts lang={lang} claim={props.claim} /> : ''}
      <section aria-labelledby="join-heading">
        <h2 id="join-heading">{t(lang, 'joinHeading')}</h2>
        <form method="post" action={`${base}/${token}`} data-testid="join-form" novalidate>
          <CarriedProof form={joinForm} />
          <Field
            lang={lang}
            form={joinForm}
            name="consentBasis"
            label={joinText.consentBasis}
            options={consentBases.map((basis) => ({ value: basis, label: consentBasisText[basis][lang] }))}
          />
          <Field lang={lang} form={joinForm} name="evidence" label={joinText.evidence} maxlength={200} />
          <Field lang={lang} form={joinForm} name="phone" label={joinText.phone} type="tel" autocomplete="tel" />
          <Field lang={lang} form={joinForm} name="email" label={joinText.email} type="email" autocomplete="email" />
          <CheckField lang={lang} form={joinForm} name="agree" label={joinText.agree} />
          <p class="muted">{t(lang, 'consentNote')}</p>
          <button type="submit">{t(lang, 'joinButton')}</button>
        </form>
      </section>
      <section aria-labelledby="decline-heading">
        <h2 id="decline-heading">{t(lang, 'declineHeading')}</h2>
        <p>{t(lang, 'declineIntro')}</p>
        <form method="post" action={`${base}/${token}/decline`} data-testid="decline-form" novalidate>
          <CarriedProof form={declineForm.values.code ? declineForm : joinForm} />
          <Field
            lang={lang}
            form={declineForm}
            name="reason"
            label={joinText.declineReason}
            required
            options={[
              { value: '', label: lang === 'zh' ? '请选择' : 'Choose' },
              ...declineReasons.map((reason) => ({ value: reason, label: declineReasonText[reason][lang] })),
            ]}
          />
          <Field lang={lang} form={declineForm} name="note" label={joinText.declineNote} multiline maxlength={500} />
          <button type="submit" class="danger">
            {t(lang, 'declineButton')}
          </button>
        </form>
      </section>
    </>
  );
}

export function JoinedStep(props: { lang: Lang; reference: string; disputeId: string; consented: boolean }) {
  const { lang } = props;
  const next = `/auth/sign-in?pool=parties&return=${encodeURIComponent(`/cases/${props.disputeId}`)}`;
  return (
    <>
      <h1>{t(lang, 'joinedTitle')}</h1>
      <Notice kind="ok" testId="joined">
        {t(lang, props.consented ? 'joinedConsented' : 'joinedNoConsent', { reference: props.reference })}
      </Notice>
      <p>
        <a class="button" href={next} data-testid="follow-your-case">
          {t(lang, 'continueToCase')}
        </a>
      </p>
      <p class="muted">{t(lang, 'firstSignIn')}</p>
    </>
  );
}

export function DeclinedStep(props: { lang: Lang; reference: string }) {
  return (
    <>
      <h1>{t(props.lang, 'declinedTitle')}</h1>
      <Notice kind="ok" testId="declined">
        {t(props.lang, 'declinedBody', { reference: props.reference })}
      </Notice>
    </>
  );
}

export function CodeSentStep(props: { lang: Lang; base: string; token: string; channel: 'sms' | 'email' }) {
  const { lang } = props;
  return (
    <>
      <h1>{say(lang, 'codeSentTitle')}</h1>
      <Notice kind="ok">{t(lang, 'codeSentBody', { channel: say(lang, channelName(props.channel)) })}</Notice>
      <p>
        <a href={`${props.base}/${props.token}`}>{say(lang, 'back')}</a>
      </p>
    </>
  );
}

export function UnavailableStep(props: { lang: Lang; message: { zh: string; en: string } }) {
  return (
    <>
      <h1>{t(props.lang, 'unavailableTitle')}</h1>
      <Notice kind="error" testId="problems">
        {props.message[props.lang]}
      </Notice>
    </>
  );
}
