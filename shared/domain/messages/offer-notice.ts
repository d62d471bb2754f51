import { escapeHtml } from '../html-escape';
import type { Dispute } from '../mediation/dispute';
import type { Mediator } from '../mediation/mediator';
import type { Offer } from '../mediation/offer';
import { maskedOfferSummary } from '../mediation/offer-answers';
import type { MessageContent } from './message-record';
import { platformSignature, smsSignature } from './sms-texts';

/**
 * What tells a mediator of an offer. By SMS when the mediator gave a phone number: signed, the
 * case's short reference, the deadline in Beijing time, the inbox link and the /verify reference,
 * in two segments at most (DESIGN.md, "Messages to people"); no category, amount or summary, which
 * a text cannot carry in its length. Otherwise by email, with those details in Chinese and English.
 */
export function offerNotice(
  mediator: Pick<Mediator, 'contact' | 'name'>,
  dispute: Pick<Dispute, 'id' | 'category' | 'claim' | 'summary'>,
  offer: Pick<Offer, 'deadline'>,
  publicBaseUrl: string,
  reference: string,
): MessageContent {
  const inbox = `${publicBaseUrl.replace(/\/+$/, '')}/inbox`;
  const deadline = `${new Date(offer.deadline).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16)}`;
  const caseReference = dispute.id.slice(-8);
  if (mediator.contact.phone) {
    const text = `${smsSignature(platformSignature)}纠纷${caseReference}邀您调解，请于${deadline}前答复：${inbox} 核验编号${reference}`;
    return { channel: 'sms', to: mediator.contact.phone, text };
  }
  if (!mediator.contact.email) throw new Error('a mediator on the roster has a phone number or an email address');
  const category = dispute.category.replaceAll('_', ' ');
  const amount = `${(dispute.claim.amountMinor / 100).toFixed(2)} ${dispute.claim.currency}`;
  const summary = maskedOfferSummary(dispute);
  const by = `${deadline} (UTC+8)`;
  const text =
    `调解邀请 / Mediation offer ${caseReference}: ${category}, ${amount}: ${summary} ` +
    `请于 ${by} 前答复 / Answer by ${by}: ${inbox}`;
  return {
    channel: 'email',
    to: mediator.contact.email,
    subject: `调解邀请 / Mediation offer: ${category}`,
    text: `${mediator.name}:\n\n${text}\n\n核验编号 / Reference: ${reference}\n`,
    html:
      `<p>${escapeHtml(mediator.name)}:</p>` +
      `<p>调解邀请 / Mediation offer ${escapeHtml(caseReference)}: <strong>${escapeHtml(category)}</strong>, ${escapeHtml(amount)}</p>` +
      `<blockquote>${escapeHtml(summary)}</blockquote>` +
      `<p>请于 ${escapeHtml(by)} 前答复 / Answer by ${escapeHtml(by)}: <a href="${escapeHtml(inbox)}">${escapeHtml(inbox)}</a></p>` +
      `<p>核验编号 / Reference: ${escapeHtml(reference)}</p>`,
    fromName: platformSignature,
  };
}
