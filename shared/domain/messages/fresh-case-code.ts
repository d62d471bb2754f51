import { freshCode } from '../mediation/invitation';
import type { MessageContent } from './message-record';
import { newReferenceCode } from './reference-code';
import { codeTexts, type MessageLanguage, platformSignature, smsSignature } from './sms-texts';
import { verifyFooterHtml, verifyFooterText } from './verify-link';

/** What a code of a case opens: an invitation to the dispute, or a settlement's signing link. */
export type CaseCodeKind = 'invitation' | 'signing';

/** How the email names each kind of code; the dispute's reference follows the English and precedes the Chinese words. */
const emailWords: Record<
  CaseCodeKind,
  { subjectEn: string; subjectZh: string; en: (caseReference: string) => string; zh: string }
> = {
  invitation: {
    subjectEn: 'New code',
    subjectZh: '新验证码',
    en: (caseReference) => `Your new code for dispute ${caseReference}`,
    zh: '的新验证码为',
  },
  signing: {
    subjectEn: 'New signing code',
    subjectZh: '新签署验证码',
    en: (caseReference) => `Your new signing code for the settlement of dispute ${caseReference}`,
    zh: '调解协议的新签署验证码为',
  },
};

/**
 * A fresh code of a case, with the message that carries it to `address` (the platform's own, as
 * every case message is): a short SMS in the dispute's language, or an email in both languages;
 * either with its reference and the absolute /verify address (`publicBaseUrl`). The code goes in the message's secrets, never in the logs.
 * `message` is what a message request takes beside its chain, purpose and actor.
 */
export function freshCaseCodeMessage(
  kind: CaseCodeKind,
  address: { channel: 'sms' | 'email'; to: string },
  dispute: { id: string; language: MessageLanguage },
  publicBaseUrl: string,
): {
  code: string;
  message: { content: MessageContent; secrets: string[]; reference: { code: string; issuer: string } };
} {
  const code = freshCode();
  const caseReference = dispute.id.slice(-8);
  const reference = newReferenceCode('MS');
  const signature = smsSignature(platformSignature);
  const carrying = (content: MessageContent) => ({
    content,
    secrets: [code],
    reference: { code: reference, issuer: platformSignature },
  });
  if (address.channel === 'sms') {
    const text = codeTexts[`${kind}Code`][dispute.language]({ signature, caseReference, code, reference });
    return { code, message: carrying({ channel: 'sms', to: address.to, text }) };
  }
  const words = emailWords[kind];
  const content: MessageContent = {
    channel: 'email',
    to: address.to,
    subject: `${words.subjectEn}, dispute ${caseReference} / ${words.subjectZh} ${caseReference}`,
    text: `${signature}${words.en(caseReference)} is ${code}. Earlier codes no longer work. 纠纷 ${caseReference} ${words.zh} ${code}，此前的验证码已失效。${verifyFooterText(publicBaseUrl, reference)}`,
    html: `<p>${signature}</p><p>${words.en(`<b>${caseReference}</b>`)} is <b>${code}</b>. Earlier codes no longer work.</p><p>纠纷 ${caseReference} ${words.zh} <b>${code}</b>，此前的验证码已失效。</p>${verifyFooterHtml(publicBaseUrl, reference)}`,
    fromName: platformSignature,
  };
  return { code, message: carrying(content) };
}
