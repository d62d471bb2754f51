import { escapeHtml } from '../html-escape';
import type { Dispute } from '../mediation/dispute';
import type { Mediator } from '../mediation/mediator';
import type { Offer } from '../mediation/offer';
import { maskedOfferSummary } from '../mediation/offer-answers';
import type { MessageContent } from './message-record';

/**
 * What tells a mediator of an offer, in Chinese and English: the dispute's category and amount, a
 * masked summary, the deadline in Beijing time and the link to the inbox where they answer. By SMS
 * when the mediator gave a phone number, otherwise by email.
 */
export function offerNotice(
  mediator: Pick<Mediator, 'contact' | 'name'>,
  dispute: Pick<Dispute, 'category' | 'claim' | 'summary'>,
  offer: Pick<Offer, 'deadline'>,
  publicBaseUrl: string,
): MessageContent {
  const inbox = `${publicBaseUrl.replace(/\/+$/, '')}/inbox`;
  const deadline = `${new Date(offer.deadline).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16)} (UTC+8)`;
  const category = dispute.category.replaceAll('_', ' ');
  const amount = `${(dispute.claim.amountMinor / 100).toFixed(2)} ${dispute.claim.currency}`;
  const summary = maskedOfferSummary(dispute);
  const text =
    `【调解邀请 Mediation offer】${category}, ${amount}: ${summary} ` +
    `请于 ${deadline} 前答复 / Answer by ${deadline}: ${inbox}`;
  if (mediator.contact.phone) return { channel: 'sms', to: mediator.contact.phone, text };
  if (!mediator.contact.email) throw new Error('a mediator on the roster has a phone number or an email address');
  return {
    channel: 'email',
    to: mediator.contact.email,
    subject: `调解邀请 / Mediation offer: ${category}`,
    text: `${mediator.name}:\n\n${text}\n`,
    html:
      `<p>${escapeHtml(mediator.name)}:</p>` +
      `<p>调解邀请 / Mediation offer: <strong>${escapeHtml(category)}</strong>, ${escapeHtml(amount)}</p>` +
      `<blockquote>${escapeHtml(summary)}</blockquote>` +
      `<p>请于 ${escapeHtml(deadline)} 前答复 / Answer by ${escapeHtml(deadline)}: <a href="${escapeHtml(inbox)}">${escapeHtml(inbox)}</a></p>`,
  };
}
