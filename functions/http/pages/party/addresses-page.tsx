import type { OwnAddressesView } from '../../../../shared/use-cases/service/own-addresses';
import type { Lang } from '../kit/language';
import type { Bilingual } from '../kit/messages';
import { beijingTime, CheckField, ErrorSummary, Field, type FormState, Notice, sayFrom } from '../kit/page-kit';

export const addressText = {
  title: { zh: '我的送达地址', en: 'My addresses for service' },
  intro: {
    zh: '您在此填写的地址是您本人指定的送达地址：文书送达到这些地址，以送达回执为准即视为送达。',
    en: 'Addresses you give here are your own designated addresses for service: a document is served once its delivery receipt arrives.',
  },
  consent: { zh: '电子送达同意', en: 'Consent to electronic service' },
  consentSince: { zh: '已同意（{at}）', en: 'Given ({at})' },
  noConsent: { zh: '尚未同意', en: 'Not given' },
  verified: { zh: '身份核验', en: 'Identity' },
  isVerified: { zh: '已核验', en: 'Verified' },
  notVerified: {
    zh: '未核验（须先核验身份才能指定送达地址）',
    en: 'Not verified (needed before designating addresses)',
  },
  list: { zh: '已登记的地址', en: 'Addresses on record' },
  none: { zh: '暂无地址。', en: 'No address yet.' },
  sms: { zh: '手机', en: 'Mobile' },
  email: { zh: '邮箱', en: 'Email' },
  add: { zh: '添加送达地址', en: 'Add an address for service' },
  phone: { zh: '手机号码', en: 'Mobile number' },
  emailField: { zh: '邮箱地址', en: 'Email address' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '地址已保存。', en: 'The address is saved.' },
  oneNeeded: { zh: '请至少填写一个地址', en: 'Give at least one address' },
  consentBox: {
    zh: '我同意人民法院和调解组织以电子方式向我送达文书（本人声明）',
    en: 'I agree that courts and mediation organizations serve documents on me electronically (my own declaration)',
  },
  consentHint: {
    zh: '未同意电子送达前，法院的文书不会通过短信或邮件送达给您。',
    en: 'Until you agree, a court’s documents are not served on you by SMS or email.',
  },
} as const satisfies Record<string, Bilingual>;

const t = sayFrom(addressText);

export function AddressesPage(props: { lang: Lang; view: OwnAddressesView; form: FormState; saved?: boolean }) {
  const { lang, view } = props;
  return (
    <>
      <h1>{t(lang, 'title')}</h1>
      {props.saved ? (
        <Notice kind="ok" testId="done">
          {t(lang, 'saved')}
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary lang={lang} form={props.form} />
      <p>{t(lang, 'intro')}</p>
      <dl class="facts">
        <dt>{t(lang, 'consent')}</dt>
        <dd>
          {view.consent
            ? t(lang, 'consentSince', { at: beijingTime(view.consent.recordedAt, lang) })
            : t(lang, 'noConsent')}
        </dd>
        <dt>{t(lang, 'verified')}</dt>
        <dd>{view.identityVerified ? t(lang, 'isVerified') : t(lang, 'notVerified')}</dd>
      </dl>
      <h2>{t(lang, 'list')}</h2>
      {view.addresses.length === 0 ? (
        <p class="muted">{t(lang, 'none')}</p>
      ) : (
        <ul data-testid="addresses">
          {view.addresses.map((address) => (
            <li>
              {t(lang, address.channel === 'sms' ? 'sms' : 'email')}: {address.value}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/addresses" data-testid="address-form" novalidate>
        <h2>{t(lang, 'add')}</h2>
        <input type="hidden" name="csrf" value={props.form.values.csrf ?? ''} />
        <Field lang={lang} form={props.form} name="phone" label={addressText.phone} type="tel" autocomplete="tel" />
        <Field
          lang={lang}
          form={props.form}
          name="email"
          label={addressText.emailField}
          type="email"
          autocomplete="email"
        />
        {view.consent ? (
          ''
        ) : (
          <>
            <p class="hint" data-testid="consent-hint">
              {t(lang, 'consentHint')}
            </p>
            <CheckField lang={lang} form={props.form} name="consent" label={addressText.consentBox} />
          </>
        )}
        <button type="submit">{t(lang, 'save')}</button>
      </form>
    </>
  );
}
