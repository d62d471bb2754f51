import type { Context } from 'hono';
import type { ServedDocumentView } from '../../../../shared/use-cases/service/portal';
import type { Lang } from '../kit/language';
import { type Bilingual, channelName, messages } from '../kit/messages';
import {
  beijingTime,
  CheckField,
  ErrorSummary,
  type FormState,
  FreshCodeForm,
  Notice,
  ProofFields,
  renderPage,
  say,
  sayFrom,
} from '../kit/page-kit';

/*
 * The recipient portal's pages (/r/{token}) on the page kit: the proof form, the served document
 * with its hash, the download and "sign for receipt", and the short message pages (a fresh code
 * sent, a link that cannot be used). One language per page, the other on the language switch;
 * every refusal at its field, with what was typed kept.
 */

/** What the proof form shows before anyone proved anything: who serves which document, nothing personal. */
export interface LinkDescription {
  issuer: string;
  title: string;
  kind: string;
  reference: string;
  needsIdDigits: boolean;
}

/** What the document page shows after the proof. */
export type DocumentFacts = Pick<
  ServedDocumentView,
  'issuer' | 'title' | 'kind' | 'mediaType' | 'sha256' | 'size' | 'reference' | 'acknowledgedAt'
>;

export const portalText = {
  title: { zh: '电子送达', en: 'Electronic service' },
  serving: { zh: '{issuer} 向您送达一份{kind}。', en: '{issuer} is serving a {kind} on you.' },
  document: { zh: '文书', en: 'Document' },
  reference: { zh: '编号', en: 'Reference' },
  from: { zh: '送达机关', en: 'From' },
  size: { zh: '大小', en: 'Size' },
  proveFirstNote: {
    zh: '请先核实身份再查看文书。可在核验页面确认本条消息是否真实：',
    en: 'Prove who you are to read the document. You can check that the message is genuine:',
  },
  verifyLink: { zh: '核验消息', en: 'Check the message' },
  open: { zh: '查看文书', en: 'Open the document' },
  freshCodeNote: {
    zh: '新验证码只发送到送达消息所用的手机号码或邮箱，此前的验证码随即失效。同一验证码错误 20 次后失效，需获取新验证码。',
    en: 'A new code is sent only to the phone or email the service message went to; earlier codes stop working. After 20 wrong tries a code stops working until you ask for a new one.',
  },
  hashNote: {
    zh: 'SHA-256 是文书的数字指纹：下载后可自行核对，与送达证明中的一致即为原件。',
    en: "The SHA-256 is the document's fingerprint: the downloaded file has the same one as the proof of service.",
  },
  download: { zh: '下载文书', en: 'Download the document' },
  confirm: {
    zh: '本人确认已收到并可以阅读上述文书。签收即视为同意以电子方式接收送达。',
    en: 'I confirm I received this document and can read it. Signing counts as consent to electronic service.',
  },
  confirmNeeded: { zh: '请勾选确认后再签收', en: 'Tick the confirmation first' },
  signFor: { zh: '签收', en: 'Sign for receipt' },
  signedFor: { zh: '已签收：{at}', en: 'Signed for: {at}' },
  codeClosed: {
    zh: '此验证码已失效，请获取新验证码。',
    en: 'This code no longer works: ask for a new code below.',
  },
  linkLocked: {
    zh: '此验证码错误次数过多，已失效，请获取新验证码。',
    en: 'Too many wrong tries of this code: ask for a new code below.',
  },
  tooManyHere: {
    zh: '本设备尝试次数过多，请稍后再试。',
    en: 'Too many wrong tries from here: try again later.',
  },
  ownCodeLimit: { zh: '新验证码刚刚发送过，请稍后再试。', en: 'A new code was sent recently: try again later.' },
  linkExpired: {
    zh: '链接已过期，请联系送达机关。',
    en: 'This link has expired: contact the court that served you.',
  },
  notFound: { zh: '链接无效。', en: 'This link is not valid.' },
  busy: { zh: '请求过于频繁，请稍后再试。', en: 'Too many requests at once: try again shortly.' },
  cannotOpen: { zh: '无法打开', en: 'Cannot open the document' },
  linkNotValid: { zh: '链接无效', en: 'Link not valid' },
  codeSent: {
    zh: '新的验证码已通过{channel}发送到送达消息所用的地址，此前的验证码已失效。',
    en: 'A new code was sent by {channel} to the address the service message went to; earlier codes no longer work.',
  },
  proveFirstTitle: { zh: '请先核实身份', en: 'Prove who you are first' },
  proveFirst: { zh: '核实身份后方可查看。', en: 'Prove who you are to continue.' },
  proveAction: { zh: '核实身份', en: 'Prove who you are' },
  formExpiredTitle: { zh: '表单已过期', en: 'The form has expired' },
  formExpired: {
    zh: '表单校验未通过，未做任何更改。请返回重新提交。',
    en: 'The form failed its check and nothing was changed. Go back and submit it again.',
  },
} as const satisfies Record<string, Bilingual>;

