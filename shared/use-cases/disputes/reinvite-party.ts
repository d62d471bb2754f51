import { Forbidden, NotFound, RuleViolation } from '../../domain/errors';
import { disputeChainId, mediationOpenStatuses, mediationPeriodOver } from '../../domain/mediation/dispute';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { RequestMessage } from '../../ports/message-requests';
import type { SendAllowances } from '../../ports/send-allowances';
import type { StateStore } from '../../ports/state-store';
import { loadVisibleDispute, partiesOf } from './dispute-access';
import { currentInvitation, invitationFor } from './invitations';

/**
 * (Re)invite a party who has not joined yet: a new link and code by the same channel, revoking
 * the previous invitation. Its applicant or an operator may do it; a party who already joined
 * needs no invitation (`already_joined`). Another party triggers this send, so it counts against
 * the recipient's allowance (three a day with growing spacing); over it, 429 and nothing is sent.
 */
export async function reinviteParty(
  deps: {
    store: StateStore;
    ids: Ids;
    clock: Clock;
    publicBaseUrl: string;
    requestMessage: RequestMessage;
  } & { sendAllowances: SendAllowances },
  principal: Principal,
  disputeId: string,
  partyId: string,
): Promise<{ partyId: string; channel: 'sms' | 'email' }> {
  const { dispute } = await loadVisibleDispute(deps.store, principal, disputeId);
  const parties = await partiesOf(deps.store, disputeId);
  if (principal.role === 'party') {
    const caller = parties.find((party) => party.subjectId === principal.subjectId);
    if (caller?.role !== 'applicant') throw new Forbidden('only the applicant (or an operator) invites parties');
  }
  const party = parties.find((candidate) => candidate.partyId === partyId);
  if (!party) throw new NotFound(`no party ${partyId} in dispute ${disputeId}`);
  if (party.subjectId) throw new RuleViolation('already_joined', 'this party has joined the dispute already');
  const now = deps.clock.now();
  // An invitation is to a mediation still open: not to one declined, closed, or past its period.
  if (!mediationOpenStatuses.has(dispute.status) || mediationPeriodOver(dispute, now)) {
    throw new RuleViolation('mediation_not_open', `the mediation is over (${dispute.status.replaceAll('_', ' ')})`, {
      details: { status: dispute.status, mediationDeadline: dispute.mediationDeadline },
    });
  }
  const current = await currentInvitation(deps.store, disputeId, partyId, now);
  const invitation = invitationFor(deps, { dispute, party, actor: principal, now, current });
  await deps.sendAllowances.takeTriggeredSends([invitation.recipient]);
  await deps.store.commit({
    chainId: disputeChainId(disputeId),
    writes: invitation.writes,
    event: {
      type: 'party.invited',
      actor: principal,
      data: { invitations: [{ partyId, messageId: invitation.messageId, channel: invitation.channel }] },
    },
    outbox: [invitation.outbox],
  });
  return { partyId, channel: party.contact.phone ? 'sms' : 'email' };
}
