import { ratingScores } from '../../../../shared/domain/mediation/mediation-rating';
import type { GivenRating } from '../../../../shared/use-cases/disputes/rate-mediation';
import { formKeyField } from '../form-once';
import type { Lang } from '../kit/language';
import type { Bilingual } from '../kit/messages';
import { beijingTime, ErrorSummary, Field, type FormState, Notice, sayFrom } from '../kit/page-kit';

export const ratingText = {
  heading: { zh: '评价本次调解', en: 'Rate this mediation' },
  intro: {
    zh: '调解已结束。您可以对调解员 {mediator} 评分一次，评分计入其公开的平均分，其他当事人看不到您的评语。',
    en: 'The mediation has ended. You may rate the mediator, {mediator}, once; the score counts in their public average, and the other parties do not see your comment.',
  },
  score: { zh: '评分', en: 'Score' },
  scoreHint: { zh: '1 分最低，5 分最高', en: '1 is the lowest, 5 the highest' },
  choose: { zh: '请选择', en: 'Choose' },
  scoreOption: { zh: '{n} 分', en: '{n} of 5' },
  comment: { zh: '评语（可选）', en: 'Comment (optional)' },
  submit: { zh: '提交评分', en: 'Submit the rating' },
  scoreNeeded: { zh: '请选择 1 至 5 分', en: 'Choose a score from 1 to 5' },
  rated: { zh: '感谢您的评价。', en: 'Thank you for your rating.' },
  alreadyRated: {
    zh: '您已评价过本次调解，每方只能评价一次。',
    en: 'You have rated this mediation already; each party rates once.',
  },
  inProgress: {
    zh: '您的评分正在提交，请稍候刷新本页。',
    en: 'Your rating is being submitted; reload this page in a moment.',
  },
  yourRating: { zh: '您的评分：{n} 分（满分 5 分）', en: 'Your rating: {n} of 5' },
  ratedAt: { zh: '评价于 {at}', en: 'Rated on {at}' },
} as const satisfies Record<string, Bilingual>;

const t = sayFrom(ratingText);

/**
 * The rating of a closed mediation on the case page: the form (score and an optional comment,
 * errors at the field, what was typed kept), or the rating this party already gave.
 */
export function RatingSection(props: {
  lang: Lang;
  disputeId: string;
  mediatorName: string;
  given?: GivenRating;
  form: FormState;
  notice?: 'rated' | 'already_rated';
}) {
  const { lang, form } = props;
  return (
    <section aria-labelledby="rating-heading" id="rating">
      <h2 id="rating-heading">{t(lang, 'heading')}</h2>
      {props.notice === 'rated' ? (
        <Notice kind="ok" testId="rating-done">
          {t(lang, 'rated')}
        </Notice>
      ) : props.notice === 'already_rated' ? (
        <Notice kind="info" testId="rating-done">
          {t(lang, 'alreadyRated')}
        </Notice>
      ) : (
        ''
      )}
      {props.given ? (
        <div data-testid="given-rating">
          <p data-testid="given-score">{t(lang, 'yourRating', { n: props.given.score })}</p>
          {props.given.comment ? (
            <p class="document" data-testid="given-comment">
              {props.given.comment}
            </p>
          ) : (
            ''
          )}
          <p class="muted">{t(lang, 'ratedAt', { at: beijingTime(props.given.at, lang) })}</p>
        </div>
      ) : (
        <form method="post" action={`/cases/${props.disputeId}/rating`} data-testid="rating-form" novalidate>
          <p>{t(lang, 'intro', { mediator: props.mediatorName })}</p>
          <ErrorSummary lang={lang} form={form} testId="rating-errors" />
          <input type="hidden" name="csrf" value={form.values.csrf ?? ''} />
          <input type="hidden" name={formKeyField} value={form.values[formKeyField] ?? ''} />
          <Field
            lang={lang}
            form={form}
            name="score"
            label={ratingText.score}
            hint={ratingText.scoreHint}
            required
            options={[
              { value: '', label: t(lang, 'choose') },
              ...ratingScores.map((n) => ({ value: String(n), label: t(lang, 'scoreOption', { n }) })),
            ]}
          />
          <Field lang={lang} form={form} name="comment" label={ratingText.comment} multiline maxlength={1000} />
          <button type="submit">{t(lang, 'submit')}</button>
        </form>
      )}
    </section>
  );
}