export const kindNames: Record<string, Bilingual> = {
  notice: { zh: '通知书', en: 'notice' },
  summons: { zh: '传票', en: 'summons' },
  ruling: { zh: '裁判文书', en: 'ruling' },
  settlement: { zh: '调解协议', en: 'settlement agreement' },
};

const t = sayFrom(portalText);

const kindOf = (kind: string, lang: Lang) => kindNames[kind]?.[lang] ?? kind;

/** GET /r/{token}: who serves which document, and the proof form. */
export function PortalProofStep(props: { lang: Lang; token: string; view: LinkDescription; form: FormState }) {
  const { lang, token, view, form } = props;
  return (
    <>
      <h1>{t(lang, 'title')}</h1>
      <p>{t(lang, 'serving', { issuer: view.issuer, kind: kindOf(view.kind, lang) })}</p>
      <dl class="facts">
        <dt>{t(lang, 'document')}</dt>
        <dd data-testid="title">{view.title}</dd>
        <dt>{t(lang, 'reference')}</dt>
        <dd>{view.reference}</dd>
      </dl>
      <p class="muted">
        {t(lang, 'proveFirstNote')} <a href={`/verify?ref=${view.reference}`}>{t(lang, 'verifyLink')}</a>
      </p>
      <ErrorSummary lang={lang} form={form} testId="problems" />
      <form method="post" action={`/r/${token}`} data-testid="proof-form" novalidate>
        <input type="hidden" name="csrf" value={form.values.csrf ?? ''} />
        <ProofFields lang={lang} form={form} idDigits={view.needsIdDigits} />
        <button type="submit">{t(lang, 'open')}</button>
      </form>
      <FreshCodeForm lang={lang} action={`/r/${token}/code`} csrf={form.values.csrf ?? ''} />
      <p class="muted">{t(lang, 'freshCodeNote')}</p>
    </>
  );
}

/** GET /r/{token} after the proof: the document, its hash, the download and "sign for receipt". */
export function PortalDocumentStep(props: { lang: Lang; token: string; facts: DocumentFacts; form: FormState }) {
  const { lang, token, facts, form } = props;
  const kind = kindNames[facts.kind];
  return (
    <>
      <h1>{kind ? `${kind[lang].charAt(0).toUpperCase()}${kind[lang].slice(1)}` : facts.kind}</h1>
      {facts.acknowledgedAt ? (
        <Notice kind="ok" testId="signed">
          {t(lang, 'signedFor', { at: beijingTime(facts.acknowledgedAt, lang) })}
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary lang={lang} form={form} testId="problems" />
      <dl class="facts">
        <dt>{t(lang, 'from')}</dt>
        <dd>{facts.issuer}</dd>
        <dt>{t(lang, 'document')}</dt>
        <dd data-testid="title">{facts.title}</dd>
        <dt>{t(lang, 'reference')}</dt>
        <dd>{facts.reference}</dd>
        <dt>{t(lang, 'size')}</dt>
        <dd>{Math.max(1, Math.round(facts.size / 1024))} KB</dd>
        <dt>SHA-256</dt>
        <dd class="hash" data-testid="sha256">
          {facts.sha256}
        </dd>
      </dl>
      <p class="muted">{t(lang, 'hashNote')}</p>
      <p>
        <a class="button" href={`/r/${token}/document`} data-testid="download">
          {t(lang, 'download')}
        </a>
      </p>
      {facts.acknowledgedAt ? (
        ''
      ) : (
        <form method="post" action={`/r/${token}/acknowledge`} data-testid="acknowledge-form" novalidate>
          <input type="hidden" name="csrf" value={form.values.csrf ?? ''} />
          <CheckField lang={lang} form={form} name="confirm" label={portalText.confirm} />
          <button type="submit">{t(lang, 'signFor')}</button>
        </form>
      )}
    </>
  );
}

/** A short page: what happened, and the way on. */
export function PortalMessage(props: {
  lang: Lang;
  title: Bilingual;
  message: Bilingual;
  kind?: 'ok' | 'error' | 'info';
  action?: { href: string; label: Bilingual };
}) {
  const { lang } = props;
  return (
    <>
      <h1>{props.title[lang]}</h1>
      <Notice kind={props.kind ?? 'error'} testId="problems">
        {props.message[lang]}
      </Notice>
      {props.action ? (
        <p>
          <a class="button" href={props.action.href}>
            {props.action.label[lang]}
          </a>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

/**
 * The page after a fresh code was sent (202): `sent` says so with the `{channel}` it went by, and the
 * way back is the link's own page.
 */
export function codeSentPage(c: Context, props: { sent: Bilingual; channel: 'sms' | 'email'; back: string }) {
  return renderPage(c, {
    title: messages.codeSentTitle,
    status: 202,
    body: (lang) => (
      <PortalMessage
        lang={lang}
        kind="ok"
        title={messages.codeSentTitle}
        message={{
          zh: say('zh', props.sent, { channel: say('zh', channelName(props.channel)) }),
          en: say('en', props.sent, { channel: say('en', channelName(props.channel)) }),
        }}
        action={{ href: props.back, label: messages.back }}
      />
    ),
  });
}
