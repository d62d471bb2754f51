import type { Child } from 'hono/jsx';
import type { Dispute } from '../../../../shared/domain/mediation/dispute';
import type { Candidate } from '../../../../shared/domain/mediation/matching';
import type { CaseStage } from '../../../../shared/domain/settlement/case-stage';
import type { DisputeView } from '../../../../shared/use-cases/disputes/read-disputes';
import type { Lang } from '../kit/language';
import { categoryNames, statusNames } from '../kit/messages';
import {
  beijingTime,
  ErrorSummary,
  Field,
  type FormState,
  lastDayText,
  money,
  Notice,
  ScrollRegion,
  say,
  sayFrom,
} from '../kit/page-kit';
import { nextStepFor } from './next-step';
import { factorText, nextStepText, partyText, roleText } from './party-messages';
import { timelineLabel } from './timeline-labels';

const t = sayFrom(partyText);

/**
 * Where a case stands and the one next thing its party does, as the list and the case page show
 * them: the list by the dispute's status, the case page by the whole case (`stage`: the settlement
 * and its confirmation too).
 */
function StatusAndNextStep(props: { lang: Lang; status: Dispute['status']; stage?: CaseStage }) {
  const { lang, status } = props;
  return (
    <>
      <dt>{t(lang, 'status')}</dt>
      <dd data-testid="status">{statusNames[status][lang]}</dd>
      <dt>{t(lang, 'next')}</dt>
      <dd class="next" data-testid="next-step">
        {props.stage ? nextStepFor(props.stage, lang) : nextStepText[status][lang]}
      </dd>
    </>
  );
}

const reference = (id: string) => id.slice(-8);

