import { escapeHtml } from '../html-escape';
import type { MessageContent } from '../messages/message-record';
import { codeTexts, linkTexts, type MessageLanguage, smsSignature } from '../messages/sms-texts';
import { verifyFooterHtml, verifyFooterText } from '../messages/verify-link';
import type { ServiceChannel } from './address';

export interface ServiceNotice {
  channel: ServiceChannel;
  to: string;
  issuer: string;
  title: string;
  link: string;
  code: string;
  reference: string;
  /** The platform's public origin: the email's /verify address is absolute on it. */
  publicBaseUrl: string;
  /** The recipient's language for the SMS (Chinese unless the request says otherwise); the email has both. */
  language?: MessageLanguage;
}

/**
 * The message of one service attempt (issue 4, item 3): who serves, which document, the portal
 * link, the code that opens it and the reference code anyone can check at /verify. Never the
 * document's content: it is read in the portal, after the recipient proves who they are.
 */
export function composeServiceMessage(notice: ServiceNotice): MessageContent {
  const { issuer, title, link, code, reference } = notice;
  if (notice.channel === 'sms') {
    // Short: the court's signature, the link, the code and the reference (two segments at most).
    const signature = smsSignature(issuer);
    return {
      channel: 'sms',
      to: notice.to,
      text: linkTexts.service[notice.language ?? 'zh']({ signature, link, code, reference }),
    };
  }
  const text =
    `【${issuer}】您有一份法律文书《${title}》待签收：${link} 验证码 ${code}，核验编号 ${reference}。` +
    ` ${issuer} has served "${title}" on you: open ${link}, code ${code}, reference ${reference}.\n\n` +
    verifyFooterText(notice.publicBaseUrl, reference);
  const html = [
    `<p>${escapeHtml(issuer)} has served a document on you: <b>${escapeHtml(title)}</b>.</p>`,
    `<p><a href="${escapeHtml(link)}">Open the document and sign for it</a> with code <b>${escapeHtml(code)}</b>`,
    ' and the last 4 digits of your ID number.</p>',
    `<p>${escapeHtml(issuer)}向您送达法律文书《${escapeHtml(title)}》。请打开<a href="${escapeHtml(link)}">链接</a>，`,
    `输入验证码 <b>${escapeHtml(code)}</b> 和身份证号后四位，查看并签收。</p>`,
    verifyFooterHtml(notice.publicBaseUrl, reference),
  ].join('');
  return {
    channel: 'email',
    to: notice.to,
    subject: `${issuer}: ${title} (${reference}) / 文书送达`,
    text,
    html,
    fromName: issuer,
  };
}

/**
 * A fresh portal code, asked for by the addressee (POST /r/{token}/code): signed 【issuer】 and
 * carrying the attempt's reference, like the service message it replaces the code of. No link and
 * no content: the link is in the first message, the document in the portal.
 */
export function composeFreshPortalCode(notice: Omit<ServiceNotice, 'link'>): MessageContent {
  const { issuer, title, code, reference } = notice;
  if (notice.channel === 'sms') {
    const signature = smsSignature(issuer);
    return {
      channel: 'sms',
      to: notice.to,
      text: codeTexts.portalCode[notice.language ?? 'zh']({ signature, code, reference }),
    };
  }
  const text =
    `【${issuer}】法律文书《${title}》的新验证码 ${code}，此前的验证码已失效，核验编号 ${reference}。` +
    ` ${issuer}: "${title}", new code ${code}; earlier codes no longer work. Reference ${reference}.\n\n` +
    verifyFooterText(notice.publicBaseUrl, reference);
  const html = [
    `<p>${escapeHtml(issuer)}: your new code for <b>${escapeHtml(title)}</b> is <b>${escapeHtml(code)}</b>.`,
    ' Earlier codes no longer work.</p>',
    `<p>${escapeHtml(issuer)}：法律文书《${escapeHtml(title)}》的新验证码为 <b>${escapeHtml(code)}</b>，此前的验证码已失效。</p>`,
    verifyFooterHtml(notice.publicBaseUrl, reference),
  ].join('');
  return {
    channel: 'email',
    to: notice.to,
    subject: `${issuer}: new code (${reference}) / 新验证码`,
    text,
    html,
    fromName: issuer,
  };
}
