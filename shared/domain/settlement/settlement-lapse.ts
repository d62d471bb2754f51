import { RuleViolation } from '../errors';
import type { LapseReason, Settlement } from './settlement';

/**
 * The settlement once its mediation ends without it (failed, withdrawn, expired). Terms still
 * awaiting signatures lapse: the parties agreed to nothing, and a signature after the mediation
 * closed would bind them to terms of a mediation that no longer exists. An effective settlement is
 * untouched (it ended the mediation as settled), as are frozen and already lapsed ones: `undefined`.
 */
export function lapsedWhenMediationEnds<S extends Settlement>(
  settlement: S,
  reason: LapseReason,
  at: string,
): S | undefined {
  if (settlement.status !== 'awaiting_signatures') return undefined;
  return { ...settlement, status: 'lapsed', lapsed: { reason, at } };
}

/**
 * The refusal of a signature (or a signing link) on a lapsed settlement: 422 `settlement_lapsed`,
 * a rule that says no rather than a lost race, with why and since when.
 */
export function lapsedRefusal(settlement: Settlement): RuleViolation {
  const reason = settlement.lapsed?.reason ?? 'mediation_failed';
  return new RuleViolation(
    'settlement_lapsed',
    `the mediation ended (${reason.replace('mediation_', '')}) before every party signed; this settlement can no longer be signed`,
    { details: { reason, ...(settlement.lapsed ? { lapsedAt: settlement.lapsed.at } : {}) } },
  );
}
