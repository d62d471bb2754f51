import type { LapseReason } from '../../domain/settlement/settlement';
import { lapsedWhenMediationEnds } from '../../domain/settlement/settlement-lapse';
import type { EntityWrite, StateStore } from '../../ports/state-store';

/** The writes that close the dispute's unsigned settlement, and what the closing event records of it. */
export interface SettlementLapse {
  writes: EntityWrite[];
  /** For the closing event's data: which settlement lapsed (absent when none did). */
  eventData: { lapsedSettlement?: { settlementId: string; version: number; revokedSigningLinks: number } };
}

/**
 * When mediation ends without a settlement taking effect, the settlement still awaiting signatures
 * lapses in the same commit as the dispute's status (domain/settlement/settlement-lapse.ts), and
 * every party's open signing link is revoked with it: a link in a message already sent opens
 * nothing afterwards. The settlement's write is conditional on its version, so a signature that
 * lands meanwhile makes the closing commit retry (or lose) rather than be overwritten. An
 * effective settlement never gets here: it made the dispute `settled`, which no closing allows.
 */
export async function unsignedSettlementLapse(
  store: StateStore,
  disputeId: string,
  reason: LapseReason,
  now: Date,
): Promise<SettlementLapse> {
  const loaded = await store.settlements.settlementOfDispute(disputeId);
  const lapsed = loaded ? lapsedWhenMediationEnds(loaded.settlement, reason, now.toISOString()) : undefined;
  if (!loaded || !lapsed) return { writes: [], eventData: {} };
  const parties = await store.disputes.parties(disputeId);
  const revocations = (
    await Promise.all(
      parties.map((party) => store.settlements.currentSigningLink(lapsed.settlementId, party.partyId, now)),
    )
  ).flatMap((current) => current.revoke);
  return {
    writes: [store.settlements.settlementWrite(loaded, lapsed), ...revocations],
    eventData: {
      lapsedSettlement: {
        settlementId: lapsed.settlementId,
        version: lapsed.version,
        revokedSigningLinks: revocations.length,
      },
    },
  };
}
