import { type CaseParty, invitationAddress } from '../../domain/mediation/case-party';
import type { Dispute } from '../../domain/mediation/dispute';
import { disputeChainId } from '../../domain/mediation/dispute';
import { hashCode, type Invitation, invitationValidDays, newInvitationSecret } from '../../domain/mediation/invitation';
import { newReferenceCode } from '../../domain/messages/reference-code';
import {
  linkTexts,
  messageLanguage,
  messageLink,
  platformSignature,
  smsSignature,
} from '../../domain/messages/sms-texts';
import { verifyFooterHtml, verifyFooterText } from '../../domain/messages/verify-link';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { CurrentLink } from '../../ports/links';
import type { RequestMessage } from '../../ports/message-requests';
import type { EntityWrite, OutboxMessage, StateStore } from '../../ports/state-store';

/** A party's current invitation, read before sending another: its pointer's version and the revoking write. */
export type CurrentInvitation = CurrentLink;

/** The party's current invitation, so that sending a new one revokes it in the same commit. */
export function currentInvitation(
  store: StateStore,
  disputeId: string,
  partyId: string,
  now: Date,
): Promise<CurrentInvitation> {
  return store.disputes.currentInvitation(disputeId, partyId, now);
}

/**
 * The invitation of one party: its record (only hashes of the token and code) and the message
 * that carries the link and the code, by SMS when the party gave a phone, else by email.
 */
export function invitationFor(
  deps: { ids: Ids; clock: Clock; publicBaseUrl: string; store: StateStore; requestMessage: RequestMessage },
  context: { dispute: Dispute; party: CaseParty; actor: Principal; now: Date; current?: CurrentInvitation },
): {
  writes: EntityWrite[];
  outbox: OutboxMessage;
  messageId: string;
  channel: 'sms' | 'email';
  recipient: { channel: 'sms' | 'email'; to: string };
} {
  const { dispute, party, actor, now } = context;
  const current = context.current ?? { pointerVersion: 0, revoke: [] };
  const secret = newInvitationSecret();
  const invitation: Invitation = {
    disputeId: dispute.id,
    partyId: party.partyId,
    codeHash: hashCode(secret.token, secret.code),
    expiresAt: new Date(now.getTime() + invitationValidDays * 86_400_000).toISOString(),
    failedAttempts: 0,
  };
  const link = messageLink(deps.publicBaseUrl, 'join', secret.token);
  const caseReference = dispute.id.slice(-8);
  const reference = newReferenceCode('MS');
  const signature = smsSignature(platformSignature);
  const language = messageLanguage(dispute.language);
  // The SMS is short (one language, no names: DESIGN.md "Messages to people"); the email has the detail.
  const address = invitationAddress(party);
  // Filing refuses a party with neither, so this is a broken record, not a request to refuse.
  if (!address) throw new Error(`party ${party.partyId} has no phone or email to invite`);
  const content =
    address.channel === 'sms'
      ? {
          channel: 'sms' as const,
          to: address.to,
          text: linkTexts.invitation[language]({ signature, caseReference, link, code: secret.code, reference }),
        }
      : {
          channel: 'email' as const,
          to: address.to,
          subject: `Invitation to mediation ${caseReference} / 调解邀请 ${caseReference}`,
          text: `${signature}You are invited to online mediation of dispute ${caseReference} (${dispute.category.replaceAll('_', ' ')}). Open ${link} and enter code ${secret.code} with the last 4 digits of your ID number. 您被邀请参加纠纷 ${caseReference} 的在线调解，请打开链接并输入验证码 ${secret.code}。${verifyFooterText(deps.publicBaseUrl, reference)}`,
          html: `<p>${signature}</p><p>You are invited to online mediation of dispute <b>${caseReference}</b>.</p><p><a href="${link}">Join the mediation</a> and enter code <b>${secret.code}</b> with the last 4 digits of your ID number.</p><p>您被邀请参加纠纷 ${caseReference} 的在线调解。请打开<a href="${link}">链接</a>并输入验证码 <b>${secret.code}</b>。</p>${verifyFooterHtml(deps.publicBaseUrl, reference)}`,
          fromName: platformSignature,
        };
  const message = deps.requestMessage({
    chainId: disputeChainId(dispute.id),
    purpose: 'invitation',
    content,
    actor,
    secrets: [secret.token, secret.code],
    reference: { code: reference, issuer: platformSignature },
  });
  return {
    writes: [
      deps.store.disputes.invitationWrite(0, secret.tokenHash, invitation),
      ...message.writes,
      ...current.revoke,
      deps.store.disputes.currentInvitationWrite(current.pointerVersion, dispute.id, party.partyId, secret.tokenHash),
    ],
    outbox: message.outbox,
    messageId: message.messageId,
    channel: content.channel,
    recipient: { channel: content.channel, to: content.to },
  };
}
