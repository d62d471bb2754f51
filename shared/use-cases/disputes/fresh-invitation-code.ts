import { NotFound, RuleViolation } from '../../domain/errors';
import { invitationAddress } from '../../domain/mediation/case-party';
import { disputeChainId } from '../../domain/mediation/dispute';
import { hashCode, hashToken, withFreshCode } from '../../domain/mediation/invitation';
import { freshCaseCodeMessage } from '../../domain/messages/fresh-case-code';
import { messageLanguage } from '../../domain/messages/sms-texts';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { RequestMessage } from '../../ports/message-requests';
import type { SendAllowances } from '../../ports/send-allowances';
import type { StateStore } from '../../ports/state-store';

/**
 * The addressee of an invitation asks for a fresh code (POST /join/{token}/code): a new code is
 * sent to the address the invitation went to, never to one the asker names, so only the
 * addressee can read it. The old code stops working, and the wrong tries counted against the link
 * start again: however many wrong tries others made, the addressee can always get in with a fresh
 * code. These requests have their own allowance (five a day with growing spacing), never spent
 * by what others trigger; over it, 429 and nothing is sent.
 */
export async function sendFreshInvitationCode(
  deps: { store: StateStore; ids: Ids; clock: Clock; requestMessage: RequestMessage; publicBaseUrl: string } & {
    sendAllowances: SendAllowances;
  },
  token: string,
  /** Who asks: its source address (the limit is per asker, so a copy of the link spends only its own). */
  client: string,
): Promise<{ channel: 'sms' | 'email' }> {
  const now = deps.clock.now();
  const tokenHash = hashToken(token);
  const stored = await deps.store.disputes.invitation(tokenHash);
  if (!stored) throw new NotFound('no such invitation');
  const { invitation } = stored;
  if (invitation.usedAt || invitation.revokedAt || now.toISOString() >= invitation.expiresAt) {
    throw new RuleViolation(
      'invitation_closed',
      'this invitation was used, replaced or has expired; ask for a new one',
    );
  }
  const partyEntity = await deps.store.disputes.party(invitation.disputeId, invitation.partyId);
  if (!partyEntity) throw new NotFound('no such invitation');
  const { party } = partyEntity;
  const address = invitationAddress(party);
  if (!address) throw new RuleViolation('no_contact', 'this invitation has no address to send a code to');

  const { dispute } = await deps.store.disputes.dispute(invitation.disputeId);
  const { code, message: carrying } = freshCaseCodeMessage(
    'invitation',
    address,
    { id: invitation.disputeId, language: messageLanguage(dispute.language) },
    deps.publicBaseUrl,
  );
  const chainId = disputeChainId(invitation.disputeId);
  const message = deps.requestMessage({
    chainId,
    purpose: 'invitation_code',
    actor: { role: 'party', subjectId: `invitation:${invitation.partyId}` },
    ...carrying,
  });
  await deps.sendAllowances.takeOwnCodeSend(address, { link: tokenHash, client });
  await deps.store.commit({
    chainId,
    writes: [
      deps.store.disputes.invitationWrite(stored.version, tokenHash, withFreshCode(invitation, hashCode(token, code))),
      ...message.writes,
    ],
    event: {
      type: 'party.invitation_code_sent',
      actor: { role: 'party', subjectId: `invitation:${invitation.partyId}` },
      data: { partyId: invitation.partyId, messageId: message.messageId, channel: address.channel },
    },
    outbox: [message.outbox],
  });
  return { channel: address.channel };
}
