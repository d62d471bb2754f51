import { escapeHtml } from '../html-escape';

/*
 * Where a message's reader checks that it is genuine (GET /verify, DESIGN.md "Messages to people"):
 * an absolute address on the platform's public origin, with the message's reference filled in. A
 * bare "/verify" in an email is no address at all: a mail client cannot open it, and a reader
 * could be sent to a look-alike host by anyone.
 */

/** `${publicBaseUrl}/verify?ref=<reference>`. */
export function verifyLink(publicBaseUrl: string, reference: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/verify?ref=${encodeURIComponent(reference)}`;
}

/** The reference line of a plain-text email, in both languages, with the absolute check address. */
export function verifyFooterText(publicBaseUrl: string, reference: string): string {
  const url = verifyLink(publicBaseUrl, reference);
  return `核验编号 / Reference: ${reference}（可在 ${url} 核验 / check that this message is genuine at ${url}）`;
}

/** The reference paragraph of an HTML email: the same words, the address a link. */
export function verifyFooterHtml(publicBaseUrl: string, reference: string): string {
  const url = escapeHtml(verifyLink(publicBaseUrl, reference));
  return `<p>Reference / 核验编号: <b>${escapeHtml(reference)}</b>. Check that this message is genuine at <a href="${url}">${url}</a>（可在此核验）.</p>`;
}
