import type { SigningLinkSummary, SigningLinkView } from '../../../../shared/use-cases/settlements/signing-links';
import type { Lang } from '../kit/language';
import type { Bilingual } from '../kit/messages';
import {
  CarriedProof,
  CheckField,
  ErrorSummary,
  type FormState,
  FreshCodeForm,
  lastDayText,
  Notice,
  ProofFields,
  sayFrom,
  trusted,
} from '../kit/page-kit';

/*
 * The one-time signing link's pages (/s/{token}) on the page kit, in the join page's two steps: the
 * link alone shows only that a settlement waits (a forwarded SMS or a shared phone reads no terms,
 * names or amounts); the code from the message and the last 4 ID characters open the settlement,
 * read from its canonical document, with the sign form carrying that proof, judged again on
 * signing. Every refusal at its field, with what was typed kept.
 */

export const signingText = {
  title: { zh: '签署调解协议', en: 'Sign the settlement' },
  waiting: {
    zh: '纠纷 {reference} 的调解协议等待您签署。',
    en: 'A settlement of dispute {reference} is waiting for your signature.',
  },
  proveIntro: {
    zh: '请输入消息中的验证码和您身份证号码的后 4 位，核实身份后即可阅读并签署协议。',
    en: 'Enter the code from the message and the last 4 characters of your ID number to read and sign the settlement.',
  },
  prove: { zh: '核实身份并阅读协议', en: 'Prove who I am and read the settlement' },
  freshCodeNote: {
    zh: '未收到验证码或验证码已失效？可获取新的验证码，它将发送到接收签署链接的号码或邮箱。',
    en: 'No code, or it no longer works? Ask for a fresh one: it goes to the phone or email the signing link was sent to.',
  },
  intro: {
    zh: '{name}，请阅读以下调解协议（纠纷 {reference}，第 {version} 版）并签署。',
    en: '{name}, please read the settlement below (dispute {reference}, version {version}) and sign it.',
  },
  agree: { zh: '本人已阅读并同意上述协议', en: 'I have read and agree to this settlement' },
  agreeNeeded: { zh: '请确认已阅读并同意协议', en: 'Confirm you have read and agree to the settlement' },
  sign: { zh: '签署', en: 'Sign' },
  signedTitle: { zh: '已签署', en: 'Signed' },
  signed: {
    zh: '纠纷 {reference} 的调解协议（第 {version} 版）已由您签署。',
    en: 'You have signed version {version} of the settlement of dispute {reference}.',
  },
  effective: {
    zh: '各方均已签署，协议已生效。申请司法确认的期限届满：{at}。',
    en: 'Every party has signed: the settlement is effective. The period to apply for judicial confirmation ends {at}.',
  },
  awaitingOthers: {
    zh: '其他当事人签署后协议生效。',
    en: 'The settlement takes effect once every party has signed.',
  },
  documentChanged: {
    zh: '协议内容已变更，请重新打开签署链接阅读后再签署。',
    en: 'The settlement has changed: open the signing link again and read it before signing.',
  },
  unavailableTitle: { zh: '签署链接不可用', en: 'Signing link unavailable' },
  linkClosed: {
    zh: '此签署链接已使用、已被新链接取代或已过期，请使用最新的消息或获取新链接。',
    en: 'This signing link was used, replaced by a newer one, or has expired: use the latest message or ask for a new link.',
  },
  codeSent: {
    zh: '新的签署验证码已通过{channel}发送，此前的验证码已失效。',
    en: 'A new signing code was sent by {channel}; earlier codes no longer work.',
  },
} as const satisfies Record<string, Bilingual>;

const t = sayFrom(signingText);

/** GET /s/{token}: that a settlement waits, the proof form and the fresh code; nothing of the settlement. */
export function SigningProofStep(props: { lang: Lang; token: string; summary: SigningLinkSummary; form: FormState }) {
  const { lang, token, form } = props;
  return (
    <>
      <h1>{t(lang, 'title')}</h1>
      <ErrorSummary lang={lang} form={form} testId="problems" />
      <p data-testid="waiting">{t(lang, 'waiting', { reference: props.summary.reference })}</p>
      <p>{t(lang, 'proveIntro')}</p>
      <form method="post" action={`/s/${token}/document`} data-testid="proof-form" novalidate>
        <ProofFields lang={lang} form={form} />
        <button type="submit">{t(lang, 'prove')}</button>
      </form>
      <FreshCodeForm lang={lang} action={`/s/${token}/code`} />
      <p class="muted">{t(lang, 'freshCodeNote')}</p>
    </>
  );
}

/** After the proof: the document, its hash, and the sign form carrying the proof just given. */
export function SigningStep(props: {
  lang: Lang;
  token: string;
  view: SigningLinkView;
  documentHtml: string;
  form: FormState;
}) {
  const { lang, token, view, form } = props;
  return (
    <>
      <h1>{t(lang, 'title')}</h1>
      <ErrorSummary lang={lang} form={form} testId="problems" />
      <p>{t(lang, 'intro', { name: view.partyName, reference: view.reference, version: view.version })}</p>
      <article class="canonical" data-testid="settlement-document">
        {trusted(props.documentHtml)}
      </article>
      <form method="post" action={`/s/${token}`} data-testid="sign-link-form" novalidate>
        <input type="hidden" name="documentSha256" value={view.documentSha256} />
        <CarriedProof form={form} />
        <CheckField lang={lang} form={form} name="agree" label={signingText.agree} />
        <button type="submit">{t(lang, 'sign')}</button>
      </form>
    </>
  );
}

/** After signing: what was signed and what happens next. */
export function SignedStep(props: {
  lang: Lang;
  reference: string;
  version: number;
  applicationDeadline?: { lastDay: string } | undefined;
}) {
  const { lang } = props;
  return (
    <>
      <h1>{t(lang, 'signedTitle')}</h1>
      <Notice kind="ok" testId="signed">
        {t(lang, 'signed', { reference: props.reference, version: props.version })}
      </Notice>
      <p data-testid="next">
        {props.applicationDeadline
          ? t(lang, 'effective', { at: lastDayText(props.applicationDeadline, lang) })
          : t(lang, 'awaitingOthers')}
      </p>
    </>
  );
}
