import type { HolidayCalendar } from '../../domain/calendar/service-periods';
import type { Dispute } from '../../domain/mediation/dispute';
import { disputeChainId } from '../../domain/mediation/dispute';
import { extendMediation } from '../../domain/mediation/triage';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';
import { callerParty } from './dispute-access';

/**
 * A party agrees to extend mediation by 30 days; the extension applies, once only, when every
 * party has agreed (DESIGN.md, "Pre-filing mediation").
 */
export async function agreeToExtension(
  deps: { store: StateStore; clock: Clock; calendar: HolidayCalendar },
  principal: Principal,
  disputeId: string,
): Promise<Dispute> {
  const party = await callerParty(deps.store, principal, disputeId);
  const loaded = await deps.store.disputes.dispute(disputeId);
  const { dispute } = loaded;
  const outcome = extendMediation(
    {
      status: dispute.status,
      partyIds: dispute.partyIds,
      mediationDeadline: {
        lastDay: dispute.mediationDeadline.lastDay,
        endsAt: new Date(dispute.mediationDeadline.endsAt),
      },
      extensionUsed: dispute.extension.used,
      extensionAgreedBy: dispute.extension.agreedBy,
    },
    [party.partyId],
    { now: deps.clock.now(), calendar: deps.calendar },
  );
  const next: Dispute = outcome.applied
    ? {
        ...dispute,
        extension: { used: true, agreedBy: outcome.extensionAgreedBy },
        mediationDeadline: {
          lastDay: outcome.mediationDeadline.lastDay,
          endsAt: outcome.mediationDeadline.endsAt.toISOString(),
        },
      }
    : { ...dispute, extension: { used: false, agreedBy: outcome.extensionAgreedBy } };
  await deps.store.commit({
    chainId: disputeChainId(disputeId),
    writes: [deps.store.disputes.disputeWrite(loaded, next)],
    event: {
      type: outcome.applied ? 'dispute.extended' : 'dispute.extension_agreed',
      actor: principal,
      data: outcome.applied
        ? { partyId: party.partyId, mediationDeadline: next.mediationDeadline }
        : { partyId: party.partyId, waitingFor: outcome.waitingFor },
    },
  });
  return next;
}
