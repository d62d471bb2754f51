import { shanghaiDay } from '../../domain/calendar/service-periods';
import { DomainError } from '../../domain/errors';
import { assignBatch } from '../../domain/mediation/batch-assignment';
import type { Dispute } from '../../domain/mediation/dispute';
import { eligiblePairs } from '../../domain/mediation/eligible-pairs';
import type { Principal } from '../../domain/principal';
import { everyItem } from '../../ports/table';
import type { OfferDeps } from './deps';
import { offerNext } from './offer-next';

export interface BatchAssignmentReport {
  assignments: Array<{ disputeId: string; mediatorId: string; score: number; offerId: string }>;
  /** Disputes the solver assigned but that could not be offered (the dispute moved on meanwhile). */
  skipped: Array<{ disputeId: string; mediatorId: string; code: string }>;
  unassigned: string[];
  totalScore: number;
  assignedCount: number;
  greedy: { totalScore: number; assignedCount: number };
  method: 'optimal' | 'greedy';
  disputesConsidered: number;
  mediatorsConsidered: number;
  ms: number;
}

/**
 * Batch assignment (`POST /v1/assignments/batch`, operators): every open dispute (triaged or
 * awaiting assignment) against the whole roster. Matching gives the eligible pairs and their scores
 * (hard filters first, so a conflicted mediator is never paired; mediators already offered the
 * dispute are left out; see `eligiblePairs`); the min-cost-flow solver assigns as many disputes as
 * capacities allow with the highest total score, the greedy total beside it for comparison; then
 * each assignment becomes an offer (origin `batch`), through the same rules as an operator's choice.
 */
export async function assignOpenDisputes(
  deps: OfferDeps,
  actor: Principal,
  options: { deadlineHours?: number } = {},
): Promise<BatchAssignmentReport> {
  const disputes = [...(await listByStatus(deps, 'triaged')), ...(await listByStatus(deps, 'awaiting_assignment'))];
  const roster = await deps.store.roster.allMediators();
  const eligible = eligiblePairs(disputes, roster, shanghaiDay(deps.clock.now()));
  const result = assignBatch({
    disputes: disputes.map((dispute) => dispute.id),
    mediators: roster.map((mediator) => ({
      id: mediator.id,
      remainingCapacity: Math.max(0, mediator.capacity - mediator.activeCases),
    })),
    eligible,
  });

  const report: BatchAssignmentReport = {
    assignments: [],
    skipped: [],
    unassigned: [],
    totalScore: result.totalScore,
    assignedCount: result.assignedCount,
    greedy: result.greedy,
    method: result.method,
    disputesConsidered: disputes.length,
    mediatorsConsidered: roster.length,
    ms: result.stats.ms,
  };
  const assigned = new Set<number>();
  for (const assignment of result.assignments) {
    assigned.add(assignment.disputeIndex);
    const dispute = disputes[assignment.disputeIndex] as Dispute;
    const mediator = roster[assignment.mediatorIndex] as (typeof roster)[number];
    try {
      const offered = await offerNext(deps, {
        disputeId: dispute.id,
        actor,
        origin: 'batch',
        mediatorId: mediator.id,
        roster,
        ...(options.deadlineHours === undefined ? {} : { deadlineHours: options.deadlineHours }),
      });
      if (offered.outcome === 'offered') {
        report.assignments.push({
          disputeId: dispute.id,
          mediatorId: mediator.id,
          score: assignment.score,
          offerId: offered.offer.offerId,
        });
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.skipped.push({ disputeId: dispute.id, mediatorId: mediator.id, code: error.code });
    }
  }
  report.unassigned = disputes.filter((_, index) => !assigned.has(index)).map((dispute) => dispute.id);
  return report;
}

function listByStatus(deps: OfferDeps, status: Dispute['status']): Promise<Dispute[]> {
  return everyItem((page) => deps.store.disputes.disputesByStatus(status, page), 500);
}