/** "My cases": each case with its status and the one next thing to do. */
export function MyCases(props: { lang: Lang; disputes: readonly Dispute[] }) {
  const { lang } = props;
  return (
    <>
      <h1>{t(lang, 'myCasesTitle')}</h1>
      <p>
        <a class="button" href="/file" data-testid="file-link">
          {say(lang, 'fileDispute')}
        </a>
      </p>
      {props.disputes.length === 0 ? (
        <p class="muted">{t(lang, 'noCases')}</p>
      ) : (
        <ul class="cards" id="cases">
          {props.disputes.map((dispute) => (
            <li data-dispute-id={dispute.id}>
              <h2>
                <a href={`/cases/${dispute.id}`}>
                  {t(lang, 'caseTitle', { reference: reference(dispute.id) })} · {categoryNames[dispute.category][lang]}
                </a>
              </h2>
              <dl class="facts">
                <StatusAndNextStep lang={lang} status={dispute.status} />
                <dt>{t(lang, 'filedOn')}</dt>
                <dd>{beijingTime(dispute.createdAt, lang)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface MediatorCard {
  candidate: Candidate;
  name: string;
  organization: string;
  languages: string[];
  record: { settled: number; closed: number };
  rating?: { mean: number; count: number };
}

const languageNames: Record<string, { zh: string; en: string }> = {
  zh: { zh: '中文', en: 'Chinese' },
  en: { zh: '英语', en: 'English' },
  yue: { zh: '粤语', en: 'Cantonese' },
};

/** The case: facts and deadlines, parties, mediator, recommendations and picks, timeline. */
export function CasePage(props: {
  lang: Lang;
  view: DisputeView;
  mediatorName?: string;
  recommendations: MediatorCard[];
  picksForm: FormState;
  notice?: 'picks_saved' | 'filed' | 'withdrawn';
  hasSettlement?: boolean;
  /** Where the whole case stands for this party (mediation, settlement, confirmation): its next step. */
  stage?: CaseStage;
  /** The application for judicial confirmation and the court's decision, once there is one. */
  decision?: Child;
  /** The rating of the closed mediation (the form, or the rating given), when it can be rated. */
  rating?: Child;
}) {
  const { lang, view } = props;
  const dispute = view.dispute;
  const you = view.parties.find((party) => party.you);
  const myPicks = you ? (dispute.picks[you.partyId] ?? []) : [];
  const nameOf = (id: string) => props.recommendations.find((card) => card.candidate.mediatorId === id)?.name ?? id;
  return (
    <>
      <h1>
        {t(lang, 'caseTitle', { reference: reference(dispute.id) })} · {categoryNames[dispute.category][lang]}
      </h1>
      {props.notice === 'picks_saved' ? (
        <Notice kind="ok" testId="done">
          {t(lang, 'picksSaved')}
        </Notice>
      ) : props.notice === 'filed' ? (
        <Notice kind="ok" testId="done">
          {t(lang, 'filed')}
        </Notice>
      ) : props.notice === 'withdrawn' ? (
        <Notice kind="ok" testId="done">
          {t(lang, 'applicationWithdrawn')}
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary lang={lang} form={props.picksForm} />
      <dl class="facts">
        <StatusAndNextStep lang={lang} status={dispute.status} {...(props.stage ? { stage: props.stage } : {})} />
        <dt>{t(lang, 'amount')}</dt>
        <dd>{money(dispute.claim.amountMinor, dispute.claim.currency, lang)}</dd>
        <dt>{t(lang, 'mediationEnds')}</dt>
        <dd data-testid="deadline">{lastDayText(dispute.mediationDeadline, lang)}</dd>
        <dt>{t(lang, 'extension')}</dt>
        <dd>
          {dispute.extension.used
            ? t(lang, 'extensionUsed')
            : dispute.extension.agreedBy.length > 0
              ? t(lang, 'extensionAgreed', { n: dispute.extension.agreedBy.length })
              : t(lang, 'extensionNone')}
        </dd>
        <dt>{t(lang, 'mediator')}</dt>
        <dd data-testid="mediator">{props.mediatorName ?? t(lang, 'noMediator')}</dd>
      </dl>
      {props.hasSettlement ? (
        <p>
          <a class="button" href={`/cases/${dispute.id}/settlement`} data-testid="settlement-link">
            {t(lang, 'readSettlement')}
          </a>
        </p>
      ) : (
        ''
      )}
      {props.decision ?? ''}
      {props.rating ?? ''}
      <h2>{t(lang, 'parties')}</h2>
      <ul>
        {view.parties.map((party) => (
          <li>
            {t(lang, party.role === 'applicant' ? 'applicant' : 'respondent')}: {party.name}
            {party.you ? t(lang, 'you') : ''} · {party.joinedAt ? t(lang, 'joined') : t(lang, 'notJoined')}
          </li>
        ))}
      </ul>
      {props.recommendations.length > 0 ? (
        <Recommendations
          lang={lang}
          disputeId={dispute.id}
          cards={props.recommendations}
          picksOpen={dispute.status === 'triaged' && you !== undefined}
          form={props.picksForm}
          myPicks={myPicks.map(nameOf)}
        />
      ) : (
        ''
      )}
      <h2 id="timeline-heading">{t(lang, 'timeline')}</h2>
      <ScrollRegion label={t(lang, 'timeline')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'when')}</th>
              <th scope="col">{t(lang, 'what')}</th>
              <th scope="col">{t(lang, 'who')}</th>
            </tr>
          </thead>
          <tbody>
            {view.timeline.map((entry) => (
              <tr>
                <td>{beijingTime(entry.at, lang)}</td>
                <td>{timelineLabel(entry.type)[lang]}</td>
                <td>{roleText[entry.actorRole]?.[lang] ?? entry.actorRole}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}

function Recommendations(props: {
  lang: Lang;
  disputeId: string;
  cards: MediatorCard[];
  picksOpen: boolean;
  form: FormState;
  myPicks: string[];
}) {
  const { lang, cards, form } = props;
  const options = [
    { value: '', label: t(lang, 'none') },
    ...cards.map((card) => ({ value: card.candidate.mediatorId, label: `${card.name} · ${card.organization}` })),
  ];
  return (
    <section aria-labelledby="mediators-heading" id="mediators">
      <h2 id="mediators-heading">{t(lang, 'recommended')}</h2>
      <p class="muted">{t(lang, 'recommendedIntro')}</p>
      <ol class="cards" data-testid="recommendations">
        {cards.map((card) => (
          <li data-mediator-id={card.candidate.mediatorId}>
            <h3>
              {card.name} · {t(lang, 'score', { score: card.candidate.score.toFixed(2) })}
            </h3>
            <dl class="facts">
              <dt>{t(lang, 'organization')}</dt>
              <dd>{card.organization}</dd>
              <dt>{t(lang, 'languages')}</dt>
              <dd>
                {card.languages.map((code) => languageNames[code]?.[lang] ?? code).join(lang === 'zh' ? '、' : ', ')}
              </dd>
              <dt>{t(lang, 'record')}</dt>
              <dd>{t(lang, 'recordValue', card.record)}</dd>
              <dt>{t(lang, 'rating')}</dt>
              <dd>
                {card.rating
                  ? t(lang, 'ratingValue', { mean: card.rating.mean.toFixed(1), count: card.rating.count })
                  : t(lang, 'noRating')}
              </dd>
            </dl>
            <ul data-testid="reasons">
              {card.candidate.factors.map((factor) => (
                <li>
                  {factorText[factor.factor][lang]}: {Math.round(factor.value * 100)}% × {factor.weight} ={' '}
                  {factor.contribution.toFixed(3)}
                </li>
              ))}
            </ul>
            {card.candidate.picked ? <p class="next">{t(lang, 'picked')}</p> : ''}
          </li>
        ))}
      </ol>
      {props.myPicks.length > 0 ? (
        <p data-testid="my-picks">
          {t(lang, 'yourPicksNow', { names: props.myPicks.join(lang === 'zh' ? '、' : ', ') })}
        </p>
      ) : (
        ''
      )}
      {props.picksOpen ? (
        <form method="post" action={`/cases/${props.disputeId}/picks`} data-testid="picks-form" novalidate>
          <h3>{t(lang, 'yourPicks')}</h3>
          <p class="muted">{t(lang, 'picksIntro')}</p>
          <input type="hidden" name="csrf" value={form.values.csrf ?? ''} />
          <Field lang={lang} form={form} name="pick1" label={partyText.pick1} options={options} required />
          <Field lang={lang} form={form} name="pick2" label={partyText.pick2} options={options} />
          <Field lang={lang} form={form} name="pick3" label={partyText.pick3} options={options} />
          <button type="submit">{t(lang, 'savePicks')}</button>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}
